//! Issue 34's figures: a reading group of 500 and of 1,000 members, each with 1,000 annotations
//! on one 1.5 MB text. Measures the first `gloss sync` of the folder into a fresh reader's
//! database and the sync after it (time, and the peak memory each adds), then the reader: the
//! first page with everyone's annotations shown (opening the text as the program does, reading
//! the annotations around the page, drawing; each opening in a process of its own), the memory
//! the reader holds, a jump to the end, page turns, and the member picker. Each figure once (a
//! sync takes seconds): `cargo bench --bench members [-- 500]`.

mod support;

use std::time::Instant;

use gloss::app::{Action, App, DEFAULT_MEASURE};
use gloss::group::{self, Sharing};
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::members::{EACH, folder, reader_store};

/// How many times the reader opens the text, each in a process of its own: the first page's
/// figure is their median.
const OPENINGS: usize = 5;
/// Page turns measured while reading on.
const TURNS: usize = 20;

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

    // The reader as the program runs it, after the sync has ended (its connection closed, its
    // log checkpointed, its writes on the disk): each opening in a process of its own, as a
    // reader starts gloss; the median of five.
    let db_file = db.path().join("gloss.db");
    drop(store);
    std::fs::File::open(&db_file).unwrap().sync_all().unwrap();
    let text_mb = std::fs::metadata(support::text()).unwrap().len() as f64 / 1e6;
    let mut openings: Vec<(f64, f64, usize)> =
        (0..OPENINGS).map(|_| open_apart(&db_file)).collect();
    openings.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (page_ms, held_mb, on_page) = openings[OPENINGS / 2];
    let annotations = members * EACH;
    println!(
        "{members} members: first page with all {annotations} shown {page_ms:.1} ms (median of \
         {OPENINGS} processes, {:.1}–{:.1}; {on_page} held); the reader holds +{held_mb:.0} MB \
         (the text is {text_mb:.1} MB, {:.0} B an annotation beyond it)",
        openings[0].0,
        openings[OPENINGS - 1].0,
        (held_mb - text_mb).max(0.0) * 1024.0 * 1024.0 / annotations as f64
    );
    let mut app = App::new(
        gloss::store::Store::open(&db_file).unwrap(),
        DEFAULT_MEASURE,
    );
    app.update(Action::Resize(140, 40));
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    app.open_path(&support::text()).unwrap();
    app.wait_for_background();
    let (_, end_ms, _) = measured(|| {
        app.update(Action::DocEnd);
        terminal.draw(|f| view::draw(f, &app)).unwrap();
    });
    let (_, turn_ms, _) = measured(|| {
        app.update(Action::PrevPage);
        terminal.draw(|f| view::draw(f, &app)).unwrap();
    });
    println!("{members} members: to the end {end_ms:.1} ms, a page back {turn_ms:.1} ms");
    // Reading on: each page turn after the event loop has taken up what was read behind.
    let mut turns: Vec<f64> = (0..TURNS)
        .map(|_| {
            while app.busy() {
                app.tick();
                std::thread::yield_now();
            }
            measured(|| {
                app.update(Action::PrevPage);
                terminal.draw(|f| view::draw(f, &app)).unwrap();
            })
            .1
        })
        .collect();
    turns.sort_by(f64::total_cmp);
    println!(
        "{members} members: reading back {TURNS} pages, a page turn {:.1} ms (median; at most \
         {:.1})",
        turns[TURNS / 2],
        turns[TURNS - 1]
    );
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

/// Opens the text on the database `db` in this process as the reader does: the first page's
/// time in ms, the memory the reader then holds in MB, and how many annotations it holds.
fn open_once(db: &std::path::Path) -> (f64, f64, usize) {
    let store = gloss::store::Store::open(db).unwrap();
    let mut app = App::new(store, DEFAULT_MEASURE);
    app.update(Action::Resize(140, 40));
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    let before = support::status_kb("VmRSS:") as f64;
    let (_, page_ms, _) = measured(|| {
        app.open_path(&support::text()).unwrap();
        terminal.draw(|f| view::draw(f, &app)).unwrap();
    });
    let held_mb = (support::status_kb("VmRSS:") as f64 - before) / 1024.0;
    let open = app.reading().unwrap();
    assert!(open.part().is_none(), "the whole text shown");
    let held = open.marks.placed().len();
    // What it started behind the page ends, as in a reader's session: the search index of a
    // text opened the first time is whole for the next opening.
    app.wait_for_background();
    while app.busy() {
        app.tick();
        std::thread::yield_now();
    }
    (page_ms, held_mb, held)
}

/// [`open_once`] in a process of its own (this benchmark, asked to), as a reader starts gloss.
fn open_apart(db: &std::path::Path) -> (f64, f64, usize) {
    let said = support::in_child(db);
    let mut figures = said.split_whitespace();
    let mut next = || figures.next().unwrap().to_string();
    (
        next().parse().unwrap(),
        next().parse().unwrap(),
        next().parse().unwrap(),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") {
        let (ms, mb, held) = open_once(std::path::Path::new(&args[2]));
        println!("{ms} {mb} {held}");
        return;
    }
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
