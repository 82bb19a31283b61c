//! Reading an Anki package back (`.apkg`, `.colpkg`): the collection inside, whichever Anki
//! wrote it: `collection.anki21b` (Anki 2.1.50 and later, the SQLite file compressed with
//! zstd), else `collection.anki21`, else `collection.anki2` (a newer package's `anki2` is a
//! stub that asks for a newer Anki: the others come first). The collection is read in memory
//! on a connection of its own, never written, and only what gloss needs comes out: the notes'
//! ids, fields and tags, the cards' schedules and the review log.

use std::collections::HashMap;
use std::io::Read as _;

use super::ApkgError;

/// Largest collection read, uncompressed: far beyond any learner's, so that a hostile package
/// (a zip or zstd bomb) cannot exhaust memory.
const MOST_BYTES: u64 = 1 << 30;

/// A collection, as read.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// When the collection was created (Anki counts review days from it).
    pub crt: i64,
    pub notes: Vec<Note>,
    pub cards: Vec<AnkiCard>,
    pub reviews: Vec<Review>,
    /// The note types' names, by id.
    pub note_types: HashMap<i64, String>,
    /// The decks' names, by id (`Parent::Child`).
    pub decks: HashMap<i64, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub guid: String,
    /// Its note type.
    pub mid: i64,
    pub fields: Vec<String>,
    pub tags: String,
}

/// A card's schedule as Anki keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiCard {
    pub id: i64,
    pub note: i64,
    pub deck: i64,
    /// Which template (a cloze's number less one).
    pub ord: i64,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub kind: i64,
    /// As `kind`, and -1 suspended, -2 and -3 buried.
    pub queue: i64,
    /// A new card's position; one in steps, unix seconds; one in review, its day.
    pub due: i64,
    pub ivl: i64,
    pub reps: i64,
    pub lapses: i64,
    pub left: i64,
    /// FSRS's memory: `{"s": stability, "d": difficulty, ...}`.
    pub data: String,
    /// 0 none, 1 red, 2 orange, 3 green, 4 blue, … (the low bits of Anki's `flags`).
    pub flag: u8,
}

/// One answer of the review log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// When, in milliseconds (Anki's ids are).
    pub id: i64,
    pub card: i64,
    /// 1 again to 4 easy (0: a manual rescheduling, no answer).
    pub ease: i64,
    /// Days, or negative seconds for a step.
    pub ivl: i64,
    pub last_ivl: i64,
    /// Milliseconds the answer took.
    pub time: i64,
    /// 0 learning, 1 review, 2 relearning, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
}

/// Reads the collection of a package's bytes.
pub fn read(bytes: &[u8]) -> Result<Collection, ApkgError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ApkgError::NotPackage(format!("not a zip file ({e})")))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let name = [
        "collection.anki21b",
        "collection.anki21",
        "collection.anki2",
    ]
    .into_iter()
    .find(|n| names.iter().any(|m| m == n))
    .ok_or_else(|| ApkgError::NotPackage("no Anki collection in it".into()))?;
    let mut stored = Vec::new();
    zip.by_name(name)?
        .take(MOST_BYTES + 1)
        .read_to_end(&mut stored)?;
    let sqlite = if name.ends_with('b') {
        let mut decoder = ruzstd::decoding::StreamingDecoder::new(stored.as_slice())
            .map_err(|e| ApkgError::NotPackage(format!("its collection is not zstd ({e})")))?;
        let mut out = Vec::new();
        (&mut decoder).take(MOST_BYTES + 1).read_to_end(&mut out)?;
        out
    } else {
        stored
    };
    if sqlite.len() as u64 > MOST_BYTES {
        return Err(ApkgError::NotPackage(
            "its collection is larger than 1 GiB".into(),
        ));
    }
    let mut sqlite = sqlite;
    // Anki keeps its collection in WAL mode (bytes 18 and 19 of the header say 2): read from
    // memory it must say rollback journal (1), or SQLite looks for a WAL file.
    if sqlite.len() > 19 && sqlite.starts_with(b"SQLite format 3\0") {
        sqlite[18] = 1;
        sqlite[19] = 1;
    }
    let unreadable =
        |e: rusqlite::Error| ApkgError::NotPackage(format!("its collection cannot be read ({e})"));
    let mut conn = rusqlite::Connection::open_in_memory().map_err(unreadable)?;
    let len = sqlite.len();
    conn.deserialize_read_exact(rusqlite::MAIN_DB, sqlite.as_slice(), len, true)
        .map_err(unreadable)?;
    collection(&conn).map_err(unreadable)
}

fn collection(conn: &rusqlite::Connection) -> rusqlite::Result<Collection> {
    let crt = conn.query_row("SELECT crt FROM col", [], |r| r.get(0))?;
    let notes = conn
        .prepare("SELECT id, guid, mid, flds, tags FROM notes")?
        .query_map([], |r| {
            let fields: String = r.get(3)?;
            Ok(Note {
                id: r.get(0)?,
                guid: r.get(1)?,
                mid: r.get(2)?,
                fields: fields.split('\u{1f}').map(str::to_string).collect(),
                tags: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let cards = conn
        .prepare(
            "SELECT id, nid, did, ord, type, queue, due, ivl, reps, lapses, left, data, flags & 7
             FROM cards",
        )?
        .query_map([], |r| {
            Ok(AnkiCard {
                id: r.get(0)?,
                note: r.get(1)?,
                deck: r.get(2)?,
                ord: r.get(3)?,
                kind: r.get(4)?,
                queue: r.get(5)?,
                due: r.get(6)?,
                ivl: r.get(7)?,
                reps: r.get(8)?,
                lapses: r.get(9)?,
                left: r.get(10)?,
                data: r.get(11)?,
                flag: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let reviews = conn
        .prepare("SELECT id, cid, ease, ivl, lastIvl, time, type FROM revlog ORDER BY id")?
        .query_map([], |r| {
            Ok(Review {
                id: r.get(0)?,
                card: r.get(1)?,
                ease: r.get(2)?,
                ivl: r.get(3)?,
                last_ivl: r.get(4)?,
                time: r.get(5)?,
                kind: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (note_types, decks) = names(conn)?;
    Ok(Collection {
        crt,
        notes,
        cards,
        reviews,
        note_types,
        decks,
    })
}

/// The names of the note types and of the decks: tables of their own since Anki 2.1.28 (a
/// deck's levels joined by 0x1f), before that JSON in the `col` row (levels joined by `::`).
type Names = HashMap<i64, String>;
fn names(conn: &rusqlite::Connection) -> rusqlite::Result<(Names, Names)> {
    let tables: bool = conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_master WHERE type = 'table' AND name IN ('notetypes', 'decks')",
        [],
        |r| r.get(0),
    )?;
    let read = |sql: &str| -> rusqlite::Result<Names> {
        conn.prepare(sql)?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .map(|row| row.map(|(id, name)| (id, name.replace('\u{1f}', "::"))))
            .collect()
    };
    if tables {
        return Ok((
            read("SELECT id, name FROM notetypes")?,
            read("SELECT id, name FROM decks")?,
        ));
    }
    let json = |column: &str| -> rusqlite::Result<Names> {
        let text: String =
            conn.query_row(&format!("SELECT {column} FROM col"), [], |r| r.get(0))?;
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        Ok(value
            .as_object()
            .map(|map| {
                map.iter()
                    .filter_map(|(id, v)| {
                        Some((id.parse().ok()?, v.get("name")?.as_str()?.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default())
    };
    Ok((json("models")?, json("decks")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_no_package_is_refused_with_a_reason() {
        let not_zip = read(b"PK not really").unwrap_err().to_string();
        assert!(not_zip.contains("not a zip"), "{not_zip}");
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("media", zip::write::SimpleFileOptions::default())
            .unwrap();
        let empty = zip.finish().unwrap().into_inner();
        assert!(
            read(&empty)
                .unwrap_err()
                .to_string()
                .contains("no Anki collection")
        );
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "collection.anki21b",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut zip, b"not zstd").unwrap();
        let bad = zip.finish().unwrap().into_inner();
        assert!(read(&bad).unwrap_err().to_string().contains("not zstd"));
    }
}
