//! Annotations as something to read: Markdown (plain, or with Obsidian `> [!quote]` callouts),
//! Readwise's CSV import, and one self-contained HTML page. Each text is a [`Notebook`] of
//! [`Passage`]s in reading order; the text's own passages are quoted, never re-wrapped.
//!
//! The HTML page has no scripts and loads nothing: styles are inline, and every piece of text is
//! escaped. It is also well-formed XML, so that tests (and tools) can parse it strictly.

use std::fmt::Write;

use super::escape_html;
use crate::clock;

/// One text's annotations, for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notebook {
    pub title: String,
    /// In reading order; the orphaned ones (not found in this copy of the text) last.
    pub passages: Vec<Passage>,
}

/// One highlight with its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub quote: String,
    /// The heading of the section it is in.
    pub section: Option<String>,
    /// The page it is on, at the standard page size; `None` when orphaned.
    pub page: Option<u64>,
    /// Character range in the text.
    pub start: usize,
    pub end: usize,
    pub note: String,
    pub tags: Vec<String>,
    /// Who wrote it.
    pub author: String,
    /// 1 to 5, see [`crate::annotation::COLORS`].
    pub color: u8,
    pub modified: i64,
    pub orphaned: bool,
}

impl Passage {
    /// `Ana · 2026-11-23 19:05 · p. 4`
    fn byline(&self) -> String {
        let mut line = format!(
            "{} · {}",
            self.author,
            clock::format_local(self.modified, "%Y-%m-%d %H:%M")
        );
        match self.page {
            Some(page) => write!(line, " · p. {page}").unwrap(),
            None => line.push_str(" · not found in this copy"),
        }
        line
    }
}

/// Markdown: `# title`, `## section` headings as they change, each passage as a block quote (or
/// an Obsidian `[!quote]` callout) with its note under it and a line of author, date, page and
/// tags.
pub fn markdown(books: &[Notebook], callouts: bool) -> String {
    let mut out = String::new();
    for book in books {
        if !out.is_empty() {
            out.push('\n');
        }
        writeln!(out, "# {}\n", one_line(&book.title)).unwrap();
        let mut section = None;
        for p in &book.passages {
            let heading = if p.orphaned {
                Some("Not found in this copy of the text")
            } else {
                p.section.as_deref()
            };
            if heading.is_some() && heading != section {
                writeln!(out, "## {}\n", one_line(heading.unwrap_or_default())).unwrap();
            }
            section = heading;
            if callouts {
                let kind = if p.note.is_empty() { "quote" } else { "note" };
                writeln!(out, "> [!{kind}] {}", p.byline()).unwrap();
            }
            for line in p.quote.lines() {
                if line.is_empty() {
                    out.push_str(">\n");
                } else {
                    writeln!(out, "> {line}").unwrap();
                }
            }
            out.push('\n');
            if !p.note.is_empty() {
                writeln!(out, "{}\n", p.note.trim_end()).unwrap();
            }
            if !callouts {
                write!(out, "*{}*", p.byline()).unwrap();
            }
            if !p.tags.is_empty() {
                let tags: Vec<String> = p.tags.iter().map(|t| format!("#{t}")).collect();
                let sep = if callouts { "" } else { " · " };
                write!(out, "{sep}{}", tags.join(" ")).unwrap();
            }
            if !callouts || !p.tags.is_empty() {
                out.push_str("\n\n");
            }
        }
    }
    out
}

/// Readwise's CSV import: Highlight, Title, Author, URL, Note, Location, Date. Author is the
/// text's author, which gloss does not know, and URL is empty (the texts are local files). Tags
/// go first in the note as Readwise's inline `.tag`s; another member's note says whose it is.
pub fn readwise_csv(books: &[Notebook], me: &str) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "Highlight",
        "Title",
        "Author",
        "URL",
        "Note",
        "Location",
        "Date",
    ];
    writer.write_record(header).expect("writing to memory");
    for book in books {
        for p in &book.passages {
            let mut note: Vec<String> = p.tags.iter().map(|t| format!(".{t}")).collect();
            if p.author != me {
                note.push(format!("[{}]", p.author));
            }
            if !p.note.is_empty() {
                note.push(p.note.clone());
            }
            let location = p.page.map(|n| n.to_string()).unwrap_or_default();
            let date = clock::format_local(p.modified, "%Y-%m-%d %H:%M:%S");
            let record = [
                p.quote.as_str(),
                &book.title,
                "",
                "",
                &note.join(" "),
                &location,
                &date,
            ];
            writer.write_record(record).expect("writing to memory");
        }
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("CSV of UTF-8")
}

/// Background of each highlight colour, in [`crate::annotation::COLORS`] order.
const SHADES: [&str; 5] = ["#fff3b0", "#d5f5d0", "#d6e6ff", "#ffd9ec", "#ffe2c2"];

const STYLE: &str = "\
body{font:17px/1.55 Georgia,'Times New Roman',serif;color:#222;background:#fdfcf8;margin:0}
main{max-width:46em;margin:0 auto;padding:2em 1.2em 4em}
h1{font-size:1.8em;margin:1.2em 0 .2em}
h2{font-size:1.15em;margin:2em 0 .6em;color:#555;font-variant:small-caps;letter-spacing:.03em}
.count{color:#777;margin:0 0 1.5em}
.passage{margin:0 0 1.6em}
blockquote{margin:0;padding:.5em .9em;border-left:4px solid #bbb;white-space:pre-wrap}
.note{margin:.5em 0 0 1.2em;padding:.1em 0 .1em .8em;border-left:2px solid #ddd}
.note p{margin:.3em 0;white-space:pre-wrap}
.meta{font:13px/1.4 system-ui,sans-serif;color:#666}
.tag{background:#eee;border-radius:3px;padding:0 .3em;margin-left:.3em}
.orphaned blockquote{border-left-style:dashed;color:#666}
";

/// One self-contained HTML page: each text's passages, the notes on each under it. Highlights
/// of the very same passage by several members are shown once, with all their notes.
pub fn html(books: &[Notebook]) -> String {
    let title = match books {
        [one] => format!("Notes on {}", one.title),
        _ => "Notes".to_string(),
    };
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    writeln!(out, "<title>{}</title>", escape_html(&title)).unwrap();
    writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>").unwrap();
    for book in books {
        html_book(&mut out, book);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn html_book(out: &mut String, book: &Notebook) {
    let mut authors: Vec<&str> = book.passages.iter().map(|p| p.author.as_str()).collect();
    authors.sort_unstable();
    authors.dedup();
    writeln!(out, "<article>\n<h1>{}</h1>", escape_html(&book.title)).unwrap();
    writeln!(
        out,
        "<p class=\"count\">{} highlights by {}</p>",
        book.passages.len(),
        escape_html(&authors.join(", "))
    )
    .unwrap();
    let mut section = None;
    let mut rest = &book.passages[..];
    while let Some(first) = rest.first() {
        let same = rest
            .iter()
            .take_while(|p| {
                (p.start, p.end, p.orphaned) == (first.start, first.end, first.orphaned)
            })
            .count();
        let (group, after) = rest.split_at(same);
        rest = after;
        let heading = if first.orphaned {
            Some("Not found in this copy of the text")
        } else {
            first.section.as_deref()
        };
        if heading.is_some() && heading != section {
            writeln!(out, "<h2>{}</h2>", escape_html(heading.unwrap_or_default())).unwrap();
        }
        section = heading;
        let class = if first.orphaned {
            "passage orphaned"
        } else {
            "passage"
        };
        let shade = SHADES[usize::from(first.color.clamp(1, 5)) - 1];
        writeln!(
            out,
            "<section class=\"{class}\">\n<blockquote style=\"background:{shade}\">{}</blockquote>",
            escape_html(&first.quote)
        )
        .unwrap();
        for p in group {
            out.push_str("<div class=\"note\">\n");
            if !p.note.is_empty() {
                writeln!(out, "<p>{}</p>", escape_html(&p.note)).unwrap();
            }
            write!(out, "<p class=\"meta\">{}", escape_html(&p.byline())).unwrap();
            for tag in &p.tags {
                write!(out, "<span class=\"tag\">#{}</span>", escape_html(tag)).unwrap();
            }
            out.push_str("</p>\n</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</article>\n");
}

/// A title or heading on one Markdown line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
