//! The annotated book: a text whole, its highlights marked in place in their colours, each
//! numbered where it ends, and its note, tags and replies under the paragraph where it ends;
//! the contents first, the highlights not found in this copy last. One self-contained HTML page
//! or one Markdown file, escaped as the other exports are (everything from the text and from
//! readers is literal text).

use std::fmt::Write as _;
use std::ops::Range;

use super::escape_html;
use super::notes::{Notebook, Passage, SHADES, escape_line, markdown_heading, markdown_text};
use crate::document::{BlockKind, Document};

/// A stretch of a block's text and the highlights over it (their numbers, 0-based).
struct Piece<'a> {
    text: &'a str,
    over: Vec<usize>,
    /// Highlights that end with this piece.
    ending: Vec<usize>,
}

/// The text cut where highlights begin and end: each block's pieces, and the highlights that
/// end in it (whose notes follow it).
struct Cut<'a> {
    blocks: Vec<(usize, Vec<Piece<'a>>, Vec<usize>)>,
    /// The byte range of each placed highlight (by its number), `None` for an orphan.
    placed: Vec<Option<Range<usize>>>,
}

fn cut<'a>(doc: &'a Document, passages: &[Passage]) -> Cut<'a> {
    let placed: Vec<Option<Range<usize>>> = passages
        .iter()
        .map(|p| {
            let range = doc.byte_of(p.start)..doc.byte_of(p.end);
            (!p.orphaned && range.start < range.end).then_some(range)
        })
        .collect();
    // The block each highlight ends in (its last byte's).
    let end_block: Vec<Option<usize>> = placed
        .iter()
        .map(|r| r.as_ref().map(|r| doc.block_at(r.end - 1)))
        .collect();
    let mut blocks = Vec::with_capacity(doc.blocks.len());
    // Highlights by start, walked once: those begun and not yet ended are the open ones.
    let mut by_start: Vec<usize> = (0..placed.len()).filter(|&i| placed[i].is_some()).collect();
    by_start.sort_by_key(|&i| placed[i].as_ref().map(|r| r.start));
    let mut next = 0;
    let mut open: Vec<usize> = Vec::new();
    for (b, block) in doc.blocks.iter().enumerate() {
        let range = block.range();
        while next < by_start.len()
            && placed[by_start[next]]
                .as_ref()
                .is_some_and(|r| r.start < range.end)
        {
            open.push(by_start[next]);
            next += 1;
        }
        open.retain(|&i| placed[i].as_ref().is_some_and(|r| r.end > range.start));
        let mut cuts = vec![range.start, range.end];
        for &i in &open {
            let r = placed[i].as_ref().expect("open ones are placed");
            cuts.extend([r.start, r.end].into_iter().filter(|c| range.contains(c)));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let pieces = cuts
            .windows(2)
            .map(|w| {
                let over: Vec<usize> = open
                    .iter()
                    .copied()
                    .filter(|&i| {
                        placed[i]
                            .as_ref()
                            .is_some_and(|r| r.start <= w[0] && w[1] <= r.end)
                    })
                    .collect();
                // Its last piece: where it ends, or the end of the block it ends in (a highlight
                // may take in the line break after a paragraph).
                let last = |i: &usize| {
                    placed[*i].as_ref().is_some_and(|r| r.end == w[1])
                        || (end_block[*i] == Some(b) && w[1] == range.end)
                };
                let ending = over.iter().copied().filter(last).collect();
                Piece {
                    text: &doc.content[w[0]..w[1]],
                    over,
                    ending,
                }
            })
            .collect();
        let notes = (0..placed.len())
            .filter(|&i| end_block[i] == Some(b))
            .collect();
        blocks.push((b, pieces, notes));
    }
    Cut { blocks, placed }
}

const STYLE: &str = "\
body{font:17px/1.6 Georgia,'Times New Roman',serif;color:#222;background:#fdfcf8;margin:0}
main{max-width:46em;margin:0 auto;padding:2em 1.2em 4em}
p,pre{margin:0 0 .9em}
.verse{white-space:pre-wrap}
.dim{color:#888}
mark{padding:0 .05em;color:inherit}
sup.ref{font:11px system-ui,sans-serif;margin-left:.1em}
aside{margin:.2em 0 1.2em 1.2em;padding:.1em 0 .1em .8em;border-left:2px solid #ccc;font-size:.92em}
aside p{margin:.2em 0;white-space:pre-wrap}
.meta{font:13px/1.4 system-ui,sans-serif;color:#666}
.tag{background:#eee;border-radius:3px;padding:0 .3em;margin-left:.3em}
.reply{margin:.3em 0 0 1em;padding-left:.6em;border-left:2px solid #e6e6e6}
nav ol{padding-left:1.2em}
";

/// The shade of the highlights over a piece: the one begun last (innermost).
fn shade(passages: &[Passage], over: &[usize]) -> &'static str {
    let color = over.last().map_or(1, |&i| passages[i].color);
    SHADES[usize::from(color.clamp(1, 5)) - 1]
}

/// The members whose highlights are in the book, in order of their first, each with a colour
/// of its own (for the words several of them highlighted).
fn member_shades(passages: &[Passage]) -> Vec<(&str, &'static str)> {
    let mut members: Vec<&str> = Vec::new();
    for p in passages {
        if !members.contains(&p.author.as_str()) {
            members.push(&p.author);
        }
    }
    members
        .into_iter()
        .enumerate()
        .map(|(i, name)| (name, SHADES[i % SHADES.len()]))
        .collect()
}

/// The `style` and `title` of a piece's mark: its highlight's shade; or, when several members
/// highlighted it, a stripe of each one's colour and their names.
fn mark_style(
    passages: &[Passage],
    over: &[usize],
    members: &[(&str, &'static str)],
) -> (String, Option<String>) {
    let mut authors: Vec<&str> = Vec::new();
    for &i in over {
        if !authors.contains(&passages[i].author.as_str()) {
            authors.push(&passages[i].author);
        }
    }
    if authors.len() < 2 {
        return (format!("background:{}", shade(passages, over)), None);
    }
    let share = 100.0 / authors.len() as f64;
    let stripes: Vec<String> = authors
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let colour = members
                .iter()
                .find(|(m, _)| m == name)
                .map_or(SHADES[0], |m| m.1);
            format!(
                "{colour} {:.2}% {:.2}%",
                k as f64 * share,
                (k + 1) as f64 * share
            )
        })
        .collect();
    (
        format!("background:linear-gradient(180deg,{})", stripes.join(",")),
        Some(authors.join(", ")),
    )
}

/// The whole text with its highlights, as one HTML page.
pub fn html(doc: &Document, book: &Notebook) -> String {
    let passages = &book.passages;
    let cut = cut(doc, passages);
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    writeln!(out, "<title>{}</title>", escape_html(&book.title)).unwrap();
    writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>").unwrap();
    writeln!(out, "<h1>{}</h1>", escape_html(&book.title)).unwrap();
    // With several members' highlights: whose colour is whose, for the words they share.
    let members = member_shades(passages);
    if members.len() > 1 {
        out.push_str(
            "<p class=\"meta\">Words several members highlighted are striped, a colour each:",
        );
        for (name, colour) in &members {
            write!(
                out,
                " <mark style=\"background:{colour}\">{}</mark>",
                escape_html(name)
            )
            .unwrap();
        }
        out.push_str("</p>\n");
    }
    if !doc.contents.is_empty() {
        out.push_str("<nav>\n<h2>Contents</h2>\n<ol>\n");
        for (k, s) in doc.contents.iter().enumerate() {
            writeln!(
                out,
                "<li><a href=\"#s{k}\">{}</a></li>",
                escape_html(s.title.trim())
            )
            .unwrap();
        }
        out.push_str("</ol>\n</nav>\n");
    }
    for (b, pieces, notes) in &cut.blocks {
        let block = &doc.blocks[*b];
        let anchor = doc
            .contents
            .iter()
            .position(|s| s.start == block.start())
            .map(|k| format!(" id=\"s{k}\""))
            .unwrap_or_default();
        let (open, close) = match block.kind {
            BlockKind::Heading(level) => {
                let h = level.clamp(1, 5) + 1;
                (format!("<h{h}{anchor}>"), format!("</h{h}>"))
            }
            BlockKind::Code | BlockKind::Preformatted => {
                (format!("<pre{anchor}>"), "</pre>".into())
            }
            BlockKind::Verse | BlockKind::Centered | BlockKind::ListItem => {
                (format!("<p class=\"verse\"{anchor}>"), "</p>".into())
            }
            BlockKind::Caption
            | BlockKind::Image
            | BlockKind::Furniture
            | BlockKind::Boilerplate
            | BlockKind::Note => (format!("<p class=\"dim\"{anchor}>"), "</p>".into()),
            BlockKind::Paragraph => (format!("<p{anchor}>"), "</p>".into()),
        };
        out.push_str(&open);
        for piece in pieces {
            let text = escape_html(piece.text);
            if piece.over.is_empty() {
                out.push_str(&text);
            } else {
                let numbers: Vec<String> = piece.over.iter().map(|i| (i + 1).to_string()).collect();
                let (style, names) = mark_style(passages, &piece.over, &members);
                let title = names
                    .map(|n| format!(" title=\"{}\"", super::escape_attribute(&n)))
                    .unwrap_or_default();
                write!(
                    out,
                    "<mark data-highlight=\"{}\" style=\"{style}\"{title}>{text}</mark>",
                    numbers.join(" "),
                )
                .unwrap();
            }
            for &i in &piece.ending {
                let n = i + 1;
                write!(
                    out,
                    "<sup class=\"ref\"><a id=\"r{n}\" href=\"#n{n}\">{n}</a></sup>"
                )
                .unwrap();
            }
        }
        writeln!(out, "{close}").unwrap();
        for &i in notes {
            html_note(&mut out, i, &passages[i], true);
        }
    }
    let orphans: Vec<usize> = (0..passages.len())
        .filter(|&i| cut.placed[i].is_none())
        .collect();
    if !orphans.is_empty() {
        out.push_str("<h2>Not found in this copy of the text</h2>\n");
        for i in orphans {
            writeln!(
                out,
                "<blockquote>{}</blockquote>",
                escape_html(&passages[i].quote)
            )
            .unwrap();
            html_note(&mut out, i, &passages[i], false);
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// Highlight `i`'s note, tags and replies, linked back to its place when it has one.
fn html_note(out: &mut String, i: usize, p: &Passage, placed: bool) {
    let n = i + 1;
    writeln!(out, "<aside id=\"n{n}\">").unwrap();
    let number = if placed {
        format!("<a href=\"#r{n}\">{n}</a>")
    } else {
        n.to_string()
    };
    write!(
        out,
        "<p class=\"meta\">{number} · {}",
        escape_html(&p.byline())
    )
    .unwrap();
    for tag in &p.tags {
        write!(out, "<span class=\"tag\">#{}</span>", escape_html(tag)).unwrap();
    }
    out.push_str("</p>\n");
    if !p.note.is_empty() {
        writeln!(out, "<p>{}</p>", escape_html(&p.note)).unwrap();
    }
    for r in &p.thread {
        writeln!(
            out,
            "<div class=\"reply\"><p>{}</p><p class=\"meta\">{}</p></div>",
            escape_html(&r.body),
            escape_html(&r.byline())
        )
        .unwrap();
    }
    out.push_str("</aside>\n");
}

/// The whole text with its highlights, as Markdown: each highlight a `<mark>` (CommonMark keeps
/// inline HTML), its number after it, its note a block quote under the paragraph.
pub fn markdown(doc: &Document, book: &Notebook) -> String {
    let passages = &book.passages;
    let cut = cut(doc, passages);
    let mut out = format!("# {}\n\n", markdown_heading(&book.title));
    if !doc.contents.is_empty() {
        out.push_str("Contents:\n\n");
        for s in &doc.contents {
            let indent = "  ".repeat(usize::from(s.level.saturating_sub(1)));
            writeln!(out, "{indent}- {}", markdown_heading(s.title.trim())).unwrap();
        }
        out.push('\n');
    }
    for (b, pieces, notes) in &cut.blocks {
        let block = &doc.blocks[*b];
        let mut line = String::new();
        for piece in pieces {
            // Each piece escaped as a line of its own would be; its line breaks kept as breaks.
            let text = piece
                .text
                .split('\n')
                .map(escape_piece)
                .collect::<Vec<_>>()
                .join("\\\n");
            if piece.over.is_empty() {
                line.push_str(&text);
            } else {
                write!(
                    line,
                    "<mark style=\"background:{}\">{text}</mark>",
                    shade(passages, &piece.over)
                )
                .unwrap();
            }
            for &i in &piece.ending {
                write!(line, "<sup>{}</sup>", i + 1).unwrap();
            }
        }
        if line.trim().is_empty() {
            continue;
        }
        let line = line_ends(&line);
        match block.kind {
            BlockKind::Heading(level) => {
                let hashes = "#".repeat(usize::from(level.clamp(1, 5)) + 1);
                writeln!(out, "{hashes} {}\n", line.replace("\\\n", " ")).unwrap();
            }
            _ => writeln!(out, "{line}\n").unwrap(),
        }
        for &i in notes {
            markdown_note(&mut out, i, &passages[i]);
        }
    }
    let orphans: Vec<usize> = (0..passages.len())
        .filter(|&i| cut.placed[i].is_none())
        .collect();
    if !orphans.is_empty() {
        out.push_str("## Not found in this copy of the text\n\n");
        for i in orphans {
            writeln!(out, "{}\n", markdown_text(&passages[i].quote, "> ")).unwrap();
            markdown_note(&mut out, i, &passages[i]);
        }
    }
    out
}

/// A piece of a line escaped as literal text: the blanks at its edges left as they are (it is
/// inside a line); see [`line_ends`].
fn escape_piece(text: &str) -> String {
    let body = text.trim_matches([' ', '\t']);
    if body.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
    let trail = &text[lead.len() + body.len()..];
    format!("{lead}{}{trail}", escape_line(body, false))
}

/// Blanks at the ends of each line of `text` (lines parted by hard breaks) as entities: there
/// they would be dropped.
fn line_ends(text: &str) -> String {
    let entity = |blanks: &str| -> String {
        blanks
            .chars()
            .map(|c| if c == '\t' { "&#9;" } else { "&#32;" })
            .collect()
    };
    text.split("\\\n")
        .map(|l| {
            let body = l.trim_matches([' ', '\t']);
            let lead = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
            let trail = &l[lead.len() + body.len()..];
            format!("{}{body}{}", entity(lead), entity(trail))
        })
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// Highlight `i`'s note as a block quote: its number and byline, its tags, the note, replies.
fn markdown_note(out: &mut String, i: usize, p: &Passage) {
    let tags: String = p.tags.iter().map(|t| format!(" #{t}")).collect();
    let byline = markdown_text(&format!("{} · {}{tags}", i + 1, p.byline()), "");
    writeln!(out, "> *{byline}*").unwrap();
    if !p.note.is_empty() {
        writeln!(out, ">\n{}", markdown_text(&p.note, "> ")).unwrap();
    }
    for r in &p.thread {
        writeln!(
            out,
            ">\n{}",
            markdown_text(&format!("↳ {}: {}", r.author, r.body), "> ")
        )
        .unwrap();
    }
    out.push('\n');
}
