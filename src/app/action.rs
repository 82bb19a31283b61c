//! The vocabulary of the app: the actions a user can ask for (keys and mouse events become
//! these in one place, the keymap), the modes that decide what a key means, the screens, and
//! the messages shown in the status bar.

use super::field::EditKey;
use super::reader::cursor::Motion;
use crate::export::{Export, Subject};

/// Everything a user can ask for. Keys and mouse events become actions in one place, the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    /// Close the open panel or prompt; in the reader, drop the selection, then the cursor.
    Close,
    // Lists: the library, the table of contents, the help, the panels.
    Up,
    Down,
    Top,
    Bottom,
    Open,
    // Reading.
    NextPage,
    PrevPage,
    /// Half a page down or up (Ctrl-D, Ctrl-U).
    HalfPageDown,
    HalfPageUp,
    LineDown,
    LineUp,
    /// Scroll wide preformatted lines (tables, code) sideways.
    ScrollRight,
    ScrollLeft,
    WheelDown,
    WheelUp,
    DocStart,
    DocEnd,
    GoTo,
    Contents,
    Back,
    /// Forward again to the place Back left.
    Forward,
    Library,
    /// Library: ask for a file to open.
    OpenFile,
    // The cursor and the selection.
    Move(Motion),
    Select,
    SelectParagraph,
    /// Mouse press and drag, at a cell of the terminal.
    Press(u16, u16),
    Drag(u16, u16),
    // Annotating.
    Highlight(u8),
    Annotate,
    Unhighlight,
    /// The highlight under the cursor joins the reviews, as a passage card.
    PassageCard,
    /// Undo the last change to annotations, bookmarks or cards of the open text (or, in a
    /// review, the last answer); Redo makes an undone change again.
    Undo,
    Redo,
    ShowNote,
    /// Go to the footnote under the cursor (or in the popup); Back returns.
    FollowNote,
    Annotations,
    Bookmark,
    Bookmarks,
    // In panels.
    Delete,
    EditEntry,
    Filter,
    Reattach,
    /// Make the note private (kept out of the group's files), or shared again.
    Private,
    /// What is new from the reading group.
    News,
    /// Reply to the selected note (a reading group's thread).
    Reply,
    /// The place of a note marked "moved, please check" is right.
    ConfirmPlace,
    Yes,
    No,
    /// Copy the selection (or the highlight under the cursor) to the clipboard; as a citation.
    Copy,
    CopyCitation,
    // Line editors: the prompt and the panel's filter.
    Input(char),
    Erase,
    /// The library's next order (title, last read, author, progress, added).
    Sort,
    /// Erase the word before the cursor (Ctrl-W), or all that is typed (Ctrl-U).
    EraseWord,
    EraseLine,
    Submit,
    /// Complete the file name being typed.
    Complete,
    // The note and card editors.
    Edit(EditKey),
    Save,
    NextField,
    PrevField,
    /// Card editor: switch between question/answer and cloze.
    SwitchKind,
    /// Card editor: make the selected words a cloze blank.
    Blank,
    // Searching the text, and the library.
    SearchLibrary,
    Find,
    NextMatch,
    PrevMatch,
    // Reading groups.
    Export,
    Import,
    /// Share the open text with a group, or take it back.
    Share,
    /// Cycle whose annotations are shown: everyone's, mine, each other member's.
    Whose,
    // Cards and reviews.
    Card,
    Cards,
    Review,
    Reveal,
    Answer(u8),
    /// Flag the card: 0 none, 1 red, 2 orange, 3 green, 4 blue (as Anki's).
    Flag(u8),
    /// Bury the card until tomorrow.
    Bury,
    OpenSource,
    Suspend,
    /// Show the card whole: its history, memory, siblings.
    CardInfo,
    Stats,
    /// Ctrl-Z or SIGTSTP: the shell stops the program (after this, which keeps a note being
    /// typed as a draft) until `fg`.
    Background,
    /// The terminal has a new size.
    Resize(u16, u16),
}

/// What has the keyboard, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Library,
    /// Reading, no cursor.
    Reader,
    /// Reading with the cursor shown: keys move it and select.
    Cursor,
    Contents,
    Help,
    Prompt,
    Annotations,
    /// Typing the annotations panel's filter.
    Filter,
    Bookmarks,
    Editor,
    /// The editor asks whether to discard unsaved text.
    Confirm,
    /// A note shown in a popup.
    Note,
    /// A book's footnote shown in a popup.
    Footnote,
    /// A draft left by a crash is offered back.
    Draft,
    CardEditor,
    /// The open text's cards.
    Cards,
    /// Results of a library-wide search.
    Results,
    /// What is new from the reading group.
    News,
    /// Choosing whose annotations are shown.
    Members,
    Review,
    Stats,
    /// A card shown whole.
    CardInfo,
}

impl Mode {
    /// Every mode, for what applies everywhere (Ctrl-C, Ctrl-Z).
    pub const ALL: &[Mode] = &[
        Mode::Library,
        Mode::Reader,
        Mode::Cursor,
        Mode::Contents,
        Mode::Help,
        Mode::Prompt,
        Mode::Annotations,
        Mode::Filter,
        Mode::Bookmarks,
        Mode::Editor,
        Mode::Confirm,
        Mode::Note,
        Mode::Footnote,
        Mode::Draft,
        Mode::CardEditor,
        Mode::Cards,
        Mode::Results,
        Mode::News,
        Mode::Members,
        Mode::Review,
        Mode::Stats,
        Mode::CardInfo,
    ];
}

/// The screen under the overlays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    Review,
    Stats,
}

/// What a prompt's line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    GoTo,
    BookmarkLabel,
    /// A file to export notes to.
    ExportTo,
    /// A member's export file, or a shared folder to sync with.
    ImportFrom,
    /// A phrase to find in the text (matches show as it is typed).
    Find,
    /// A query for the whole library and the notes.
    SearchLibrary,
    /// A file to open and add to the library.
    OpenFile,
    /// A group to share the open text with (or to take it back from).
    ShareWith,
}

impl Ask {
    /// The extensions a file named in the answer may have (`.md`), as the prompt lists them:
    /// the export table's for an export, the document formats' for a file to open.
    pub fn extensions(self) -> Vec<String> {
        let first = |extensions: &[&str]| extensions.first().map(|e| format!(".{e}"));
        match self {
            Ask::ExportTo => Export::of(Subject::Notes)
                .filter_map(|e| first(e.extensions))
                .collect(),
            Ask::OpenFile => crate::document::Format::extensions(),
            _ => Vec::new(),
        }
    }

    /// Most characters of an answer: paths may be long.
    pub(super) fn longest(self) -> usize {
        match self {
            Ask::GoTo | Ask::BookmarkLabel | Ask::Find | Ask::SearchLibrary => 80,
            Ask::ShareWith => 200,
            Ask::ExportTo | Ask::ImportFrom | Ask::OpenFile => 4096,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub tone: Tone,
}
