//! The library: the texts bundled with gloss and the documents the store knows, and how to
//! load any of them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::anchor::{Anchor, Placement, Reanchorer};
use crate::annotation::{Moved, MovedText};
use crate::document::{Document, Format, LoadError, Loading, Opening, sanitize::DecodeError};
use crate::document::{DocumentId, DocumentMeta, LibraryEntry, PartAt};
use crate::fetch;
use crate::search;
use crate::store::{self, Source, Store};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The bundled texts: file name and bytes.
pub fn bundled() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::BUNDLED.iter().copied()
}

/// Parses a bundled text by file name.
pub fn load_bundled(name: &str) -> Option<Result<Document, DecodeError>> {
    let (name, bytes) = bundled().find(|(n, _)| *n == name)?;
    Some(Document::from_bytes(
        bytes.to_vec(),
        name,
        Format::from_path(Path::new(name)),
    ))
}

/// Makes sure every bundled text is in the store (cheap: they are small and few).
pub fn register_bundled(store: &mut Store, now: i64) -> Result<(), OpenError> {
    for (name, _) in bundled() {
        if let Some(doc) = load_bundled(name) {
            let doc = doc.map_err(|source| OpenError::Bundled {
                name: name.to_string(),
                source,
            })?;
            store.register(&DocumentMeta::from(&doc), Source::Bundled(name), now)?;
        }
    }
    Ok(())
}

/// Puts the library's texts that are not in the full-text index yet into it (each text once:
/// a document's content never changes), but `except`; `progress` hears of each as it goes in:
/// its entry, and how many of its passages are in, of how many. Texts whose file is gone are
/// left for later. Returns how many texts were indexed.
pub fn index_for_search(
    store: &mut Store,
    except: Option<DocumentId>,
    now: i64,
    mut progress: impl FnMut(&LibraryEntry, usize, usize),
) -> Result<usize, OpenError> {
    let mut indexed = 0;
    for entry in store.unindexed()? {
        // Being indexed elsewhere (the reader's background indexing).
        if Some(entry.id) == except {
            continue;
        }
        progress(&entry, 0, 1);
        let doc = match open_entry(store, &entry, now) {
            Ok(opened) => opened.doc,
            Err(OpenError::Missing { .. }) => continue,
            Err(err) => return Err(err),
        };
        // A changed file opens as a new document: index the one it is now.
        let id = store.entry_by_hash(&doc.hash)?.map_or(entry.id, |e| e.id);
        let total = passage_count(&doc);
        index_document(store, id, &doc, |done| progress(&entry, done, total))?;
        indexed += 1;
    }
    if indexed > 0 {
        store.merge_index()?;
    }
    Ok(indexed)
}

/// Indexes the passages of `doc`, the text `id`, telling `progress` how many are in as they go.
pub fn index_document(
    store: &mut Store,
    id: DocumentId,
    doc: &Document,
    mut progress: impl FnMut(usize),
) -> Result<(), store::StoreError> {
    let (mut chars, mut counted) = (0, 0);
    let passages = passages(doc).enumerate().map(|(i, block)| {
        progress(i + 1);
        chars += crate::document::count_chars(&doc.content.as_bytes()[counted..block.start()]);
        counted = block.start();
        let text = doc.text(block);
        search::IndexedPassage {
            words: search::spaced(text),
            kept: search::KeptPassage {
                start_char: chars as u64,
                // Neither the title nor a heading is a section of itself.
                section: doc
                    .section_title(block.start())
                    .filter(|&t| t != doc.title && t != text),
                text,
            },
        }
    });
    store.index_passages(id, passages)
}

/// How many passages of `doc` the search indexes.
pub fn passage_count(doc: &Document) -> usize {
    passages(doc).count()
}

/// The passages of a text that the search indexes, in order: its reading blocks (page
/// furniture and boilerplate are not what anyone searches for).
fn passages(doc: &Document) -> impl Iterator<Item = &crate::document::Block> {
    doc.blocks.iter().filter(|b| b.kind.is_reading())
}

/// Words of context in a passage's snippet.
const SNIPPET_WORDS: usize = 16;

/// A passage of the library that matches a query, with where it is and a snippet whose
/// matched words are between [`search::MARK_START`] and [`search::MARK_END`].
#[derive(Debug, Clone, PartialEq)]
pub struct TextHit {
    pub document: DocumentId,
    pub title: String,
    /// Where the passage starts, and the text's length, in characters.
    pub start_char: u64,
    pub chars: u64,
    pub section: Option<String>,
    pub snippet: String,
}

/// The passages of the library that best match `query`, best first, with their places,
/// sections and snippets from what the index keeps of them: no text is opened.
pub fn search_texts(
    store: &Store,
    query: &str,
    limit: usize,
) -> Result<Vec<TextHit>, store::StoreError> {
    let hits = store.search_texts(query, limit)?;
    // Runs inflated so far, by text and first passage: hits are often neighbours.
    let mut runs: Vec<(DocumentId, usize, Vec<search::KeptPassage<String>>)> = Vec::new();
    let mut found = Vec::with_capacity(hits.len());
    for hit in hits {
        let held = runs.iter().position(|(id, first, run)| {
            *id == hit.document && (*first..first + run.len()).contains(&hit.passage)
        });
        let held = match held {
            Some(i) => i,
            None => {
                let Some((first, run)) = store.passage_run(hit.document, hit.passage)? else {
                    continue;
                };
                let Some(run) = search::inflate(&run) else {
                    continue;
                };
                runs.push((hit.document, first, run));
                runs.len() - 1
            }
        };
        let (_, first, run) = &runs[held];
        let Some(passage) = run.get(hit.passage - first) else {
            continue;
        };
        found.push(TextHit {
            document: hit.document,
            title: hit.title,
            start_char: passage.start_char,
            chars: hit.chars,
            section: passage.section.clone(),
            snippet: search::snippet(&passage.text, query, SNIPPET_WORDS),
        });
    }
    Ok(found)
}

/// Passage cards made of highlights, and highlights that had one already.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PassageCards {
    pub made: usize,
    pub had: usize,
}

/// Makes a passage card (see [`crate::srs::passage`]) of each of `highlights`, placed ones of
/// text `id`, whose text is `doc`, but those that have one.
pub fn make_passage_cards(
    store: &mut Store,
    id: DocumentId,
    doc: &Document,
    highlights: &[crate::annotation::Annotation],
    now: i64,
) -> Result<PassageCards, store::StoreError> {
    let mut done = PassageCards::default();
    // Linear in the highlights (issue 37): where the text's passage cards are, read once, and
    // the cards written in one transaction.
    let mut had = store.passage_card_places(id)?;
    store.begin_batch()?;
    let mut bytes_of = doc.byte_cursor();
    for highlight in highlights.iter().filter(|a| !a.orphaned) {
        let anchor = &highlight.anchor;
        if !had.insert((anchor.start, anchor.end)) {
            done.had += 1;
            continue;
        }
        let section = doc.section_title(bytes_of.byte_of(anchor.start));
        let text = crate::srs::passage::card_text(
            &anchor.quote,
            &highlight.note,
            &highlight.tags,
            section.filter(|&s| s != doc.title),
        );
        if let Err(err) = store.add_cards(id, anchor, &text, &doc.content, now) {
            store.abandon_batch();
            return Err(err);
        }
        done.made += 1;
    }
    store.end_batch()?;
    Ok(done)
}

/// Finds the library entry a command line names: a file (by its text), or a title (any part of
/// it, case ignored; it must name one text).
pub fn resolve(
    store: &Store,
    query: impl AsRef<std::ffi::OsStr>,
) -> Result<LibraryEntry, OpenError> {
    let query = query.as_ref();
    let path = Path::new(query);
    let shown = || query.to_string_lossy().into_owned();
    if path.is_file() {
        let doc = Document::open(path)?;
        return store
            .entry_by_hash(&doc.hash)?
            .ok_or_else(|| OpenError::NotInLibrary(shown()));
    }
    // A name that is not a file and not text names no title either.
    let wanted = query
        .to_str()
        .ok_or_else(|| OpenError::NotInLibrary(shown()))?;
    let wanted = wanted.to_lowercase();
    let mut found: Vec<LibraryEntry> = store
        .library()?
        .into_iter()
        .filter(|e| e.title.to_lowercase().contains(&wanted))
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(OpenError::NotInLibrary(shown())),
        _ => Err(OpenError::Ambiguous {
            query: shown(),
            titles: found
                .into_iter()
                .map(|e| e.title)
                .collect::<Vec<_>>()
                .join("; "),
        }),
    }
}

/// Fetches the page at `url`, keeps a copy in `dir` and adds it to the library (as its article,
/// or whole when `raw`). Fetching an address again makes a new edition of its text, to which
/// the annotations are carried over.
pub fn add_url(
    store: &mut Store,
    dir: &Path,
    url: &str,
    raw: bool,
    timeout: std::time::Duration,
    progress: &mut dyn FnMut(u64),
    now: i64,
) -> Result<Opened, OpenError> {
    let page = fetch::fetch(url, timeout, progress)?;
    // The copy of an earlier fetch is kept aside until the new one opens: a page refused (or
    // failing) leaves the folder as it was.
    let path = fetch::copy_path(dir, url);
    let mut aside = path.clone().into_os_string();
    aside.push(".before");
    let aside = PathBuf::from(aside);
    let had = std::fs::rename(&path, &aside).is_ok();
    let format = if raw { Format::HTML_RAW } else { Format::HTML };
    let opened = fetch::save(dir, url, &page.body)
        .map_err(OpenError::from)
        .and_then(|path| open_file_as(store, &path, format, now))
        .and_then(|opened| {
            store.set_url(opened.entry.id, &page.url)?;
            let entry = store.entry(opened.entry.id)?.unwrap_or(opened.entry);
            // What waits for this address (its title did not say it).
            let (doc, by_url) = place_waiting(store, &entry, opened.doc, now)?;
            let waited = match (opened.waited, by_url) {
                (Some(mut a), Some(b)) => {
                    a += b;
                    Some(a)
                }
                (a, b) => a.or(b),
            };
            Ok(Opened {
                entry,
                doc,
                waited,
                ..opened
            })
        });
    match (&opened, had) {
        (Ok(_), true) => {
            let _ = std::fs::remove_file(&aside);
        }
        (Ok(_), false) => {}
        (Err(_), true) => {
            let _ = std::fs::rename(&aside, &path);
        }
        (Err(_), false) => {
            let _ = std::fs::remove_file(&path);
        }
    }
    opened
}

/// Why a library entry could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("bundled text {name}: {source}")]
    Bundled { name: String, source: DecodeError },
    #[error("{title} is no longer at {path}; open it from its new place with `gloss FILE`")]
    Missing { title: String, path: String },
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("no text in the library matches {0:?} (see `gloss list`)")]
    NotInLibrary(String),
    #[error("{query:?} matches several texts: {titles}")]
    Ambiguous { query: String, titles: String },
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
}

/// A document loaded for reading, with its library entry (holding the saved place).
pub struct Opened {
    pub doc: Document,
    pub entry: LibraryEntry,
    /// The file's text changed since it was last read: what was carried over to the new text.
    pub changed: Option<CarriedOver>,
    /// Annotations brought in from another tool that were waiting for this text, now placed.
    pub waited: Option<crate::import::Summary>,
}

/// What followed a file to its new text: annotations placed exactly, approximately, or not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CarriedOver {
    pub exact: usize,
    pub approximate: usize,
    /// Placed on weaker evidence, to be checked by the reader.
    pub unsure: usize,
    pub orphaned: usize,
}

/// Loads the text of a library entry: its bundled copy, else its file. A file whose content
/// changed is registered as the new content it now holds.
pub fn open_entry(store: &mut Store, entry: &LibraryEntry, now: i64) -> Result<Opened, OpenError> {
    start_entry(store, entry, now)?.wait(store, now)
}

/// Loads a file and records it in the library; its format follows its extension.
pub fn open_file(store: &mut Store, path: &Path, now: i64) -> Result<Opened, OpenError> {
    open_file_as(store, path, Format::of_file(path), now)
}

/// Loads a file in the given format (a page whole, say) and records it in the library.
pub fn open_file_as(
    store: &mut Store,
    path: &Path,
    format: Format,
    now: i64,
) -> Result<Opened, OpenError> {
    start_file(store, path, format, now)?.wait(store, now)
}

/// A text being opened: ready, or a long book whose beginning is ready.
pub enum Started {
    Ready(Opened),
    /// The beginning of the book (an exact beginning of the whole), or the part of a long text
    /// around its place ([`Pending::part`] says where), and the rest on its way.
    Pending(Document, Pending),
}

impl Started {
    /// Waits for the whole text and records it in the library.
    pub fn wait(self, store: &mut Store, now: i64) -> Result<Opened, OpenError> {
        match self {
            Started::Ready(opened) => Ok(opened),
            Started::Pending(_, mut pending) => {
                let doc = pending.loading.wait()?;
                pending.register(store, doc, now)
            }
        }
    }
}

/// A long book on its way: its beginning is shown while the rest is converted, and only the
/// whole, once hashed, is recorded in the library.
pub struct Pending {
    pub loading: Loading,
    /// The entry the file was last read as, if it looks unchanged since (same size, time and
    /// inode): its place is where the book opens. The whole text's hash confirms it.
    pub entry: Option<LibraryEntry>,
    /// Where the part shown lies in the whole, when it is not its beginning.
    pub part: Option<PartAt>,
    path: PathBuf,
    stamp: Option<String>,
}

impl Pending {
    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records the whole text, once [`Loading::poll`] has it, in the library.
    pub fn register(
        &self,
        store: &mut Store,
        doc: Document,
        now: i64,
    ) -> Result<Opened, OpenError> {
        register_file(store, &self.path, self.stamp.as_deref(), doc, now)
    }
}

/// Starts loading the text of a library entry: its bundled copy, else its file.
pub fn start_entry(
    store: &mut Store,
    entry: &LibraryEntry,
    now: i64,
) -> Result<Started, OpenError> {
    if let Some(doc) = entry.bundled.as_deref().and_then(load_bundled) {
        let doc = doc.map_err(|source| OpenError::Bundled {
            name: entry.bundled.clone().unwrap_or_default(),
            source,
        })?;
        return Ok(Started::Ready(Opened {
            doc,
            entry: entry.clone(),
            changed: None,
            waited: None,
        }));
    }
    let path = entry.path.as_deref().unwrap_or(Path::new(""));
    if !path.is_file() {
        return Err(OpenError::Missing {
            title: entry.title.clone(),
            path: path.display().to_string(),
        });
    }
    start_file(store, path, entry.format, now)
}

/// Starts loading a file in the given format: a long book shows its beginning (or the part
/// where it was left, if the file is unchanged) before the rest is read.
pub fn start_file(
    store: &mut Store,
    path: &Path,
    format: Format,
    now: i64,
) -> Result<Started, OpenError> {
    let (canonical, stamp, known) = file_as_known(store, path)?;
    let wanted = known.as_ref().map_or(0, |e| e.position as usize);
    let landmark = match &known {
        Some(entry) if format.row().landmarks => store.landmark(entry.id)?,
        _ => None,
    };
    // A costly format's text kept from the unchanged file: no page is read again.
    if let (Some(entry), Some(stamp)) = (&known, &stamp)
        && format.row().kept
        && let Some(doc) = store
            .kept_text(entry.id, stamp)?
            .and_then(|kept| Document::from_kept(&kept))
    {
        return register_file(store, &canonical, Some(stamp), doc, now).map(Started::Ready);
    }
    let pending = |loading, part| Pending {
        loading,
        entry: known.clone(),
        part,
        path: canonical.clone(),
        stamp: stamp.clone(),
    };
    match Document::open_from(path, format, wanted, landmark.as_ref())? {
        Opening::Whole(doc) => {
            register_file(store, &canonical, stamp.as_deref(), doc, now).map(Started::Ready)
        }
        Opening::Begun(beginning, loading) => {
            Ok(Started::Pending(beginning, pending(loading, None)))
        }
        Opening::Around(mut part, at, loading) => {
            // The part has no title of its own; the library knows the whole's.
            if let Some(entry) = &known {
                part.title = entry.title.clone();
                part.author = entry.author.clone();
            }
            Ok(Started::Pending(part, pending(loading, Some(at))))
        }
    }
}

/// The library's entry for a file as it is now (the same path, size, time and inode), if it
/// has one: what [`start_file`] will open it as.
pub fn entry_of_file(
    store: &Store,
    path: &Path,
) -> Result<Option<LibraryEntry>, store::StoreError> {
    file_as_known(store, path).map(|(_, _, known)| known)
}

/// A file's path with its links resolved, its stamp, and its entry if it is known as it is.
fn file_as_known(
    store: &Store,
    path: &Path,
) -> Result<(PathBuf, Option<String>, Option<LibraryEntry>), store::StoreError> {
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let stamp = file_stamp(&canonical);
    let known = match &stamp {
        Some(stamp) => store.entry_by_file(&canonical, stamp)?,
        None => None,
    };
    Ok((canonical, stamp, known))
}

/// What a file looks like now: its size, modification time and inode.
fn file_stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(format!("{}:{modified}:{inode}", meta.len()))
}

/// Records a file's text in the library: a changed text carries over what was written on the
/// text the file held before.
fn register_file(
    store: &mut Store,
    path: &Path,
    stamp: Option<&str>,
    doc: Document,
    now: i64,
) -> Result<Opened, OpenError> {
    let source = Source::File { path, stamp };
    let registered = store.register(&DocumentMeta::from(&doc), source, now)?;
    if let Some(stamp) = stamp
        && doc.format.row().kept
        && !store.is_kept(registered.id, stamp)?
    {
        store.keep_text(registered.id, stamp, &doc.to_kept())?;
    }
    let changed = match registered.replaced {
        Some(old) => Some(carry_over(store, old, registered.id, &doc, now)?),
        None => None,
    };
    let entry = store
        .entry(registered.id)?
        .expect("a document just registered is in the store");
    let (doc, waited) = place_waiting(store, &entry, doc, now)?;
    Ok(Opened {
        doc,
        entry,
        changed,
        waited,
    })
}

/// Places what an import from another tool left waiting for this text. A failure leaves it
/// waiting, and says so among the text's warnings: the text opens all the same.
fn place_waiting(
    store: &mut Store,
    entry: &LibraryEntry,
    doc: Document,
    now: i64,
) -> Result<(Document, Option<crate::import::Summary>), OpenError> {
    if !store.has_waiting()? {
        return Ok((doc, None));
    }
    let doc = Arc::new(doc);
    let placed = crate::import::place_waiting(store, entry, &doc, now);
    let mut doc = Arc::into_inner(doc).expect("placing keeps no copy of the text");
    match placed {
        Ok(placed) => Ok((doc, placed)),
        Err(err) => {
            doc.warnings.push(format!(
                "annotations waiting for this text were not placed: {err}"
            ));
            Ok((doc, None))
        }
    }
}

/// Moves what was written on document `old` to `new`, the same file's new text: annotations
/// are re-anchored (through a diff of the kept old text when there is one), bookmarks follow
/// their place. Nothing is dropped: what cannot be placed is kept as orphaned.
fn carry_over(
    store: &mut Store,
    old: DocumentId,
    new: DocumentId,
    doc: &Document,
    now: i64,
) -> Result<CarriedOver, OpenError> {
    let annotations = store.annotations_to_move(old)?;
    let cards = store.cards_to_move(old)?;
    let bookmarks = store.bookmarks(old, true)?;
    let mut summary = CarriedOver::default();
    if annotations.is_empty() && cards.is_empty() && bookmarks.is_empty() {
        return Ok(summary);
    }
    let old_text = store.document_text(old)?;
    let reanchorer = Reanchorer::new(old_text.as_deref(), &doc.content);
    let mut place = |anchor: &Anchor, counted: bool| {
        let placement = reanchorer.locate(anchor);
        if counted {
            match placement {
                Placement::Exact(_) => summary.exact += 1,
                Placement::Approximate { .. } => summary.approximate += 1,
                Placement::Unsure { .. } => summary.unsure += 1,
                Placement::Orphaned => summary.orphaned += 1,
            }
        }
        let unsure = placement.needs_check();
        let anchor = placement
            .range()
            .map(|r| Anchor::new(&doc.content, r.clone(), doc.char_of(r.start)));
        (anchor, unsure)
    };
    let moved = MovedText {
        annotations: annotations
            .iter()
            .map(|a| {
                let (anchor, unsure) = place(&a.anchor, true);
                Moved {
                    id: a.id,
                    anchor,
                    unsure,
                }
            })
            .collect(),
        cards: cards
            .iter()
            .map(|c| {
                let (anchor, unsure) = place(&c.anchor, false);
                Moved {
                    id: c.id,
                    anchor,
                    unsure,
                }
            })
            .collect(),
        bookmarks: bookmarks
            .iter()
            .map(|b| (b.id, reanchorer.map_position(b.position as usize) as u64))
            .collect(),
    };
    store.move_annotations(old, new, &moved, &doc.content, now)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_texts_are_bundled_and_registered() {
        assert_eq!(bundled().count(), 5);
        let mut store = Store::open_in_memory().unwrap();
        register_bundled(&mut store, 1).unwrap();
        register_bundled(&mut store, 2).unwrap();
        let lib = store.library().unwrap();
        assert_eq!(lib.len(), 5);
        for entry in &lib {
            let doc = open_entry(&mut store, entry, 3).unwrap().doc;
            assert_eq!(doc.hash, entry.hash);
            assert!(!doc.title.is_empty());
        }
    }

    #[test]
    fn a_moved_file_keeps_its_identity() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("essay.txt");
        std::fs::write(&first, "An Essay\n\nSome text to read.\n").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let a = open_file(&mut store, &first, 1).unwrap().entry;
        store.save_position(a.id, 12, None, false, 2).unwrap();
        let moved = dir.path().join("renamed.txt");
        std::fs::rename(&first, &moved).unwrap();
        let entry = store.entry(a.id).unwrap().unwrap();
        assert!(matches!(
            open_entry(&mut store, &entry, 3),
            Err(OpenError::Missing { .. })
        ));
        let b = open_file(&mut store, &moved, 3).unwrap();
        assert_eq!(a.id, b.entry.id);
        assert_eq!(b.entry.position, 12);
        assert!(b.changed.is_none());
    }

    #[test]
    fn a_search_finds_places_sections_and_snippets_without_the_texts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essay.md");
        let text = "# An Essay\n\nÉté, first.\n\n## The Race\n\nThe tortoise wins the race.\n";
        std::fs::write(&path, text).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let doc = open_file(&mut store, &path, 1).unwrap().doc;
        let mut heard = Vec::new();
        let indexed = index_for_search(&mut store, None, 2, |entry, done, total| {
            heard.push((entry.title.clone(), done, total))
        })
        .unwrap();
        assert_eq!(indexed, 1);
        assert_eq!(heard.first(), Some(&("An Essay".to_string(), 0, 1)));
        assert_eq!(heard.last(), Some(&("An Essay".to_string(), 4, 4)));
        // Neither read again nor needed: gone, the text is still found, and where.
        std::fs::remove_file(&path).unwrap();
        let hits = search_texts(&store, "tortoise", 10).unwrap();
        assert_eq!(hits.len(), 1);
        let at = doc.content.find("The tortoise").unwrap();
        assert_eq!(hits[0].start_char, doc.char_of(at) as u64);
        assert_eq!(hits[0].chars, doc.chars as u64);
        assert_eq!(hits[0].section.as_deref(), Some("The Race"));
        assert_eq!(hits[0].snippet, "The \u{2}tortoise\u{3} wins the race.");
        let hits = search_texts(&store, "race", 10).unwrap();
        assert_eq!(hits.len(), 2, "the heading and the paragraph");
        assert!(
            hits.iter().all(|h| h.section.as_deref() != Some("The Race")
                || h.snippet.contains("tortoise")),
            "a heading is not its own section"
        );
        let hits = search_texts(&store, "ete", 10).unwrap();
        assert_eq!(hits[0].section, None, "the title is not a section");
    }

    #[test]
    fn japanese_words_are_found_inside_sentences() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kusamakura.txt");
        let text = "草枕\n\n山路を登りながら、こう考えた。智に働けば角が立つ。\n";
        std::fs::write(&path, text).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        open_file(&mut store, &path, 1).unwrap();
        index_for_search(&mut store, None, 2, |_, _, _| {}).unwrap();
        let found = |query: &str| search_texts(&store, query, 10).unwrap();
        let hits = found("山路を");
        assert_eq!(hits.len(), 1);
        assert!(
            hits[0].snippet.contains("\u{2}山路を\u{3}"),
            "{}",
            hits[0].snippet
        );
        assert_eq!(
            found("角が立つ 智").len(),
            1,
            "every word, anywhere in the passage"
        );
        assert!(found("路山").is_empty(), "the letters in their order only");
    }

    #[test]
    fn binary_files_are_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("image.png");
        std::fs::write(&path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let err = open_file(&mut store, &path, 1).err().unwrap().to_string();
        assert!(err.contains("binary file"), "{err}");
        assert!(store.library().unwrap().is_empty());
    }
}

#[cfg(test)]
mod resolve_tests {
    use super::*;

    #[test]
    fn commands_name_texts_by_title_or_file() {
        let mut store = Store::open_in_memory().unwrap();
        register_bundled(&mut store, 1).unwrap();
        let entry = resolve(&store, "dissolution").unwrap();
        assert_eq!(
            entry.title,
            "The Dissolution of the Communist International"
        );
        let by_file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/texts/ratner-letter-stalinism-and-revolution.txt"
        );
        assert_eq!(
            resolve(&store, by_file).unwrap().title,
            "Letter: Stalinism and Revolution"
        );
        assert!(matches!(
            resolve(&store, "the"),
            Err(OpenError::Ambiguous { .. })
        ));
        assert!(matches!(
            resolve(&store, "zzz"),
            Err(OpenError::NotInLibrary(_))
        ));
    }
}

#[cfg(test)]
mod changed_file_tests {
    use super::*;

    #[test]
    fn an_edited_repeated_word_is_reopened_where_it_was() {
        // Issue 13's repro, through the file: two paragraphs with "autocratic", the second
        // highlighted, then changed to "autokratic" in the file.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essay.txt");
        let first = "An Essay\n\nThe regime grew autocratic in its first years.\n\n\
            Later the state itself became autocratic, ruled by one man.\n";
        std::fs::write(&path, first).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let opened = open_file(&mut store, &path, 1).unwrap();
        let doc = &opened.doc;
        let second = doc.content.rfind("autocratic").unwrap();
        let anchor = Anchor::new(
            &doc.content,
            second..second + "autocratic".len(),
            doc.char_of(second),
        );
        store
            .add_annotation(opened.entry.id, &anchor, 1, "", &doc.content, 1)
            .unwrap();
        std::fs::write(
            &path,
            first.replace("became autocratic", "became autokratic"),
        )
        .unwrap();
        let again = open_file(&mut store, &path, 2).unwrap();
        let notes = store.annotations(again.entry.id).unwrap();
        let content = &again.doc.content;
        let start = again.doc.byte_of(notes[0].anchor.start);
        assert_eq!(&content[start..start + "autokratic".len()], "autokratic");
        assert_eq!(start, content.find("autokratic").unwrap());
        // One edit in ten letters and its context whole on both sides: no doubt left.
        assert!(!notes[0].orphaned && !notes[0].unsure);
    }

    #[test]
    fn an_edited_file_opens_as_new_content_at_the_old_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essay.txt");
        std::fs::write(&path, "An Essay\n\nFirst version of the text.\n").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let first = open_file(&mut store, &path, 1).unwrap().entry;
        store.save_position(first.id, 15, None, false, 2).unwrap();
        std::fs::write(&path, "An Essay\n\nSecond version of the text, longer.\n").unwrap();
        let entry = store.entry(first.id).unwrap().unwrap();
        let opened = open_entry(&mut store, &entry, 3).unwrap();
        assert_eq!(opened.changed, Some(CarriedOver::default()));
        assert_ne!(opened.entry.id, first.id);
        assert_eq!(opened.entry.position, 15);
    }

    #[test]
    fn annotations_follow_an_edited_file_or_are_kept_as_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essay.txt");
        let first = "An Essay\n\nThe first paragraph stays as it is.\n\n\
            The second one will be edited a little here.\n\nThe third will vanish entirely.\n";
        std::fs::write(&path, first).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let opened = open_file(&mut store, &path, 1).unwrap();
        let doc = &opened.doc;
        let mark = |quote: &str| {
            let start = doc.content.find(quote).unwrap();
            Anchor::new(&doc.content, start..start + quote.len(), doc.char_of(start))
        };
        let id = opened.entry.id;
        for quote in [
            "first paragraph stays",
            "will be edited a little",
            "third will vanish",
        ] {
            store
                .add_annotation(id, &mark(quote), 1, "", &doc.content, 1)
                .unwrap();
        }
        store
            .add_bookmark(id, mark("The second").start as u64, "", 1)
            .unwrap();
        let edited = "An Essay\n\nA new paragraph comes first now.\n\n\
            The first paragraph stays as it is.\n\nThe second one will be edited a bit here.\n";
        std::fs::write(&path, edited).unwrap();
        let again = open_file(&mut store, &path, 2).unwrap();
        assert_eq!(
            again.changed,
            Some(CarriedOver {
                exact: 1,
                approximate: 0,
                unsure: 1,
                orphaned: 1
            })
        );
        let new_id = again.entry.id;
        let notes = store.annotations(new_id).unwrap();
        let quotes: Vec<&str> = notes.iter().map(|a| a.anchor.quote.as_str()).collect();
        assert_eq!(
            quotes,
            [
                "first paragraph stays",
                "will be edited a bit",
                "third will vanish"
            ]
        );
        assert!(notes[2].orphaned);
        let content = &again.doc.content;
        for a in &notes[..2] {
            let start = again.doc.byte_of(a.anchor.start);
            assert!(content[start..].starts_with(&a.anchor.quote));
        }
        let bookmark = store.bookmarks(new_id, false).unwrap()[0].position;
        let at = again.doc.byte_of(bookmark as usize);
        assert!(
            content[at..].starts_with("The second"),
            "{:?}",
            &content[at..]
        );
    }
}

/// What removing a text from the library says: what it held, and whether that is kept.
pub fn removed(title: &str, notes: usize, cards: usize, purged: bool) -> String {
    let held = match (notes, cards) {
        (0, 0) => return format!("removed “{title}” from the library"),
        (n, 0) => format!("{n} annotations"),
        (0, c) => format!("{c} cards"),
        (n, c) => format!("{n} annotations and {c} cards"),
    };
    if purged {
        format!("removed “{title}” from the library and deleted its {held}")
    } else {
        format!(
            "removed “{title}” from the library; its {held} are kept (cards out of the reviews) \
             until it is opened again"
        )
    }
}
