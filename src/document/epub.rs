//! EPUB 2 and 3: the zip, its package document (metadata, manifest, spine) and its table of
//! contents (`nav.xhtml` or `toc.ncx`), and the chapters in reading order converted into one
//! document through [`html::Converter`].
//!
//! Bad books open as far as they can be read, with a warning naming what was skipped (a missing
//! `mimetype`, a spine item that is not in the zip, a missing table of contents). What cannot be
//! read at all is an [`EpubError`]: a damaged zip, no package document, DRM, or a zip bomb
//! (every entry is read through a limit, and the whole book through another).

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use dom_query::{Document as Dom, NodeRef};
use zip::ZipArchive;

use super::builder::Builder;
use super::html::{self, Converter, join_path, percent_decode};
use super::loading::Progressive;
use super::{Document, Format, Section, nesting, picture, sanitize, web};

/// The most a book may unpack to, in total.
const MAX_UNPACKED: u64 = 1 << 30;
/// A book may unpack to this many times its own size (text compresses 3 to 5 times)...
const MAX_RATIO: u64 = 100;
/// ...but small books get at least this much room.
const MIN_ALLOWANCE: u64 = 64 << 20;

/// Algorithms of `encryption.xml` that only obfuscate fonts (not DRM).
const FONT_OBFUSCATION: [&str; 2] = [
    "http://www.idpf.org/2008/embedding",
    "http://ns.adobe.com/pdf/enc#RC",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EpubError {
    #[error("this is not a readable EPUB: its zip structure is damaged ({0})")]
    Zip(String),
    #[error("this EPUB is DRM-protected; gloss can only read books without DRM")]
    Drm,
    #[error("this EPUB has no package document (no .opf file)")]
    NoPackage,
    #[error("this EPUB's package document cannot be read: {0}")]
    Package(String),
    #[error("this EPUB unpacks to more than {limit} MB (a zip bomb?); refused")]
    TooLarge { limit: u64 },
    #[error("this EPUB has no chapter that can be read")]
    NoChapters,
    #[error("reading the rest of this EPUB stopped before its end")]
    Interrupted,
}

/// Elements and texts read of a package document or an NCX: a book's have a few thousand;
/// two million spine entries took 430 MB to parse.
const MOST_XML_NODES: u32 = 200_000;

/// A chapter of the spine.
struct Chapter {
    /// Path inside the zip.
    path: String,
    /// What the chapter is read as.
    reading: Reading,
    /// The spine's own item, when a fallback is read in its place: links to it lead here.
    instead_of: Option<String>,
}

/// How a spine item is read: as a page of text (XHTML, or SVG's `<text>`), or as a picture
/// (an image page of a comic or a scanned book): a placeholder, never its bytes as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Page,
    Svg,
    Picture,
}

/// What the spine's `idref` is read as: the item itself if it is a page of text, else the first
/// page of text down its chain of fallbacks (EPUB's way of offering a reader what it can
/// read), else the first picture on it (one gloss can draw rather than one it cannot); `None`
/// for an id the manifest lacks. A scripted page gives way to its fallback: gloss runs no
/// scripts.
fn spine_item<'a>(
    manifest: &'a HashMap<String, Item>,
    idref: &str,
) -> Option<(&'a Item, Reading, &'a Item)> {
    let first = manifest.get(idref)?;
    let chain = fallbacks(manifest, first);
    let page = chain.iter().enumerate().find_map(|(i, item)| {
        let reading = reading_of(&item.media_type)?;
        let scripted = item.properties.split_whitespace().any(|p| p == "scripted");
        (!scripted || i + 1 == chain.len()).then_some((*item, reading, first))
    });
    let picture = || {
        let mut pictures = chain.iter().filter(|i| i.media_type.starts_with("image/"));
        let drawn = pictures.clone().find(|i| is_drawn(&i.media_type));
        drawn.or_else(|| pictures.next()).copied()
    };
    Some(page.unwrap_or_else(|| (picture().unwrap_or(first), Reading::Picture, first)))
}

/// An item and the items down its chain of fallbacks, in order (a chain is at most as long as
/// the manifest: a longer one loops).
fn fallbacks<'a>(manifest: &'a HashMap<String, Item>, first: &'a Item) -> Vec<&'a Item> {
    let mut chain = vec![first];
    while chain.len() <= manifest.len()
        && let Some(next) = chain
            .last()
            .and_then(|i| i.fallback.as_deref())
            .and_then(|id| manifest.get(id))
    {
        chain.push(next);
    }
    chain
}

/// Pictures whose type gloss cannot draw (`image/psd`), each to the first one down its chain of
/// fallbacks that it can: an `<img>` of the first shows the second.
fn drawn_instead(manifest: &HashMap<String, Item>) -> HashMap<String, String> {
    manifest
        .values()
        .filter(|item| item.fallback.is_some() && !is_drawn(&item.media_type))
        .filter_map(|item| {
            let instead = fallbacks(manifest, item)
                .into_iter()
                .find(|i| is_drawn(&i.media_type))?;
            Some((item.path.clone(), instead.path.clone()))
        })
        .collect()
}

/// Whether gloss draws pictures of this type (the image decoders it is built with).
fn is_drawn(media_type: &str) -> bool {
    matches!(
        media_type.trim().to_ascii_lowercase().as_str(),
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

fn reading_of(media_type: &str) -> Option<Reading> {
    match media_type.trim().to_ascii_lowercase().as_str() {
        // An empty type is what careless books give their chapters.
        "application/xhtml+xml" | "text/html" | "application/x-dtbook+xml" | "" => {
            Some(Reading::Page)
        }
        "image/svg+xml" => Some(Reading::Svg),
        _ => None,
    }
}

/// An entry of the book's own table of contents, before it is placed in the text.
struct TocEntry {
    title: String,
    level: u8,
    /// `path#fragment` inside the zip.
    target: String,
}

/// The zip with the limits on what may be unpacked from it.
struct Zip {
    archive: ZipArchive<Cursor<Vec<u8>>>,
    allowance: u64,
}

impl Zip {
    /// Reads an entry whole, charging it to the allowance; `Ok(None)` if there is no such entry.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, EpubError> {
        let mut file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(err) => return Err(EpubError::Zip(err.to_string())),
        };
        let limit = MAX_UNPACKED / (1 << 20);
        if file.size() > self.allowance {
            return Err(EpubError::TooLarge { limit });
        }
        let mut bytes = Vec::with_capacity(file.size() as usize);
        (&mut file)
            .take(self.allowance + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| EpubError::Zip(format!("{name}: {err}")))?;
        if bytes.len() as u64 > self.allowance {
            return Err(EpubError::TooLarge { limit });
        }
        self.allowance -= bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// The first `n` bytes of an entry (an image's header, which says its size).
    fn read_head(&mut self, name: &str, n: u64) -> Option<Vec<u8>> {
        let file = self.archive.by_name(name).ok()?;
        let mut bytes = Vec::with_capacity(n.min(file.size()) as usize);
        file.take(n.min(self.allowance))
            .read_to_end(&mut bytes)
            .ok()?;
        self.allowance -= bytes.len() as u64;
        Some(bytes)
    }

    fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.into_owned())
            .collect()
    }
}

/// Opens an EPUB from its bytes, every chapter converted.
pub(super) fn from_bytes(bytes: Vec<u8>) -> Result<Document, EpubError> {
    Book::open(bytes)?.finish()
}

/// A book being converted chapter by chapter in reading order, so that its beginning can be
/// shown before the rest is read. What [`Book::beginning`] returns is an exact beginning of
/// what [`Book::finish`] returns: the same text, at the same offsets.
pub struct Book {
    zip: Zip,
    title: String,
    author: Option<String>,
    chapters: Vec<Chapter>,
    /// Chapters converted (or found missing) so far.
    done: usize,
    read_any: bool,
    toc: Vec<TocEntry>,
    converter: Converter,
    /// Pictures of the converter's whose size has been looked for.
    measured: usize,
    /// Pictures to draw from another file of the book (see [`drawn_instead`]).
    drawn_instead: HashMap<String, String>,
    warnings: Vec<String>,
}

impl Book {
    /// Reads the book's structure (zip, package, table of contents), converting no chapter yet.
    pub fn open(bytes: Vec<u8>) -> Result<Book, EpubError> {
        let size = bytes.len() as u64;
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|err| EpubError::Zip(err.to_string()))?;
        let mut zip = Zip {
            archive,
            allowance: (size.saturating_mul(MAX_RATIO)).clamp(MIN_ALLOWANCE, MAX_UNPACKED),
        };
        let mut warnings = Vec::new();
        match zip.read("mimetype")? {
            Some(m) if m.trim_ascii() == b"application/epub+zip" => {}
            Some(_) => warnings.push("the mimetype entry is not application/epub+zip".to_string()),
            None => warnings.push("the mimetype entry is missing".to_string()),
        }
        if let Some(encryption) = zip.read("META-INF/encryption.xml")?
            && is_drm(&decode(encryption))
        {
            return Err(EpubError::Drm);
        }
        let package_path = package_path(&mut zip)?;
        let package = zip.read(&package_path)?.ok_or(EpubError::NoPackage)?;
        // Any encoding XML may declare (UTF-16 with or without its byte order mark).
        let package = Package::parse(&decode(package), &package_path)?;

        let mut chapters = Vec::new();
        // A chapter is read once, however often the spine lists it (a hostile spine repeated
        // one chapter two million times); what is not in the manifest is said once.
        let mut listed = std::collections::HashSet::new();
        let (mut repeated, mut unknown) = (0usize, Vec::new());
        for idref in &package.spine {
            match spine_item(&package.manifest, idref) {
                Some((item, reading, own)) if listed.insert(item.path.as_str()) => {
                    chapters.push(Chapter {
                        path: item.path.clone(),
                        reading,
                        instead_of: (own.path != item.path).then(|| own.path.clone()),
                    })
                }
                Some(_) => repeated += 1,
                None => unknown.push(idref),
            }
        }
        if let Some(first) = unknown.first() {
            let more = match unknown.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            warnings.push(format!("spine item {first:?} is not in the manifest{more}"));
        }
        if repeated > 0 {
            warnings.push(format!(
                "the spine lists chapters again {repeated} times: each is read once"
            ));
        }
        let toc = read_toc(&mut zip, &package, &mut warnings)?;
        let drawn_instead = drawn_instead(&package.manifest);
        // Room for the text: what the chapters may unpack to, at most.
        let capacity = (chapters.len() * 16 * 1024).min(zip.allowance as usize / 2);
        Ok(Book {
            zip,
            title: package.title,
            author: package.author,
            chapters,
            done: 0,
            read_any: false,
            toc,
            converter: Converter::new(Builder::new(Format::EPUB, capacity)),
            measured: 0,
            drawn_instead,
            warnings,
        })
    }

    /// The uncompressed size of each chapter's file, as the zip's directory says (nothing is
    /// unpacked): how the book's text is spread, before any is converted.
    pub fn chapter_sizes(&mut self) -> Vec<u64> {
        let archive = &mut self.zip.archive;
        self.chapters
            .iter()
            .map(|chapter| archive.by_name(&chapter.path).map_or(0, |file| file.size()))
            .collect()
    }

    /// Converts from chapter `first` on, rather than from the first: what is converted is then a
    /// part of the book, not its beginning. Only before any chapter is converted.
    pub fn start_at(&mut self, first: usize) {
        if self.done == 0 {
            self.done = first.min(self.chapters.len());
        }
    }

    /// The document `builder` holds, with the book's metadata, contents and notes placed in it.
    fn document(&self, builder: Builder, whole: bool) -> Document {
        let mut contents: Vec<Section> = self
            .toc
            .iter()
            .filter_map(|entry| {
                Some(Section {
                    title: entry.title.clone(),
                    level: entry.level,
                    start: self.converter.target(&entry.target)?,
                })
            })
            .collect();
        let title = clean(&self.title);
        let mut doc = builder.finish(if title.is_empty() {
            "Untitled book".to_string()
        } else {
            title
        });
        if whole && contents.len() < self.toc.len() {
            doc.warnings.push(format!(
                "{} entries of the table of contents point nowhere",
                self.toc.len() - contents.len()
            ));
        }
        let notes = self
            .converter
            .note_refs(&doc.content, |at| doc.block_end(at));
        doc.set_notes(notes);
        if !contents.is_empty() {
            // A chapter's recorded start precedes the newline before its first block.
            for section in &mut contents {
                section.start = html::skip_blanks(&doc.content, section.start);
            }
            contents.sort_by_key(|s| s.start);
            doc.set_contents(contents);
        }
        doc.author = self.author.as_deref().map(clean).filter(|a| !a.is_empty());
        doc.pictures = self.converter.pictures.clone();
        doc.links = self.converter.places_linked(&doc.content);
        doc
    }

    /// Learns the size of the pictures of the chapters converted since last time, from their
    /// images' first bytes in the zip.
    fn measure_pictures(&mut self) {
        let (from, to) = (self.measured, self.converter.pictures.len());
        self.measured = to;
        for picture in &mut self.converter.pictures[from..to] {
            if let Some(instead) = self.drawn_instead.get(&picture.source) {
                picture.source.clone_from(instead);
            }
        }
        for picture in &mut self.converter.pictures
            [from.min(picture::MOST_MEASURED)..to.min(picture::MOST_MEASURED)]
        {
            if picture.size.is_some() {
                continue;
            }
            let head = match picture::in_address(&picture.source) {
                Some(image) => image.ok(),
                None => self
                    .zip
                    .read_head(&picture.source, picture::HEAD_BYTES as u64),
            };
            picture.size = head.and_then(|head| picture::size_of(&head));
        }
    }
}

/// Where `chapter` starts, for the links to it (and to the item it is read instead of).
fn mark_start(converter: &mut Converter, chapter: &Chapter) {
    converter.mark_file_start(&chapter.path);
    if let Some(own) = &chapter.instead_of {
        converter.mark_file_start(own);
    }
}

/// Reads a picture of the book in `file` (a path in its zip), whole or its first bytes.
pub(super) fn picture(file: &Path, source: &str, head: bool) -> Result<Vec<u8>, String> {
    let zip = std::fs::File::open(file).map_err(|err| format!("{}: {err}", file.display()))?;
    let mut archive =
        ZipArchive::new(zip).map_err(|err| EpubError::Zip(err.to_string()).to_string())?;
    let entry = archive
        .by_name(source)
        .map_err(|_| format!("the book has no picture {source}"))?;
    let limit = if head {
        picture::HEAD_BYTES as u64
    } else if entry.size() > picture::MOST_PICTURE_BYTES {
        return Err(format!("the picture {source} is too large to show"));
    } else {
        picture::MOST_PICTURE_BYTES
    };
    let mut bytes = Vec::with_capacity(entry.size().min(limit) as usize);
    entry
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|err| format!("{source}: {err}"))?;
    Ok(bytes)
}

impl Progressive for Book {
    type Error = EpubError;

    /// Converts the next chapter; false when there was none left.
    fn convert_next(&mut self) -> Result<bool, EpubError> {
        let Some(chapter) = self.chapters.get(self.done) else {
            return Ok(false);
        };
        self.done += 1;
        if chapter.reading == Reading::Picture {
            // Its bytes are a picture's, never text: a placeholder named after the file.
            self.read_any = true;
            mark_start(&mut self.converter, chapter);
            let html = picture_page(&chapter.path);
            self.converter.convert(&html, &chapter.path);
            self.measure_pictures();
            return Ok(true);
        }
        match self.zip.read(&chapter.path)? {
            Some(bytes) => {
                self.read_any = true;
                let mut text = decode(bytes);
                if chapter.reading == Reading::Svg {
                    text = svg_page(&text).unwrap_or_else(|| picture_page(&chapter.path));
                }
                mark_start(&mut self.converter, chapter);
                self.converter.convert(&text, &chapter.path);
                self.measure_pictures();
            }
            None => self
                .warnings
                .push(format!("chapter {} is missing from the book", chapter.path)),
        }
        Ok(true)
    }

    /// Characters of text converted so far.
    fn chars(&self) -> usize {
        self.converter.b.chars()
    }

    /// Chapters converted so far, and in all.
    fn progress(&self) -> (usize, usize) {
        (self.done, self.chapters.len())
    }

    /// The document as far as it is converted, without the warnings (they are for the whole).
    fn beginning(&self) -> Document {
        self.document(self.converter.b.clone(), false)
    }

    /// Converts the chapters that are left and returns the whole book.
    fn finish(mut self) -> Result<Document, EpubError> {
        while self.convert_next()? {}
        if !self.read_any {
            return Err(EpubError::NoChapters);
        }
        if self.converter.removed_controls > 0 {
            let removed = self.converter.removed_controls;
            self.warnings.push(format!(
                "{removed} control characters or escape sequences were removed"
            ));
        }
        let builder = std::mem::replace(&mut self.converter.b, Builder::new(Format::EPUB, 0));
        let mut doc = self.document(builder, true);
        doc.warnings
            .splice(0..0, std::mem::take(&mut self.warnings));
        Ok(doc)
    }
}

/// A picture page as the converter reads it: one image, named after its file.
fn picture_page(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let name = escaped(name);
    format!("<html><body><img src=\"{name}\" alt=\"{name}\"/></body></html>")
}

/// An SVG page's `<text>` as paragraphs of a page the converter reads; `None` when it has no
/// text (a drawing) or is not well-formed.
fn svg_page(svg: &str) -> Option<String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MOST_XML_NODES,
        ..Default::default()
    };
    nesting::check_entities(svg).ok()?;
    let xml = roxmltree::Document::parse_with_options(svg, options).ok()?;
    let mut html = String::from("<html><body>");
    let mut any = false;
    for text in xml.descendants().filter(|n| n.tag_name().name() == "text") {
        let words: String = text
            .descendants()
            .filter_map(|d| d.is_text().then(|| d.text()).flatten())
            .collect::<Vec<_>>()
            .join(" ");
        if !words.trim().is_empty() {
            html.push_str("<p>");
            html.push_str(&escaped(&words));
            html.push_str("</p>");
            any = true;
        }
    }
    html.push_str("</body></html>");
    any.then_some(html)
}

/// Text for HTML made here, in content or attribute values.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn clean(text: &str) -> String {
    let (text, _) = sanitize::clean_text(text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Chapter bytes as text: the declared encoding (XML declaration or meta charset), else UTF-8.
fn decode(bytes: Vec<u8>) -> String {
    // UTF-16 without a byte order mark, known by its first character, `<`, and a NUL.
    let utf16 = match bytes.get(..2) {
        Some([b'<', 0]) => Some(encoding_rs::UTF_16LE),
        Some([0, b'<']) => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        return encoding.decode_without_bom_handling(&bytes).0.into_owned();
    }
    let bytes = web::to_utf8(bytes);
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    }
}

/// Whether `encryption.xml` encrypts anything with more than font obfuscation.
fn is_drm(encryption: &str) -> bool {
    let Ok(xml) = roxmltree::Document::parse(encryption) else {
        // Unreadable: assume the worst only if it mentions encrypted data at all.
        return encryption.contains("EncryptedData");
    };
    xml.descendants()
        .filter(|n| n.tag_name().name() == "EncryptionMethod")
        .filter_map(|n| n.attribute("Algorithm"))
        .any(|algorithm| !FONT_OBFUSCATION.contains(&algorithm))
}

/// The package document's path: from `META-INF/container.xml`, else the first `.opf` in the zip.
fn package_path(zip: &mut Zip) -> Result<String, EpubError> {
    if let Some(container) = zip.read("META-INF/container.xml")?
        && let text = decode(container)
        && let Ok(xml) = roxmltree::Document::parse(&text)
        && let Some(path) = xml
            .descendants()
            .filter(|n| n.tag_name().name() == "rootfile")
            .find_map(|n| n.attribute("full-path"))
    {
        return Ok(path.trim_start_matches('/').to_string());
    }
    zip.names()
        .into_iter()
        .find(|n| n.to_ascii_lowercase().ends_with(".opf"))
        .ok_or(EpubError::NoPackage)
}

struct Item {
    path: String,
    media_type: String,
    properties: String,
    /// The id of the item to read instead, for a reader that cannot read this one.
    fallback: Option<String>,
}

struct Package {
    title: String,
    author: Option<String>,
    manifest: HashMap<String, Item>,
    spine: Vec<String>,
    /// The manifest id of the NCX named by the spine.
    ncx: Option<String>,
}

impl Package {
    fn parse(text: &str, path: &str) -> Result<Package, EpubError> {
        nesting::check_entities(text).map_err(EpubError::Package)?;
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            nodes_limit: MOST_XML_NODES,
            ..Default::default()
        };
        let xml = roxmltree::Document::parse_with_options(text, options).map_err(|err| {
            EpubError::Package(match err {
                roxmltree::Error::NodesLimitReached => format!(
                    "it has more than {MOST_XML_NODES} elements and texts (a book's has a few \
                     thousand)"
                ),
                err => err.to_string(),
            })
        })?;
        let text_of = |name: &str| {
            xml.descendants()
                .find(|n| n.tag_name().name() == name && n.text().is_some())
                .map(|n| {
                    n.descendants()
                        .filter(|d| d.is_text())
                        .filter_map(|d| d.text())
                        .collect::<String>()
                })
        };
        let manifest = xml
            .descendants()
            .filter(|n| n.tag_name().name() == "item")
            .filter_map(|n| {
                Some((
                    n.attribute("id")?.to_string(),
                    Item {
                        path: join_path(path, &percent_decode(n.attribute("href")?)),
                        media_type: n.attribute("media-type").unwrap_or("").to_string(),
                        properties: n.attribute("properties").unwrap_or("").to_string(),
                        fallback: n.attribute("fallback").map(str::to_string),
                    },
                ))
            })
            .collect();
        let spine_node = xml.descendants().find(|n| n.tag_name().name() == "spine");
        let spine = spine_node
            .iter()
            .flat_map(|s| s.children())
            .filter(|n| n.tag_name().name() == "itemref")
            .filter_map(|n| n.attribute("idref").map(str::to_string))
            .collect();
        Ok(Package {
            title: text_of("title").unwrap_or_default(),
            author: text_of("creator"),
            manifest,
            spine,
            ncx: spine_node
                .and_then(|s| s.attribute("toc"))
                .map(str::to_string),
        })
    }
}

/// The book's table of contents: EPUB 3's navigation document, else EPUB 2's NCX, else none
/// (the headings then serve, with a warning).
fn read_toc(
    zip: &mut Zip,
    package: &Package,
    warnings: &mut Vec<String>,
) -> Result<Vec<TocEntry>, EpubError> {
    let nav = package
        .manifest
        .values()
        .find(|i| i.properties.split_whitespace().any(|p| p == "nav"));
    if let Some(nav) = nav
        && let Some(bytes) = zip.read(&nav.path)?
    {
        let entries = nav_toc(&decode(bytes), &nav.path);
        if !entries.is_empty() {
            return Ok(entries);
        }
    }
    let ncx = package
        .ncx
        .as_ref()
        .and_then(|id| package.manifest.get(id))
        .or_else(|| {
            package
                .manifest
                .values()
                .find(|i| i.media_type == "application/x-dtbncx+xml")
        });
    if let Some(ncx) = ncx
        && let Some(bytes) = zip.read(&ncx.path)?
    {
        let entries = ncx_toc(&decode(bytes), &ncx.path);
        if !entries.is_empty() {
            return Ok(entries);
        }
    }
    warnings.push("this book has no table of contents; its headings serve instead".to_string());
    Ok(Vec::new())
}

/// Entries of an EPUB 3 navigation document's `toc` nav.
fn nav_toc(text: &str, path: &str) -> Vec<TocEntry> {
    let dom = Dom::from(nesting::shallow_html(text).as_ref());
    let navs = dom.select("nav");
    let nodes = navs.nodes();
    let toc = nodes
        .iter()
        .find(|n| {
            n.attr("epub:type")
                .is_some_and(|t| t.split_whitespace().any(|k| k == "toc"))
        })
        .or(nodes.first());
    let mut entries = Vec::new();
    if let Some(toc) = toc {
        for list in toc.element_children() {
            if is_named(&list, "ol") || is_named(&list, "ul") {
                nav_list(&list, 1, path, &mut entries);
            }
        }
    }
    entries
}

fn is_named(node: &NodeRef<'_>, name: &str) -> bool {
    node.node_name()
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
}

fn nav_list(list: &NodeRef<'_>, level: u8, path: &str, entries: &mut Vec<TocEntry>) {
    for item in list.element_children().iter().filter(|n| is_named(n, "li")) {
        let label = item
            .element_children()
            .into_iter()
            .find(|n| is_named(n, "a") || is_named(n, "span"));
        if let Some(label) = label {
            let target = label
                .attr("href")
                .and_then(|href| html::resolve_href(path, &href));
            let mut title = clean(&label.text());
            if title.is_empty() {
                // A label that is a picture is named by its alternative text.
                title = label
                    .find(&["img"])
                    .iter()
                    .filter_map(|img| img.attr("alt"))
                    .map(|alt| clean(&alt))
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            if let Some(target) = target
                && !title.is_empty()
            {
                entries.push(TocEntry {
                    title,
                    level,
                    target,
                });
            }
        }
        for sub in item.element_children() {
            if is_named(&sub, "ol") || is_named(&sub, "ul") {
                nav_list(&sub, level.saturating_add(1), path, entries);
            }
        }
    }
}

/// Entries of an EPUB 2 NCX's navigation map.
fn ncx_toc(text: &str, path: &str) -> Vec<TocEntry> {
    if nesting::check_entities(text).is_err() {
        return Vec::new();
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MOST_XML_NODES,
        ..Default::default()
    };
    let Ok(xml) = roxmltree::Document::parse_with_options(text, options) else {
        return Vec::new();
    };
    // Each navPoint's level from its parent's, in document order (asking each for its
    // ancestors is quadratic in the depth, and a hostile map nests thousands deep).
    let mut levels: HashMap<roxmltree::NodeId, usize> = HashMap::new();
    let mut points = Vec::new();
    for n in xml
        .descendants()
        .filter(|n| n.tag_name().name() == "navPoint")
    {
        let parent = n.parent().and_then(|p| levels.get(&p.id())).copied();
        let level = parent.unwrap_or(0) + 1;
        levels.insert(n.id(), level);
        points.push((n, level));
    }
    points
        .into_iter()
        .filter_map(|(point, level)| {
            let label = point
                .children()
                .find(|c| c.tag_name().name() == "navLabel")?
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>();
            let src = point
                .children()
                .find(|c| c.tag_name().name() == "content")?
                .attribute("src")?;
            Some(TocEntry {
                title: clean(&label),
                level: level.min(9) as u8,
                target: html::resolve_href(path, src)?,
            })
        })
        .filter(|e| !e.title.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_book::{self as book, Chapter};

    fn open(bytes: Vec<u8>) -> Result<Document, EpubError> {
        from_bytes(bytes)
    }

    fn texts(doc: &Document) -> Vec<&str> {
        doc.blocks.iter().map(|b| doc.text(b)).collect()
    }

    /// Where a chapter's pictures are: an SVG cover's `<image>`, an `<img>` (its size from its
    /// attributes when given), one on the web; a symbol in a line stays its alt text.
    #[test]
    fn pictures_are_found_in_the_book_from_their_chapter() {
        let chapters = [Chapter {
            title: "One",
            body: r#"<h1>One</h1>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image width="600" height="800" xlink:href="../images/cover%201.jpg"/></svg>
<p><img src="../images/fig.png?x=1" width="320" height="240px" alt="A figure"/></p>
<p>A star <img src="star.png" alt="*"/> in a line.</p>
<img src="https://example.org/map.png" alt="A map"/>"#,
        }];
        let doc = open(book::epub3("Pictures", "Someone", &chapters)).unwrap();
        let pictures: Vec<_> = doc
            .pictures
            .iter()
            .map(|p| {
                (
                    doc.text(&doc.blocks[doc.block_at(p.at)]),
                    p.source.as_str(),
                    p.size,
                )
            })
            .collect();
        assert_eq!(
            pictures,
            [
                ("[image]", "OEBPS/images/cover 1.jpg", None),
                (
                    "[image: A figure]",
                    "OEBPS/images/fig.png",
                    Some((320, 240))
                ),
                ("[image: A map]", "https://example.org/map.png", None),
            ]
        );
        assert!(texts(&doc).contains(&"A star [image: *] in a line."));
    }

    /// What a reader must fall back to is read: a contents label that is a picture is named
    /// by its alternative text, and an `<object>` a reader cannot run shows its fallback.
    #[test]
    fn a_picture_label_names_its_entry_and_an_object_shows_its_fallback() {
        let chapters = [Chapter {
            title: "One",
            body: r#"<h1>One</h1>
<object data="quiz.js" type="application/javascript"><p>Question 1: who wrote it?</p></object>"#,
        }];
        let mut entries = book::entries("Fallbacks", "Someone", &chapters, true);
        let nav = entries
            .iter_mut()
            .find(|(name, _)| name == "OEBPS/nav.xhtml")
            .unwrap();
        nav.1 = book::chapter_xhtml(
            "Contents",
            r#"<nav epub:type="toc"><ol><li><a href="text/ch1.xhtml"><img src="one.png" alt="Chapter One"/></a></li></ol></nav>"#,
        )
        .into_bytes();
        let doc = open(book::zip_entries(&entries)).unwrap();
        let titles: Vec<&str> = doc.contents.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Chapter One"]);
        assert!(texts(&doc).contains(&"Question 1: who wrote it?"));
    }

    /// A comic's spine: JPEG pages (the IDPF `haruko-jpeg` sample's shape), one with an XHTML
    /// fallback, and an SVG page with text.
    #[test]
    fn image_pages_are_pictures_never_bytes_decoded_as_text() {
        let jpeg: &[u8] = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01 binary \xff\xd9";
        let mut png = Vec::new();
        image::RgbImage::new(30, 20)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="1">Chapter <tspan>Two</tspan></text><rect/></svg>"#;
        let opf = r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Comic</dc:title></metadata>
<manifest>
  <item id="p1" href="p1.jpg" media-type="image/jpeg"/>
  <item id="p2" href="p2.jpg" media-type="image/jpeg" fallback="p2x"/>
  <item id="p2x" href="p2.xhtml" media-type="application/xhtml+xml"/>
  <item id="p3" href="p3.svg" media-type="image/svg+xml"/>
  <item id="loop" href="l.jpg" media-type="image/jpeg" fallback="loop"/>
</manifest>
<spine><itemref idref="p1"/><itemref idref="p2"/><itemref idref="p3"/><itemref idref="loop"/></spine></package>"#;
        let p2 = book::chapter_xhtml("Two", "<p>The fallback page, in words.</p>");
        let bytes = book::zip(&[
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", book::CONTAINER.as_bytes()),
            ("OEBPS/content.opf", opf.as_bytes()),
            ("OEBPS/p1.jpg", &png),
            ("OEBPS/p2.jpg", jpeg),
            ("OEBPS/p2.xhtml", p2.as_bytes()),
            ("OEBPS/p3.svg", svg.as_bytes()),
            ("OEBPS/l.jpg", jpeg),
        ]);
        let doc = open(bytes).unwrap();
        assert_eq!(
            texts(&doc),
            [
                "[image: p1.jpg]",
                "The fallback page, in words.",
                "Chapter Two",
                "[image: l.jpg]"
            ]
        );
        assert!(!doc.content.contains("JFIF"));
        let pictures: Vec<_> = doc
            .blocks
            .iter()
            .filter(|b| b.kind == crate::document::BlockKind::Image)
            .collect();
        assert_eq!(pictures.len(), 2);
        // Each is a picture of the book, measured if it can be decoded.
        let sources: Vec<_> = doc
            .pictures
            .iter()
            .map(|p| (p.at, p.source.as_str(), p.size))
            .collect();
        assert_eq!(
            sources,
            [
                (pictures[0].start(), "OEBPS/p1.jpg", Some((30, 20))),
                (pictures[1].start(), "OEBPS/l.jpg", None)
            ]
        );
        // Pictures are no words: the fallback page's and the SVG's are all there are.
        assert_eq!(doc.words(), 5 + 2);
    }

    #[test]
    fn an_epub3_reads_in_spine_order_with_its_nav_contents_and_metadata() {
        let doc = open(book::epub3(
            "A Book",
            "Ana Author",
            &book::sample_chapters(),
        ))
        .unwrap();
        assert_eq!(doc.title, "A Book");
        assert_eq!(doc.author.as_deref(), Some("Ana Author"));
        assert_eq!(doc.format, Format::EPUB);
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
        let titles: Vec<&str> = doc.contents.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "The First Chapter",
                "Notes and Tables",
                "The Third Chapter",
                "多言語 Languages",
                "Endnotes"
            ]
        );
        for section in &doc.contents {
            assert!(
                doc.content[section.start..].starts_with(&section.title),
                "{}",
                section.title
            );
        }
        let t = texts(&doc);
        assert!(t.contains(
            &"It was a bright cold day in April, and the clocks were striking thirteen."
        ));
        assert!(t.contains(&"[image: A map of Europe]"));
        assert!(t.contains(&"Europe in 1917"));
        assert!(
            t.contains(&"Year │ Event\n1917 │ October\n1943 │ Dissolution"),
            "{t:?}"
        );
        assert!(t.contains(&"• one item"));
        assert!(t.contains(&"code   keeps\n  its spaces"));
        assert!(t.contains(&"中国共产党的历史很长。日本語の文章もあります。"));
        assert!(t.contains(&"هذا نص باللغة العربية."));
        let quote = doc
            .blocks
            .iter()
            .find(|b| doc.text(b) == "A quoted passage.")
            .unwrap();
        assert_eq!(quote.quote_depth, 1);
        let styled: Vec<&str> = doc
            .spans
            .iter()
            .map(|s| &doc.content[s.start..s.end])
            .collect();
        assert!(
            styled.contains(&"bright") && styled.contains(&"clocks") && styled.contains(&"link")
        );
        assert_eq!(doc.chapter_level, Some(1));
    }

    #[test]
    fn footnotes_and_endnotes_are_note_references() {
        let doc = open(book::epub3("A Book", "A", &book::sample_chapters())).unwrap();
        let notes: Vec<(&str, &str)> = doc
            .notes
            .iter()
            .map(|n| (&doc.content[n.start..n.end], doc.note_text(n)))
            .collect();
        assert_eq!(
            notes,
            [
                ("1", "The first footnote, in an aside."),
                ("2", "1. The second note, an endnote. Back")
            ]
        );
        let mark = doc.content.find("so.1").unwrap() + 3;
        assert_eq!(doc.note_at(mark).map(|n| n.start), Some(mark));
        assert!(doc.note_at(mark - 1).is_none());
        // Notes stay readable where they are.
        assert!(texts(&doc).contains(&"The first footnote, in an aside."));
        let aside = doc
            .blocks
            .iter()
            .find(|b| doc.text(b).starts_with("The first footnote"))
            .unwrap();
        assert_eq!(aside.kind, crate::document::BlockKind::Note);
    }

    #[test]
    fn an_epub2_takes_its_contents_from_the_ncx() {
        let chapters = [
            Chapter {
                title: "Opening",
                body: "<p>No heading in this chapter.</p>",
            },
            Chapter {
                title: "Closing & after",
                body: "<p>Nor here.</p>",
            },
        ];
        let doc = open(book::epub2("Old & Wise", "B", &chapters)).unwrap();
        assert_eq!(doc.title, "Old & Wise");
        let contents: Vec<(&str, &str)> = doc
            .contents
            .iter()
            .map(|s| (s.title.as_str(), &doc.content[s.start..s.start + 3]))
            .collect();
        assert_eq!(contents, [("Opening", "No "), ("Closing & after", "Nor")]);
        assert_eq!(
            doc.section_title(doc.content.find("Nor").unwrap()),
            Some("Closing & after")
        );
    }

    #[test]
    fn broken_books_open_what_can_be_read_with_warnings() {
        let chapters = book::sample_chapters();
        // No mimetype, no table of contents, a spine item missing from the zip, malformed XHTML.
        let mut entries = book::entries("Broken", "C", &chapters, true);
        entries.retain(|(n, _)| {
            n != "mimetype" && n != "OEBPS/nav.xhtml" && n != "OEBPS/text/ch2.xhtml"
        });
        entries.push((
            "OEBPS/text/ch1.xhtml".into(),
            b"<html><body><p>Unclosed <b>bold <i>and italic</p><p>Next &nbsp para".to_vec(),
        ));
        entries.remove(
            entries
                .iter()
                .position(|(n, _)| n == "OEBPS/text/ch1.xhtml")
                .unwrap(),
        );
        let doc = open(book::zip_entries(&entries)).unwrap();
        let warnings = doc.warnings.join("; ");
        assert!(warnings.contains("mimetype entry is missing"), "{warnings}");
        assert!(
            warnings.contains("chapter OEBPS/text/ch2.xhtml is missing"),
            "{warnings}"
        );
        assert!(warnings.contains("no table of contents"), "{warnings}");
        assert!(
            texts(&doc).starts_with(&["Unclosed bold and italic", "Next para"]),
            "{:?}",
            texts(&doc)
        );
        // The headings serve as the contents.
        assert!(doc.contents.iter().any(|s| s.title == "The Third Chapter"));
    }

    #[test]
    fn a_declared_encoding_is_honoured_and_an_undeclared_one_guessed() {
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html><body><p>Caf\xe9 cr\xe8me</p></body></html>";
        let undeclared = b"<html><body><p>Na\xefve \x93quotes\x94</p></body></html>";
        let mut entries = book::entries("Enc", "D", &book::sample_chapters()[..2], true);
        entries[4].1 = latin1.to_vec();
        entries[5].1 = undeclared.to_vec();
        let doc = open(book::zip_entries(&entries)).unwrap();
        let t = texts(&doc);
        assert!(t.contains(&"Café crème"), "{t:?}");
        assert!(t.contains(&"Naïve “quotes”"), "{t:?}");
    }

    #[test]
    fn damaged_and_hostile_books_are_refused_with_their_reason() {
        let good = book::epub3("A Book", "A", &book::sample_chapters());
        let truncated = good[..good.len() / 2].to_vec();
        assert!(matches!(open(truncated), Err(EpubError::Zip(_))));
        assert!(matches!(
            open(b"PK\x03\x04 not really".to_vec()),
            Err(EpubError::Zip(_))
        ));

        let mut drm = book::entries("Locked", "E", &book::sample_chapters(), true);
        drm.push((
            "META-INF/encryption.xml".into(),
            br#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
<enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
<enc:CipherData><enc:CipherReference URI="OEBPS/text/ch1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"#
                .to_vec(),
        ));
        let err = open(book::zip_entries(&drm)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this EPUB is DRM-protected; gloss can only read books without DRM"
        );

        let mut fonts = book::entries("Fonts", "F", &book::sample_chapters(), true);
        fonts.push((
            "META-INF/encryption.xml".into(),
            br#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
<enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/></enc:EncryptedData></encryption>"#
                .to_vec(),
        ));
        assert!(
            open(book::zip_entries(&fonts)).is_ok(),
            "font obfuscation is not DRM"
        );

        let mut no_package = book::entries("X", "G", &book::sample_chapters(), true);
        no_package.retain(|(n, _)| !n.ends_with(".opf"));
        assert_eq!(
            open(book::zip_entries(&no_package)).unwrap_err(),
            EpubError::NoPackage
        );

        let mut no_chapters = book::entries("X", "G", &book::sample_chapters(), true);
        no_chapters.retain(|(n, _)| !n.contains("/text/"));
        assert_eq!(
            open(book::zip_entries(&no_chapters)).unwrap_err(),
            EpubError::NoChapters
        );
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        // 80 MB of zeros compress to about 80 KB: more than a hundred times the book's size.
        let zeros = vec![b'a'; 80 << 20];
        let mut entries = book::entries("Bomb", "H", &book::sample_chapters(), true);
        entries.push(("OEBPS/text/ch1.xhtml".into(), zeros));
        entries.remove(
            entries
                .iter()
                .position(|(n, _)| n == "OEBPS/text/ch1.xhtml")
                .unwrap(),
        );
        let err = open(book::zip_entries(&entries)).unwrap_err();
        assert!(matches!(err, EpubError::TooLarge { .. }), "{err}");
    }
}
