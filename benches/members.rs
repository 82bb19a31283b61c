//! Issue 34's figures: a reading group of 500 and of 1,000 members, each with 1,000 annotations
//! on one 1.5 MB text. Measures the first `gloss sync` of the folder into a fresh reader's
//! database and the sync after it (time, and the peak memory each adds), then the reader: the
//! first page with everyone's annotations shown (opening the text as the program does, reading
//! the annotations around the page, drawing), the memory the reader holds, a jump to the end
//! and a page turn, and the member picker. Each figure once (a sync takes seconds):
//! `cargo bench --bench members [-- 500]`.

mod support;

use std::time::Instant;

use gloss::app::{Action, App, DEFAULT_MEASURE};
use gloss::group::{self, Sharing};
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::members::{EACH, folder, reader_store};

/// How many times the reader opens the text, each as a new process would: the first page's
/// figure is their median.
const OPENINGS: usize = 5;

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

    // The reader as the program runs it, after the sync has ended (its connection closed, the
    // log checkpointed): a store opened anew, the text opened, its first page drawn. Five
    // openings, each with a fresh store and reader as a new process has; the median.
    let db_file = db.path().join("gloss.db");
    drop(store);
    let text_mb = std::fs::metadata(support::text()).unwrap().len() as f64 / 1e6;
    let mut pages: Vec<f64> = Vec::new();
    let mut held_mb = 0.0;
    let mut kept = None;
    for _ in 0..OPENINGS {
        drop(kept.take());
        let store = gloss::store::Store::open(&db_file).unwrap();
        let mut app = App::new(store, DEFAULT_MEASURE);
        app.update(Action::Resize(140, 40));
        let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
        let before = support::status_kb("VmRSS:") as f64;
        let (_, page_ms, _) = measured(|| {
            app.open_path(&support::text()).unwrap();
            terminal.draw(|f| view::draw(f, &app)).unwrap();
        });
        assert!(
            app.reading().unwrap().part().is_none(),
            "the whole text shown"
        );
        if pages.is_empty() {
            // Measured when nothing was freed before: later openings reuse what the last freed.
            held_mb = (support::status_kb("VmRSS:") as f64 - before) / 1024.0;
        }
        pages.push(page_ms);
        // What it starts behind the page ends before the next opening.
        app.wait_for_background();
        kept = Some((app, terminal));
    }
    let (mut app, mut terminal) = kept.unwrap();
    pages.sort_by(f64::total_cmp);
    let page_ms = pages[pages.len() / 2];
    let annotations = members * EACH;
    let on_page = app.reading().unwrap().marks.placed().len();
    println!(
        "{members} members: first page with all {annotations} shown {page_ms:.1} ms (median of \
         {OPENINGS}, {:.1}–{:.1}; {on_page} held); the reader holds +{held_mb:.0} MB (the text \
         is {text_mb:.1} MB, {:.0} B an annotation beyond it)",
        pages[0],
        pages[pages.len() - 1],
        (held_mb - text_mb).max(0.0) * 1024.0 * 1024.0 / annotations as f64
    );
    let (_, end_ms, _) = measured(|| {
        app.update(Action::DocEnd);
        terminal.draw(|f| view::draw(f, &app)).unwrap();
    });
    let (_, turn_ms, _) = measured(|| {
        app.update(Action::PrevPage);
        terminal.draw(|f| view::draw(f, &app)).unwrap();
    });
    println!("{members} members: to the end {end_ms:.1} ms, a page back {turn_ms:.1} ms");
    // Each member's annotations are counted on another thread meanwhile; then the picker.
    app.wait_for_background();
    let (_, picker_ms, _) = measured(|| {
        app.update(Action::Whose);
        terminal.draw(|f| view::draw(f, &app)).unwrap();
    });
    let counted = app.reading().unwrap().marks.count();
    assert_eq!(counted, annotations);
    println!("{members} members: member picker, first time {picker_ms:.1} ms (counted)");
    app.update(Action::Close);
    let (_, again_ms, _) = measured(|| {
        app.update(Action::Whose);
        terminal.draw(|f| view::draw(f, &app)).unwrap();
    });
    println!("{members} members: member picker again {again_ms:.1} ms");
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
