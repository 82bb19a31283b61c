//! The library: the texts bundled with gloss and the documents the store knows, and how to
//! load any of them.

use std::path::Path;

use crate::document::{Document, Format, LoadError, sanitize::DecodeError};
use crate::store::{self, DocumentMeta, LibraryEntry, Source, Store};

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
}

/// A document loaded for reading, with its library entry (holding the saved place).
pub struct Opened {
    pub doc: Document,
    pub entry: LibraryEntry,
    /// The file's content changed since it was last read; the place was carried over.
    pub changed: bool,
}

/// Loads the text of a library entry: its bundled copy, else its file. A file whose content
/// changed is registered as the new content it now holds.
pub fn open_entry(store: &mut Store, entry: &LibraryEntry, now: i64) -> Result<Opened, OpenError> {
    if let Some(doc) = entry.bundled.as_deref().and_then(load_bundled) {
        let doc = doc.map_err(|source| OpenError::Bundled {
            name: entry.bundled.clone().unwrap_or_default(),
            source,
        })?;
        return Ok(Opened {
            doc,
            entry: entry.clone(),
            changed: false,
        });
    }
    let path = entry.path.as_deref().unwrap_or(Path::new(""));
    if !path.is_file() {
        return Err(OpenError::Missing {
            title: entry.title.clone(),
            path: path.display().to_string(),
        });
    }
    open_file(store, path, now)
}

/// Loads a file and records it in the library.
pub fn open_file(store: &mut Store, path: &Path, now: i64) -> Result<Opened, OpenError> {
    let doc = Document::open(path)?;
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let registered = store.register(&DocumentMeta::from(&doc), Source::File(&path), now)?;
    let entry = store
        .entry(registered.id)?
        .expect("a document just registered is in the store");
    Ok(Opened {
        doc,
        entry,
        changed: registered.replaced.is_some(),
    })
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
        store.save_position(a.id, 12, 2).unwrap();
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
        assert!(!b.changed);
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
mod changed_file_tests {
    use super::*;

    #[test]
    fn an_edited_file_opens_as_new_content_at_the_old_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essay.txt");
        std::fs::write(&path, "An Essay\n\nFirst version of the text.\n").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let first = open_file(&mut store, &path, 1).unwrap().entry;
        store.save_position(first.id, 15, 2).unwrap();
        std::fs::write(&path, "An Essay\n\nSecond version of the text, longer.\n").unwrap();
        let entry = store.entry(first.id).unwrap().unwrap();
        let opened = open_entry(&mut store, &entry, 3).unwrap();
        assert!(opened.changed);
        assert_ne!(opened.entry.id, first.id);
        assert_eq!(opened.entry.position, 15);
    }
}
