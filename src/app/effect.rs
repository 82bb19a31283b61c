//! What an overlay asks of the app. An overlay's `update` changes its own state and returns
//! effects; the app applies them in order (`apply/`), and that applier is the only code that
//! writes to the store, opens texts or moves the reader. [`Ctx`] is what an overlay may read
//! of the rest while it decides.

use super::overlay::Overlay;
use super::overlay::card_editor::Source;
use super::overlay::editor::NoteTarget;
use super::overlay::help::HelpShape;
use super::{Ask, Open, Tone};
use crate::annotation::{AnnotationId, BookmarkId, ReplyId};
use crate::app::marks::{Marks, Showing};
use crate::document::{Document, DocumentId, LibraryEntry};
use crate::srs::card::{Card, CardId, CardText};

/// What an overlay reads of the app: the open text's document and marks, if a text is open.
#[derive(Clone, Copy, Default)]
pub struct Ctx<'a> {
    pub doc: Option<&'a Document>,
    pub marks: Option<&'a Marks>,
    /// The help's rows and page, while the help is shown.
    pub help: Option<HelpShape>,
}

impl<'a> Ctx<'a> {
    pub fn of(open: Option<&'a Open>) -> Ctx<'a> {
        Ctx {
            doc: open.map(|o| &**o.reader.doc()),
            marks: open.map(|o| &o.marks),
            help: None,
        }
    }
}

/// One thing for the app to do.
pub enum Effect {
    /// The overlay closes.
    Close,
    /// Another overlay takes the place of this one.
    Show(Overlay),
    /// A question over this overlay: yes does `yes`, no comes back to this overlay.
    Ask {
        question: String,
        answers: (&'static str, &'static str),
        yes: Box<Effect>,
    },
    Say(Tone, String),
    /// A message whose `[action]`s are written as the reader's keys for them.
    SayKeyed(Tone, &'static str),
    /// The page goes to byte `at` of the open text; with `cursor`, the cursor too.
    JumpTo {
        at: usize,
        cursor: bool,
    },
    /// The page goes to a footnote at byte `at`; Back returns.
    GoToNote(usize),
    /// A prompt's line is answered.
    Answer(Ask, String),
    /// The search typed so far, searched again.
    SearchAsTyped(String),
    CancelFind,
    EditNote(AnnotationId),
    EditReply(ReplyId),
    StartReply(AnnotationId),
    DeleteAnnotation(AnnotationId),
    DeleteReply(ReplyId),
    /// The orphan waits for a new selection to be attached to.
    Reattach(AnnotationId),
    /// Makes a note private, or shared again.
    TogglePrivate(AnnotationId),
    /// The place of a note marked "to check" is right.
    ConfirmPlace(AnnotationId),
    /// The next member's annotations, or the picker of members.
    ChooseWhose {
        from_panel: bool,
    },
    /// Whose annotations are shown; the panel comes back if it was left for the picker.
    ShowWhose {
        showing: Showing,
        from_panel: bool,
    },
    /// An annotation just brought on screen is shown, whoever's it is.
    ShowAnnotation(AnnotationId),
    Undo,
    Redo,
    SaveNote(NoteTarget, String),
    /// The note being typed is dropped, and its draft with it.
    DiscardNote,
    DeleteBookmark(BookmarkId),
    SaveCard {
        text: CardText,
        source: Source,
        /// The note of the cards being reworded; `None`: new cards.
        editing: Option<String>,
    },
    /// The card editor closes unsaved.
    DiscardCard,
    /// The card list finds its cards again (its query changed).
    RefreshCards,
    /// The passage a card was made from.
    VisitCard(Card),
    SuspendCard(Card),
    /// Shows a card whole.
    ShowCardInfo(Card),
    DeleteCard(CardId),
    /// A card deleted from the library's list comes back.
    RestoreCard(CardId),
    /// A text opened at a character, with a phrase to light there.
    OpenAt {
        document: DocumentId,
        start_char: usize,
        find: Option<String>,
    },
    /// A text leaves the library (its notes and cards are kept).
    RemoveText(LibraryEntry),
}
