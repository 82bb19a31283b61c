"""Imports a gloss Anki package into a fresh collection with Anki's own importer (the `anki`
package from PyPI: `pip install anki`, Anki's Rust backend), twice, and checks what it made
against the package itself.

Usage: python3 tests/anki_import.py FILE.apkg
Exits non-zero if a note or card is missing, the second import duplicated anything, or Anki
changed what gloss wrote:
- every answer of the review log keeps its grade (a package Anki takes for its v1 scheduler has
  its learning answers "upgraded", Hard and Good raised a grade);
- every answered card's memory state, as Anki computes it from that log with the package's
  deck options (`compute_memory_state`), equals the one gloss wrote;
- a card in learning steps takes its next step on Good (not graduating at once).
"""
import json
import os
import sqlite3
import sys
import tempfile
import zipfile

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

package = sys.argv[1]
work = tempfile.mkdtemp()

# What gloss wrote, read from the package itself.
with zipfile.ZipFile(package) as z:
    z.extract("collection.anki2", work)
written = sqlite3.connect(os.path.join(work, "collection.anki2"))
grades = dict(written.execute("select id, ease from revlog"))
memories = {
    card: json.loads(data)
    for card, data in written.execute("select id, data from cards where data != ''")
}
stepping = [
    card
    for card, left in written.execute("select id, left from cards where type in (1, 3)")
    if left % 1000 >= 2
]
written.close()

col = Collection(os.path.join(work, "imported.anki2"))
request = ImportAnkiPackageRequest(
    package_path=package,
    options=ImportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=True, merge_notetypes=True
    ),
)
first = col.import_anki_package(request).log
print(f"first import: {len(first.new)} notes new")
failures = []
reviewed = 0
for card_id in col.find_cards(""):
    card = col.get_card(card_id)
    note = card.note()
    memory = card.memory_state
    print(
        f"card {card.id}: {note.note_type()['name']}, deck {col.decks.name(card.did)}, "
        f"type {card.type} queue {card.queue} due {card.due} interval {card.ivl} "
        f"left {card.left} reps {card.reps} lapses {card.lapses}, "
        f"memory {None if memory is None else (round(memory.stability, 2), round(memory.difficulty, 2))}"
    )
    if card.reps > 0:
        reviewed += 1
        if memory is None:
            failures.append(f"card {card.id}: an answered card keeps its FSRS memory")
    preset = col.decks.config_dict_for_deck_id(card.did)
    if preset["name"] != "Gloss":
        failures.append(f"card {card.id}: its deck has the options {preset['name']!r}, not Gloss's")
    if card.id in memories:
        ours = memories[card.id]
        computed = col.compute_memory_state(card.id)
        print(
            f"  Anki computes for {note.guid} {card.ord} stability {computed.stability:.4f} difficulty "
            f"{computed.difficulty:.4f}; gloss wrote {ours['s']:.4f} {ours['d']:.4f}"
        )
        if computed.stability is None or not (
            abs(computed.stability - ours["s"]) <= 0.001 * max(1.0, ours["s"])
            and abs(computed.difficulty - ours["d"]) <= 0.001 * max(1.0, ours["d"])
        ):
            failures.append(f"card {card.id}: Anki's memory state differs from gloss's")

imported = dict(col.db.all("select id, ease from revlog"))
print(f"review log: {len(imported)} answers")
changed = [rid for rid, ease in grades.items() if imported.get(rid) != ease]
if changed:
    failures.append(f"{len(changed)} of {len(grades)} answers changed grade or went missing")

for card_id in stepping:
    states = col._backend.get_scheduling_states(card_id)
    good = states.good.normal
    kind = good.WhichOneof("kind")
    print(f"card {card_id} in steps: Good makes it {kind}")
    learning = good.learning if kind == "learning" else good.relearning.learning
    if kind not in ("learning", "relearning"):
        failures.append(f"card {card_id}: Good graduates it instead of taking the next step")
    else:
        print(f"  next step in {learning.scheduled_secs} s")

again = col.import_anki_package(request).log
print(f"second import: {len(again.new)} new, {len(again.duplicate)} duplicates")
if not (len(first.new) > 0 and len(again.new) == 0):
    failures.append("a second import adds nothing")
if reviewed > 0 and not imported:
    failures.append("the history came along")
col.close()
for failure in failures:
    print(f"FAILED: {failure}")
if failures:
    sys.exit(1)
print("ok")
