//! A document as bytes, for formats whose reading is costly (a PDF's pages): the library keeps
//! them with the file's stamp, so that reopening the file, even far in, reads no page again.
//! The blocks are replayed through the builder's own bookkeeping (tallies, words), and a kept
//! text that does not replay to the same blocks is refused: the file is read again instead.

use super::builder::{Blocks, Builder, Shape};
use super::{
    Block, BlockKind, Document, Format, Inline, InlineSpan, Link, LinkTarget, NoteRef, PageMark,
    Picture, Section,
};

/// The first bytes of a kept text, with the layout's version: another version is not read.
const MAGIC: &[u8] = b"gloss-kept-2\n";

impl Document {
    /// The document as bytes that [`Document::from_kept`] reads back.
    pub fn to_kept(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(
            self.content.len() + self.blocks.len() * 8,
        ));
        w.0.extend_from_slice(MAGIC);
        w.str(self.format.as_str());
        w.str(&self.title);
        w.str(self.author.as_deref().unwrap_or(""));
        w.u32(self.warnings.len());
        for warning in &self.warnings {
            w.str(warning);
        }
        w.str(&self.content);
        w.u32(self.blocks.len());
        for b in &self.blocks {
            let (kind, level) = kind_code(b.kind);
            w.0.extend_from_slice(&[kind, level, b.quote_depth, b.indent, b.hang]);
            w.0.push(u8::from(b.continues));
            w.u32(b.start());
            w.u32(b.end() - b.start());
        }
        w.u32(self.spans.len());
        for s in &self.spans {
            w.0.push(inline_code(s.style));
            w.u32(s.start);
            w.u32(s.end);
        }
        w.u32(self.contents.len());
        for s in &self.contents {
            w.str(&s.title);
            w.0.push(s.level);
            w.u32(s.start);
        }
        w.u32(self.notes.len());
        for n in &self.notes {
            w.u32(n.start);
            w.u32(n.end);
            w.u32(n.note.start);
            w.u32(n.note.end);
        }
        w.u32(self.marks.len());
        for m in &self.marks {
            w.u32(m.start);
            w.u32(m.end);
        }
        w.u32(self.pages.len());
        for p in &self.pages {
            w.u32(p.start);
            w.str(&p.label);
        }
        w.u32(self.pictures.len());
        for p in &self.pictures {
            w.u32(p.at);
            w.str(&p.source);
            let (width, height) = p.size.unwrap_or((0, 0));
            w.u32(width as usize);
            w.u32(height as usize);
        }
        w.u32(self.links.len());
        for l in &self.links {
            w.u32(l.start);
            w.u32(l.end);
            match &l.target {
                LinkTarget::Place(at) => {
                    w.0.push(0);
                    w.u32(*at);
                }
                LinkTarget::Address(address) => {
                    w.0.push(1);
                    w.str(address);
                }
            }
        }
        w.0
    }

    /// A document kept by [`Document::to_kept`]; `None` when the bytes are not one (another
    /// version, damage): the file is then read again.
    pub fn from_kept(bytes: &[u8]) -> Option<Document> {
        let mut r = Reader(bytes.strip_prefix(MAGIC)?);
        let format = Format::from_name(r.str()?)?;
        let title = r.str()?.to_string();
        let author = Some(r.str()?.to_string()).filter(|a| !a.is_empty());
        let warnings = (0..r.u32()?)
            .map(|_| r.str().map(str::to_string))
            .collect::<Option<Vec<_>>>()?;
        let content = r.str()?.to_string();
        let count = r.u32()?;
        let mut stored: Vec<Block> = Vec::with_capacity(count.min(bytes.len() / 14));
        for _ in 0..count {
            let head = r.take(6)?;
            let kind = kind_of(head[0], head[1])?;
            let (from, len) = (r.u32()?, r.u32()?);
            let range = from..from.checked_add(len)?;
            if range.end > content.len() || len > super::MAX_COLLAPSED_BYTES {
                return None;
            }
            let mut block = Block::new(kind, range);
            block.quote_depth = head[2];
            block.indent = head[3];
            block.hang = head[4];
            block.continues = head[5] == 1;
            stored.push(block);
        }
        // The blocks replayed: a block and the pieces that continue it are recorded whole, and
        // the builder splits them again as it did.
        let mut blocks = Blocks::default();
        let mut i = 0;
        while i < stored.len() {
            let first = &stored[i];
            let mut end = first.end();
            let mut j = i + 1;
            while j < stored.len() && stored[j].continues {
                end = stored[j].end();
                j += 1;
            }
            if !content.is_char_boundary(first.start()) || !content.is_char_boundary(end) {
                return None;
            }
            let shape = Shape {
                quote_depth: first.quote_depth,
                indent: first.indent.into(),
                hang: first.hang.into(),
            };
            blocks.record(content.as_bytes(), first.kind, shape, first.start()..end);
            i = j;
        }
        let spans = (0..r.u32()?)
            .map(|_| {
                Some(InlineSpan {
                    style: inline_of(r.take(1)?[0])?,
                    start: r.u32()?,
                    end: r.u32()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let contents = (0..r.u32()?)
            .map(|_| {
                Some(Section {
                    title: r.str()?.to_string(),
                    level: r.take(1)?[0],
                    start: r.u32()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let notes = (0..r.u32()?)
            .map(|_| {
                Some(NoteRef {
                    start: r.u32()?,
                    end: r.u32()?,
                    note: r.u32()?..r.u32()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let marks = (0..r.u32()?)
            .map(|_| Some(r.u32()?..r.u32()?))
            .collect::<Option<Vec<_>>>()?;
        let pages = (0..r.u32()?)
            .map(|_| {
                Some(PageMark {
                    start: r.u32()?,
                    label: r.str()?.to_string(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let pictures = (0..r.u32()?)
            .map(|_| {
                let at = r.u32()?;
                let source = r.str()?.to_string();
                let size = (r.u32()? as u32, r.u32()? as u32);
                Some(Picture {
                    at,
                    source,
                    size: (size.0 > 0 && size.1 > 0).then_some(size),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let links = (0..r.u32()?)
            .map(|_| {
                let (start, end) = (r.u32()?, r.u32()?);
                let target = match r.take(1)?[0] {
                    0 => LinkTarget::Place(r.u32()?),
                    1 => LinkTarget::Address(r.str()?.to_string()),
                    _ => return None,
                };
                Some(Link { start, end, target })
            })
            .collect::<Option<Vec<_>>>()?;
        let len = content.len();
        let in_content = |at: usize| at <= len;
        let placed = spans.iter().all(|s| s.start <= s.end && in_content(s.end))
            && contents.iter().all(|s| in_content(s.start))
            && notes
                .iter()
                .all(|n| in_content(n.end) && in_content(n.note.end))
            && marks.iter().all(|m| in_content(m.end))
            && pages.iter().all(|p| in_content(p.start))
            && pictures.iter().all(|p| in_content(p.at))
            && links.iter().all(|l| {
                l.start <= l.end
                    && in_content(l.end)
                    && !matches!(l.target, LinkTarget::Place(at) if !in_content(at))
            });
        if !placed || !r.0.is_empty() {
            return None;
        }
        let mut builder = Builder::written(format, content, blocks);
        for span in spans {
            builder.keep_span(span);
        }
        let mut doc = builder.finish(title);
        if doc.blocks != stored {
            return None;
        }
        doc.author = author;
        doc.warnings = warnings;
        if !contents.is_empty() {
            doc.set_contents(contents);
        }
        doc.notes = notes;
        doc.marks = marks;
        doc.pages = pages;
        doc.pictures = pictures;
        doc.links = links;
        Some(doc)
    }
}

/// Every block kind and its code in a kept text (the heading's level apart).
const KINDS: &[BlockKind] = &[
    BlockKind::Paragraph,
    BlockKind::ListItem,
    BlockKind::Code,
    BlockKind::Note,
    BlockKind::Caption,
    BlockKind::Preformatted,
    BlockKind::Verse,
    BlockKind::Centered,
    BlockKind::Furniture,
    BlockKind::Boilerplate,
    BlockKind::Image,
];

fn kind_code(kind: BlockKind) -> (u8, u8) {
    match kind {
        BlockKind::Heading(level) => (0, level),
        kind => (
            KINDS
                .iter()
                .position(|k| *k == kind)
                .map_or(1, |i| i as u8 + 1),
            0,
        ),
    }
}

fn kind_of(code: u8, level: u8) -> Option<BlockKind> {
    match code {
        0 => Some(BlockKind::Heading(level)),
        n => KINDS.get(usize::from(n) - 1).copied(),
    }
}

const INLINES: &[Inline] = &[
    Inline::Emphasis,
    Inline::Strong,
    Inline::Code,
    Inline::Link,
    Inline::Strikethrough,
    Inline::LineNumber,
];

fn inline_code(style: Inline) -> u8 {
    INLINES.iter().position(|s| *s == style).unwrap_or(0) as u8
}

fn inline_of(code: u8) -> Option<Inline> {
    INLINES.get(usize::from(code)).copied()
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u32).to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u32(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(taken)
    }

    fn u32(&mut self) -> Option<usize> {
        let bytes = self.take(4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()?;
        std::str::from_utf8(self.take(len)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_document_reads_back_the_same() {
        let text = "# Title\n\nA paragraph with *emphasis*.\n\n> quoted\n\n- an item\n\n"
            .repeat(50)
            + &"A giant paragraph. ".repeat(3000);
        let mut doc = Document::from_text(&text, "t.md", Format::MARKDOWN);
        doc.pages = vec![
            PageMark {
                start: 0,
                label: "i".into(),
            },
            PageMark {
                start: 40,
                label: "1".into(),
            },
        ];
        doc.author = Some("A. Writer".into());
        doc.pictures = vec![
            Picture {
                at: 9,
                source: "0/1".into(),
                size: Some((640, 480)),
            },
            Picture {
                at: 40,
                source: "images/fig 2.svg".into(),
                size: None,
            },
        ];
        doc.links = vec![
            Link {
                start: 2,
                end: 7,
                target: LinkTarget::Place(40),
            },
            Link {
                start: 9,
                end: 12,
                target: LinkTarget::Address("https://example.org/".into()),
            },
        ];
        let back = Document::from_kept(&doc.to_kept()).expect("reads back");
        assert_eq!(back.content, doc.content);
        assert_eq!(back.blocks, doc.blocks);
        assert_eq!(back.spans, doc.spans);
        assert_eq!(back.contents, doc.contents);
        assert_eq!(back.pages, doc.pages);
        assert_eq!(back.pictures, doc.pictures);
        assert_eq!(back.links, doc.links);
        assert_eq!(back.hash, doc.hash);
        assert_eq!(back.words(), doc.words());
        assert_eq!(back.chars, doc.chars);
        assert_eq!(back.author, doc.author);
        let far = doc.content.len() - 10;
        assert_eq!(back.char_of(far), doc.char_of(far));
    }

    #[test]
    fn damaged_or_foreign_bytes_are_no_document() {
        let doc = Document::from_text("One.\n\nTwo.\n", "t.txt", Format::TEXT);
        let kept = doc.to_kept();
        for cut in [0, 5, kept.len() / 2, kept.len() - 1] {
            assert!(Document::from_kept(&kept[..cut]).is_none(), "cut at {cut}");
        }
        let mut flipped = kept.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xff;
        assert!(Document::from_kept(&flipped).is_none());
        assert!(Document::from_kept(b"gloss-kept-0\n").is_none());
    }
}
