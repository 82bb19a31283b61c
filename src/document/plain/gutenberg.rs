//! Project Gutenberg's header and licence: where they are, and the title and author the header
//! gives.

use super::lines::{Line, Lines};

/// The parts of a Project Gutenberg file, as line ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gutenberg {
    /// Lines `0..body.start` are the header (through the `*** START OF …` line);
    /// `body.end..` the licence (from `*** END OF …` or "End of the Project Gutenberg …").
    pub body: std::ops::Range<usize>,
    pub title: Option<String>,
    pub author: Option<String>,
}

/// Lines a header may take: its `START` line is looked for no further.
const HEADER_LINES: usize = 2000;

/// Finds the header and licence of a Project Gutenberg file (or of a beginning of one: a
/// licence that starts after its end is not there); `None` for any other text.
pub fn find(lines: &Lines) -> Option<Gutenberg> {
    let start = lines
        .iter(0..lines.len().min(HEADER_LINES))
        .position(|l| is_marker(l.text(), "START"))?;
    let end =
        start + 1 + licence(lines.iter(start + 1..lines.len())).unwrap_or(lines.len() - start - 1);
    let header = lines.table(0..start);
    Some(Gutenberg {
        body: start + 1..end,
        title: field(&header, "Title:"),
        author: field(&header, "Author:"),
    })
}

/// The line where the licence starts among `lines` of a Project Gutenberg file's body.
pub fn licence<'a>(mut lines: impl Iterator<Item = Line<'a>>) -> Option<usize> {
    lines.position(|l| is_marker(l.text(), "END") || is_end_line(l.text()))
}

/// `*** START OF THE PROJECT GUTENBERG EBOOK THE TIME MACHINE ***`, also in the older forms
/// `***START OF THE PROJECT GUTENBERG…` and `*** START OF THIS PROJECT GUTENBERG…`.
fn is_marker(text: &str, which: &str) -> bool {
    let Some(rest) = text.strip_prefix("***") else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '*']).to_ascii_uppercase();
    rest.starts_with(which) && rest.contains("PROJECT GUTENBERG")
}

/// "End of the Project Gutenberg EBook of …", "End of Project Gutenberg's …".
fn is_end_line(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("end of the project gutenberg")
        || lower.starts_with("end of project gutenberg")
}

/// The value of a header field (`Title: The Time Machine`), with its continuation lines (the
/// indented lines under it).
fn field(header: &[Line], name: &str) -> Option<String> {
    let at = header.iter().position(|l| l.text().starts_with(name))?;
    let mut value = header[at].text()[name.len()..].trim().to_string();
    for line in header[at + 1..]
        .iter()
        .take_while(|l| l.indent() > 0 && !l.is_blank())
    {
        // `The Lantern Keepers` over `A Tale of the Coast` is a title and its subtitle; `The
        // History of the` over `Roman Empire` is one title wrapped.
        let last_word = value.rsplit(' ').next().unwrap_or("");
        let subtitle = line.text().starts_with(char::is_uppercase)
            && last_word.starts_with(char::is_uppercase)
            && !value.ends_with([',', ';', ':', '-']);
        value.push_str(if subtitle { ": " } else { " " });
        value.push_str(line.text());
    }
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_licence_are_found_with_title_and_author() {
        let text = "The Project Gutenberg eBook of A Tale\n\nTitle: A Tale of\n       Two Cities\n\
            Author: Charles Dickens\n\n*** START OF THE PROJECT GUTENBERG EBOOK A TALE ***\n\n\
            CHAPTER I.\n\nIt was.\n\n*** END OF THE PROJECT GUTENBERG EBOOK A TALE ***\n\nlicence";
        let lines = Lines::new(text);
        let g = find(&lines).unwrap();
        assert_eq!(
            lines.get(g.body.start - 1).text().get(..9),
            Some("*** START")
        );
        assert_eq!(lines.get(g.body.end).text().get(..7), Some("*** END"));
        assert_eq!(g.title.as_deref(), Some("A Tale of Two Cities"));
        let subtitled = Lines::new(
            "Title: The Keepers\n  A Tale\n*** START OF THE PROJECT GUTENBERG EBOOK X ***",
        );
        assert_eq!(
            find(&subtitled).unwrap().title.as_deref(),
            Some("The Keepers: A Tale")
        );
        assert_eq!(g.author.as_deref(), Some("Charles Dickens"));
        let plain = Lines::new("Title: Not a book\n\nText.");
        assert_eq!(find(&plain), None);
    }
}
