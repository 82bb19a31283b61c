"""Notes a learner made in Anki, with Anki's own code: a fresh collection, a deck
`Revolutions::Dates` holding a Basic note whose answer is a passage of one of gloss's bundled
texts (PASSAGE), a Cloze note with two blanks, a "Basic (and reversed card)" note written with
HTML and a picture, and a note of a note type of the learner's own ("Vocabulary", three
fields). Every card but the Vocabulary one is answered with Anki's scheduler (Good, the first
cloze Again), then the collection is exported as Anki does by default (`collection.anki21b`).
Prints, as JSON, each card as Anki has it, for the caller to compare with what
`gloss cards import` makes of the export. Then one more note is added to the deck and the
collection exported again, to LATER.apkg.

Usage: python3 tests/anki_made_notes.py OUT.apkg LATER.apkg PASSAGE
"""
import json
import os
import sys
import tempfile

from anki.collection import Collection
from anki_cards import AGAIN, GOOD, answer, described, export

out, later, passage = sys.argv[1], sys.argv[2], sys.argv[3]
col = Collection(os.path.join(tempfile.mkdtemp(), "learner.anki2"))
deck = col.decks.id("Revolutions::Dates")

vocabulary = col.models.copy(col.models.by_name("Basic"), add=False)
vocabulary["name"] = "Vocabulary"
col.models.add_field(vocabulary, col.models.new_field("Example"))
col.models.add_dict(vocabulary)


def add(notetype, fields, tags=()):
    note = col.new_note(col.models.by_name(notetype))
    for i, field in enumerate(fields):
        note.fields[i] = field
    note.tags = list(tags)
    col.add_note(note, deck)
    return note


add("Basic", ["Which forms of organization were Comintern forms?", passage], ["history"])
add("Cloze", ["The {{c1::Comintern}} was founded in {{c2::1919}}.", "In Moscow"])
add("Basic (and reversed card)", ["la <b>mano</b>", 'the hand<br><img src="hand.png">'])
unanswered = add("Vocabulary", ["el puño", "the fist", "cerró el puño"]).id

cards = []
for n, card_id in enumerate(sorted(col.find_cards(""))):
    if col.get_card(card_id).nid != unanswered:
        answer(col, card_id, AGAIN if n == 1 else GOOD)
    cards.append(described(col, card_id))
export(col, out)
add("Cloze", ["The Comintern was also called the {{c1::Third International}}.", ""])
export(col, later)
print(json.dumps(cards))
