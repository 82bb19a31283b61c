"""What the Anki scripts here share: answering a card with Anki's own scheduler, and a card as
Anki has it, for the Rust tests to compare with gloss's."""
from anki.collection import ExportAnkiPackageOptions
from anki.import_export_pb2 import ExportLimit
from anki.scheduler_pb2 import CardAnswer

AGAIN, GOOD = CardAnswer.AGAIN, CardAnswer.GOOD


def answer(col, card_id, rating):
    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))


def described(col, card_id):
    card = col.get_card(card_id)
    # The due date as a time: a review card's day counts from the collection's creation.
    due = col.crt + card.due * 86400 if card.type == 2 else card.due
    return {
        "guid": card.note().guid,
        "ord": card.ord,
        "type": card.type,
        "due": due,
        "ivl": card.ivl,
        "reps": card.reps,
        "answers": col.db.scalar("select count() from revlog where cid = ?", card.id),
    }


def export(col, path):
    """The collection as Anki exports it by default (`collection.anki21b`, compressed)."""
    col.export_anki_package(
        out_path=path,
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=False, legacy=False
        ),
        limit=ExportLimit(),
    )
