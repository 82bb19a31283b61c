//! Issue 5's figures: a reader's 10,000 annotations export, and import into another member's
//! database, each in under a second; and issue 10's: 10,000 annotations with the longest quotes
//! an import file can carry, placed on another member's edition of the text (edited all
//! through), in under 2 s, and one chapter-long quote (the longest allowed) placed on it; and
//! issue 13's: 10,000 annotations re-anchored on an edited text in under a second. Run with
//! `cargo bench --bench group`.

mod support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gloss::anchor::{Anchor, Reanchorer};
use gloss::group::{self, Format, Whose};
use gloss::library;
use gloss::share::exchange::{MAX_BYTES, limits};
use gloss::store::Store;
use std::path::{Path, PathBuf};
use support::{HIGHLIGHTS, annotated_store, text};

/// Characters in each of the 10,000 long quotes: as long as fits in one import file.
const LONG_QUOTE: usize = 5_000;

/// Two editions of a 1.5 MB text that repeats no long passage (the bundled texts' paragraphs,
/// their words shuffled eight ways), under the same title: Ana's, and Ben's with a word changed
/// every 300 characters or so.
fn editions() -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join("gloss-bench-editions");
    let (ana, ben) = (dir.join("ana/essays.txt"), dir.join("ben/essays.txt"));
    if ana.exists() && ben.exists() {
        return (ana, ben);
    }
    let paragraphs: Vec<String> = support::bundled_texts()
        .iter()
        .flat_map(|n| {
            let text = std::fs::read_to_string(n).unwrap();
            text.lines()
                .filter(|l| l.len() > 200)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut seed: u64 = 7;
    let mut random = move |below: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % below
    };
    let mut text = String::from("Essays, Shuffled\n\n");
    for _ in 0..8 {
        for p in &paragraphs {
            let mut words: Vec<&str> = p.split(' ').collect();
            for i in (1..words.len()).rev() {
                words.swap(i, random(i + 1));
            }
            text.push_str(&words.join(" "));
            text.push_str("\n\n");
        }
    }
    let mut edited = String::with_capacity(text.len());
    let mut since = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            edited.push(' ');
        }
        since += word.len() + 1;
        if since > 300 && word.chars().all(char::is_alphabetic) {
            edited.push_str(&word.to_uppercase());
            since = 0;
        } else {
            edited.push_str(word);
        }
    }
    for (path, text) in [(&ana, &text), (&ben, &edited)] {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (ana, ben)
}

/// Ana's 10,000 annotations of long quotes, spread over her edition, as her export file.
fn long_quotes_export(ana_text: &Path) -> String {
    let mut ana = Store::open_in_memory().unwrap();
    ana.set_setting("name", "Ana").unwrap();
    let opened = library::open_file(&mut ana, ana_text, 0).unwrap();
    let doc = &opened.doc;
    let chars = doc.content.chars().count();
    for n in 0..HIGHLIGHTS {
        let start = doc.byte_of(n * (chars - LONG_QUOTE) / HIGHLIGHTS);
        let start = start + doc.content[start..].find(' ').unwrap() + 1;
        let end = doc.byte_of(doc.char_of(start) + LONG_QUOTE);
        let end = doc.content[..end].rfind(' ').unwrap();
        let anchor = Anchor::new(&doc.content, start..end, doc.char_of(start));
        let note = if n % 10 == 0 {
            "Compare with chapter 3"
        } else {
            ""
        };
        ana.add_annotation(opened.entry.id, &anchor, 2, note, &doc.content, 0)
            .unwrap();
    }
    let json = group::export_json(&mut ana, None).unwrap();
    assert!(json.len() as u64 <= MAX_BYTES, "{} bytes", json.len());
    json
}

fn long_quotes(c: &mut Criterion) {
    let (ana_text, ben_text) = editions();
    let json = long_quotes_export(&ana_text);
    eprintln!(
        "{} annotations of {LONG_QUOTE}-character quotes: a {:.1} MB file",
        HIGHLIGHTS,
        json.len() as f64 / 1e6
    );
    let mut g = c.benchmark_group("10k long quotes");
    g.sample_size(10);
    for (name, path) in [
        ("import onto the same edition", &ana_text),
        (
            "import onto another edition (edited all through)",
            &ben_text,
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || member(path),
                |mut ben| {
                    let summary = group::import(&mut ben, json.as_bytes()).unwrap();
                    assert_eq!(summary.imported, HIGHLIGHTS);
                    assert_eq!(summary.orphaned, 0, "{summary:?}");
                    ben
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();

    // One quote of a whole long chapter, the longest an import may carry, on Ben's edition.
    let ana = std::fs::read_to_string(&ana_text).unwrap();
    let ben = std::fs::read_to_string(&ben_text).unwrap();
    let start = ana.find("\n\n").unwrap() + 2;
    let end = ana[start..]
        .char_indices()
        .nth(limits::QUOTE_CHARS - 1)
        .map(|(i, c)| start + i + c.len_utf8())
        .unwrap();
    let chapter = Anchor::new(&ana, start..end, ana[..start].chars().count());
    let mut g = c.benchmark_group("a chapter-long quote");
    g.sample_size(10);
    g.bench_function("place 1,000,000 characters on another edition", |b| {
        b.iter(|| {
            let placed = Reanchorer::new(None, &ben).locate(&chapter);
            assert!(placed.range().is_some(), "{placed:?}");
        })
    });
    g.finish();
}

/// Another member's database: the same text, nothing annotated.
fn member(path: &std::path::Path) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.set_setting("name", "Ben").unwrap();
    library::open_file(&mut store, path, 0).unwrap();
    store
}

fn benches(c: &mut Criterion) {
    let path = text();
    let mut ana = Store::open_in_memory().unwrap();
    ana.set_setting("name", "Ana").unwrap();
    annotated_store(&mut ana, &path);
    let json = group::export_json(&mut ana, None).unwrap();
    let count = json.matches("\"@context\"").count();
    assert!(count > HIGHLIGHTS * 9 / 10, "{count} annotations exported");

    let mut g = c.benchmark_group("10k annotations");
    g.sample_size(10);
    g.bench_function("export JSON", |b| {
        b.iter(|| group::export_json(&mut ana, None).unwrap())
    });
    g.bench_function("export Markdown (with sections and pages)", |b| {
        b.iter(|| {
            let format = Format::Markdown { callouts: false };
            group::export(
                &mut ana,
                None,
                Whose::Everyone,
                format,
                group::STANDARD_PAGE,
            )
            .unwrap()
        })
    });
    g.bench_function("export HTML", |b| {
        b.iter(|| {
            group::export(
                &mut ana,
                None,
                Whose::Everyone,
                Format::Html,
                group::STANDARD_PAGE,
            )
            .unwrap()
        })
    });
    g.bench_function("import into another member's database", |b| {
        b.iter_batched(
            || member(&path),
            |mut ben| {
                let summary = group::import(&mut ben, json.as_bytes()).unwrap();
                assert_eq!(summary.imported, count);
                ben
            },
            BatchSize::PerIteration,
        )
    });
    let mut ben = member(&path);
    group::import(&mut ben, json.as_bytes()).unwrap();
    g.bench_function("import the same file again (nothing changes)", |b| {
        b.iter(|| {
            let summary = group::import(&mut ben, json.as_bytes()).unwrap();
            assert_eq!(summary.unchanged, count);
        })
    });
    g.finish();
}

/// Issue 13's figure: 10,000 annotations (a word to a dozen) re-anchored on an edited text in
/// under a second, on both paths: the reader's own file (the old text known, so the diff helps)
/// and a member's import (it is not). The edited text is Ben's edition (a word changed every 300
/// characters or so, so that most quotes' context, or the quote itself, changed).
fn reanchoring(c: &mut Criterion) {
    let (ana_text, ben_text) = editions();
    let ana = std::fs::read_to_string(&ana_text).unwrap();
    let ben = std::fs::read_to_string(&ben_text).unwrap();
    let blanks: Vec<usize> = ana.match_indices(' ').map(|(i, _)| i).collect();
    let step = blanks.len() / HIGHLIGHTS;
    let anchors: Vec<Anchor> = (0..HIGHLIGHTS)
        .map(|n| {
            let start = blanks[n * step] + 1;
            let end = blanks[(n * step + 1 + n % 12).min(blanks.len() - 1)];
            Anchor::new(&ana, start..end, ana[..start].chars().count())
        })
        .collect();
    let mut g = c.benchmark_group("re-anchor 10k annotations on an edited text");
    g.sample_size(10);
    for (name, old) in [
        ("own file (old text known)", Some(ana.as_str())),
        ("member's import", None),
    ] {
        let placed = Reanchorer::new(old, &ben);
        let (mut unsure, mut orphaned) = (0, 0);
        for a in &anchors {
            let p = placed.locate(a);
            unsure += usize::from(p.needs_check());
            orphaned += usize::from(p.range().is_none());
        }
        eprintln!("{name}: {unsure} to check, {orphaned} orphaned of {HIGHLIGHTS}");
        g.bench_function(name, |b| {
            b.iter(|| {
                let r = Reanchorer::new(old, &ben);
                anchors
                    .iter()
                    .filter(|a| r.locate(a).range().is_some())
                    .count()
            })
        });
    }
    g.finish();
}

criterion_group!(group_benches, benches, long_quotes, reanchoring);
criterion_main!(group_benches);
