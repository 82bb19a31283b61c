"""Imports a gloss Anki package into a fresh collection with Anki's own importer (the `anki`
package from PyPI: `pip install anki`, Anki's Rust backend), twice, and prints what it made.

Usage: python3 tests/anki_import.py FILE.apkg
Exits non-zero if a note or card is missing, the scheduling or FSRS memory did not carry over,
or the second import duplicated anything.
"""
import os
import sys
import tempfile

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

package = sys.argv[1]
col = Collection(os.path.join(tempfile.mkdtemp(), "collection.anki2"))
request = ImportAnkiPackageRequest(
    package_path=package,
    options=ImportAnkiPackageOptions(with_scheduling=True, merge_notetypes=True),
)
first = col.import_anki_package(request).log
print(f"first import: {len(first.new)} notes new")
reviewed = 0
for card_id in col.find_cards(""):
    card = col.get_card(card_id)
    note = card.note()
    memory = card.memory_state
    print(
        f"card {card.id}: {note.note_type()['name']}, deck {col.decks.name(card.did)}, "
        f"type {card.type} queue {card.queue} due {card.due} interval {card.ivl} "
        f"reps {card.reps} lapses {card.lapses}, "
        f"memory {None if memory is None else (round(memory.stability, 2), round(memory.difficulty, 2))}"
    )
    if card.reps > 0:
        reviewed += 1
        assert memory is not None, "an answered card keeps its FSRS memory"
answers = col.db.scalar("select count() from revlog")
print(f"review log: {answers} answers")
again = col.import_anki_package(request).log
print(f"second import: {len(again.new)} new, {len(again.duplicate)} duplicates")
assert len(first.new) > 0 and len(again.new) == 0, "a second import adds nothing"
assert reviewed == 0 or answers > 0, "the history came along"
col.close()
print("ok")
