//! The names a keymap file gives actions (`next-page`, `highlight 2`, `move next-word`) and
//! what the help says each does. One table, read both ways.

use crate::app::{Action, Mode, Motion};

/// Actions that take no argument: name, action, what the help says.
const PLAIN: &[(&str, Action, &str)] = &[
    ("quit", Action::Quit, "Quit"),
    ("help", Action::Help, "Show or hide this help"),
    ("close", Action::Close, "Close"),
    ("up", Action::Up, "Move up"),
    ("down", Action::Down, "Move down"),
    ("top", Action::Top, "Go to the first entry"),
    ("bottom", Action::Bottom, "Go to the last entry"),
    ("open", Action::Open, "Open the selected entry"),
    ("next-page", Action::NextPage, "Next page"),
    ("prev-page", Action::PrevPage, "Previous page"),
    ("half-page-down", Action::HalfPageDown, "Half a page down"),
    ("half-page-up", Action::HalfPageUp, "Half a page up"),
    ("line-down", Action::LineDown, "Scroll down a line"),
    ("line-up", Action::LineUp, "Scroll up a line"),
    (
        "scroll-right",
        Action::ScrollRight,
        "Scroll wide tables and code to the right (› marks a clipped line)",
    ),
    (
        "scroll-left",
        Action::ScrollLeft,
        "Scroll wide tables and code back to the left",
    ),
    ("doc-start", Action::DocStart, "Go to the start"),
    ("doc-end", Action::DocEnd, "Go to the end"),
    (
        "go-to",
        Action::GoTo,
        "Go to a page (:120) or a percentage (:50%)",
    ),
    ("contents", Action::Contents, "Table of contents"),
    (
        "back",
        Action::Back,
        "Back to the place before the last jump",
    ),
    (
        "forward",
        Action::Forward,
        "Forward again, to the place back left",
    ),
    (
        "library",
        Action::Library,
        "Switch between the library and the open text",
    ),
    (
        "select",
        Action::Select,
        "Start (or drop) a selection at the cursor",
    ),
    (
        "select-paragraph",
        Action::SelectParagraph,
        "Select the whole paragraph",
    ),
    (
        "annotate",
        Action::Annotate,
        "Write a note on the selection or the highlight",
    ),
    (
        "unhighlight",
        Action::Unhighlight,
        "Remove the highlight under the cursor",
    ),
    (
        "passage-card",
        Action::PassageCard,
        "Review the highlight under the cursor as a card",
    ),
    ("undo", Action::Undo, "Undo the last change"),
    ("redo", Action::Redo, "Redo what was undone"),
    (
        "show-note",
        Action::ShowNote,
        "Show the footnote or note here, follow the link, or open the picture (re-attach: use the selection)",
    ),
    (
        "follow-note",
        Action::FollowNote,
        "Go to the footnote (back returns)",
    ),
    ("annotations", Action::Annotations, "Annotations panel"),
    ("bookmark", Action::Bookmark, "Bookmark this place"),
    ("bookmarks", Action::Bookmarks, "Bookmarks of this text"),
    ("delete", Action::Delete, "Delete (undo brings it back)"),
    ("edit", Action::EditEntry, "Edit"),
    ("filter", Action::Filter, "Filter: words, #tag, @colour"),
    (
        "reattach",
        Action::Reattach,
        "Re-attach an orphaned note to a new passage",
    ),
    (
        "private",
        Action::Private,
        "Make the note private (never in a group's files), or shared again",
    ),
    (
        "news",
        Action::News,
        "What is new from your reading group since you last looked",
    ),
    (
        "reply",
        Action::Reply,
        "Reply to a note: yours or another member's (a thread under it)",
    ),
    (
        "confirm-place",
        Action::ConfirmPlace,
        "Confirm the place of a note marked \"moved, please check\"",
    ),
    ("yes", Action::Yes, "Yes"),
    ("no", Action::No, "No"),
    ("erase", Action::Erase, "Erase a character"),
    (
        "sort",
        Action::Sort,
        "Sort by the next order: title, last read, author, progress, added",
    ),
    (
        "erase-word",
        Action::EraseWord,
        "Erase the word before the cursor",
    ),
    ("erase-line", Action::EraseLine, "Erase all that is typed"),
    ("submit", Action::Submit, "Go"),
    ("complete", Action::Complete, "Complete the file name"),
    ("save", Action::Save, "Save"),
    ("next-field", Action::NextField, "Next field"),
    ("prev-field", Action::PrevField, "Previous field"),
    (
        "switch-kind",
        Action::SwitchKind,
        "Switch between question/answer and cloze",
    ),
    (
        "blank",
        Action::Blank,
        "Blank out the selected words (shift+arrows select)",
    ),
    (
        "search-library",
        Action::SearchLibrary,
        "Search the whole library and your notes",
    ),
    (
        "find",
        Action::Find,
        "Search this text (smart case; quotes and accents folded)",
    ),
    ("next-match", Action::NextMatch, "Next search match"),
    ("prev-match", Action::PrevMatch, "Previous search match"),
    (
        "export",
        Action::Export,
        "Export notes to a file: .md, .html, .csv (Readwise), .json (for your group)",
    ),
    (
        "import",
        Action::Import,
        "Import a member's export, or sync with a shared folder",
    ),
    (
        "share",
        Action::Share,
        "Share this text with a group (Tab: the next group), or take it back",
    ),
    (
        "whose",
        Action::Whose,
        "Show everyone's annotations, only yours, or one member's",
    ),
    (
        "card",
        Action::Card,
        "Make a card from the selection or the highlight",
    ),
    ("cards", Action::Cards, "Cards from this text"),
    (
        "review",
        Action::Review,
        "Review the cards due (in a text, its own)",
    ),
    ("reveal", Action::Reveal, "Show the answer"),
    (
        "open-source",
        Action::OpenSource,
        "Open the card's passage (review comes back)",
    ),
    (
        "suspend",
        Action::Suspend,
        "Suspend (or unsuspend) the card",
    ),
    ("bury", Action::Bury, "Bury the card until tomorrow"),
    (
        "card-info",
        Action::CardInfo,
        "Show the card whole: its answers, memory and siblings",
    ),
    ("stats", Action::Stats, "Statistics of your reviews"),
    (
        "copy",
        Action::Copy,
        "Copy the selection (or the highlight under the cursor)",
    ),
    (
        "copy-citation",
        Action::CopyCitation,
        "Copy it as a citation: quote, title, author, page, chapter",
    ),
    ("open-file", Action::OpenFile, "Open a file (Tab completes)"),
    (
        "background",
        Action::Background,
        "Suspend (fg in the shell comes back)",
    ),
];

/// Cursor motions, written `move <name>`.
const MOTIONS: &[(&str, Motion, &str)] = &[
    (
        "next-word",
        Motion::NextWord,
        "Cursor: next word (shows the cursor)",
    ),
    ("prev-word", Motion::PrevWord, "Cursor: previous word"),
    ("word-end", Motion::WordEnd, "Cursor: end of the word"),
    (
        "big-word-end",
        Motion::BigWordEnd,
        "Cursor: end of the word and its punctuation",
    ),
    (
        "next-sentence",
        Motion::NextSentence,
        "Cursor: next sentence",
    ),
    (
        "prev-sentence",
        Motion::PrevSentence,
        "Cursor: previous sentence",
    ),
    (
        "next-paragraph",
        Motion::NextParagraph,
        "Cursor: next paragraph",
    ),
    (
        "prev-paragraph",
        Motion::PrevParagraph,
        "Cursor: previous paragraph",
    ),
    ("line-down", Motion::LineDown, "Cursor: line down"),
    ("line-up", Motion::LineUp, "Cursor: line up"),
];

const COLOURS: &str = "Highlight in a colour: 1 yellow, 2 green, 3 blue, 4 pink, 5 orange";
const ANSWERS: &str = "Answer: 1 again, 2 hard, 3 good, 4 easy";
const FLAGS: &str = "Flag the card (again: unflag): 1 red, 2 orange, 3 green, 4 blue; 0 none";

/// Reads an action's name, with its argument if it takes one.
pub fn parse(text: &str) -> Result<Action, String> {
    let mut words = text.split_whitespace();
    let (name, arg) = (words.next().unwrap_or(""), words.next());
    if words.next().is_some() {
        return Err(format!("{text:?}: an action takes one argument at most"));
    }
    let number = |range: std::ops::RangeInclusive<u8>| {
        arg.and_then(|a| a.parse::<u8>().ok())
            .filter(|n| range.contains(n))
    };
    match (name, arg) {
        ("highlight", _) => number(1..=5)
            .map(Action::Highlight)
            .ok_or_else(|| format!("{text:?}: highlight takes a colour, 1 to 5")),
        ("answer", _) => number(1..=4)
            .map(Action::Answer)
            .ok_or_else(|| format!("{text:?}: answer takes a grade, 1 to 4")),
        ("flag", _) => number(0..=4)
            .map(Action::Flag)
            .ok_or_else(|| format!("{text:?}: flag takes a colour, 0 (none) to 4")),
        ("move", Some(motion)) => MOTIONS
            .iter()
            .find(|(n, ..)| *n == motion)
            .map(|&(_, m, _)| Action::Move(m))
            .ok_or_else(|| {
                let names: Vec<&str> = MOTIONS.iter().map(|(n, ..)| *n).collect();
                format!("{text:?}: move takes one of {}", names.join(", "))
            }),
        (name, None) => PLAIN
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|&(_, a, _)| a)
            .ok_or_else(|| {
                format!(
                    "{text:?} is not an action (`gloss config keys` and docs/keys.md list them)"
                )
            }),
        (name, Some(_)) => Err(format!("{text:?}: {name} takes no argument")),
    }
}

/// The name a keymap file gives `action`.
pub fn name(action: Action) -> String {
    match action {
        Action::Highlight(n) => format!("highlight {n}"),
        Action::Answer(n) => format!("answer {n}"),
        Action::Flag(n) => format!("flag {n}"),
        Action::Move(m) => {
            let (name, ..) = MOTIONS.iter().find(|(_, x, _)| *x == m).expect("named");
            format!("move {name}")
        }
        _ => PLAIN
            .iter()
            .find(|(_, a, _)| *a == action)
            .map_or_else(|| format!("{action:?}"), |(n, ..)| (*n).to_string()),
    }
}

/// What the help says `action` does in `mode`.
pub fn describe(action: Action, mode: Mode) -> &'static str {
    use Mode::*;
    match (action, mode) {
        (Action::Highlight(_), _) => COLOURS,
        (Action::Answer(_), _) => ANSWERS,
        (Action::Flag(_), _) => FLAGS,
        (Action::Move(m), _) => MOTIONS.iter().find(|(_, x, _)| *x == m).map_or("", |t| t.2),
        (Action::Close, Reader | Cursor) => {
            "Drop the selection, then hide the cursor, then end the search"
        }
        (Action::Close, Editor | CardEditor) => "Close (asks before dropping unsaved text)",
        (Action::Close, Filter) => "Clear the filter",
        (Action::Close, Review) => "End the review: back where it was started",
        (Action::Close, Draft) => "Later",
        (Action::Annotations, Annotations) => "Close the annotations panel",
        (Action::Submit, Filter) => "Keep this filter",
        (Action::Open, Draft) => "Restore the unsaved note",
        (Action::Delete, Draft) => "Discard it",
        (Action::Delete, Library) => "Remove the text from the library (asks first)",
        (Action::Delete, Cards) => "Delete the card (undo brings it back)",
        (Action::Yes, Confirm) => "Yes: discard, or remove",
        (Action::No, Confirm) => "No: keep it",
        (Action::ShowNote, Note | Footnote) => "Close",
        (Action::FollowNote, Footnote) => "Go to the footnote (back returns)",
        (Action::Undo, Review) => "Undo the last answer",
        (Action::Library, Review) => "The library (ends the review)",
        (Action::EditEntry, Note | Annotations) => "Edit the note",
        (Action::EditEntry, Review | Cards) => "Edit the card",
        (Action::Open, Cards) => "Open the card's passage",
        _ => PLAIN
            .iter()
            .find(|(_, a, _)| *a == action)
            .map_or("", |t| t.2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        let mut all: Vec<Action> = PLAIN.iter().map(|t| t.1).collect();
        all.extend(MOTIONS.iter().map(|t| Action::Move(t.1)));
        all.extend((1..=5).map(Action::Highlight));
        all.extend((1..=4).map(Action::Answer));
        for action in all {
            assert_eq!(parse(&name(action)), Ok(action), "{}", name(action));
            assert!(!describe(action, Mode::Reader).is_empty(), "{action:?}");
        }
    }

    #[test]
    fn bad_names_say_why() {
        assert!(parse("highlight 6").unwrap_err().contains("1 to 5"));
        assert!(parse("move sideways").unwrap_err().contains("next-word"));
        assert!(parse("next-page 2").unwrap_err().contains("no argument"));
        assert!(parse("fly").unwrap_err().contains("not an action"));
        assert!(parse("").is_err());
    }
}
