//! Notes made in Anki brought in as gloss's cards (`gloss cards import`), and the progress of
//! gloss's own cards reviewed there. A card lives on a passage: a note whose words (a line of a
//! field, 16 characters or more) are found in a library text is put on them; the others go to
//! their deck's own text, a Markdown file gloss writes beside the database (`anki/Deck.md`, a
//! paragraph per note; a later note of the deck is added at its end), so that they too can be
//! read, searched and reviewed. Each card keeps its note's GUID: the progress they made in Anki
//! comes in by the merge that brings gloss's own cards' ([`crate::anki::merge`]), now and on
//! every later import, and the next export reaches the same notes in Anki.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::anchor::Anchor;
use crate::anki::merge::{Merge, marks_in_anki, merge};
use crate::anki::notes::{
    self, Foreign, MadeInAnki, deck_heading, deck_path, note_paragraphs, passages, question_line,
};
use crate::anki::read::Collection;
use crate::document::DocumentId;
use crate::library::{self, OpenError};
use crate::store::Store;

/// What a package changed.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Gloss's cards reviewed in Anki.
    pub progress: Merge,
    /// The notes made in Anki: how many of what kind, and where they went.
    pub foreign: Foreign,
    pub brought: Brought,
    /// The progress those notes' cards had made in Anki.
    pub brought_progress: Merge,
}

/// Brings `collection` in; the texts of decks whose notes are on no library text are written
/// in `deck_dir`.
pub fn import_package(
    store: &mut Store,
    collection: &Collection,
    deck_dir: &Path,
    now: i64,
) -> Result<Imported, BringError> {
    let settings = store.srs_settings()?;
    let cards = store.cards(None, None)?;
    let log = store.logged_answers()?;
    let progress = merge(collection, &cards, &log, &settings);
    store.apply_anki_merge(&progress, now)?;
    let known: HashSet<&str> = cards.iter().map(|c| c.note_uuid.as_str()).collect();
    let foreign = notes::foreign(collection, &known);
    let brought = bring_in(store, &foreign, deck_dir, now)?;
    let guids: HashSet<&str> = foreign.notes.iter().map(|n| n.guid.as_str()).collect();
    let new: Vec<_> = store
        .cards(None, None)?
        .into_iter()
        .filter(|c| guids.contains(c.note_uuid.as_str()))
        .collect();
    let brought_progress = merge(collection, &new, &[], &settings);
    store.apply_anki_merge(&brought_progress, now)?;
    // (A card suspended or flagged in Anki before it was ever answered has no answer to bring
    // that.)
    for (id, suspended, flag) in marks_in_anki(collection, &new) {
        if suspended {
            store.set_card_suspended(id, true, now)?;
        }
        if flag > 0 {
            store.set_card_flag(id, flag, now)?;
        }
    }
    Ok(Imported {
        progress,
        foreign,
        brought,
        brought_progress,
    })
}

/// What bringing notes in did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Brought {
    pub notes: usize,
    pub cards: usize,
    /// Notes put on a passage of a library text.
    pub on_passages: usize,
    /// Deck texts written, with how many notes each holds.
    pub decks: Vec<(String, usize)>,
    pub other_type: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum BringError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("cannot write the deck's text {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("the notes cannot be searched: {0}")]
    Search(String),
}

/// Makes gloss's cards of `foreign`'s notes, each on its passage in a library text or in its
/// deck's text written in `deck_dir`.
fn bring_in(
    store: &mut Store,
    foreign: &Foreign,
    deck_dir: &Path,
    now: i64,
) -> Result<Brought, BringError> {
    let mut brought = Brought {
        other_type: foreign.notes.iter().filter(|n| n.other_type).count(),
        ..Brought::default()
    };
    if foreign.notes.is_empty() {
        return Ok(brought);
    }
    // Every note's lines, looked for at once in each text (one pass over it, however many
    // notes a deck holds).
    let lines: Vec<(usize, String)> = foreign
        .notes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| passages(&n.text).into_iter().map(move |l| (i, l)))
        .collect();
    let searcher = aho_corasick::AhoCorasick::new(lines.iter().map(|(_, l)| l))
        .map_err(|e| BringError::Search(e.to_string()))?;
    let mut placed: Vec<Option<(DocumentId, Anchor)>> = vec![None; foreign.notes.len()];
    let mut contents: HashMap<DocumentId, String> = HashMap::new();
    for entry in store.library()? {
        if lines.is_empty() || placed.iter().all(Option::is_some) {
            break;
        }
        let doc = match library::open_entry(store, &entry, now) {
            Ok(opened) => opened.doc,
            Err(OpenError::Missing { .. }) => continue,
            Err(err) => return Err(err.into()),
        };
        // Each note's longest line found here, at its first place.
        let mut best: HashMap<usize, std::ops::Range<usize>> = HashMap::new();
        for m in searcher.find_overlapping_iter(doc.content.as_str()) {
            let note = lines[m.pattern().as_usize()].0;
            if placed[note].is_some() {
                continue;
            }
            let longer = best.get(&note).is_none_or(|r| m.range().len() > r.len());
            if longer {
                best.insert(note, m.range());
            }
        }
        for (note, range) in best {
            let anchor = Anchor::new(&doc.content, range.clone(), doc.char_of(range.start));
            placed[note] = Some((entry.id, anchor));
        }
        if placed
            .iter()
            .any(|p| p.as_ref().is_some_and(|(d, _)| *d == entry.id))
        {
            contents.insert(entry.id, doc.content);
        }
    }
    let mut by_deck: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, note) in foreign.notes.iter().enumerate() {
        if placed[i].is_some() {
            brought.on_passages += 1;
            continue;
        }
        match by_deck.iter_mut().find(|(d, _)| *d == note.deck) {
            Some((_, list)) => list.push(i),
            None => by_deck.push((note.deck.clone(), vec![i])),
        }
    }
    for (deck, list) in &by_deck {
        let notes: Vec<&MadeInAnki> = list.iter().map(|&i| &foreign.notes[i]).collect();
        let path = deck_path(deck_dir, deck);
        let write = |source| BringError::Write {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(deck_dir).map_err(write)?;
        // A deck's later notes are added at the end of its text: the cards of its earlier
        // ones stay on their words.
        let mut md = std::fs::read_to_string(&path)
            .ok()
            .filter(|md| md.starts_with(&deck_heading(deck)))
            .unwrap_or_else(|| deck_heading(deck));
        for note in &notes {
            md.push_str(&note_paragraphs(note));
        }
        crate::files::write_whole(&path, md.as_bytes()).map_err(write)?;
        let opened = library::open_file(store, &path, now)?;
        let content = &opened.doc.content;
        // Each new note's question, found from the end: the last copies are the new ones.
        let mut to = content.len();
        for &i in list.iter().rev() {
            let line = question_line(&foreign.notes[i].text);
            let at = content[..to].rfind(line.as_str());
            let range = at.map_or(to..to, |at| at..at + line.len());
            to = range.start;
            let anchor = Anchor::new(content, range.clone(), opened.doc.char_of(range.start));
            placed[i] = Some((opened.entry.id, anchor));
        }
        contents.insert(opened.entry.id, opened.doc.content);
        brought.decks.push((deck.clone(), list.len()));
    }
    for (note, place) in foreign.notes.iter().zip(placed) {
        let Some((document, anchor)) = place else {
            continue;
        };
        let content = contents.get(&document).map_or("", String::as_str);
        // (Made when Anki made it: `added:` counts from then.)
        let made = note.created.unwrap_or(now);
        let cards =
            store.add_note_cards(document, &anchor, &note.text, content, &note.guid, made)?;
        brought.notes += 1;
        brought.cards += cards.len();
    }
    Ok(brought)
}
