//! Reading groups and the texts each reads (see [`crate::share::scope`]).

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::document::DocumentId;
use crate::share::scope::{Group, GroupText};

/// How a text comes into a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedBy<'a> {
    /// The reader shares it: all the reader's notes on it go to the group.
    Me,
    /// Another member shared it, at `at`: the reader's notes made before stay the reader's.
    Member { name: &'a str, at: i64 },
}

impl Store {
    /// Every group with its texts, by name.
    pub fn groups(&self) -> Result<Vec<Group>> {
        let mut groups: Vec<(i64, Group)> = self
            .conn
            .prepare("SELECT id, name, dir FROM groups ORDER BY name")?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Group {
                        name: r.get(1)?,
                        dir: PathBuf::from(r.get::<_, String>(2)?),
                        texts: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT hash, title, document_id, shared_from, shared_by FROM group_texts
             WHERE group_id = ?1 ORDER BY title COLLATE NOCASE, hash",
        )?;
        for (id, group) in &mut groups {
            group.texts = stmt
                .query_map([*id], |r| {
                    Ok(GroupText {
                        hash: r.get(0)?,
                        title: r.get(1)?,
                        document: r.get::<_, Option<i64>>(2)?.map(DocumentId),
                        shared_from: r.get(3)?,
                        shared_by: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(groups.into_iter().map(|(_, g)| g).collect())
    }

    /// The group named `name` (case ignored).
    pub fn group(&self, name: &str) -> Result<Option<Group>> {
        Ok(self
            .groups()?
            .into_iter()
            .find(|g| g.name.eq_ignore_ascii_case(name)))
    }

    /// The group that shares through `dir`.
    pub fn group_of_dir(&self, dir: &Path) -> Result<Option<Group>> {
        Ok(self.groups()?.into_iter().find(|g| g.dir == dir))
    }

    /// Whether the reader has any group.
    pub fn has_groups(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM groups)", [], |r| r.get(0))?)
    }

    /// Adds a group sharing through `dir`; false if the name or the folder is taken.
    pub fn add_group(&mut self, name: &str, dir: &Path, now: i64) -> Result<bool> {
        let tx = self.write()?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO groups (name, dir, created_at) VALUES (?1, ?2, ?3)",
            params![name, dir.to_string_lossy(), now],
        )?;
        tx.commit()?;
        Ok(added == 1)
    }

    /// Forgets a group (its folder is left as it is); false if there is none of that name.
    pub fn remove_group(&mut self, name: &str) -> Result<bool> {
        let tx = self.write()?;
        let removed = tx.execute("DELETE FROM groups WHERE name = ?1", [name])?;
        tx.commit()?;
        Ok(removed == 1)
    }

    /// Brings texts (hash, title, the reader's copy if known) into the group `name`. A text
    /// the reader shares is shared whole, even one another member brought; one a member brings
    /// that the group already reads stays as it is.
    pub fn share_texts(
        &mut self,
        name: &str,
        texts: &[(&str, &str, Option<DocumentId>)],
        by: SharedBy<'_>,
    ) -> Result<()> {
        let tx = self.write()?;
        let Some(group) = group_id(&tx, name)? else {
            return Ok(());
        };
        let (from, member) = match by {
            SharedBy::Me => (0, None),
            SharedBy::Member { name, at } => (at, Some(name)),
        };
        for (hash, title, document) in texts {
            tx.prepare_cached(
                "INSERT INTO group_texts (group_id, hash, title, document_id, shared_from,
                     shared_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (group_id, hash) DO UPDATE SET
                     document_id = coalesce(excluded.document_id, document_id),
                     shared_from = CASE WHEN excluded.shared_by IS NULL THEN 0
                         ELSE shared_from END,
                     shared_by = CASE WHEN excluded.shared_by IS NULL THEN NULL
                         ELSE shared_by END",
            )?
            .execute(params![
                group,
                hash,
                title,
                document.map(|d| d.0),
                from,
                member
            ])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes the reader's `document` out of the group `name`; false if it was not in it.
    pub fn unshare_text(&mut self, name: &str, document: DocumentId) -> Result<bool> {
        let tx = self.write()?;
        let Some(group) = group_id(&tx, name)? else {
            return Ok(false);
        };
        let removed = tx.execute(
            "DELETE FROM group_texts WHERE group_id = ?1 AND document_id = ?2",
            params![group, document.0],
        )?;
        tx.commit()?;
        Ok(removed > 0)
    }

    /// The reader's copy of a text a group reads joins it: the texts waiting for a copy with
    /// this content, or this title, become `document` (from `now`: what the reader wrote on
    /// it alone stays theirs). Reads before it writes: opening a text costs one query.
    pub fn join_group_texts(
        &mut self,
        document: DocumentId,
        hash: &str,
        title: &str,
        now: i64,
    ) -> Result<usize> {
        const WAITING: &str = "document_id IS NULL AND (hash = ?1 OR title = ?2 COLLATE NOCASE)";
        let waiting: bool = self.conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM group_texts WHERE {WAITING})"),
            params![hash, title],
            |r| r.get(0),
        )?;
        if !waiting {
            return Ok(0);
        }
        let tx = self.write()?;
        let joined = tx.execute(
            &format!(
                "UPDATE group_texts SET document_id = ?3, shared_from = max(shared_from, ?4)
                 WHERE {WAITING}"
            ),
            params![hash, title, document.0, now],
        )?;
        tx.commit()?;
        Ok(joined)
    }

    /// The groups that read the reader's `document`, by name.
    pub fn groups_reading(&self, document: DocumentId) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare(
                "SELECT g.name FROM groups g JOIN group_texts t ON t.group_id = g.id
                 WHERE t.document_id = ?1 ORDER BY g.name",
            )?
            .query_map([document.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// The id of the group named `name`.
fn group_id(tx: &rusqlite::Connection, name: &str) -> Result<Option<i64>> {
    Ok(tx
        .query_row("SELECT id FROM groups WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentMeta, Format};

    fn register(store: &mut Store, hash: &str, title: &str) -> DocumentId {
        let meta = DocumentMeta {
            hash: hash.repeat(64),
            title: title.into(),
            author: None,
            format: Format::TEXT,
            chars: 10,
            words: 2,
        };
        let source = crate::store::Source::Bundled(title);
        store.register(&meta, source, 1).unwrap().id
    }

    #[test]
    fn a_group_reads_the_texts_shared_with_it() {
        let mut store = Store::open_in_memory().unwrap();
        let doc = register(&mut store, "a", "Alice");
        assert!(store.add_group("Club", Path::new("/tmp/club"), 5).unwrap());
        assert!(!store.add_group("club", Path::new("/tmp/other"), 5).unwrap());
        assert!(!store.add_group("other", Path::new("/tmp/club"), 5).unwrap());
        let member = SharedBy::Member {
            name: "Ana",
            at: 100,
        };
        store
            .share_texts("club", &[(&"b".repeat(64), "Bob", None)], member)
            .unwrap();
        assert_eq!(store.groups_reading(doc).unwrap(), Vec::<String>::new());
        // Another text does not join; another edition (same title) does.
        let alice = store.join_group_texts(doc, &"a".repeat(64), "Alice", 200);
        assert_eq!(alice.unwrap(), 0);
        let bob = register(&mut store, "c", "BOB");
        assert_eq!(
            store
                .join_group_texts(bob, &"c".repeat(64), "BOB", 200)
                .unwrap(),
            1
        );
        let club = store.group("CLUB").unwrap().unwrap();
        assert_eq!(club.texts[0].document, Some(bob));
        assert_eq!(club.texts[0].shared_from, 200);
        assert_eq!(club.texts[0].shared_by.as_deref(), Some("Ana"));
        // Shared by the reader: whole.
        store
            .share_texts("club", &[(&"b".repeat(64), "Bob", Some(bob))], SharedBy::Me)
            .unwrap();
        let club = store.group("club").unwrap().unwrap();
        assert_eq!(
            (
                club.texts[0].shared_from,
                club.texts[0].shared_by.as_deref()
            ),
            (0, None)
        );
        assert_eq!(store.groups_reading(bob).unwrap(), vec!["Club"]);
        assert!(store.unshare_text("club", bob).unwrap());
        assert!(store.groups_reading(bob).unwrap().is_empty());
        assert!(store.remove_group("club").unwrap());
        assert!(!store.has_groups().unwrap());
    }
}
