//! Issue 34's figures: a reading group of 500 and of 1,000 members, each with 1,000 annotations
//! on one 1.5 MB text. Measures the first `gloss sync` of the folder into a fresh reader's
//! database and the sync after it (time, and the peak memory each adds), then the reader: the
//! first page with everyone's annotations shown (loading them, placing them, drawing), the
//! memory the reader holds for them, and the member picker. Each figure once (a sync takes
//! seconds): `cargo bench --bench members [-- 500]`.

mod support;

use std::sync::Arc;
use std::time::Instant;

use gloss::app::Geometry;
use gloss::app::marks::Marks;
use gloss::app::overlay::members::MemberPicker;
use gloss::app::reader::Reader;
use gloss::group::{self, Sharing};
use gloss::library;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::members::{EACH, folder, reader_store};

/// What `work` takes: its time in ms, and the peak resident memory it adds, in MB.
fn measured<T>(work: impl FnOnce() -> T) -> (T, f64, f64) {
    let started = Instant::now();
    let (done, mb) = support::peak_added_mb(work);
    (done, started.elapsed().as_secs_f64() * 1e3, mb)
}

fn group_of(members: usize) {
    let dir = folder(members);
    let db = tempfile::tempdir().unwrap();
    let mut store = reader_store(db.path());
    let (synced, first_ms, first_mb) =
        measured(|| group::sync(&mut store, Sharing::Everything(&dir), false).unwrap());
    let imported: usize = synced
        .imported
        .iter()
        .map(|(path, r)| match r {
            Ok(summary) => summary.imported,
            Err(err) => panic!("{}: {err}", path.display()),
        })
        .sum();
    assert_eq!(imported, members * (EACH + support::members::REPLIES));
    let (_, again_ms, again_mb) =
        measured(|| group::sync(&mut store, Sharing::Everything(&dir), false).unwrap());
    println!("{members} members × {EACH}: first sync {first_ms:.0} ms, peak +{first_mb:.0} MB");
    println!("{members} members × {EACH}: sync again {again_ms:.0} ms, peak +{again_mb:.0} MB");

    let entry = store.library().unwrap().into_iter().next().unwrap();
    let doc = Arc::new(library::open_entry(&mut store, &entry, 0).unwrap().doc);
    let text_mb = doc.content.len() as f64 / 1e6;
    let g = Geometry::new(140, 40, 80);
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    let before = support::status_kb("VmRSS:") as f64;
    let ((marks, reader), page_ms, _) = measured(|| {
        let annotations = store.annotations(entry.id).unwrap();
        let replies = store.replies(Some(entry.id)).unwrap();
        let marks = Marks::new(&doc, annotations, Vec::new()).with_replies(replies);
        let reader = Reader::new(doc.clone(), 0, g.text_width, g.page_height);
        support::draw_marked_page(&mut terminal, &reader, &marks, g);
        (marks, reader)
    });
    let held_mb = (support::status_kb("VmRSS:") as f64 - before) / 1024.0;
    let annotations = members * EACH;
    println!(
        "{members} members: first page with all {annotations} shown {page_ms:.0} ms; reader holds \
         +{held_mb:.0} MB for them ({:.0} B each; the text is {text_mb:.1} MB)",
        held_mb * 1024.0 * 1024.0 / annotations as f64
    );
    let (_, picker_ms, _) = measured(|| MemberPicker::new(&marks, false));
    println!("{members} members: member picker {picker_ms:.1} ms");
    drop((marks, reader));
}

fn main() {
    let asked: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if asked.is_empty() {
        vec![500, 1_000]
    } else {
        asked
    };
    for members in sizes {
        group_of(members);
    }
}
