//! Markdown through pulldown-cmark, flattened into blocks: headings, paragraphs, list items
//! (marker in the text, nesting as indentation), block quotes (as a depth), code blocks, tables
//! (a row per block) and footnote definitions (as notes). Raw HTML is dropped.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::builder::{Builder, Item, Shape};
use super::{BlockKind, Document, Format, Inline, Picture, title_from_name};

struct State {
    b: Builder,
    quote_depth: u8,
    /// Next number of each open list; `None` for bullet lists.
    lists: Vec<Option<u64>>,
    items: Vec<Item>,
    /// Open inline styles: (style, content offset where it started).
    inline: Vec<(Inline, usize)>,
    in_metadata: bool,
    title: Option<String>,
    first_heading: Option<String>,
    heading_level: Option<u8>,
    /// The image being read: where it is, and its alt text so far.
    image: Option<(String, String)>,
    /// The table being read: its rows of cells, laid out when it ends.
    table: Option<Vec<Vec<String>>>,
    /// The HTML block being read, converted when it ends.
    html: Option<String>,
    pictures: Vec<Picture>,
}

impl State {
    fn shape(&self) -> Shape {
        Shape {
            quote_depth: self.quote_depth,
            indent: self.items.iter().map(|i| i.marker_width).sum(),
            hang: 0,
        }
    }

    fn begin(&mut self, kind: BlockKind) {
        self.b.begin_in(kind, self.quote_depth, &mut self.items);
    }

    /// Makes sure text has a block to go into (tight list items have no paragraph events).
    fn ensure_open(&mut self) {
        if !self.b.is_open() {
            self.begin(BlockKind::Paragraph);
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_metadata {
            return;
        }
        if let Some((_, alt)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        if let Some(cell) = self.table.as_mut().and_then(|t| t.last_mut()?.last_mut()) {
            cell.push_str(text);
            return;
        }
        self.ensure_open();
        self.b.push(text);
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            // A tight list item's text may already have opened the block.
            Tag::Paragraph => self.ensure_open(),
            Tag::Heading { level, .. } => {
                let level = heading_level(level);
                self.heading_level = Some(level);
                self.begin(BlockKind::Heading(level));
            }
            Tag::BlockQuote(_) => {
                self.b.end();
                self.quote_depth = self.quote_depth.saturating_add(1);
            }
            Tag::CodeBlock(_) => self.begin(BlockKind::Code),
            Tag::List(start) => {
                self.b.end();
                self.lists.push(start);
            }
            Tag::Item => {
                self.b.end();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                self.items.push(Item {
                    marker_width: marker.chars().count() as u16,
                    marker: Some(marker),
                });
            }
            Tag::FootnoteDefinition(label) => {
                let marker = format!("{label}. ");
                let shape = Shape {
                    hang: marker.chars().count() as u16,
                    ..self.shape()
                };
                self.b.begin(BlockKind::Note, shape);
                self.b.push(&marker);
            }
            Tag::Table(_) => {
                self.b.end();
                self.table = Some(Vec::new());
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.last_mut()) {
                    row.push(String::new());
                }
            }
            Tag::HtmlBlock => {
                self.b.end();
                self.html = Some(String::new());
            }
            Tag::Emphasis => self.open_inline(Inline::Emphasis),
            Tag::Strong => self.open_inline(Inline::Strong),
            Tag::Strikethrough => self.open_inline(Inline::Strikethrough),
            Tag::Link { .. } => self.open_inline(Inline::Link),
            Tag::MetadataBlock(_) => self.in_metadata = true,
            Tag::Image { dest_url, .. } => self.image = Some((dest_url.to_string(), String::new())),
            _ => {}
        }
    }

    fn open_inline(&mut self, style: Inline) {
        self.ensure_open();
        self.inline.push((style, self.b.len()));
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                let text = self.b.current().to_string();
                if self.heading_level == Some(1) && self.title.is_none() && !text.is_empty() {
                    self.title = Some(text.clone());
                }
                if self.first_heading.is_none() && !text.is_empty() {
                    self.first_heading = Some(text);
                }
                self.heading_level = None;
                self.b.end();
            }
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::FootnoteDefinition => self.b.end(),
            TagEnd::Table => self.table(),
            TagEnd::HtmlBlock => self.html_block(),
            TagEnd::BlockQuote(_) => {
                self.b.end();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.b.end();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.b.end();
                self.items.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                if let Some((style, start)) = self.inline.pop() {
                    self.b.style_since(start, style);
                }
            }
            TagEnd::MetadataBlock(_) => self.in_metadata = false,
            TagEnd::Image => self.image(),
            _ => {}
        }
    }

    /// A table ends: its rows aligned in columns when it is narrow enough, else a paragraph
    /// each.
    fn table(&mut self) {
        let Some(rows) = self.table.take() else {
            return;
        };
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|row| row.iter().map(|c| collapse(c)).collect())
            .collect();
        match super::table::aligned(&rows) {
            Some(lines) => {
                self.begin(BlockKind::Code);
                self.b.push(&lines.join("\n"));
            }
            None => {
                for row in &rows {
                    self.begin(BlockKind::Paragraph);
                    self.b.push(&row.join(" │ "));
                }
            }
        }
        self.b.end();
    }

    /// An HTML block ends (a README's `<p align="center">`, a `<details>`): its text, in the
    /// blocks its elements make, as a page's would be.
    fn html_block(&mut self) {
        let Some(html) = self.html.take() else {
            return;
        };
        let b = std::mem::replace(&mut self.b, Builder::new(Format::MARKDOWN, 0));
        let mut converter = super::html::Converter::new(b);
        converter.convert(&html, "");
        self.pictures.append(&mut converter.pictures);
        self.b = converter.b;
    }

    /// An image ends: in running text its alt text stays in the line; on its own it is a
    /// picture, its placeholder a block of its own.
    fn image(&mut self) {
        let Some((source, alt)) = self.image.take() else {
            return;
        };
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let label = if alt.is_empty() {
            "[image]".to_string()
        } else {
            format!("[image: {alt}]")
        };
        if self.b.is_open() && !self.b.current().is_empty() {
            if !alt.is_empty() {
                self.b.push(&label);
            }
            return;
        }
        self.b.end();
        self.begin(BlockKind::Image);
        let at = self.b.len() - self.b.current().len();
        self.b.push(&label);
        self.b.end();
        if !source.trim().is_empty() {
            self.pictures.push(Picture {
                at,
                source: super::html::picture_source("", &source),
                size: None,
            });
        }
    }
}

pub(super) fn parse(text: &str, name: &str) -> Document {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut s = State {
        b: Builder::new(Format::MARKDOWN, text.len()),
        quote_depth: 0,
        lists: Vec::new(),
        items: Vec::new(),
        inline: Vec::new(),
        in_metadata: false,
        title: None,
        first_heading: None,
        heading_level: None,
        image: None,
        table: None,
        html: None,
        pictures: Vec::new(),
    };
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => s.start(tag),
            Event::End(tag) => s.end(tag),
            Event::Text(t) => s.text(&t),
            // Code in a table's cell or an image's alt text is their text.
            Event::Code(t) if s.table.is_some() || s.image.is_some() => s.text(&t),
            Event::Code(t) => {
                s.ensure_open();
                s.b.push_styled(&t, Inline::Code);
            }
            Event::SoftBreak => s.text(" "),
            Event::HardBreak => s.text("\n"),
            Event::FootnoteReference(label) => {
                s.ensure_open();
                s.b.push_styled(&format!("[{label}]"), Inline::Link);
            }
            Event::TaskListMarker(done) => s.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {
                s.b.end();
                s.begin(BlockKind::Caption);
                s.b.push(RULE);
                s.b.end();
            }
            Event::Html(html) => {
                if let Some(block) = &mut s.html {
                    block.push_str(&html);
                }
            }
            // A line break written as HTML in a paragraph; other inline tags are markup only.
            Event::InlineHtml(tag) if is_break(&tag) => s.text("\n"),
            // Math is not shown.
            _ => {}
        }
    }
    let title = s
        .title
        .or(s.first_heading)
        .unwrap_or_else(|| title_from_name(name));
    let mut doc = s.b.finish(title);
    doc.pictures = s.pictures;
    doc
}

/// A thematic break, drawn as a book's section break is (see the HTML `<hr>`).
const RULE: &str = "* * *";

/// `<br>`, `<br/>`, `<BR />`.
fn is_break(tag: &str) -> bool {
    let tag = tag.trim().to_ascii_lowercase();
    tag.strip_prefix("<br").is_some_and(|rest| {
        rest.trim_end_matches('>')
            .trim_end_matches('/')
            .trim()
            .is_empty()
    })
}

/// Whitespace runs folded to one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> Vec<(BlockKind, String, u8, u8, u8)> {
        let doc = parse(md, "x.md");
        doc.blocks
            .iter()
            .map(|b| {
                (
                    b.kind,
                    doc.text(b).to_string(),
                    b.indent,
                    b.hang,
                    b.quote_depth,
                )
            })
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_emphasis() {
        let md = "# The Title\n\nSome *soft*\nand **strong** `code` text.\n\n## Part\n\nMore.";
        let doc = parse(md, "x.md");
        assert_eq!(doc.title, "The Title");
        assert_eq!(
            doc.content,
            "The Title\nSome soft and strong code text.\nPart\nMore."
        );
        assert_eq!(doc.blocks[0].kind, BlockKind::Heading(1));
        assert_eq!(doc.blocks[2].kind, BlockKind::Heading(2));
        let styled: Vec<(&str, Inline)> = doc
            .spans
            .iter()
            .map(|s| (&doc.content[s.start..s.end], s.style))
            .collect();
        assert_eq!(
            styled,
            [
                ("soft", Inline::Emphasis),
                ("strong", Inline::Strong),
                ("code", Inline::Code)
            ]
        );
    }

    #[test]
    fn lists_quotes_code_and_notes() {
        let md = "- one\n- two\n  1. nested\n\n> quoted\n> text\n\n```\nfn x() {\n\tok\n}\n```\n\n\
            Ref[^n].\n\n[^n]: The note.\n";
        let b = blocks(md);
        assert_eq!(b[0], (BlockKind::ListItem, "• one".into(), 0, 2, 0));
        assert_eq!(b[1], (BlockKind::ListItem, "• two".into(), 0, 2, 0));
        assert_eq!(b[2], (BlockKind::ListItem, "1. nested".into(), 2, 3, 0));
        assert_eq!(b[3], (BlockKind::Paragraph, "quoted text".into(), 0, 0, 1));
        assert_eq!(
            b[4],
            (BlockKind::Code, "fn x() {\n    ok\n}".into(), 0, 0, 0)
        );
        assert_eq!(b[5].1, "Ref[n].");
        assert_eq!(b[6], (BlockKind::Note, "n. The note.".into(), 0, 3, 0));
    }

    #[test]
    fn an_item_that_opens_with_a_nested_list_keeps_both_markers() {
        let b = blocks("1. 10. deep\n");
        assert_eq!(b, [(BlockKind::ListItem, "1. 10. deep".into(), 0, 7, 0)]);
    }

    #[test]
    fn loose_items_with_two_paragraphs() {
        let b = blocks("1. First para.\n\n   Second para.\n\n2. Next.\n");
        assert_eq!(
            b[0],
            (BlockKind::ListItem, "1. First para.".into(), 0, 3, 0)
        );
        assert_eq!(b[1], (BlockKind::Paragraph, "Second para.".into(), 3, 0, 0));
        assert_eq!(b[2], (BlockKind::ListItem, "2. Next.".into(), 0, 3, 0));
    }

    #[test]
    fn tables_align_html_blocks_show_their_text_and_rules_are_drawn() {
        let md = "---\ntitle: x\n---\n\n| name | `n` |\n|---|--:|\n| one | 1 |\n| three | 333 |\n\n\
                  <p align=\"center\">\n  <b>Centred</b> words<br>and more\n</p>\n\n\
                  <details><summary>More</summary>\n\nHidden *until* opened.\n\n</details>\n\n\
                  ***\n\nA line<br/>broken. End.";
        let doc = parse(md, "notes.md");
        let blocks: Vec<(BlockKind, &str)> =
            doc.blocks.iter().map(|b| (b.kind, doc.text(b))).collect();
        assert_eq!(
            blocks,
            [
                (BlockKind::Code, "name  │ n\none   │ 1\nthree │ 333"),
                (BlockKind::Paragraph, "Centred words\nand more"),
                (BlockKind::Paragraph, "More"),
                (BlockKind::Paragraph, "Hidden until opened."),
                (BlockKind::Caption, "* * *"),
                (BlockKind::Paragraph, "A line\nbroken. End."),
            ]
        );
        assert_eq!(doc.title, "Notes");
    }

    #[test]
    fn an_image_alone_is_a_picture_and_one_in_a_line_its_alt_text() {
        let md =
            "Intro.\n\n![A *map* of Europe](img/map%201.png \"t\")\n\nSee ![the key](k.png) here.";
        let doc = parse(md, "notes.md");
        let texts: Vec<&str> = doc.blocks.iter().map(|b| doc.text(b)).collect();
        assert_eq!(
            texts,
            [
                "Intro.",
                "[image: A map of Europe]",
                "See [image: the key] here."
            ]
        );
        assert_eq!(doc.blocks[1].kind, BlockKind::Image);
        assert_eq!(doc.words(), 6);
        assert_eq!(
            doc.pictures,
            [Picture {
                at: doc.blocks[1].start(),
                source: "img/map 1.png".into(),
                size: None
            }]
        );
    }
}
