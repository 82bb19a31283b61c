//! A reading group's folder for the benchmarks: `members` members, each with 1,000 annotations
//! on the benchmarks' 1.5 MB text (a third with notes) and ten replies to the member before.

use std::path::{Path, PathBuf};

use gloss::anchor::Anchor;
use gloss::library;
use gloss::share::exchange::{self, Shared, SharedReply};
use gloss::store::Store;

pub const EACH: usize = 1_000;
pub const REPLIES: usize = 10;

/// An id as scattered as real ones (made from the kind, member and number, so the same each
/// time): a member's annotations land all over the index of ids, as they do in a real group.
pub fn uuid(kind: u64, member: usize, n: usize) -> String {
    let name = format!("{kind}/{member}/{n}");
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, name.as_bytes()).to_string()
}

/// The members' export files in a folder (written once), on the benchmarks' 1.5 MB text.
pub fn folder(members: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gloss-bench-members-scattered-{members}"));
    if dir.join(format!("member-{:04}.json", members - 1)).exists() {
        return dir;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let opened = library::open_file(&mut store, &super::text(), 0).unwrap();
    let doc = &opened.doc;
    let blanks: Vec<usize> = doc
        .content
        .match_indices([' ', '\n'])
        .map(|(i, _)| i)
        .collect();
    // Past a word each, highlights overlap: positions wrap around the text.
    let step = (blanks.len() / (members * EACH)).max(1);
    for m in 0..members {
        let author_id = uuid(1, m, 0);
        let name = format!("Member {m:03}");
        let annotations: Vec<Shared> = (0..EACH)
            .map(|n| {
                let k = (n * members + m) * step % (blanks.len() - 7);
                let start = blanks[k] + 1;
                let end = blanks[(k + 1 + n % 6).min(blanks.len() - 1)];
                let note = if n % 3 == 0 {
                    format!("Member {m}'s thought number {n} #group")
                } else {
                    String::new()
                };
                Shared {
                    uuid: uuid(2, m, n),
                    author_id: author_id.clone(),
                    author_name: name.clone(),
                    created: 1_795_000_000,
                    modified: 1_795_000_000,
                    color: (n % 5 + 1) as u8,
                    tags: gloss::annotation::tags(&note),
                    note,
                    document_hash: doc.hash.clone(),
                    document_title: doc.title.clone(),
                    document_chars: None,
                    anchor: Anchor::new(&doc.content, start..end, doc.char_of(start)),
                    deleted: None,
                }
            })
            .collect();
        // Each member answers ten of the member before.
        let replies: Vec<SharedReply> = (0..REPLIES)
            .map(|n| SharedReply {
                uuid: uuid(3, m, n),
                author_id: author_id.clone(),
                author_name: name.clone(),
                created: 1_795_000_100,
                modified: 1_795_000_100,
                parent: uuid(2, (m + members - 1) % members, n * 7),
                body: format!("Member {m} answers: not so sure."),
                deleted: None,
            })
            .collect();
        let json = exchange::write(&author_id, &name, &annotations, &replies);
        std::fs::write(dir.join(format!("member-{m:04}.json")), json).unwrap();
    }
    dir
}

/// A reader's database in `dir` with the text in the library.
pub fn reader_store(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("gloss.db")).unwrap();
    store.set_setting("name", "Reader").unwrap();
    // Always the same reader, whose file in the folder each sync writes over.
    store
        .set_setting("user-id", "00000000-0000-4000-8000-0000000000aa")
        .unwrap();
    library::open_file(&mut store, &super::text(), 0).unwrap();
    store
}
