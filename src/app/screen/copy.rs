//! Copying a passage: the selection, or else the highlight under the cursor, as it is (`y`) or
//! as a citation (`Y`: the quote, the author, the title, the chapter and the page of the
//! standard page that exports number by). The app only holds what was copied until the TUI
//! hands it to the terminal's clipboard.

use crate::app::{App, Tone};
use std::sync::Arc;

use crate::document::Document;
use crate::layout::Pagination;

/// The most a copy carries: terminals refuse longer OSC 52 sequences (tmux, for one, stops
/// near a megabyte), and a copy is for a passage, not a book.
const LONGEST_COPY: usize = 100_000;

impl App {
    pub(in crate::app) fn copy(&mut self, citation: bool) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let range = open.reader.selection().or_else(|| {
            let id = open.under_cursor()?;
            Some(open.marks.find(id)?.range.clone())
        });
        let Some(range) = range else {
            self.say_keyed(
                Tone::Info,
                "nothing to copy: select a passage ([select]) or put the cursor on a highlight",
            );
            return;
        };
        let doc = open.reader.doc().clone();
        let quote = one_paragraph(&doc.content[range.clone()]);
        if quote.len() > LONGEST_COPY {
            self.say(
                Tone::Warning,
                format!(
                    "not copied: the passage is longer than {} KB",
                    LONGEST_COPY / 1000
                ),
            );
            return;
        }
        let words = quote.split_whitespace().count();
        let text = if citation {
            cite(&doc, range, &quote)
        } else {
            quote
        };
        self.clipboard = Some(text);
        let what = if citation { "as a citation" } else { "" };
        self.say(
            Tone::Info,
            format!("copied {words} words {what}")
                .trim_end()
                .to_string(),
        );
    }

    /// What was copied since the last call, for the TUI to put on the clipboard.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }
}

/// The passage with its blank-line breaks kept and the rest of its white space single.
fn one_paragraph(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Texts up to this size are paged whole for a citation's page number (some 50 ms at most);
/// a longer one is cited by its percentage, rather than making the reader wait.
const PAGED_CITATION: usize = 1 << 20;

/// `“quote” — Author, Title, “Chapter”, p. 12.`: the printed page of a paged original (a
/// PDF), else the page at a standard size.
pub fn cite(doc: &Arc<Document>, range: std::ops::Range<usize>, quote: &str) -> String {
    let offset = range.start;
    let place = if let Some(pages) = doc.printed_pages(range) {
        crate::document::page_reference(&pages)
    } else if doc.content.len() <= PAGED_CITATION {
        let (width, height) = crate::group::STANDARD_PAGE;
        let page = Pagination::new(doc.clone(), width, height).page_of(offset);
        format!("p. {page}")
    } else {
        let percent = doc.char_of(offset) as f64 / doc.chars.max(1) as f64 * 100.0;
        format!("at {percent:.0}%")
    };
    let mut source: Vec<String> = Vec::new();
    if let Some(author) = doc.author.as_deref().filter(|a| !a.trim().is_empty()) {
        source.push(author.trim().to_string());
    }
    source.push(doc.title.trim().to_string());
    if let Some(section) = doc.section_title(offset).map(str::trim)
        && !section.is_empty()
        && section != doc.title.trim()
    {
        source.push(format!("“{section}”"));
    }
    source.push(place);
    format!("“{quote}” — {}.", source.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    #[test]
    fn a_citation_names_author_title_chapter_and_page() {
        let text = "# The Book\n\n## Chapter One\n\nIt was a dark and stormy night.\n";
        let mut doc = Document::from_text(text, "book.md", Format::MARKDOWN);
        doc.author = Some("A. Writer".into());
        let doc = Arc::new(doc);
        let at = doc.content.find("dark").unwrap();
        let cited = cite(&doc, at..at + 15, "dark and stormy");
        assert_eq!(
            cited,
            "“dark and stormy” — A. Writer, The Book, “Chapter One”, p. 1."
        );
    }

    #[test]
    fn white_space_folds_but_paragraphs_stay() {
        assert_eq!(one_paragraph("a\n b  c\n\n\nd"), "a b c\n\nd");
    }
}
