"""A learner's collection in Anki's own code, for the card browser's queries: seven notes in
three decks (`Russia::1917`, `Russia::1921`, `Languages`), tagged, of Basic and Cloze note
types; cards new, learning, in review (one answered days ago), lapsed, suspended, flagged; one
note made ten days ago. Exports it (Anki's default, `collection.anki21b`) to OUT.apkg and prints, as
JSON, what Anki's own search finds for each query given on standard input (one per line):
`{"query": [[guid, ord], ...]}`, or `{"query": "error: ..."}` for one Anki refuses.

Usage: python3 tests/anki_queries.py OUT.apkg < queries.txt
"""
import json
import os
import sys
import tempfile

from anki.collection import Collection
from anki_cards import AGAIN, GOOD, answer, export
from anki.scheduler_pb2 import CardAnswer

DAY_MS = 86_400_000

out = sys.argv[1]
col = Collection(os.path.join(tempfile.mkdtemp(), "learner.anki2"))


def add(deck, notetype, fields, tags=()):
    note = col.new_note(col.models.by_name(notetype))
    for i, field in enumerate(fields):
        note.fields[i] = field
    note.tags = list(tags)
    col.add_note(note, col.decks.id(deck))
    return note.card_ids()


def days_ago(card_id, days):
    """Moves a card's answers (and its review day) `days` back, as if they had been given then."""
    col.db.execute("update revlog set id = id - ? where cid = ?", days * DAY_MS, card_id)
    card = col.get_card(card_id)
    if card.type == 2:
        col.db.execute("update cards set due = due - ? where id = ?", days, card_id)


red_army = add("Russia::1917", "Basic", ["Who led the Red Army?", "Trotsky"], ["history", "civil-war"])
nep = add("Russia::1921", "Basic", ["When was the NEP introduced?", "1921"], ["economy::nep"])
kronstadt = add(
    "Russia::1921",
    "Cloze",
    ["The {{c1::Kronstadt}} rebellion was in {{c2::1921}}.", "March"],
    ["history"],
)
hand = add("Languages", "Basic", ["la mano", "the hand"], ["spanish"])
fist = add("Languages", "Basic", ["el puño", "the fist"])
war_communism = add(
    "Russia::1917", "Basic", ["What was War Communism?", "The policy of 1918 to 1921"]
)
lenin = add("Russia::1917", "Basic", ["Who wrote State and Revolution?", "Lenin"], ["history", "books"])

# Made ten days ago: a card's id is when it was made.
for cid in fist:
    col.db.execute("update cards set id = id - ? where id = ?", 10 * DAY_MS, cid)
fist = [cid - 10 * DAY_MS for cid in fist]

# In review, answered Easy six days ago.
answer(col, red_army[0], CardAnswer.EASY)
days_ago(red_army[0], 6)
# In review, answered Easy three days ago, then forgotten today: relearning, one lapse.
answer(col, lenin[0], CardAnswer.EASY)
days_ago(lenin[0], 3)
answer(col, lenin[0], AGAIN)
# Learning: answered Good today.
answer(col, nep[0], GOOD)
answer(col, kronstadt[0], AGAIN)
answer(col, hand[0], GOOD)
answer(col, hand[0], GOOD)
col.sched.suspend_cards(war_communism)
col.set_user_flag_for_cards(1, hand)
col.set_user_flag_for_cards(4, lenin)

export(col, out)

found = {}
for query in (line.strip() for line in sys.stdin):
    if not query:
        continue
    try:
        cards = [col.get_card(cid) for cid in col.find_cards(query)]
        found[query] = sorted([c.note().guid, c.ord] for c in cards)
    except Exception as err:  # Anki's search error: its message
        found[query] = f"error: {err}"
print(json.dumps(found))
