//! Annotations as something to read: Markdown (plain, or with Obsidian `> [!quote]` callouts),
//! Readwise's CSV import, and one self-contained HTML page. Each text is a [`Notebook`] of
//! [`Passage`]s in reading order; the text's own passages are quoted, never re-wrapped.
//!
//! The HTML page has no scripts and loads nothing: its styles are in one `<style>` element of its
//! own, and every piece of text is escaped. It is also well-formed XML, so that tests (and tools)
//! can parse it strictly. The Markdown renders every piece of text as the literal text it is.

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
    /// The page it is on: as printed, in a paged original (a PDF); else at the standard page
    /// size. `None` when orphaned.
    pub page: Option<String>,
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
    /// The replies to it, oldest first.
    pub thread: Vec<ThreadReply>,
}

/// A reply under a passage's note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadReply {
    pub author: String,
    pub body: String,
    pub modified: i64,
}

impl ThreadReply {
    /// `↳ Ben · 2026-11-24 10:00`
    pub(crate) fn byline(&self) -> String {
        format!(
            "↳ {} · {}",
            self.author,
            clock::format_local(self.modified, "%Y-%m-%d %H:%M")
        )
    }
}

impl Passage {
    /// `Ana · 2026-11-23 19:05 · p. 4`
    pub(crate) fn byline(&self) -> String {
        let mut line = format!(
            "{} · {}",
            self.author,
            clock::format_local(self.modified, "%Y-%m-%d %H:%M")
        );
        match &self.page {
            Some(page) => write!(line, " · {}", crate::document::page_reference(page)).unwrap(),
            None => line.push_str(" · not found in this copy"),
        }
        line
    }
}

/// Markdown: `# title`, `## section` headings as they change, each passage as a block quote
/// with its note under it and a line of author, date and page; or, with `callouts`, each
/// passage as an Obsidian callout titled with that line, the passage in it (quoted again when a
/// note follows it) and the note. Everything a reader wrote, and the text's own words, render
/// as the literal text they are (see [`markdown_text`]); a note's `#tags` stay tags.
pub fn markdown(books: &[Notebook], callouts: bool) -> String {
    let mut out = String::new();
    for book in books {
        if !out.is_empty() {
            out.push('\n');
        }
        writeln!(out, "# {}\n", markdown_heading(&book.title)).unwrap();
        let mut section = None;
        for p in &book.passages {
            let heading = if p.orphaned {
                Some("Not found in this copy of the text")
            } else {
                p.section.as_deref()
            };
            if heading.is_some() && heading != section {
                let heading = markdown_heading(heading.unwrap_or_default());
                writeln!(out, "## {heading}\n").unwrap();
            }
            section = heading;
            let byline = markdown_text(&p.byline(), "");
            if !callouts {
                writeln!(out, "{}\n", markdown_text(&p.quote, "> ")).unwrap();
                if !p.note.is_empty() {
                    writeln!(out, "{}\n", markdown_text(&p.note, "")).unwrap();
                }
                writeln!(out, "*{byline}*\n").unwrap();
                markdown_thread(&mut out, &p.thread, "");
            } else if p.note.is_empty() && p.thread.is_empty() {
                writeln!(out, "> [!quote] {byline}").unwrap();
                writeln!(out, "{}\n", markdown_text(&p.quote, "> ")).unwrap();
            } else {
                writeln!(out, "> [!note] {byline}").unwrap();
                writeln!(out, "{}\n>", markdown_text(&p.quote, "> > ")).unwrap();
                if !p.note.is_empty() {
                    writeln!(out, "{}\n>", markdown_text(&p.note, "> ")).unwrap();
                }
                markdown_thread(&mut out, &p.thread, "> ");
                // The note or the thread ended with a line of `>`: a blank line ends the callout.
                out.truncate(out.len() - ">\n".len());
                out.push('\n');
            }
        }
    }
    out
}

/// The replies under a note, each a nested block quote (inside `prefix`) of its byline and text.
fn markdown_thread(out: &mut String, thread: &[ThreadReply], prefix: &str) {
    let inner = format!("{prefix}> ");
    for r in thread {
        writeln!(
            out,
            "{inner}*{}*\n{}",
            markdown_text(&r.byline(), ""),
            inner.trim_end()
        )
        .unwrap();
        writeln!(
            out,
            "{}\n{}",
            markdown_text(&r.body, &inner),
            prefix.trim_end()
        )
        .unwrap();
    }
}

/// Markdown that renders as exactly `text`, each line starting with `prefix` (`"> "` inside a
/// quote): lines are kept with hard breaks and blank lines part paragraphs; every character
/// that could make markup (emphasis, links, images, raw HTML, entities, tables, Obsidian's
/// comments and highlights) is escaped, and so is what would start a block at the beginning of
/// a line (a heading, a list item, a quote, a rule, a code block). A `#tag` inside a line is
/// left as it is: it is plain text to CommonMark and a tag to Obsidian.
pub fn markdown_text(text: &str, prefix: &str) -> String {
    let blank = prefix.trim_end();
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            // The line before was a line of this paragraph, or a blank line ended it.
            out.push('\n');
        }
        out.push_str(prefix);
        out.push_str(&escape_line(line, false));
        match lines.peek() {
            Some(next) if next.trim().is_empty() => {
                while lines.next_if(|l| l.trim().is_empty()).is_some() {}
                if lines.peek().is_some() {
                    out.push('\n');
                    out.push_str(blank);
                }
            }
            Some(_) => out.push('\\'),
            None => {}
        }
    }
    out
}

/// A title or section on one Markdown heading line, as the literal text it is.
pub(crate) fn markdown_heading(text: &str) -> String {
    escape_line(&text.split_whitespace().collect::<Vec<_>>().join(" "), true)
}

/// One line of [`markdown_text`]; in a heading every `#` is escaped (a trailing run of them
/// would close it).
pub(crate) fn escape_line(line: &str, heading: bool) -> String {
    let body = line.trim_matches([' ', '\t']);
    let lead = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let trail = &line[lead.len() + body.len()..];
    // Blanks at either end would be dropped (or, four at the start, make code): as entities
    // they are kept.
    let entities = |blanks: &str| -> String {
        blanks
            .chars()
            .map(|c| if c == '\t' { "&#9;" } else { "&#32;" })
            .collect()
    };
    let chars: Vec<char> = body.chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = entities(lead);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '!' | '&' | '|' | '~' | '$' | '%' | '='
            | '@' | '{' | '}' | '^' => true,
            // Inside a word `_` makes no emphasis, and a tag like #to_do stays whole.
            '_' => {
                !(before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            '#' => heading || (i == 0 && after.is_none_or(|a| a == ' ' || a == '#')),
            '-' | '+' => i == 0,
            // An ordered list item: up to nine digits, then `.` or `)`.
            '.' | ')' if i == digits && (1..=9).contains(&digits) => true,
            // No bare links: `http://…` and `www.…` are autolinked by GFM and Obsidian.
            ':' => chars[i + 1..].starts_with(&['/', '/']),
            '.' => {
                i >= 3
                    && chars[i - 3..i]
                        .iter()
                        .collect::<String>()
                        .eq_ignore_ascii_case("www")
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str(&entities(trail));
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
            // Readwise's Location is one place: a passage over a page's turn is where it starts.
            let location = p
                .page
                .as_deref()
                .map_or("", |page| page.split('–').next().unwrap_or(page));
            let date = clock::format_local(p.modified, "%Y-%m-%d %H:%M:%S");
            let record = [
                p.quote.as_str(),
                &book.title,
                "",
                "",
                &note.join(" "),
                location,
                &date,
            ];
            writer.write_record(record).expect("writing to memory");
        }
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("CSV of UTF-8")
}

/// Background of each highlight colour, in [`crate::annotation::COLORS`] order.
pub(crate) const SHADES: [&str; 5] = ["#fff3b0", "#d5f5d0", "#d6e6ff", "#ffd9ec", "#ffe2c2"];

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
.reply{margin:.4em 0 0 1.2em;padding:0 0 0 .8em;border-left:2px solid #e6e6e6}
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
            out.push_str("</p>\n");
            for r in &p.thread {
                writeln!(
                    out,
                    "<div class=\"reply\">\n<p>{}</p>\n<p class=\"meta\">{}</p>\n</div>",
                    escape_html(&r.body),
                    escape_html(&r.byline())
                )
                .unwrap();
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</article>\n");
}

#[cfg(test)]
mod tests;
