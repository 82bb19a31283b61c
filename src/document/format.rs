//! The formats gloss reads, as one table: a format is a row (its name in the database, the
//! extensions and first bytes that tell it, how its bytes become a document, how a long file
//! is opened a part at a time). The command line's help, the library and the `o` prompt all
//! read [`FORMATS`]; adding a format is adding a row.

use std::path::Path;

use super::loading::{self, Landmark, Opening};
use super::picture;
use super::sanitize::{self, DecodeError};
use super::{Document, LoadError, epub, markdown, pdf, plain, web};

/// Opens a file as far as a character (its landmark, if it has one, says where that is), the
/// rest read in the background.
pub type OpenFrom = fn(&Path, usize, Option<&Landmark>) -> Result<Opening, LoadError>;

/// One format gloss reads.
pub struct FormatRow {
    /// Its name in the database: never renamed once stored.
    pub name: &'static str,
    /// What a reader calls it, in help texts.
    pub label: &'static str,
    /// File name extensions that tell it, lower case, the one shown in help first.
    pub extensions: &'static [&'static str],
    /// First bytes that tell it when the extension does not (a file named without one).
    pub magic: &'static [u8],
    /// The file is text: its first bytes are checked for NUL before the rest is read.
    pub text: bool,
    /// Offered for files: not a way of reading another format's files chosen by a flag.
    pub listed: bool,
    /// A long file reopened far in is read around its landmark first (see [`Landmark`]).
    pub landmarks: bool,
    /// Reading it is costly: the library keeps its text (see [`Document::to_kept`]) to
    /// reopen the unchanged file from.
    pub kept: bool,
    /// Turns a whole file's bytes into a document; the name is the file's, for a title.
    pub parse: fn(Vec<u8>, &str) -> Result<Document, DecodeError>,
    /// Opens a file at least as far as a character, the rest read in the background; `None`
    /// reads it whole.
    pub open: Option<OpenFrom>,
    /// Reads either end of a long file directly while its whole is read (`G` and `g` at
    /// once); `None`: those wait for the whole.
    pub ends: Option<&'static loading::Ends>,
    /// Reads one of its pictures (see [`Picture::source`](super::Picture::source)) whole, or its first bytes
    /// ([`picture::HEAD_BYTES`]) when asked for its head; `None` for formats without pictures.
    pub picture: Option<ReadPicture>,
}

/// Reads a picture of the document in a file: `(file, source, head)`.
pub type ReadPicture = fn(&Path, &str, bool) -> Result<Vec<u8>, String>;

/// A format: a row of [`FORMATS`].
#[derive(Clone, Copy)]
pub struct Format(&'static FormatRow);

impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Format {}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name)
    }
}

static TEXT: FormatRow = FormatRow {
    name: "text",
    label: "plain text",
    extensions: &["txt", "text"],
    magic: b"",
    text: true,
    listed: true,
    landmarks: true,
    kept: false,
    parse: |bytes, name| decoded(bytes, name, plain::parse),
    open: Some(loading::open_text),
    ends: Some(&loading::TEXT_ENDS),
    picture: None,
};

static MARKDOWN: FormatRow = FormatRow {
    name: "markdown",
    label: "Markdown",
    extensions: &["md", "markdown", "mdown", "mkd"],
    magic: b"",
    text: true,
    listed: true,
    landmarks: false,
    kept: false,
    parse: |bytes, name| decoded(bytes, name, |text, name| markdown::parse(&text, name)),
    open: None,
    ends: None,
    picture: Some(picture::read_beside),
};

static EPUB: FormatRow = FormatRow {
    name: "epub",
    label: "EPUB",
    extensions: &["epub"],
    // A zip whose first entry is the uncompressed `mimetype`.
    magic: b"PK\x03\x04",
    text: false,
    listed: true,
    landmarks: true,
    kept: false,
    parse: |bytes, _| Ok(epub::from_bytes(bytes)?),
    open: Some(loading::open_book),
    ends: Some(&loading::BOOK_ENDS),
    picture: Some(epub::picture),
};

static HTML: FormatRow = FormatRow {
    name: "html",
    label: "web page",
    extensions: &["html", "htm", "xhtml", "shtml"],
    magic: b"",
    text: true,
    listed: true,
    landmarks: false,
    kept: false,
    parse: |bytes, name| {
        decoded(web::to_utf8(bytes), name, |text, name| {
            web::page(text, name, false)
        })
    },
    open: None,
    ends: None,
    picture: Some(picture::read_beside),
};

static HTML_RAW: FormatRow = FormatRow {
    name: "html-raw",
    label: "web page, whole",
    extensions: &[],
    magic: b"",
    text: true,
    listed: false,
    landmarks: false,
    kept: false,
    parse: |bytes, name| {
        decoded(web::to_utf8(bytes), name, |text, name| {
            web::page(text, name, true)
        })
    },
    open: None,
    ends: None,
    picture: Some(picture::read_beside),
};

static PDF: FormatRow = FormatRow {
    name: "pdf",
    label: "PDF",
    extensions: &["pdf"],
    magic: b"%PDF-",
    text: false,
    listed: true,
    landmarks: false,
    kept: true,
    parse: |bytes, name| Ok(pdf::from_bytes(bytes, name)?),
    open: Some(pdf::open),
    ends: None,
    picture: Some(pdf::picture),
};

/// Every format, the fallback ([`Format::TEXT`]) first.
pub static FORMATS: &[&FormatRow] = &[&TEXT, &MARKDOWN, &EPUB, &HTML, &HTML_RAW, &PDF];

impl Format {
    pub const TEXT: Format = Format(&TEXT);
    pub const MARKDOWN: Format = Format(&MARKDOWN);
    pub const EPUB: Format = Format(&EPUB);
    pub const HTML: Format = Format(&HTML);
    pub const HTML_RAW: Format = Format(&HTML_RAW);
    pub const PDF: Format = Format(&PDF);

    /// Every format offered for files, in the table's order.
    pub fn listed() -> impl Iterator<Item = Format> {
        FORMATS
            .iter()
            .filter(|row| row.listed)
            .map(|row| Format(row))
    }

    /// From the file's extension; `None` when no format claims it.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::listed().find(|f| f.0.extensions.contains(&ext.as_str()))
    }

    /// From the file's extension, else plain text.
    pub fn from_path(path: &Path) -> Format {
        Format::from_extension(path).unwrap_or(Format::TEXT)
    }

    /// From the file's extension, else its first bytes, else plain text: a PDF saved without
    /// its extension is still read as one, and not as text.
    pub fn of_file(path: &Path) -> Format {
        if let Some(format) = Format::from_extension(path) {
            return format;
        }
        // Only a regular file is sniffed: bytes read from a pipe (`gloss <(cmd)`) would be
        // lost to the reading that follows.
        if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            return Format::TEXT;
        }
        let first = crate::files::read_start(path, 8).unwrap_or_default();
        Format::listed()
            .find(|f| !f.0.magic.is_empty() && first.starts_with(f.0.magic))
            .unwrap_or(Format::TEXT)
    }

    /// The format [`Format::as_str`] names.
    pub fn from_name(name: &str) -> Option<Format> {
        FORMATS
            .iter()
            .find(|row| row.name == name)
            .map(|row| Format(row))
    }

    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    pub fn row(self) -> &'static FormatRow {
        self.0
    }

    /// "plain text (.txt), Markdown (.md), …": the formats offered for files, for help texts.
    pub fn described() -> String {
        Format::listed()
            .map(|f| match f.0.extensions.first() {
                Some(ext) => format!("{} (.{ext})", f.0.label),
                None => f.0.label.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The first extension of every format offered for files, with its dot: `.txt .md …`.
    pub fn extensions() -> Vec<String> {
        Format::listed()
            .filter_map(|f| f.0.extensions.first())
            .map(|ext| format!(".{ext}"))
            .collect()
    }

    /// Whether a file so named may be a document: a format's extension, or none (a PDF saved
    /// without one is known by its first bytes). The `o` prompt completes only these.
    pub fn may_name_a_document(path: &Path) -> bool {
        path.extension().is_none() || Format::from_extension(path).is_some()
    }
}

/// Decodes a text format's bytes (invalid UTF-8 replaced, control characters removed) and
/// parses the text, with warnings that say what decoding changed.
fn decoded(
    bytes: Vec<u8>,
    name: &str,
    parse: fn(String, &str) -> Document,
) -> Result<Document, DecodeError> {
    let decoded = sanitize::decode(bytes)?;
    let mut warnings = Vec::new();
    if decoded.lossy {
        warnings.push("invalid UTF-8 in this file was replaced by �".to_string());
    }
    if decoded.removed_controls > 0 {
        warnings.push(format!(
            "{} control characters or escape sequences were removed",
            decoded.removed_controls
        ));
    }
    let mut doc = parse(decoded.text, name);
    doc.warnings.splice(0..0, warnings);
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_known_by_its_name_else_its_first_bytes_and_a_pipe_is_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let named = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            Format::of_file(&path)
        };
        assert_eq!(named("paper", b"%PDF-1.7\n"), Format::PDF);
        assert_eq!(named("book", b"PK\x03\x04mimetype"), Format::EPUB);
        assert_eq!(named("notes", b"# Notes\n"), Format::TEXT);
        assert_eq!(
            named("paper.md", b"%PDF-1.7\n"),
            Format::MARKDOWN,
            "the name first"
        );
        let fifo = dir.path().join("pipe");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        // Nobody writes to it: sniffing it would block this test forever.
        assert_eq!(Format::of_file(&fifo), Format::TEXT);
    }
}
