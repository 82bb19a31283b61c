//! HTML and XHTML (an EPUB chapter, a web page's article) flattened into the block model that
//! Markdown uses: headings, paragraphs, list items, block quotes, preformatted text, tables as
//! aligned rows, rules, images as a dimmed `[image: alt]` line, and inline emphasis and links.
//!
//! One [`Converter`] may take several HTML files in turn (the chapters of a book): it records
//! where every `id` lands in the content and every link, so that note references (`noteref`
//! links, superscript links, links to footnote or endnote elements) can be resolved to the note
//! they point to once the whole text is known. Parsing uses html5ever (through `dom_query`),
//! which reads malformed markup as a browser would.

use std::collections::HashMap;

use dom_query::{Document as Dom, NodeRef};

use super::builder::{Builder, Item};
use super::{BlockKind, Inline, NoteRef, Picture, nesting, sanitize};

/// Longest note shown from a reference, in bytes (a runaway "note" is a whole chapter).
const NOTE_MAX_BYTES: usize = 4096;

/// Where an element with an `id` landed in the content.
#[derive(Debug, Clone, Copy)]
struct Target {
    start: usize,
    end: usize,
    /// The element is a footnote or endnote (by `epub:type` or ARIA role).
    note: bool,
}

/// A link met in the text, resolved when the whole text is known.
#[derive(Debug)]
struct Link {
    start: usize,
    end: usize,
    /// `file#id`, relative links made absolute against the file they are in.
    target: String,
    /// Marked as a note reference, or a superscript link.
    noteref: bool,
}

/// Converts HTML documents into a [`Builder`], keeping what links need across files.
pub struct Converter {
    pub b: Builder,
    quote_depth: u8,
    lists: Vec<Option<u64>>,
    items: Vec<Item>,
    /// Inside `pre`: whitespace is kept.
    pre: u32,
    /// Inside a footnote or endnote element: paragraphs are notes.
    in_note: u32,
    /// A collapsed blank is owed before the next text.
    space: bool,
    /// The file being converted, for relative links and ids.
    file: String,
    ids: HashMap<String, Target>,
    links: Vec<Link>,
    /// Links to addresses outside the document: where their text is, and the address.
    addresses: Vec<(usize, usize, String)>,
    /// Control characters removed from the text.
    pub removed_controls: usize,
    /// The pictures met, each where its placeholder block starts; sized when the element
    /// says its size.
    pub pictures: Vec<Picture>,
    /// Inside a poem (see `is_poem`): its lines are kept, a stanza a block.
    poem: u32,
    /// The number of the verse line being read, shown after it.
    line_number: Option<String>,
}

impl Converter {
    pub fn new(b: Builder) -> Converter {
        Converter {
            b,
            quote_depth: 0,
            lists: Vec::new(),
            items: Vec::new(),
            pre: 0,
            in_note: 0,
            space: false,
            file: String::new(),
            ids: HashMap::new(),
            links: Vec::new(),
            addresses: Vec::new(),
            removed_controls: 0,
            pictures: Vec::new(),
            poem: 0,
            line_number: None,
        }
    }

    /// Converts the body of one HTML document; `file` names it for links between files.
    pub fn convert(&mut self, html: &str, file: &str) {
        let dom = Dom::from(nesting::shallow_html(html).as_ref());
        self.convert_dom(&dom, file);
    }

    /// Converts an already parsed document (or the body of one).
    pub fn convert_dom(&mut self, dom: &Dom, file: &str) {
        self.file = file.to_string();
        let body = dom.select("body");
        let root = match body.nodes().first() {
            Some(body) => *body,
            None => dom.root(),
        };
        // The body itself may carry an id that links point to (a chapter file).
        self.record_id(&root, self.b.len(), self.b.len(), false);
        // A direction the page gives all its text, on `<html>` or `<body>` (the body's wins).
        let page = dom.select("html");
        let given = [body.nodes().first(), page.nodes().first()]
            .into_iter()
            .flatten()
            .find_map(direction);
        let outer = given.map(|d| self.b.set_direction(d));
        self.children(&root);
        self.b.end();
        if let Some(outer) = outer {
            self.b.set_direction(outer);
        }
        self.lists.clear();
        self.items.clear();
        self.quote_depth = 0;
    }

    /// Byte offset in the content where `file` (a chapter) starts, if any id was seen there.
    pub fn file_start(&self, file: &str) -> Option<usize> {
        self.ids.get(&format!("{file}#")).map(|t| t.start)
    }

    /// Records that `file` starts at the current end of the content (before converting it).
    pub fn mark_file_start(&mut self, file: &str) {
        let at = self.b.len();
        self.ids.entry(format!("{file}#")).or_insert(Target {
            start: at,
            end: at,
            note: false,
        });
    }

    /// Where `file#id` (or `file` alone) landed, as a byte offset.
    pub fn target(&self, file_and_id: &str) -> Option<usize> {
        let key = if file_and_id.contains('#') {
            file_and_id.to_string()
        } else {
            format!("{file_and_id}#")
        };
        self.ids.get(&key).map(|t| t.start)
    }

    /// The links of the converted text that lead somewhere, against the final content: to a
    /// place in it (what note references do aside), or to an address outside.
    pub fn places_linked(&self, content: &str) -> Vec<super::Link> {
        let len = content.len();
        let mut links: Vec<super::Link> = self
            .links
            .iter()
            .filter(|link| link.end <= len && link.start < link.end)
            .filter_map(|link| {
                let target = self.ids.get(&link.target)?;
                (target.start <= len).then(|| super::Link {
                    start: link.start,
                    end: link.end,
                    target: super::LinkTarget::Place(skip_blanks(content, target.start)),
                })
            })
            .chain(
                self.addresses
                    .iter()
                    .filter(|(start, end, _)| *end <= len && start < end)
                    .map(|(start, end, address)| super::Link {
                        start: *start,
                        end: *end,
                        target: super::LinkTarget::Address(address.clone()),
                    }),
            )
            .collect();
        links.sort_by_key(|l| l.start);
        links.dedup_by_key(|l| l.start);
        links
    }

    /// Resolves note references against the final content: each one's note is the element it
    /// points to (a footnote), or the rest of the block holding the anchor it points to.
    pub fn note_refs(&self, content: &str, block_end: impl Fn(usize) -> usize) -> Vec<NoteRef> {
        let mut refs: Vec<NoteRef> = self
            .links
            .iter()
            .filter_map(|link| {
                let target = self.ids.get(&link.target)?;
                if !(link.noteref || target.note) || link.start >= link.end {
                    return None;
                }
                let start = skip_blanks(content, target.start.min(content.len()));
                let end = if target.end > target.start {
                    target.end.min(content.len())
                } else {
                    block_end(start)
                };
                let end = floor_char(content, end.min(start + NOTE_MAX_BYTES));
                (start < end && (end <= link.start || start >= link.end)).then(|| NoteRef {
                    start: link.start,
                    end: link.end.min(content.len()),
                    note: start..end,
                })
            })
            .collect();
        refs.sort_by_key(|r| r.start);
        refs.dedup_by_key(|r| r.start);
        refs
    }

    fn record_id(&mut self, node: &NodeRef<'_>, start: usize, end: usize, note: bool) {
        if let Some(id) = node.attr("id") {
            self.ids
                .insert(format!("{}#{}", self.file, id), Target { start, end, note });
        }
    }

    fn paragraph_kind(&self) -> BlockKind {
        if self.in_note > 0 {
            BlockKind::Note
        } else {
            BlockKind::Paragraph
        }
    }

    fn begin(&mut self, kind: BlockKind) {
        self.space = false;
        self.b.begin_in(kind, self.quote_depth, &mut self.items);
    }

    fn ensure_open(&mut self) {
        if !self.b.is_open() {
            let kind = self.paragraph_kind();
            self.begin(kind);
        }
    }

    fn end_block(&mut self) {
        self.b.end();
        self.space = false;
    }

    fn children(&mut self, node: &NodeRef<'_>) {
        for child in node.children_it(false) {
            self.node(&child);
        }
    }

    fn node(&mut self, node: &NodeRef<'_>) {
        if node.is_text() {
            self.text(&node.text());
            return;
        }
        if !node.is_element() {
            return;
        }
        let Some(name) = node.node_name() else {
            return;
        };
        let name = name.to_ascii_lowercase();
        if is_hidden(node, &name) {
            return;
        }
        if name == "rt" {
            // A ruby's reading: shown after the text it glosses, never part of it.
            self.b.push_reading(&collapse(&node.text()));
            return;
        }
        let note = is_note(node);
        let start = self.b.len();
        if note {
            self.end_block();
            self.in_note += 1;
        }
        let outer = direction(node).map(|d| self.b.set_direction(d));
        self.element(node, &name);
        if let Some(outer) = outer {
            self.b.set_direction(outer);
        }
        if note {
            self.end_block();
            self.in_note -= 1;
        }
        let end = if note || is_block(&name) {
            self.b.len()
        } else {
            start
        };
        self.record_id(node, start, end, note);
    }

    fn element(&mut self, node: &NodeRef<'_>, name: &str) {
        // A poem is a block (an inline `<span class="verse">` is a verse's number in a line).
        let block = is_block(name) || name == "blockquote";
        if (self.poem > 0 || block && is_poem(node)) && self.verse(node, name) {
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                self.end_block();
                self.begin(BlockKind::Heading(level));
                self.children(node);
                self.end_block();
            }
            "blockquote" => {
                self.end_block();
                self.quote_depth = self.quote_depth.saturating_add(1);
                self.children(node);
                self.end_block();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            "ul" | "ol" | "menu" => {
                self.end_block();
                let start = node
                    .attr("start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(1);
                self.lists.push((name == "ol").then_some(start));
                self.children(node);
                self.end_block();
                self.lists.pop();
            }
            "li" => {
                self.end_block();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    Some(None) => "• ".to_string(),
                    None => String::new(),
                };
                self.items.push(Item {
                    marker_width: marker.chars().count() as u16,
                    marker: (!marker.is_empty()).then_some(marker),
                });
                self.children(node);
                self.end_block();
                self.items.pop();
            }
            "pre" => {
                self.end_block();
                self.begin(BlockKind::Code);
                self.pre += 1;
                self.children(node);
                self.pre -= 1;
                self.end_block();
            }
            "table" => self.table(node),
            "hr" => {
                self.end_block();
                self.begin(BlockKind::Caption);
                self.b.push("* * *");
                self.end_block();
            }
            "img" | "svg" | "image" => {
                let alt = node
                    .attr("alt")
                    .or_else(|| node.attr("title"))
                    .map(|a| collapse(&a))
                    .unwrap_or_default();
                let open = self.b.is_open() && !self.b.current().is_empty();
                // An inline picture in running text (a symbol) stays in its line.
                if open {
                    if !alt.is_empty() {
                        self.text(&format!("[image: {alt}]"));
                    }
                    return;
                }
                self.end_block();
                self.begin(BlockKind::Image);
                let at = self.b.len() - self.b.current().len();
                let label = if alt.is_empty() {
                    "[image]".to_string()
                } else {
                    format!("[image: {}]", self.clean(&alt))
                };
                self.b.push(&label);
                self.end_block();
                // An SVG wrapper's picture is its `<image>` (a book's cover page).
                let image = match name {
                    "svg" => node.find(&["image"]).into_iter().next(),
                    _ => Some(*node),
                };
                let src = image
                    .and_then(|image| {
                        ["src", "href", "xlink:href", "data-src"]
                            .iter()
                            .find_map(|name| image.attr(name))
                    })
                    .filter(|src| !src.trim().is_empty());
                if let Some(src) = src {
                    let pixels = |name| {
                        node.attr(name)
                            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
                            .filter(|&n| n > 0)
                    };
                    self.pictures.push(Picture {
                        at,
                        source: picture_source(&self.file, &src),
                        size: pixels("width").zip(pixels("height")),
                    });
                }
            }
            "figcaption" | "caption" => {
                self.end_block();
                self.begin(BlockKind::Caption);
                self.children(node);
                self.end_block();
            }
            "br" => {
                self.end_verse_line();
                if self.b.is_open() && !self.b.current().is_empty() {
                    self.b.push("\n");
                    self.space = false;
                }
            }
            "em" | "i" | "cite" | "dfn" | "var" => self.inline(node, Inline::Emphasis),
            "strong" | "b" => self.inline(node, Inline::Strong),
            "code" | "kbd" | "samp" | "tt" => self.inline(node, Inline::Code),
            "s" | "strike" | "del" => self.inline(node, Inline::Strikethrough),
            "a" => self.link(node),
            "sup" => {
                // A superscript link is a note reference in most books.
                let links = node.find(&["a"]);
                if let [only] = links.as_slice()
                    && only.attr("href").is_some()
                {
                    self.ensure_open();
                    let start = self.b.len();
                    self.children(node);
                    if let Some(last) = self.links.last_mut()
                        && last.start >= start
                    {
                        last.noteref = true;
                    }
                } else {
                    self.children(node);
                }
            }
            "dt" => {
                self.end_block();
                self.begin(BlockKind::Paragraph);
                let start = self.b.len();
                self.children(node);
                self.b.style_since(start, Inline::Strong);
                self.end_block();
            }
            "dd" => {
                self.end_block();
                self.items.push(Item {
                    marker_width: 4,
                    marker: None,
                });
                self.children(node);
                self.end_block();
                self.items.pop();
            }
            _ if is_block(name) => {
                self.end_block();
                self.children(node);
                self.end_block();
            }
            _ => self.children(node),
        }
    }

    fn inline(&mut self, node: &NodeRef<'_>, style: Inline) {
        self.ensure_open();
        self.flush_space();
        let start = self.b.len();
        self.children(node);
        self.b.style_since(start, style);
    }

    fn link(&mut self, node: &NodeRef<'_>) {
        let Some(href) = node.attr("href") else {
            self.children(node);
            return;
        };
        self.ensure_open();
        self.flush_space();
        let start = self.b.len();
        self.children(node);
        let end = self.b.len();
        if start == end {
            return;
        }
        self.b.style_since(start, Inline::Link);
        let kind = node.attr("epub:type").unwrap_or_default();
        let role = node.attr("role").unwrap_or_default();
        let noteref = kind.split_whitespace().any(|k| k == "noteref")
            || role.as_ref() == "doc-noteref"
            || node.find(&["sup"]).len() == 1;
        match resolve_href(&self.file, &href) {
            Some(target) => self.links.push(Link {
                start,
                end,
                target,
                noteref,
            }),
            None => {
                let address = href.trim();
                let lower = address.to_ascii_lowercase();
                if ["http://", "https://", "mailto:", "ftp://"]
                    .iter()
                    .any(|scheme| lower.starts_with(scheme))
                {
                    self.addresses.push((start, end, address.to_string()));
                }
            }
        }
    }

    /// A table: aligned columns when it fits, else a line per row with `│` between cells.
    fn table(&mut self, node: &NodeRef<'_>) {
        self.end_block();
        let rows: Vec<Vec<String>> = node
            .find(&["tr"])
            .iter()
            .map(|tr| {
                tr.element_children()
                    .iter()
                    .filter(|c| {
                        c.node_name().is_some_and(|n| {
                            n.eq_ignore_ascii_case("td") || n.eq_ignore_ascii_case("th")
                        })
                    })
                    .map(|c| self.clean(&collapse(&c.text())))
                    .collect::<Vec<String>>()
            })
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .collect();
        if let Some(caption) = node.find(&["caption"]).first() {
            self.begin(BlockKind::Caption);
            let text = self.clean(&collapse(&caption.text()));
            self.b.push(&text);
            self.end_block();
        }
        match super::table::aligned(&rows) {
            Some(lines) => {
                self.begin(BlockKind::Code);
                self.b.push(&lines.join("\n"));
                self.end_block();
            }
            None => {
                for row in &rows {
                    self.begin(BlockKind::Paragraph);
                    self.b.push(&row.join(" │ "));
                    self.end_block();
                }
            }
        }
    }

    /// A poem's element, read as verse: the poem and its stanzas end blocks, each stanza a
    /// block of kept lines (a stanza's lines broken by `<br>`, or a block element a line);
    /// a line's number is kept for its end. False for what verse reads as prose does (inline
    /// elements).
    fn verse(&mut self, node: &NodeRef<'_>, name: &str) -> bool {
        let block = is_block(name) || name == "blockquote";
        if block && (is_poem(node) || has_block_child(node)) {
            self.end_block();
            self.poem += 1;
            self.children(node);
            self.end_verse_line();
            self.end_block();
            self.poem -= 1;
            return true;
        }
        if is_line_number(node) {
            self.line_number = Some(collapse(&node.text()));
            return true;
        }
        if !is_block(name) {
            return false;
        }
        if !node.find(&["br"]).is_empty() {
            // A stanza whose lines are broken by `<br>`.
            self.end_block();
            self.begin(BlockKind::Verse);
            self.children(node);
            self.end_verse_line();
            self.end_block();
            return true;
        }
        // A line: the next of the stanza's block, or its first.
        if self.b.open_kind() == Some(BlockKind::Verse) && !self.b.current().is_empty() {
            self.end_verse_line();
            self.b.push("\n");
            self.space = false;
        } else {
            self.end_block();
            self.begin(BlockKind::Verse);
        }
        self.children(node);
        self.end_verse_line();
        true
    }

    /// Ends a verse line with its number, if it has one, set apart.
    fn end_verse_line(&mut self) {
        if let Some(number) = self.line_number.take()
            && self.b.is_open()
        {
            self.b.push("   ");
            self.b.push_styled(&number, Inline::LineNumber);
        }
    }

    fn flush_space(&mut self) {
        if self.space {
            let current = self.b.current();
            if !current.is_empty() && !current.ends_with([' ', '\n']) {
                self.b.push(" ");
            }
            self.space = false;
        }
    }

    fn text(&mut self, text: &str) {
        let text = self.clean(text);
        if self.pre > 0 {
            self.ensure_open();
            // The newline right after <pre> is not content.
            let text = if self.b.current().is_empty() {
                text.strip_prefix('\n').unwrap_or(&text)
            } else {
                &text
            };
            self.b.push(text);
            return;
        }
        let mut words = text.split([' ', '\n', '\t', '\r', '\u{c}']).peekable();
        if text.starts_with([' ', '\n', '\t', '\r', '\u{c}']) {
            self.space = true;
        }
        while let Some(word) = words.next() {
            if word.is_empty() {
                continue;
            }
            self.ensure_open();
            self.flush_space();
            self.b.push(word);
            if words.peek().is_some() {
                self.space = true;
            }
        }
        if text.ends_with([' ', '\n', '\t', '\r', '\u{c}']) {
            self.space = true;
        }
    }

    /// Text from the document without control characters or escape sequences.
    fn clean(&mut self, text: &str) -> String {
        let (text, removed) = sanitize::clean_text(text);
        self.removed_controls += removed;
        text
    }
}

/// Elements whose content is never shown.
fn is_hidden(node: &NodeRef<'_>, name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "title"
            | "meta"
            | "link"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "iframe"
            | "embed"
            | "form"
            // A ruby's parentheses, for browsers without ruby: gloss draws its own.
            | "rp"
    ) || node.has_attr("hidden")
        || node
            .attr("style")
            .is_some_and(|style| is_display_none(&style))
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.as_ref() == "true")
}

/// The direction an element gives its text: `Some(Some(true))` right to left (`dir="rtl"`, or a
/// language written so: `lang="ar"`), `Some(Some(false))` left to right, `Some(None)` its
/// text's own (`dir="auto"`, or another language: an English quotation in an Arabic book);
/// `None` when it says nothing, and its parent's holds.
fn direction(node: &NodeRef<'_>) -> Option<Option<bool>> {
    if let Some(dir) = node.attr("dir") {
        match dir.trim().to_ascii_lowercase().as_str() {
            "rtl" => return Some(Some(true)),
            "ltr" => return Some(Some(false)),
            "auto" => return Some(None),
            _ => {}
        }
    }
    let lang = node.attr("xml:lang").or_else(|| node.attr("lang"))?;
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(
        RIGHT_TO_LEFT_LANGUAGES
            .contains(&primary.as_str())
            .then_some(true),
    )
}

/// Languages written right to left (ISO 639 codes): Arabic, Hebrew (and its old code), Persian,
/// Urdu, Yiddish, Pashto, Sindhi, Uyghur, Dhivehi, Sorani Kurdish, Syriac, N'Ko.
const RIGHT_TO_LEFT_LANGUAGES: &[&str] = &[
    "ar", "he", "iw", "fa", "ur", "yi", "ji", "ps", "sd", "ug", "dv", "ckb", "syr", "nqo",
];

/// Whether an inline style hides its element (`display: none`), the CSS a book uses to keep
/// an entry of its navigation document out of the page (the entry stays in the contents).
fn is_display_none(style: &str) -> bool {
    style.split(';').any(|rule| {
        rule.split_once(':').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("display")
                && value
                    .trim()
                    .trim_end_matches("!important")
                    .trim()
                    .eq_ignore_ascii_case("none")
        })
    })
}

/// An element that holds a footnote or an endnote.
fn is_note(node: &NodeRef<'_>) -> bool {
    let kind = node.attr("epub:type").unwrap_or_default();
    let role = node.attr("role").unwrap_or_default();
    kind.split_whitespace()
        .any(|k| matches!(k, "footnote" | "endnote" | "rearnote" | "note"))
        || matches!(role.as_ref(), "doc-footnote" | "doc-endnote")
}

/// A poem, or a stanza of one: EPUB's verse types, or the classes books give them (Project
/// Gutenberg's `poem` and `stanza`, TEI's `lg`).
fn is_poem(node: &NodeRef<'_>) -> bool {
    let kind = node.attr("epub:type").unwrap_or_default();
    let class = node.attr("class").unwrap_or_default();
    kind.split_whitespace().any(|k| {
        matches!(
            k,
            "z3998:poem" | "z3998:verse" | "z3998:song" | "z3998:hymn" | "z3998:lyrics"
        )
    }) || class.split_whitespace().any(|c| {
        matches!(
            c.to_ascii_lowercase().as_str(),
            "poem" | "poetry" | "verse" | "stanza" | "linegroup" | "lg"
        )
    })
}

/// A verse line's number, which print sets in the margin.
fn is_line_number(node: &NodeRef<'_>) -> bool {
    let class = node.attr("class").unwrap_or_default();
    class.split_whitespace().any(|c| {
        matches!(
            c.to_ascii_lowercase().as_str(),
            "linenum" | "linenumber" | "line-number" | "lineno" | "line-num" | "lnum"
        )
    })
}

/// Whether an element holds block elements (a stanza holds lines; a line holds text).
fn has_block_child(node: &NodeRef<'_>) -> bool {
    node.element_children().iter().any(|c| {
        c.node_name()
            .is_some_and(|n| is_block(&n.to_ascii_lowercase()))
    })
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "address"
            | "center"
            | "figure"
            | "dl"
            | "details"
            | "summary"
            | "fieldset"
            | "body"
            | "html"
            | "hgroup"
            | "tr"
            | "tbody"
            | "thead"
            | "tfoot"
    )
}

/// Whitespace runs folded to one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where a picture's `src` in `file` is: a path in the book (a chapter's folder is in its
/// name), or beside the page (a page's name has none: `..` is left for its folder to resolve),
/// else its address as written (on the web, or the image itself in a `data:` address).
pub fn picture_source(file: &str, src: &str) -> String {
    let src = src.trim();
    if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
        return src.to_string();
    }
    let path = percent_decode(src.split(['#', '?']).next().unwrap_or_default());
    if file.contains('/') {
        join_path(file, &path)
    } else {
        path
    }
}

/// `file#id` for a link from `from`; `None` for links outside the document (other sites).
pub fn resolve_href(from: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with("//") {
        return None;
    }
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let path = percent_decode(path);
    let file = if path.is_empty() {
        from.to_string()
    } else {
        join_path(from, &path)
    };
    Some(format!("{file}#{fragment}"))
}

/// `rel` made absolute against the folder of `base` (paths inside a zip, `/`-separated).
pub fn join_path(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    parts.pop(); // the file name of `base`
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `%20` and friends decoded (hrefs in package files are URL-encoded).
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn skip_blanks(content: &str, mut at: usize) -> usize {
    let bytes = content.as_bytes();
    while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b' ') {
        at += 1;
    }
    at
}

fn floor_char(content: &str, mut at: usize) -> usize {
    while !content.is_char_boundary(at) {
        at -= 1;
    }
    at
}
