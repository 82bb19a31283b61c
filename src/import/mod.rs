//! Highlights, notes and bookmarks brought in from the tools people already use. Each format is
//! one row of [`FORMATS`]: its name, how it is known by its content, and its reader, which
//! turns a file into books and what was found on them ([`Read`]). What follows is the same for
//! every format: each book is matched to a text of the library (by gloss's content hash or
//! KOReader's hash of its file, its address, then its title and author, then the quotes found
//! in it), each highlight placed by the anchoring (page and location numbers are only hints),
//! each bookmark at its place. What matches no text waits in the database and is placed when
//! that text is added.
//!
//! The same file imported twice changes nothing: each annotation's id is derived from its tool,
//! its book and its place there, and an annotation already here is replaced only by a newer
//! version. What the reader wrote in another tool becomes the reader's own; what someone else
//! wrote (a W3C annotation's creator) stays theirs, read-only, as a group member's.

pub mod anki;
mod calibre;
mod kindle;
mod koreader;
mod lua;
mod readwise;
mod w3c;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::anchor::Anchor;
use crate::annotation::Author;
use crate::document::{DocumentId, LibraryEntry};
use crate::group::LocalText;
use crate::library::OpenError;
use crate::share::exchange::Shared;
use crate::store::{Incoming, Known, NewBookmark, Store, StoreError, ToolImport, Waiting};

/// Largest file read.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Characters of text per Kindle location (Amazon counts 128 bytes of its own format): where a
/// highlight is looked for first.
const CHARS_PER_LOCATION: usize = 128;
/// Characters per printed page, for a page number given as a hint.
const CHARS_PER_PAGE: usize = 2_000;
/// Quotes at least this long (in characters) tell which text they come from.
const QUOTE_EVIDENCE_CHARS: usize = 16;
/// Quotes of a book tried on the library's texts.
const QUOTES_ASKED: usize = 20;
/// A quote with no context shorter than this, found more than once, is placed for the reader to
/// check: any copy could be the one.
const CHANCE_CHARS: usize = 40;

/// A format of another tool.
pub struct Format {
    /// The name `--from` takes.
    pub id: &'static str,
    /// What the summary and the help call it.
    pub name: &'static str,
    /// Whether a file's text is in this format.
    pub detect: fn(&str) -> bool,
    pub read: fn(&str) -> Result<Read, ImportError>,
}

/// Every format read, tried in this order.
pub const FORMATS: &[Format] = &[
    Format {
        id: "kindle",
        name: "Kindle",
        detect: kindle::detect,
        read: kindle::read,
    },
    Format {
        id: "koreader",
        name: "KOReader",
        detect: koreader::detect,
        read: koreader::read,
    },
    Format {
        id: "koreader-json",
        name: "KOReader JSON export",
        detect: koreader::detect_json,
        read: koreader::read_json,
    },
    Format {
        id: "calibre",
        name: "Calibre",
        detect: calibre::detect,
        read: calibre::read,
    },
    Format {
        id: "readwise",
        name: "Readwise CSV",
        detect: readwise::detect,
        read: readwise::read,
    },
    Format {
        id: "w3c",
        name: "W3C Web Annotations, Hypothesis",
        detect: w3c::detect,
        read: w3c::read,
    },
];

/// What `--from` names for a reading-group member's export (read by [`crate::group`]).
pub const GLOSS: &str = "gloss";

/// The tool whose file `path` is, by `from` (a format's id) or by its first 64 KiB; `None`: a
/// reading-group member's export.
pub fn tool_of(path: &Path, from: Option<&str>) -> Result<Option<&'static Format>, ImportError> {
    match from {
        Some(id) if id.eq_ignore_ascii_case(GLOSS) => Ok(None),
        Some(id) => format(id).map(Some).ok_or_else(|| {
            let known: Vec<&str> = std::iter::once(GLOSS)
                .chain(FORMATS.iter().map(|f| f.id))
                .collect();
            ImportError::Unknown(format!("no format `{id}` (known: {})", known.join(", ")))
        }),
        None => {
            let head = crate::files::read_regular_head(path, 64 * 1024)
                .map_err(|err| ImportError::Read(err.to_string()))?;
            Ok(recognise(&decode(&head)))
        }
    }
}

/// Reads a tool's file (regular files only, never a pipe or a device; at most [`MAX_BYTES`])
/// and brings its annotations in.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    format: &'static Format,
    now: i64,
) -> Result<Summary, ImportError> {
    let bytes = crate::files::read_regular(path, MAX_BYTES, true)
        .map_err(|err| ImportError::Read(err.to_string()))?;
    let (text, cleaned) = crate::document::sanitize::clean_text(&decode(&bytes));
    let mut read = (format.read)(&text)?;
    read.cleaned += cleaned;
    import(store, read, now)
}

/// A file's text: UTF-8, or UTF-16 by its byte-order mark; anything not text replaced.
fn decode(bytes: &[u8]) -> String {
    let (text, _, _) = encoding_rs::UTF_8.decode(bytes);
    text.into_owned()
}

/// A JSON object's text field, or `""`.
fn json_text(value: &serde_json::Value, key: &str) -> String {
    value
        .get(key)
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// The format of a file's text, if it is one of [`FORMATS`].
pub fn recognise(text: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| (f.detect)(text))
}

/// The format named `id` (`--from`).
pub fn format(id: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.id.eq_ignore_ascii_case(id))
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read it: {0}")]
    Read(String),
    #[error("{0}")]
    Unknown(String),
    #[error("nothing to import: {0}")]
    Empty(String),
    #[error("not a file gloss can import: {0}")]
    Malformed(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Open(#[from] OpenError),
}

/// A book (or article) annotations were made on, as the tool names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    pub title: String,
    pub authors: String,
    pub url: Option<String>,
    /// The content hash of gloss's copy, when the tool knows it.
    pub hash: Option<String>,
    /// KOReader's identity of the book's file ([`crate::files::partial_md5`]).
    #[serde(default)]
    pub partial_md5: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Kind {
    #[default]
    Highlight,
    /// A note with no passage of its own: kept as a bookmark labelled with it.
    Note,
    Bookmark,
}

/// Where in the book the tool says an annotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Hint {
    #[default]
    None,
    /// A character offset, on a copy `of` characters long when known.
    Chars {
        start: usize,
        of: Option<usize>,
    },
    /// Kindle locations, and the printed page when the book has pages.
    Kindle {
        first: u32,
        last: u32,
        page: Option<u32>,
    },
    Page(u32),
    /// A page of a book laid out in `of` pages (0 the first): that share of the text.
    Share {
        part: u32,
        of: u32,
    },
}

/// A highlight, note or bookmark read from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// Its book, in [`Read::books`].
    pub book: usize,
    /// What tells it from the others of its book in its tool (its place there): the import's
    /// id is derived from it.
    pub id: String,
    pub kind: Kind,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    pub hint: Hint,
    /// The chapter it is in, as the tool names it: where a bookmark goes, and where a
    /// highlight with no other hint is looked for, when the text's contents have an entry of
    /// that title.
    pub chapter: String,
    pub note: String,
    /// 1 to 5, as gloss's colours; 0 for none given.
    pub color: u8,
    pub tags: Vec<String>,
    pub created: Option<i64>,
    pub modified: Option<i64>,
    /// Who wrote it (id, name), when not the reader.
    pub author: Option<(String, String)>,
}

/// A file, read.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The tool's name, for the summary.
    pub source: &'static str,
    pub books: Vec<Book>,
    pub found: Vec<Found>,
    /// Entries not understood (an article clipped, a kind unknown).
    pub skipped: usize,
    /// Older versions of an edited highlight, dropped.
    pub duplicates: usize,
    /// Control characters and escape sequences removed from the file's text.
    pub cleaned: usize,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub source: String,
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub to_check: usize,
    pub orphaned: usize,
    /// Texts written to.
    pub texts: usize,
    /// Waiting for a text not in the library, and for how many texts.
    pub waiting: usize,
    pub waiting_texts: usize,
    pub duplicates: usize,
    pub skipped: usize,
    pub cleaned: usize,
}

/// Two imports' counts together (the texts counted once each only within one).
impl std::ops::AddAssign for Summary {
    fn add_assign(&mut self, other: Summary) {
        if self.source.is_empty() {
            self.source = other.source;
        }
        self.imported += other.imported;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.to_check += other.to_check;
        self.orphaned += other.orphaned;
        self.texts = self.texts.max(other.texts);
        self.waiting += other.waiting;
        self.waiting_texts += other.waiting_texts;
        self.duplicates += other.duplicates;
        self.skipped += other.skipped;
        self.cleaned += other.cleaned;
    }
}

/// `Kindle: 214 imported into 9 texts, 3 to check, 5 orphaned, 31 waiting for 2 texts not in
/// your library`, then what else is not zero.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let texts = |n: usize| crate::group::counted(n, "text", "texts");
        let mut said = vec![format!(
            "{}: {} imported into {}",
            self.source,
            self.imported,
            texts(self.texts)
        )];
        said.push(format!("{} to check", self.to_check));
        said.push(format!("{} orphaned", self.orphaned));
        if self.waiting > 0 {
            said.push(format!(
                "{} waiting for {} not in your library",
                self.waiting,
                texts(self.waiting_texts)
            ));
        }
        let counted = crate::group::counted;
        for (n, what) in [
            (self.updated, format!("{} updated", self.updated)),
            (self.unchanged, format!("{} unchanged", self.unchanged)),
            (
                self.duplicates,
                counted(self.duplicates, "older version", "older versions")
                    + " of an edited note left out",
            ),
            (
                self.skipped,
                counted(self.skipped, "entry", "entries") + " not understood, skipped",
            ),
            (
                self.cleaned,
                counted(self.cleaned, "control character", "control characters") + " removed",
            ),
        ] {
            if n > 0 {
                said.push(what);
            }
        }
        f.write_str(&said.join(", "))
    }
}

/// The id of an annotation brought in: the same for the same annotation of the same tool, on
/// every import and every machine.
fn uuid_of(source: &str, book: &Book, found: &Found) -> String {
    const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6a1c_3e2f_8b4d_4f0e_9a57_c2d8_1e6b_4f93);
    let key = format!(
        "{source}\u{0}{}\u{0}{}\u{0}{}",
        book.title, book.authors, found.id
    );
    uuid::Uuid::new_v5(&NAMESPACE, key.as_bytes()).to_string()
}

/// Annotations read, each with the id it is imported under.
type WithIds = Vec<(String, Found)>;

/// A waiting annotation as kept in the database.
#[derive(Serialize, Deserialize)]
struct Kept {
    source: String,
    book: Book,
    found: Found,
}

/// Brings a file's annotations into the library.
pub fn import(store: &mut Store, read: Read, now: i64) -> Result<Summary, ImportError> {
    let library = store.library()?;
    let mut importer = Importer::new(store, read.source, now)?;
    importer.summary.duplicates = read.duplicates;
    importer.summary.skipped = read.skipped;
    importer.summary.cleaned = read.cleaned;
    let mut by_book: Vec<WithIds> = vec![Vec::new(); read.books.len()];
    for found in read.found {
        let uuid = uuid_of(read.source, &read.books[found.book], &found);
        if let Some(list) = by_book.get_mut(found.book) {
            list.push((uuid, found));
        }
    }
    let books: Vec<(Book, WithIds)> = read
        .books
        .into_iter()
        .zip(by_book)
        .filter(|(_, found)| !found.is_empty())
        .collect();
    let texts = find_texts(store, &library, &books, &mut importer.opened)?;
    for ((book, found), text) in books.into_iter().zip(texts) {
        match text.filter(|id| importer.opened.contains_key(id)) {
            Some(id) => importer.place(id, found),
            None => importer.wait(&book, found)?,
        }
    }
    importer.write(store)
}

/// Places what was waiting for `entry`'s text, now in the library; `None` when nothing was.
pub fn place_waiting(
    store: &mut Store,
    entry: &LibraryEntry,
    doc: &std::sync::Arc<crate::document::Document>,
    now: i64,
) -> Result<Option<Summary>, ImportError> {
    let waiting = store.waiting_imports()?;
    if waiting.is_empty() {
        return Ok(None);
    }
    // Each waiting book, with its annotations.
    let mut books: Vec<(String, Book, WithIds)> = Vec::new();
    for w in waiting {
        let Ok(kept) = serde_json::from_str::<Kept>(&w.found) else {
            continue;
        };
        match books
            .iter_mut()
            .find(|(source, book, _)| *source == kept.source && *book == kept.book)
        {
            Some((_, _, list)) => list.push((w.uuid, kept.found)),
            None => books.push((kept.source, kept.book, vec![(w.uuid, kept.found)])),
        }
    }
    let text = LocalText::of(entry, doc.clone());
    let mut placed = Summary::default();
    for (source, book, found) in books {
        let quotes = evidence(found.iter().map(|(_, f)| f));
        let ours = book.hash.as_ref() == Some(&entry.hash)
            || book.partial_md5.is_some()
                && book.partial_md5
                    == entry
                        .path
                        .as_ref()
                        .and_then(|p| crate::files::partial_md5(p).ok())
            || book
                .url
                .as_ref()
                .zip(entry.url.as_ref())
                .is_some_and(|(a, b)| same_url(a, b))
            || same_book(&book, entry);
        if !ours && (quotes.is_empty() || !text.holds_most(&quotes)) {
            continue;
        }
        let mut importer = Importer::new(store, &source, now)?;
        importer.opened.insert(entry.id, text.clone());
        importer.place(entry.id, found);
        placed += importer.write(store)?;
    }
    Ok((placed.imported > 0).then_some(placed))
}

/// What is waiting, by book: its tool, title, authors and how many annotations.
pub fn waiting(store: &Store) -> Result<Vec<(String, String, String, usize)>, ImportError> {
    let mut out: Vec<(String, String, String, usize)> = Vec::new();
    for w in store.waiting_imports()? {
        match out
            .iter_mut()
            .find(|(s, t, a, _)| *s == w.source && *t == w.title && *a == w.authors)
        {
            Some(row) => row.3 += 1,
            None => out.push((w.source, w.title, w.authors, 1)),
        }
    }
    Ok(out)
}

/// A few long enough quotes of a book, to know its text by them.
fn evidence<'a>(found: impl Iterator<Item = &'a Found>) -> Vec<&'a str> {
    found
        .filter(|f| f.quote.chars().count() >= QUOTE_EVIDENCE_CHARS)
        .map(|f| f.quote.as_str())
        .take(QUOTES_ASKED)
        .collect()
}

/// The library's text of each book (opened in `opened`): the same content, the same address,
/// the same title and author, else the text in which most of its quotes are found. The quotes
/// of every book still unmatched are looked for in one pass over the library, each text read
/// once and let go unless it is some book's.
fn find_texts(
    store: &mut Store,
    library: &[LibraryEntry],
    books: &[(Book, WithIds)],
    opened: &mut HashMap<DocumentId, LocalText>,
) -> Result<Vec<Option<DocumentId>>, ImportError> {
    let mut texts = Vec::with_capacity(books.len());
    let mut file_md5s = FileMd5s::default();
    for (book, _) in books {
        let by_hash = book
            .hash
            .as_ref()
            .and_then(|h| library.iter().find(|e| &e.hash == h));
        let by_file = book.partial_md5.as_ref().and_then(|md5| {
            library
                .iter()
                .find(|e| file_md5s.of(e).as_ref() == Some(md5))
        });
        let by_url = book.url.as_ref().and_then(|url| {
            library
                .iter()
                .find(|e| e.url.as_ref().is_some_and(|u| same_url(u, url)))
        });
        // Of several with the title, the one read last.
        let by_title = library
            .iter()
            .filter(|e| same_book(book, e))
            .max_by_key(|e| (e.last_read_at, e.id.0));
        let mut text = None;
        for entry in [by_hash, by_file, by_url, by_title].into_iter().flatten() {
            if open(store, entry, opened)?.is_some() {
                text = Some(entry.id);
                break;
            }
        }
        texts.push(text);
    }
    let quotes: Vec<Vec<&str>> = books
        .iter()
        .map(|(_, found)| evidence(found.iter().map(|(_, f)| f)))
        .collect();
    let unmatched: Vec<usize> = (0..books.len())
        .filter(|&i| texts[i].is_none() && !quotes[i].is_empty())
        .collect();
    if unmatched.is_empty() {
        return Ok(texts);
    }
    let mut best: Vec<Option<(usize, DocumentId)>> = vec![None; books.len()];
    for entry in library {
        let held = opened.contains_key(&entry.id);
        let Some(text) = open(store, entry, opened)? else {
            continue;
        };
        let mut wanted = false;
        for &i in &unmatched {
            let found = text.quotes_found(&quotes[i]);
            if text.holds_most(&quotes[i]) && best[i].is_none_or(|(n, _)| found > n) {
                best[i] = Some((found, entry.id));
                wanted = true;
            }
        }
        if !held && !wanted {
            opened.remove(&entry.id);
        }
    }
    for i in unmatched {
        texts[i] = best[i].map(|(_, id)| id);
    }
    Ok(texts)
}

/// The library's files' [`crate::files::partial_md5`], each read once, when a book asks.
#[derive(Default)]
struct FileMd5s(HashMap<DocumentId, Option<String>>);

impl FileMd5s {
    fn of(&mut self, entry: &LibraryEntry) -> &Option<String> {
        self.0.entry(entry.id).or_insert_with(|| {
            let path = entry.path.as_ref()?;
            crate::files::partial_md5(path).ok()
        })
    }
}

fn open<'a>(
    store: &mut Store,
    entry: &LibraryEntry,
    opened: &'a mut HashMap<DocumentId, LocalText>,
) -> Result<Option<&'a LocalText>, ImportError> {
    if let std::collections::hash_map::Entry::Vacant(slot) = opened.entry(entry.id) {
        match LocalText::open(store, entry)? {
            Some(text) => {
                slot.insert(text);
            }
            None => return Ok(None),
        }
    }
    Ok(opened.get(&entry.id))
}

/// Two addresses of the same page: scheme, `www.`, a trailing `/` and the fragment aside.
fn same_url(a: &str, b: &str) -> bool {
    let key = |u: &str| {
        let u = u.split('#').next().unwrap_or(u);
        let u = u.split_once("://").map_or(u, |(_, rest)| rest);
        let u = u.strip_prefix("www.").unwrap_or(u);
        u.trim_end_matches('/').to_lowercase()
    };
    key(a) == key(b)
}

/// A title as compared: lowercase letters and digits, words single-spaced.
fn normalise(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ways a title may be written: whole, without its subtitle (after `:`), without a
/// parenthesised or bracketed addition (`(Penguin Classics)`, `[Kindle Edition]`).
fn title_forms(title: &str) -> Vec<String> {
    let mut forms = vec![normalise(title)];
    if let Some((main, _)) = title.split_once(':') {
        forms.push(normalise(main));
    }
    let bare: String = {
        let mut depth = 0i32;
        title
            .chars()
            .filter(|&c| {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => {
                        depth -= 1;
                        return false;
                    }
                    _ => {}
                }
                depth <= 0
            })
            .collect()
    };
    forms.push(normalise(&bare));
    forms.retain(|f| !f.is_empty());
    forms
}

/// Whether `book` is `entry`'s text by title (one form of each equal, or nearly equal when
/// long) and, when both name one, author (a name in common).
fn same_book(book: &Book, entry: &LibraryEntry) -> bool {
    let ours = title_forms(&entry.title);
    let theirs = title_forms(&book.title);
    // Numbers are never fuzzy: `Volume 2`, `Jun 06` are other texts than `Volume 3`, `Jun 04`.
    let numbers = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.trim_start_matches('0').to_string())
            .collect()
    };
    let titled = ours.iter().any(|a| {
        theirs.iter().any(|b| {
            a == b
                || (a.chars().count() >= 12
                    && numbers(a) == numbers(b)
                    && similar::TextDiff::from_chars(a.as_str(), b.as_str()).ratio() >= 0.9)
        })
    });
    if !titled {
        return false;
    }
    match (&entry.author, book.authors.trim()) {
        (Some(author), theirs) if !theirs.is_empty() => {
            let names = |s: &str| -> HashSet<String> {
                normalise(s)
                    .split(' ')
                    .filter(|w| w.chars().count() >= 3)
                    .map(str::to_string)
                    .collect()
            };
            !names(author).is_disjoint(&names(theirs))
        }
        _ => true,
    }
}

/// The bytes of `doc`'s contents entry titled `title` (to the next entry), if it has one.
fn chapter_of(doc: &crate::document::Document, title: &str) -> Option<std::ops::Range<usize>> {
    let title = normalise(title);
    if title.is_empty() {
        return None;
    }
    let at = doc
        .contents
        .iter()
        .position(|s| normalise(&s.title) == title)?;
    let start = doc.contents[at].start;
    let end = doc.contents[at + 1..]
        .iter()
        .map(|s| s.start)
        .find(|&s| s > start)
        .unwrap_or(doc.content.len());
    Some(start..end)
}

/// An annotation placed on a text here (or orphaned there), to be written.
struct Placed {
    document: DocumentId,
    anchor: Anchor,
    orphaned: bool,
    unsure: bool,
    shared: Shared,
    mine: bool,
}

/// An import under way: what is here, the texts opened, and what is to be written.
struct Importer {
    source: String,
    me: Author,
    known: HashMap<String, Known>,
    opened: HashMap<DocumentId, LocalText>,
    now: i64,
    annotations: Vec<Placed>,
    bookmarks: Vec<NewBookmark>,
    waiting: Vec<Waiting>,
    placed: Vec<String>,
    written_to: HashSet<DocumentId>,
    waiting_for: HashSet<(String, String)>,
    summary: Summary,
}

impl Importer {
    fn new(store: &mut Store, source: &str, now: i64) -> Result<Importer, ImportError> {
        Ok(Importer {
            source: source.to_string(),
            me: store.me()?,
            known: store.annotation_index()?,
            opened: HashMap::new(),
            now,
            annotations: Vec::new(),
            bookmarks: Vec::new(),
            waiting: Vec::new(),
            placed: Vec::new(),
            written_to: HashSet::new(),
            waiting_for: HashSet::new(),
            summary: Summary {
                source: source.to_string(),
                ..Summary::default()
            },
        })
    }

    /// Places a book's annotations on its text here.
    fn place(&mut self, document: DocumentId, found: WithIds) {
        let Some(text) = self.opened.get(&document) else {
            return;
        };
        let reanchorer = text.reanchorer();
        let chars = text.doc.chars;
        for (uuid, f) in found {
            let modified = f.modified.or(f.created).unwrap_or(self.now);
            let created = f.created.unwrap_or(modified);
            let mine = f.author.is_none();
            let (author_id, author_name) = f
                .author
                .clone()
                .unwrap_or_else(|| (self.me.id.clone(), self.me.name.clone()));
            let start = match f.hint {
                Hint::Chars { start, .. } => start,
                Hint::Kindle { first, .. } => first as usize * CHARS_PER_LOCATION,
                Hint::Page(page) => page.saturating_sub(1) as usize * CHARS_PER_PAGE,
                Hint::Share { part, of } => {
                    (chars as u128 * u128::from(part) / u128::from(of.max(1))) as usize
                }
                Hint::None => 0,
            }
            .min(chars);
            let chapter = chapter_of(&text.doc, &f.chapter);
            self.placed.push(uuid.clone());
            if f.quote.is_empty() {
                let start = chapter
                    .as_ref()
                    .map_or(start, |c| text.doc.char_of(c.start));
                // A bookmark says where it came from, with its tool's words for it if any.
                let label = match (f.kind, f.note.is_empty()) {
                    (Kind::Bookmark, true) => format!("{}, {}", self.source, where_in(&f.hint)),
                    (Kind::Bookmark, false) => format!("{}: {}", self.source, f.note),
                    _ => f.note.clone(),
                };
                self.bookmarks.push(NewBookmark {
                    document,
                    position: start as u64,
                    label,
                    created,
                });
                self.written_to.insert(document);
                continue;
            }
            match self.known.get(&uuid) {
                // The reader's own, or someone's, unchanged since: left as it is here.
                Some(k) if k.author_id.is_none() != mine || modified <= k.modified => {
                    self.summary.unchanged += 1;
                    continue;
                }
                Some(k) if !mine && k.author_id.as_deref() != Some(author_id.as_str()) => {
                    self.summary.unchanged += 1;
                    continue;
                }
                Some(_) => self.summary.updated += 1,
                None => self.summary.imported += 1,
            }
            let quote_chars = f.quote.chars().count();
            // With no other hint, the quote's first copy in its chapter (the tool's contents
            // entry) is where it is looked for first.
            let start = match (f.hint, &chapter) {
                (Hint::None, Some(c)) => {
                    let within = &text.doc.content[c.clone()];
                    text.doc
                        .char_of(c.start + within.find(f.quote.as_str()).unwrap_or(0))
                }
                _ => start,
            };
            let anchor = Anchor {
                start,
                end: start + quote_chars,
                quote: f.quote.clone(),
                prefix: f.prefix.clone(),
                suffix: f.suffix.clone(),
            };
            let old_chars = match f.hint {
                Hint::Chars { of, .. } => of,
                _ => None,
            };
            let placement = reanchorer.locate_made_on(&anchor, old_chars);
            let content = &text.doc.content;
            let (anchor, orphaned, unsure) = match placement.range() {
                Some(r) => {
                    // With no context to tell them apart, any copy of a short quote may be it.
                    let bare = f.prefix.is_empty() && f.suffix.is_empty();
                    let repeated = bare
                        && quote_chars < CHANCE_CHARS
                        && content.match_indices(&content[r.clone()]).nth(1).is_some();
                    (
                        Anchor::new(content, r.clone(), text.doc.char_of(r.start)),
                        false,
                        placement.needs_check() || repeated,
                    )
                }
                None => (anchor, true, false),
            };
            self.summary.orphaned += usize::from(orphaned);
            self.summary.to_check += usize::from(unsure);
            self.written_to.insert(document);
            let shared = Shared {
                uuid,
                author_id,
                author_name,
                created,
                modified,
                // (0: the tool gave none; the first colour, yellow.)
                color: f.color.clamp(1, crate::annotation::COLORS.len() as u8),
                note: f.note,
                tags: f.tags,
                document_hash: text.hash.clone(),
                document_title: text.doc.title.clone(),
                document_chars: None,
                anchor: anchor.clone(),
                deleted: None,
            };
            self.annotations.push(Placed {
                document,
                anchor,
                orphaned,
                unsure,
                shared,
                mine,
            });
        }
    }

    /// Keeps a book's annotations until its text is added.
    fn wait(&mut self, book: &Book, found: WithIds) -> Result<(), ImportError> {
        self.waiting_for
            .insert((book.title.clone(), book.authors.clone()));
        for (uuid, found) in found {
            if self.known.contains_key(&uuid) {
                self.summary.unchanged += 1;
                continue;
            }
            self.summary.waiting += 1;
            let kept = Kept {
                source: self.source.to_string(),
                book: book.clone(),
                found,
            };
            self.waiting.push(Waiting {
                uuid,
                source: self.source.to_string(),
                title: book.title.clone(),
                authors: book.authors.clone(),
                found: serde_json::to_string(&kept).expect("plain data serializes"),
            });
        }
        Ok(())
    }

    /// Writes everything, in one transaction.
    fn write(mut self, store: &mut Store) -> Result<Summary, ImportError> {
        let annotations: Vec<Incoming<'_>> = self
            .annotations
            .iter()
            .map(|p| Incoming {
                document: p.document,
                anchor: p.anchor.clone(),
                orphaned: p.orphaned,
                unsure: p.unsure,
                shared: &p.shared,
                mine: p.mine,
            })
            .collect();
        let texts: Vec<(DocumentId, &str)> = self
            .written_to
            .iter()
            .filter_map(|id| self.opened.get(id).map(|t| (*id, t.doc.content.as_str())))
            .collect();
        let import = ToolImport {
            annotations,
            bookmarks: std::mem::take(&mut self.bookmarks),
            waiting: std::mem::take(&mut self.waiting),
            placed: std::mem::take(&mut self.placed),
            texts,
        };
        let bookmarks = import.bookmarks.len();
        let new_bookmarks = store.apply_tool_import(&import, self.now)?;
        self.summary.imported += new_bookmarks;
        self.summary.unchanged += bookmarks - new_bookmarks;
        self.summary.texts = self.written_to.len();
        self.summary.waiting_texts = self.waiting_for.len();
        if self.summary.waiting == 0 {
            self.summary.waiting_texts = 0;
        }
        Ok(self.summary)
    }
}

/// Where a hint says an annotation is, in words: `location 3257`, `page 12`.
fn where_in(hint: &Hint) -> String {
    match hint {
        Hint::Kindle { first, .. } => format!("location {first}"),
        Hint::Page(page) => format!("page {page}"),
        Hint::Share { part, .. } => format!("page {}", part + 1),
        Hint::Chars { start, .. } => format!("character {start}"),
        Hint::None => "bookmark".to_string(),
    }
}

#[cfg(test)]
mod tests;
