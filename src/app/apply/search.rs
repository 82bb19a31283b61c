//! Searching the whole library (and one's notes) from the reader: `S` asks for a query, the
//! results come ranked in a panel, and Enter opens the text at the passage with the match lit.

use crate::app::find::Find;
use crate::app::overlay::prompt::Prompt;
use crate::app::overlay::results::{Hit, Results};
use crate::app::{App, Ask, Overlay, Tone};
use crate::document::DocumentId;
use crate::library;

/// Results shown at most, of each kind.
const LIMIT: usize = 50;

impl App {
    pub(in crate::app) fn ask_library_search(&mut self) {
        self.overlay = Some(Overlay::Prompt(Prompt::new(Ask::SearchLibrary)));
    }

    /// Runs a library-wide search (indexing the texts not indexed yet) and shows the results.
    pub(in crate::app) fn search_library(&mut self, query: &str) {
        let query = query.trim();
        if query.is_empty() {
            return;
        }
        // The text being indexed in the background is left to it: its passages in so far are
        // found, and the search says how far it is.
        let indexing = self.indexing().map(|i| {
            let percent = (i.progress() * 100.0) as u32;
            (
                i.document,
                format!(
                    "“{}” is being indexed: these results hold its first {percent}% only",
                    i.title
                ),
            )
        });
        if let Err(err) = library::index_for_search(
            &mut self.store,
            indexing.as_ref().map(|i| i.0),
            self.now,
            |_, _, _| {},
        ) {
            self.say(
                Tone::Warning,
                format!("some texts could not be indexed: {err}"),
            );
        }
        let found = library::search_texts(&self.store, query, LIMIT)
            .map_err(|e| e.to_string())
            .and_then(|texts| {
                let notes = self
                    .store
                    .search_notes(query, LIMIT)
                    .map_err(|e| e.to_string())?;
                Ok((texts, notes))
            });
        match found {
            Ok((texts, notes)) if texts.is_empty() && notes.is_empty() => {
                self.say(Tone::Info, format!("nothing found for {query:?}"));
                if let Some((_, still)) = indexing {
                    self.say(Tone::Info, format!("nothing found for {query:?}; {still}"));
                }
            }
            Ok((texts, notes)) => {
                let hits = texts
                    .into_iter()
                    .map(Hit::Passage)
                    .chain(notes.into_iter().map(Hit::Note))
                    .collect();
                self.overlay = Some(Overlay::Results(Box::new(Results::new(query, hits))));
                if let Some((_, still)) = indexing {
                    self.say(Tone::Info, still);
                }
            }
            Err(err) => self.say(Tone::Error, err),
        }
    }

    /// Opens a text at a passage and, given a phrase, searches the text for it so that the
    /// match there is lit.
    pub(in crate::app) fn open_at(
        &mut self,
        document: DocumentId,
        start_char: usize,
        find: Option<&str>,
    ) {
        let same = self.open.as_ref().is_some_and(|o| o.id == Some(document));
        if !same {
            let entry = match self.store.entry(document) {
                Ok(Some(entry)) => entry,
                Ok(None) => return self.say(Tone::Error, "that text is no longer in the library"),
                Err(err) => return self.say(Tone::Error, err.to_string()),
            };
            match library::open_entry(&mut self.store, &entry, self.now) {
                Ok(opened) => self.show(opened),
                Err(err) => return self.say(Tone::Error, err.to_string()),
            }
        }
        self.screen = crate::app::Screen::Reader;
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let at = open.reader.doc().byte_of(start_char);
        open.reader.reveal(at);
        open.find = find.map(|phrase| Find::start(open.reader.doc(), phrase));
        open.find_origin = find.map(|_| at);
        self.follow_find();
    }
}
