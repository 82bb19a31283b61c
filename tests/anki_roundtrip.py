"""Reviews gloss's cards in Anki and exports them back, as a learner who reviews on a phone
does: imports a gloss package into a fresh collection with Anki's own importer, answers every
card once with Anki's own scheduler (Good, the first card Again), and exports the collection as
Anki does by default (`collection.anki21b`, compressed). Prints, as JSON, what each card is in
Anki afterwards, for the caller to compare with what `gloss cards import` makes of the export.

Usage: python3 tests/anki_roundtrip.py IN.apkg OUT.apkg
"""
import json
import os
import sys
import tempfile

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ExportLimit
from anki.scheduler_pb2 import CardAnswer

package, out = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()
col = Collection(os.path.join(work, "phone.anki2"))
col.import_anki_package(
    ImportAnkiPackageRequest(
        package_path=package,
        options=ImportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, merge_notetypes=True
        ),
    )
)
cards = []
for n, card_id in enumerate(sorted(col.find_cards(""))):
    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    rating = CardAnswer.AGAIN if n == 0 else CardAnswer.GOOD
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))
    card = col.get_card(card_id)
    # The due date as a time: a review card's day counts from the collection's creation.
    due = col.crt + card.due * 86400 if card.type == 2 else card.due
    cards.append(
        {
            "guid": card.note().guid,
            "ord": card.ord,
            "type": card.type,
            "due": due,
            "ivl": card.ivl,
            "reps": card.reps,
            "answers": col.db.scalar("select count() from revlog where cid = ?", card.id),
        }
    )
col.export_anki_package(
    out_path=out,
    options=ExportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=True, with_media=False, legacy=False
    ),
    limit=ExportLimit(),
)
print(json.dumps(cards))
