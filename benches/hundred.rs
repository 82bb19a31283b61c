//! Issue 17's figures: a reading group of 100 members, each with 1,000 annotations on one text
//! (a third with notes, ten replies each): `gloss sync` of their folder into a reader's
//! database under 3 s, the first time and again; a page with all of them shown drawn under
//! 5 ms; and the memory a sync takes, bounded (the same for 50 members as for 100: one file is
//! read at a time). Run with `cargo bench --bench hundred`.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gloss::anchor::Anchor;
use gloss::app::Geometry;
use gloss::app::marks::Marks;
use gloss::app::reader::Reader;
use gloss::group;
use gloss::library;
use gloss::share::exchange::{self, Shared, SharedReply};
use gloss::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MEMBERS: usize = 100;
const EACH: usize = 1_000;
const REPLIES: usize = 10;

fn uuid(kind: u64, member: usize, n: usize) -> String {
    format!(
        "00000000-0000-4000-{kind:04x}-{:012x}",
        member * 1_000_000 + n
    )
}

/// The members' export files in a folder (written once), on the benchmarks' 1.5 MB text.
fn folder(members: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gloss-bench-group-{members}"));
    if dir.join(format!("member-{:03}.json", members - 1)).exists() {
        return dir;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let opened = library::open_file(&mut store, &support::text(), 0).unwrap();
    let doc = &opened.doc;
    let blanks: Vec<usize> = doc
        .content
        .match_indices([' ', '\n'])
        .map(|(i, _)| i)
        .collect();
    let step = blanks.len() / (members * EACH);
    for m in 0..members {
        let author_id = uuid(1, m, 0);
        let name = format!("Member {m:03}");
        let annotations: Vec<Shared> = (0..EACH)
            .map(|n| {
                let k = (n * members + m) * step;
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
        std::fs::write(dir.join(format!("member-{m:03}.json")), json).unwrap();
    }
    dir
}

/// A reader's database in `dir` with the text in the library.
fn reader_store(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("gloss.db")).unwrap();
    store.set_setting("name", "Reader").unwrap();
    // Always the same reader, whose file in the folder each sync writes over.
    store
        .set_setting("user-id", "00000000-0000-4000-8000-0000000000aa")
        .unwrap();
    library::open_file(&mut store, &support::text(), 0).unwrap();
    store
}

/// Syncs a fresh reader with `members`' folder; checks that everything arrived.
fn sync_fresh(members: usize) -> (tempfile::TempDir, Store) {
    let db = tempfile::tempdir().unwrap();
    let mut store = reader_store(db.path());
    let synced = group::sync(
        &mut store,
        group::Sharing::Everything(&folder(members)),
        false,
    )
    .unwrap();
    let imported: usize = synced
        .imported
        .iter()
        .map(|(_, r)| r.as_ref().unwrap().imported)
        .sum();
    assert_eq!(imported, members * (EACH + REPLIES));
    (db, store)
}

/// The peak resident memory a fresh sync adds, in MB.
fn sync_peak_mb(members: usize) -> f64 {
    folder(members);
    let before = kb("VmRSS:");
    // Linux resets the high-water mark to the current resident set.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let kept = sync_fresh(members);
    let peak = kb("VmHWM:");
    drop(kept);
    (peak - before) as f64 / 1024.0
}

fn kb(field: &str) -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

fn hundred(c: &mut Criterion) {
    let dir = folder(MEMBERS);
    let bytes: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    eprintln!(
        "{MEMBERS} members × {EACH} annotations and {REPLIES} replies: {:.1} MB of exports",
        bytes as f64 / 1e6
    );
    eprintln!(
        "memory a sync takes: {:.0} MB for 50 members, {:.0} MB for 100",
        sync_peak_mb(50),
        sync_peak_mb(MEMBERS)
    );

    let mut g = c.benchmark_group("100 members");
    g.sample_size(10);
    g.bench_function("gloss sync, the first time", |b| {
        b.iter_batched(
            || {
                let db = tempfile::tempdir().unwrap();
                let store = reader_store(db.path());
                (db, store)
            },
            |(db, mut store)| {
                group::sync(&mut store, group::Sharing::Everything(&dir), false).unwrap();
                (db, store)
            },
            BatchSize::PerIteration,
        )
    });
    let (_db, mut store) = sync_fresh(MEMBERS);
    g.bench_function("gloss sync again, nothing new", |b| {
        b.iter(|| group::sync(&mut store, group::Sharing::Everything(&dir), false).unwrap())
    });

    // A page in the middle of the text, with everyone's annotations shown.
    let entry = store.library().unwrap().into_iter().next().unwrap();
    let doc = Arc::new(library::open_entry(&mut store, &entry, 0).unwrap().doc);
    let annotations = store.annotations(entry.id).unwrap();
    let replies = store.replies(Some(entry.id)).unwrap();
    assert_eq!(annotations.len(), MEMBERS * EACH);
    let marks = Marks::new(&doc, annotations, Vec::new()).with_replies(replies);
    let g_ = Geometry::new(140, 40, 80);
    let mut reader = Reader::new(
        doc.clone(),
        doc.content.len() / 2,
        g_.text_width,
        g_.page_height,
    );
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    let rows = reader.page();
    let on_page = marks
        .overlapping(rows[0].start..rows[rows.len() - 1].end)
        .count();
    eprintln!("annotations on the page drawn: {on_page}");
    g.bench_function("a page with 100,000 annotations shown", |b| {
        b.iter(|| support::draw_marked_page(&mut terminal, &reader, &marks, g_))
    });
    g.bench_function("the member picker, opened", |b| {
        b.iter(|| gloss::app::overlay::members::MemberPicker::new(&marks, false))
    });
    g.bench_function("turning the page, then drawing it", |b| {
        b.iter(|| {
            reader.next_page();
            support::draw_marked_page(&mut terminal, &reader, &marks, g_)
        })
    });
    g.finish();
}

criterion_group!(benches, hundred);
criterion_main!(benches);
