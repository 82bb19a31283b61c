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

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki_cards import AGAIN, GOOD, answer, described, export

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
    answer(col, card_id, AGAIN if n == 0 else GOOD)
    cards.append(described(col, card_id))
export(col, out)
print(json.dumps(cards))
