//! A group's scope: the folder it shares through and the texts it reads, which of the reader's
//! notes it sees, and the list of texts a member shares with it (`<member id>.texts` beside the
//! member's notes, so that a text arrives in the group before anyone has annotated it; not
//! `.json`, which a gloss that predates groups would try to import).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::annotation::{Annotation, PRIVATE_TAG};
use crate::document::DocumentId;

/// A reading group: a shared folder, and the texts it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub dir: PathBuf,
    pub texts: Vec<GroupText>,
}

/// A text a group reads, named as its members name it (content hash and title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupText {
    pub hash: String,
    pub title: String,
    /// The reader's copy; `None` until the reader has one (it joins when opened or added).
    pub document: Option<DocumentId>,
    /// The reader's notes made before this stay the reader's (see migration 0024).
    pub shared_from: i64,
    /// The member who shared it; `None` for the reader.
    pub shared_by: Option<String>,
}

impl Group {
    /// The group's text that is the reader's `document`.
    pub fn text(&self, document: DocumentId) -> Option<&GroupText> {
        self.texts.iter().find(|t| t.document == Some(document))
    }

    /// Whether the group sees the reader's annotation (none private is seen).
    pub fn sees(&self, a: &Annotation) -> bool {
        !is_private(a)
            && self
                .text(a.document)
                .is_some_and(|t| a.created_at >= t.shared_from)
    }

    /// The texts the reader has a copy of, and those waiting for one.
    pub fn texts_said(&self) -> String {
        let waiting = self.texts.iter().filter(|t| t.document.is_none()).count();
        let mut titles: Vec<&str> = self
            .texts
            .iter()
            .filter(|t| t.document.is_some())
            .map(|t| t.title.as_str())
            .collect();
        titles.sort_by_key(|t| t.to_lowercase());
        let mut said = match titles.is_empty() {
            true => "no text yet".to_string(),
            false => titles.join(", "),
        };
        if waiting > 0 {
            said.push_str(&format!(
                " (+{} shared by others, not in your library)",
                match waiting {
                    1 => "1 text".to_string(),
                    n => format!("{n} texts"),
                }
            ));
        }
        said
    }
}

/// Who sees the reader's notes on one text: the groups that read it, and from when.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    /// The groups that read the text, by name.
    pub groups: Vec<String>,
    /// The reader has a group at all (without one, nothing is shown as private).
    pub any_group: bool,
    /// The earliest time from which a group sees the reader's notes on the text.
    pub from: Option<i64>,
}

impl Audience {
    /// Who of `groups` sees the reader's notes on `document`.
    pub fn of(groups: &[Group], document: DocumentId) -> Audience {
        let reading: Vec<(&Group, i64)> = groups
            .iter()
            .filter_map(|g| g.text(document).map(|t| (g, t.shared_from)))
            .collect();
        Audience {
            groups: reading.iter().map(|(g, _)| g.name.clone()).collect(),
            any_group: !groups.is_empty(),
            from: reading.iter().map(|(_, from)| *from).min(),
        }
    }

    /// Whether the reader's annotation `a` stays the reader's: marked private, or seen by no
    /// group while the reader has one.
    pub fn keeps(&self, a: &Annotation) -> bool {
        a.author.is_none()
            && (is_private(a) || (self.any_group && self.from.is_none_or(|f| a.created_at < f)))
    }

    /// For the status bar: the groups that see the text (`⇄ course, club`), `🔒 no group`, or
    /// nothing without a group.
    pub fn said(&self) -> String {
        match (self.any_group, self.groups.is_empty()) {
            (false, _) => String::new(),
            (true, true) => "🔒 no group".to_string(),
            (true, false) => format!("⇄ {}", self.groups.join(", ")),
        }
    }
}

/// Whether the reader marked the annotation private.
pub fn is_private(a: &Annotation) -> bool {
    a.tags.iter().any(|t| t == PRIVATE_TAG)
}

/// Whether any of `groups` sees the reader's annotation `a` (a note no group sees is shown
/// with a lock, once the reader has a group at all).
pub fn seen_by_any(groups: &[Group], a: &Annotation) -> bool {
    groups.iter().any(|g| g.sees(a))
}

/// A name for a group made of the folder `dir`: its last part, as a slug (`Book Club` ->
/// `book-club`), or `group`.
pub fn name_of_dir(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| crate::files::slug(&n.to_string_lossy()))
        .unwrap_or_default();
    match name.is_empty() {
        true => "group".to_string(),
        false => name,
    }
}

/// The file beside the member's notes listing the texts they share.
pub fn texts_file(dir: &Path, member_id: &str) -> PathBuf {
    dir.join(format!("{member_id}.texts"))
}

const FORMAT: &str = "gloss-texts";
const VERSION: u32 = 1;
/// Largest list read, and most texts in it: far beyond a group's reading.
const MAX_BYTES: u64 = 4 * 1024 * 1024;
const MAX_TEXTS: usize = 10_000;

#[derive(Serialize, Deserialize)]
struct Listing {
    format: String,
    version: u32,
    creator: String,
    name: String,
    texts: Vec<Listed>,
}

#[derive(Serialize, Deserialize)]
struct Listed {
    source: String,
    title: String,
}

/// A member's list of texts: who shares them, and each text's hash and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shares {
    pub member_id: String,
    pub name: String,
    pub texts: Vec<(String, String)>,
}

/// The list of `texts` (hash, title) the member `member_id`, called `name`, shares, sorted for
/// stable diffs.
pub fn write_shares(member_id: &str, name: &str, texts: &[(&str, &str)]) -> String {
    let mut listed: Vec<Listed> = texts
        .iter()
        .map(|(hash, title)| Listed {
            source: format!("urn:blake3:{hash}"),
            title: title.to_string(),
        })
        .collect();
    listed.sort_by(|a, b| (&a.title, &a.source).cmp(&(&b.title, &b.source)));
    listed.dedup_by(|a, b| a.source == b.source);
    let listing = Listing {
        format: FORMAT.into(),
        version: VERSION,
        creator: format!("urn:uuid:{member_id}"),
        name: name.to_string(),
        texts: listed,
    };
    let mut text = serde_json::to_string_pretty(&listing).expect("plain data serializes");
    text.push('\n');
    text
}

/// Reads a member's list of texts: a regular file only, never through a link; all of it or an
/// error saying why.
pub fn read_shares(path: &Path) -> Result<Shares, String> {
    let bytes = crate::files::read_regular(path, MAX_BYTES, false).map_err(|e| e.to_string())?;
    let listing: Listing = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if listing.format != FORMAT || listing.version != VERSION {
        return Err(format!("not a list of texts ({FORMAT} version {VERSION})"));
    }
    if listing.texts.len() > MAX_TEXTS {
        return Err(format!("more than {MAX_TEXTS} texts"));
    }
    let member_id = listing
        .creator
        .strip_prefix("urn:uuid:")
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
        .ok_or("its creator is not named by a uuid")?
        .to_string();
    let texts = listing
        .texts
        .into_iter()
        .map(|t| {
            let hash = t
                .source
                .strip_prefix("urn:blake3:")
                .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
                .ok_or("a text is not named by its content hash")?;
            let (title, _) = crate::document::sanitize::clean_text(&t.title);
            Ok((hash.to_lowercase(), title.chars().take(1_000).collect()))
        })
        .collect::<Result<_, &str>>()?;
    let (name, _) = crate::document::sanitize::clean_text(&listing.name);
    let name = name.chars().take(200).collect();
    Ok(Shares {
        member_id,
        name,
        texts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_texts_reads_back_and_refuses_what_is_not_one() {
        let dir = tempfile::tempdir().unwrap();
        let id = uuid::Uuid::new_v4().to_string();
        let hash = "ab".repeat(32);
        let path = texts_file(dir.path(), &id);
        std::fs::write(
            &path,
            write_shares(&id, "Ana", &[(&hash, "Alice\u{1b}[31m")]),
        )
        .unwrap();
        let read = read_shares(&path).unwrap();
        assert_eq!(read.member_id, id);
        assert_eq!(read.texts, vec![(hash, "Alice".to_string())]);
        std::fs::write(&path, "{\"format\": \"other\"}").unwrap();
        assert!(read_shares(&path).is_err());
        std::fs::write(
            &path,
            write_shares(&id, "Ana", &[("nothex", "A")]).replace("urn:uuid", "urn:x"),
        )
        .unwrap();
        assert!(read_shares(&path).is_err());
    }

    #[test]
    fn a_folder_names_its_group() {
        assert_eq!(name_of_dir(Path::new("/tmp/Book Club")), "book-club");
        assert_eq!(name_of_dir(Path::new("/")), "group");
    }
}
