//! Issue 17's figures: a reading group of 100 members, each with 1,000 annotations on one text
//! (a third with notes, ten replies each): `gloss sync` of their folder into a reader's
//! database under 3 s, the first time and again; a page with all of them shown drawn under
//! 5 ms; and the memory a sync takes, bounded (the same for 50 members as for 100: one file is
//! read at a time). Run with `cargo bench --bench hundred`.

mod support;

use support::members::{EACH, REPLIES, folder, reader_store};

use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gloss::app::Geometry;
use gloss::app::marks::Marks;
use gloss::app::reader::Reader;
use gloss::group;
use gloss::library;
use gloss::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MEMBERS: usize = 100;

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
    support::peak_added_mb(|| sync_fresh(members)).1
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
