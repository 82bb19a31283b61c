//! PDF: the text of a PDF's pages, read by `pdf_oxide` (MIT/Apache), put in reading order
//! ([`reading`]) and made into paragraphs without the page furniture ([`assemble`]); the
//! outline is the contents and page labels name the pages. A file is read a page at a time,
//! so that its beginning shows while the rest is read in the background.
//!
//! The parser is another crate's code running on hostile bytes: each call into it is made
//! with its panics contained ([`contained`]), and a page's runs are bounded.

mod assemble;
mod reading;

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use pdf_oxide::extractors::SpanMergingConfig;
use pdf_oxide::{Destination, OutlineItem, PdfDocument};

use self::assemble::{Assembled, Assembler, Figure, NEIGHBOURS, PageLines};
use self::reading::Run;
use super::builder::Builder;
use super::loading::{Landmark, Opening, Progressive, open_progressively};
use super::{BlockKind, Document, Format, LoadError, Section, title_from_name};

/// The most runs of text read from one page (a page of a dictionary has some thousands).
const MOST_RUNS: usize = 50_000;
/// The most pictures placed from one page.
const MOST_FIGURES: usize = 64;
/// The deepest outline level kept; deeper entries are shown at this level.
const MOST_OUTLINE_DEPTH: usize = 8;
/// The most outline entries kept.
const MOST_OUTLINE_ENTRIES: usize = 20_000;

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("this PDF is encrypted with a password; gloss cannot read it")]
    Encrypted,
    #[error(
        "this PDF has no text to read: its pages are pictures or drawings (a scan?); gloss \
         does no OCR"
    )]
    Scanned,
    #[error("this PDF has no pages")]
    NoPages,
    #[error("this PDF's first pages took more than {0} s to read: given up")]
    TooSlow(u64),
    #[error("not a readable PDF: {0}")]
    Broken(String),
}

thread_local! {
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is running code whose panics are caught and reported as errors: the
/// panic hook then neither prints nor puts the terminal back.
pub fn panic_is_contained() -> bool {
    CONTAINED.with(Cell::get)
}

/// Runs `work`, a panic in it becoming an error.
fn contained<T>(work: impl FnOnce() -> T) -> Result<T, PdfError> {
    let was = CONTAINED.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    CONTAINED.with(|c| c.set(was));
    result.map_err(|panic| {
        let said = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        PdfError::Broken(format!("the reader failed ({said})"))
    })
}

/// Reads a whole PDF.
pub(super) fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Document, PdfError> {
    Pdf::open(bytes, name)?.finish()
}

/// Reads the picture `source` (`page/image`, both from 0) of the PDF in `file`, as a PNG: its
/// size is known from the page, so a head is the whole.
pub(super) fn picture(file: &Path, source: &str, _head: bool) -> Result<Vec<u8>, String> {
    let (page, image) = source
        .split_once('/')
        .and_then(|(p, i)| Some((p.parse::<usize>().ok()?, i.parse::<usize>().ok()?)))
        .ok_or_else(|| format!("no picture {source} in a PDF"))?;
    let bytes = crate::files::read(file, super::MAX_DOCUMENT_BYTES, false)
        .map_err(|err| format!("{}: {err}", file.display()))?;
    let png = contained(|| {
        let doc = PdfDocument::from_bytes(bytes).map_err(|err| err.to_string())?;
        if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
            return Err(PdfError::Encrypted.to_string());
        }
        let handles = doc
            .page_image_handles(page)
            .map_err(|err| err.to_string())?;
        let handle = handles
            .iter()
            .find(|h| h.paint_order == image)
            .ok_or_else(|| format!("page {} has no picture {image}", page + 1))?;
        let decoded = handle.decode().map_err(|err| err.to_string())?;
        decoded.to_png_bytes().map_err(|err| err.to_string())
    });
    png.map_err(|err| err.to_string())?
}

/// How long a PDF's first pages may take to read before the file is given up: the parser is
/// another crate's code, and a file that sends it round in circles must not hang the reader.
const PATIENCE: Duration = Duration::from_secs(20);

/// Opens a PDF as far as character `wanted`, the rest read in the background. The first pages
/// are read on a thread of their own, waited for [`PATIENCE`] at most.
pub(super) fn open(path: &Path, wanted: usize, _: Option<&Landmark>) -> Result<Opening, LoadError> {
    let open = move |path: &Path| {
        open_progressively(path, Format::PDF, wanted, |bytes, name| {
            Pdf::open(bytes, name)
        })
    };
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("gloss-pdf".into())
        .spawn(move || {
            let _ = tx.send(open(&owned));
        });
    if spawned.is_err() {
        return open(path);
    }
    rx.recv_timeout(PATIENCE).unwrap_or_else(|_| {
        Err(LoadError::Decode {
            path: path.display().to_string(),
            cause: PdfError::TooSlow(PATIENCE.as_secs()).into(),
        })
    })
}

/// A PDF being read page by page. What [`Progressive::beginning`] gives is an exact beginning
/// of what [`Progressive::finish`] gives.
pub struct Pdf {
    doc: PdfDocument,
    pages: usize,
    /// Pages assembled so far.
    done: usize,
    /// Pages read ahead of `done` and kept behind it, for the furniture: page `first + i` is
    /// `window[i]`.
    window: Vec<PageLines>,
    first: usize,
    labels: Vec<String>,
    outline: Vec<(String, u8, usize)>,
    assembler: Assembler,
    /// The title the file's information gives, else its name's.
    title: Option<String>,
    name: String,
    author: Option<String>,
}

impl Pdf {
    pub fn open(bytes: Vec<u8>, name: &str) -> Result<Pdf, PdfError> {
        let doc = contained(|| PdfDocument::from_bytes(bytes))?
            .map_err(|err| PdfError::Broken(err.to_string()))?;
        if doc.is_encrypted() && !contained(|| doc.authenticate(b"").unwrap_or(false))? {
            return Err(PdfError::Encrypted);
        }
        let pages =
            contained(|| doc.page_count())?.map_err(|err| PdfError::Broken(err.to_string()))?;
        if pages == 0 {
            return Err(PdfError::NoPages);
        }
        let labels = contained(|| page_labels(&doc, pages))?;
        let outline = contained(|| outline(&doc))?;
        let (title, author) = contained(|| info(&doc))?;
        let mut pdf = Pdf {
            doc,
            pages,
            done: 0,
            window: Vec::new(),
            first: 0,
            labels,
            outline,
            assembler: Assembler::new(Builder::new(Format::PDF, 0), 0.0),
            title,
            name: name.to_string(),
            author,
        };
        pdf.read_ahead();
        let body = body_size(&pdf.window);
        pdf.assembler = Assembler::new(Builder::new(Format::PDF, 0), body);
        Ok(pdf)
    }

    /// Reads pages until the window reaches [`NEIGHBOURS`] past the next one to assemble.
    fn read_ahead(&mut self) {
        let wanted = (self.done + NEIGHBOURS + 1).min(self.pages);
        while self.first + self.window.len() < wanted {
            let index = self.first + self.window.len();
            let page = read_page(&self.doc, index).unwrap_or_default();
            self.window.push(page);
        }
        // Pages further back than a running head is looked for are done with.
        let keep_from = self.done.saturating_sub(NEIGHBOURS);
        if keep_from > self.first {
            self.window.drain(..keep_from - self.first);
            self.first = keep_from;
        }
    }

    fn document(&self, assembled: Assembled) -> Document {
        let Assembled {
            builder,
            marks,
            pictures,
            notes,
        } = assembled;
        let mut doc = builder.finish(String::new());
        doc.pictures = pictures;
        doc.set_notes(notes);
        // Else the first heading, if it comes early (a paper's title).
        doc.title = self.title.clone().unwrap_or_else(|| {
            doc.blocks
                .iter()
                .take(8)
                .find(|b| matches!(b.kind, BlockKind::Heading(_)))
                .map(|b| doc.text(b).to_string())
                .filter(|t| t.chars().count() <= 150)
                .unwrap_or_else(|| title_from_name(&self.name))
        });
        doc.author = self.author.clone();
        let contents: Vec<Section> = self
            .outline
            .iter()
            .filter_map(|(title, level, page)| {
                Some(Section {
                    title: title.clone(),
                    level: *level,
                    start: marks.get(*page)?.start.min(doc.content.len()),
                })
            })
            .collect();
        if !contents.is_empty() {
            doc.set_contents(contents);
        }
        doc.pages = marks;
        doc
    }
}

impl Progressive for Pdf {
    type Error = PdfError;

    fn convert_next(&mut self) -> Result<bool, PdfError> {
        if self.done >= self.pages {
            return Ok(false);
        }
        self.read_ahead();
        let at = self.done - self.first;
        let furniture = assemble::furniture(&self.window, at);
        let label = self
            .labels
            .get(self.done)
            .cloned()
            .unwrap_or_else(|| (self.done + 1).to_string());
        self.assembler
            .page(&self.window[at], self.done, &furniture, label);
        self.done += 1;
        Ok(true)
    }

    fn chars(&self) -> usize {
        self.assembler.chars()
    }

    fn progress(&self) -> (usize, usize) {
        (self.done, self.pages)
    }

    fn beginning(&self) -> Document {
        self.document(self.assembler.so_far())
    }

    fn finish(mut self) -> Result<Document, PdfError> {
        while self.convert_next()? {}
        // Pictures and no text: a scan (the placeholders alone are nothing to read).
        if self.assembler.text_chars == 0 {
            return Err(PdfError::Scanned);
        }
        let empty = Assembler::new(Builder::new(Format::PDF, 0), 0.0);
        let assembled = std::mem::replace(&mut self.assembler, empty).finish();
        Ok(self.document(assembled))
    }
}

/// A page's text as lines in reading order, its pictures among them; a page the parser fails
/// on is left empty.
fn read_page(doc: &PdfDocument, index: usize) -> Option<PageLines> {
    let (spans, figures, (x0, y0, x1, y1)) = contained(|| {
        let spans = doc
            .extract_spans_with_config(index, SpanMergingConfig::default())
            .ok()?;
        let figures: Vec<(pdf_oxide::geometry::Rect, Figure)> = doc
            .page_image_handles(index)
            .map(|handles| {
                handles
                    .into_iter()
                    .take(MOST_FIGURES)
                    .map(|h| {
                        let figure = Figure {
                            image: h.paint_order,
                            width: h.width,
                            height: h.height,
                        };
                        (h.bbox, figure)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let frame = doc.get_page_media_box(index).ok()?;
        Some((spans, figures, frame))
    })
    .ok()??;
    let height = (y1 - y0).abs();
    let area = (x1 - x0).abs() * height;
    let top_edge = y0.max(y1);
    let run = |text: String, rect: &pdf_oxide::geometry::Rect, size: f32| Run {
        text,
        left: rect.x,
        right: rect.x + rect.width.max(0.0),
        top: top_edge - (rect.y + rect.height.max(0.0)),
        bottom: top_edge - rect.y,
        size,
    };
    let finite =
        |r: &pdf_oxide::geometry::Rect| [r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite());
    let runs: Vec<Run> = spans
        .into_iter()
        .take(MOST_RUNS)
        .filter(|s| finite(&s.bbox))
        .map(|s| {
            let size = if s.font_size.is_finite() {
                s.font_size.abs()
            } else {
                0.0
            };
            run(clean(&s.text), &s.bbox, size)
        })
        .collect();
    // A figure, not a rule, a bullet or a logo; nor the page's picture under its text (a scan
    // with a text layer).
    let figures: Vec<(pdf_oxide::geometry::Rect, Figure)> = figures
        .into_iter()
        .filter(|(r, _)| finite(r) && r.width >= 36.0 && r.height >= 36.0)
        .filter(|(r, _)| runs.is_empty() || r.width * r.height < area * 0.8)
        .collect();
    let drawn = figures
        .iter()
        .enumerate()
        .map(|(k, (r, _))| run(format!("{}{k}", reading::FIGURE), r, 0.0))
        .collect();
    Some(PageLines {
        lines: reading::lines(runs, drawn),
        height,
        figures: figures.into_iter().map(|(_, f)| f).collect(),
    })
}

/// A run's text as gloss shows text: no control characters, ligatures spelled out.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            '\t' | '\n' | '\r' => out.push(' '),
            // Stand for a picture and around a note mark in a line (see `reading::FIGURE`
            // and `reading::MARK_START`): no run brings them.
            '\u{fffc}' | reading::MARK_START | reading::MARK_END => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The size of the body text: the size most of the characters of the first pages have.
fn body_size(pages: &[PageLines]) -> f32 {
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    for line in pages.iter().flat_map(|p| &p.lines) {
        let size = (line.run.size * 2.0).round() / 2.0;
        match sizes.iter_mut().find(|(s, _)| *s == size) {
            Some((_, n)) => *n += line.run.text.len(),
            None => sizes.push((size, line.run.text.len())),
        }
    }
    sizes
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(10.0, |(size, _)| size)
}

/// Every page's printed name; the place in the file from 1 where the PDF names none.
fn page_labels(doc: &PdfDocument, pages: usize) -> Vec<String> {
    use pdf_oxide::extractors::page_labels::PageLabelExtractor;
    match PageLabelExtractor::extract(doc) {
        Ok(ranges) if !ranges.is_empty() => (0..pages)
            .map(|i| clean(&PageLabelExtractor::get_label(&ranges, i)))
            .map(|label| label.chars().take(32).collect())
            .collect(),
        _ => (1..=pages).map(|i| i.to_string()).collect(),
    }
}

/// The outline as (title, level from 1, page index), in order, depth first without recursion.
fn outline(doc: &PdfDocument) -> Vec<(String, u8, usize)> {
    let Ok(Some(items)) = doc.get_outline() else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut stack: Vec<(&OutlineItem, usize)> = items.iter().rev().map(|i| (i, 0)).collect();
    while let Some((item, depth)) = stack.pop() {
        if entries.len() >= MOST_OUTLINE_ENTRIES {
            break;
        }
        if let Some(Destination::PageIndex(page)) = item.dest {
            let title = clean(&item.title);
            let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
            if !title.is_empty() {
                let level = depth.min(MOST_OUTLINE_DEPTH - 1) as u8 + 1;
                entries.push((title, level, page));
            }
        }
        stack.extend(item.children.iter().rev().map(|c| (c, depth + 1)));
    }
    entries
}

/// The title and author the file's information dictionary gives, if any.
fn info(doc: &PdfDocument) -> (Option<String>, Option<String>) {
    let field = |name: &str| -> Option<String> {
        let trailer = doc.trailer().as_dict()?;
        let info = match trailer.get("Info")? {
            pdf_oxide::object::Object::Reference(r) => doc.load_object(*r).ok()?,
            other => other.clone(),
        };
        let bytes = info.as_dict()?.get(name)?.as_string()?.to_vec();
        let text = clean(&text_string(&bytes));
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!text.is_empty() && !text.eq_ignore_ascii_case("untitled")).then_some(text)
    };
    (field("Title"), field("Author"))
}

/// A PDF text string: UTF-16 after its byte order mark, else PDFDocEncoding (read as
/// Latin-1, which it mostly is).
fn text_string(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}
