//! The output of the subcommands that print: `list` and `notes`, as text or JSON. Text from
//! the database is printed without control characters.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use std::collections::HashMap;

use anyhow::bail;
use gloss::annotation::COLORS;
use gloss::annotation::{Annotation, Listed};
use gloss::app::review::days;
use gloss::clock;
use gloss::document::{DocumentId, LibraryEntry};
use gloss::group;
use gloss::library;
use gloss::share;
use gloss::srs::card::{Card, CardKind};
use gloss::srs::{self, Phase};
use gloss::store::{MARK_END, MARK_START, Store};

#[derive(Serialize)]
struct ListedDocument<'a> {
    id: i64,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    content_hash: &'a str,
    path: Option<String>,
    bundled: Option<&'a str>,
    chars: u64,
    words: u64,
    position: u64,
    progress: f64,
    last_read_at: Option<i64>,
}

pub fn list(entries: &[LibraryEntry], json: bool) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        let listed: Vec<ListedDocument> = entries
            .iter()
            .map(|e| ListedDocument {
                id: e.id.0,
                title: &e.title,
                author: e.author.as_deref(),
                url: e.url.as_deref(),
                content_hash: &e.hash,
                path: e.path.as_ref().map(|p| p.display().to_string()),
                bundled: e.bundled.as_deref(),
                chars: e.chars,
                words: e.words,
                position: e.position,
                progress: (e.progress() * 1000.0).round() / 1000.0,
                last_read_at: e.last_read_at,
            })
            .collect();
        // Serialized first, so that a closed pipe is an io::Error, which `main` treats as success.
        writeln!(out, "{}", serde_json::to_string_pretty(&listed)?)?;
        return Ok(());
    }
    let rows: Vec<[String; 5]> = entries
        .iter()
        .map(|e| {
            [
                clean(&e.label()),
                e.words.to_string(),
                format!("{:.0}%", (e.progress() * 100.0).floor()),
                e.last_read_at
                    .map_or_else(|| "never".to_string(), format_date),
                match (&e.bundled, &e.path) {
                    (_, Some(path)) => clean(&path.display().to_string()),
                    (Some(name), None) => format!("bundled: {}", clean(name)),
                    (None, None) => String::new(),
                },
            ]
        })
        .collect();
    let header = ["TITLE", "WORDS", "READ", "LAST READ", "SOURCE"];
    let right = [false, true, true, false, false];
    write!(out, "{}", table(header, &rows, right, "  "))?;
    Ok(())
}

/// Text from the database, safe to print to a terminal (line breaks kept).
pub fn clean(text: &str) -> String {
    gloss::document::sanitize::for_screen(text).into_owned()
}

/// What `gloss add` says: the text added, or what followed it to its new edition.
pub fn added(opened: &gloss::library::Opened) -> Result<()> {
    let mut out = io::stdout().lock();
    let entry = &opened.entry;
    writeln!(
        out,
        "added \u{201c}{}\u{201d} ({} words){}",
        clean(&entry.label()),
        entry.words,
        entry
            .url
            .as_deref()
            .map(|u| format!(" from {}", clean(u)))
            .unwrap_or_default()
    )?;
    if let Some(c) = opened.changed {
        writeln!(
            out,
            "a new edition: {} annotations carried over exactly, {} approximately, {} orphaned",
            c.exact, c.approximate, c.orphaned
        )?;
    }
    for warning in &opened.doc.warnings {
        writeln!(out, "warning: {}", clean(warning))?;
    }
    Ok(())
}

/// `2026-11-23 19:05` in local time, from unix seconds.
fn format_date(unix: i64) -> String {
    gloss::clock::format_local(unix, "%Y-%m-%d %H:%M")
}

#[derive(Serialize)]
struct ListedNote<'a> {
    id: &'a str,
    document: &'a str,
    quote: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    /// Character range in the text.
    start: usize,
    end: usize,
    color: &'a str,
    note: &'a str,
    tags: &'a [String],
    /// Who wrote it: the reader's own name, or the group member's.
    author: &'a str,
    /// Whether it is the reader's own (another member's can be hidden, not changed).
    mine: bool,
    orphaned: bool,
    created_at: i64,
    modified_at: i64,
}

/// `gloss notes`: the annotations in `listed`, each saying who wrote it (`me` for one's own).
pub fn notes(listed: &[Listed], me: &str, json: bool) -> Result<()> {
    let author = |a: &Annotation| {
        a.author
            .as_ref()
            .map_or(me, |x| x.name.as_str())
            .to_string()
    };
    let mut out = io::stdout().lock();
    if json {
        let notes: Vec<ListedNote> = listed
            .iter()
            .map(|l| {
                let a = &l.annotation;
                ListedNote {
                    id: &a.uuid,
                    document: &l.title,
                    quote: &a.anchor.quote,
                    prefix: &a.anchor.prefix,
                    suffix: &a.anchor.suffix,
                    start: a.anchor.start,
                    end: a.anchor.end,
                    color: COLORS[usize::from(a.color.clamp(1, 5) - 1)],
                    note: &a.note,
                    tags: &a.tags,
                    author: a.author.as_ref().map_or(me, |x| x.name.as_str()),
                    mine: a.author.is_none(),
                    orphaned: a.orphaned,
                    created_at: a.created_at,
                    modified_at: a.modified_at,
                }
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&notes)?)?;
        return Ok(());
    }
    if listed.is_empty() {
        writeln!(out, "no annotations")?;
        return Ok(());
    }
    let mut title = "";
    for l in listed {
        if l.title != title {
            if !title.is_empty() {
                writeln!(out)?;
            }
            title = &l.title;
            writeln!(out, "{}", clean(title))?;
        }
        let a = &l.annotation;
        let quote = clean(&a.anchor.quote).replace('\n', " ");
        let orphan = if a.orphaned { " (orphaned)" } else { "" };
        writeln!(out, "  “{quote}”{orphan} · {}", clean(&author(a)))?;
        for line in clean(&a.note).lines() {
            writeln!(out, "      {line}")?;
        }
        if !a.tags.is_empty() {
            let tags: Vec<String> = a.tags.iter().map(|t| format!("#{t}")).collect();
            writeln!(out, "      tags: {}", tags.join(" "))?;
        }
    }
    Ok(())
}

/// Titles of the library's texts, by document.
fn titles(store: &Store) -> Result<HashMap<DocumentId, String>> {
    Ok(store
        .library()?
        .into_iter()
        .map(|e| (e.id, e.title))
        .collect())
}

#[derive(Serialize)]
struct ListedCard<'a> {
    id: &'a str,
    kind: &'a str,
    front: &'a str,
    back: &'a str,
    cloze: Option<u32>,
    tags: &'a [String],
    document: &'a str,
    passage: &'a str,
    state: &'a str,
    suspended: bool,
    due: i64,
    interval_days: u32,
    reps: u32,
    lapses: u32,
}

pub fn cards(store: &Store, due: bool, json: bool) -> Result<()> {
    let now = clock::now();
    let titles = titles(store)?;
    let cards: Vec<Card> = store
        .cards(None, due.then_some(now))?
        .into_iter()
        .filter(|c| !due || c.schedule.phase != Phase::New)
        .collect();
    let title = |c: &Card| titles.get(&c.document).map_or("", String::as_str);
    let mut out = io::stdout().lock();
    if json {
        let listed: Vec<ListedCard> = cards
            .iter()
            .map(|c| ListedCard {
                id: &c.uuid,
                kind: c.kind.as_str(),
                front: &c.front,
                back: &c.back,
                cloze: c.cloze,
                tags: &c.tags,
                document: title(c),
                passage: &c.anchor.quote,
                state: c.schedule.phase.as_str(),
                suspended: c.suspended,
                due: c.schedule.due,
                interval_days: c.schedule.scheduled_days,
                reps: c.schedule.reps,
                lapses: c.schedule.lapses,
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&listed)?)?;
        return Ok(());
    }
    if cards.is_empty() {
        writeln!(out, "no cards{}", if due { " due" } else { "" })?;
        return Ok(());
    }
    let mut rows = Vec::with_capacity(cards.len());
    for c in &cards {
        let question = match c.kind {
            CardKind::Basic => clean(&c.front),
            CardKind::Cloze => srs::cloze::question(&clean(&c.front), c.cloze.unwrap_or(1)),
        }
        .replace('\n', " ");
        let state = if c.suspended {
            "suspended"
        } else {
            c.schedule.phase.as_str()
        };
        let due = match c.schedule.phase {
            Phase::New => "new".to_string(),
            _ => format_date(c.schedule.due),
        };
        rows.push([
            c.kind.as_str().to_string(),
            truncate(&question, QUESTION_CELLS),
            state.to_string(),
            due,
            clean(title(c)),
        ]);
    }
    let header = ["KIND", "QUESTION", "STATE", "DUE", "TEXT"];
    write!(out, "{}", table(header, &rows, [false; 5], " "))?;
    Ok(())
}

/// Widest question in `gloss cards list`, in terminal cells.
const QUESTION_CELLS: usize = 50;

/// Rows under a header as aligned columns, padded by display width (so that Chinese, Japanese
/// and other wide text lines up), `gap` between columns; `right` columns are right-aligned.
fn table<const N: usize>(
    header: [&str; N],
    rows: &[[String; N]],
    right: [bool; N],
    gap: &str,
) -> String {
    let mut widths = header.map(UnicodeWidthStr::width);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for cells in
        std::iter::once(header).chain(rows.iter().map(|r| r.each_ref().map(String::as_str)))
    {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.width());
            if i > 0 {
                line.push_str(gap);
            }
            if right[i] {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `text` in at most `cells` terminal cells, cut with an ellipsis if it is longer.
fn truncate(text: &str, cells: usize) -> String {
    if text.width() <= cells {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > cells {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

pub fn export_anki(store: &Store) -> Result<String> {
    let titles = titles(store)?;
    let cards = store.cards(None, None)?;
    Ok(share::cards::anki(&cards, |c| {
        titles.get(&c.document).cloned().unwrap_or_default()
    }))
}

pub fn export_csv(store: &Store) -> Result<String> {
    let titles = titles(store)?;
    let cards = store.cards(None, None)?;
    Ok(share::cards::csv(&cards, |c| {
        titles.get(&c.document).cloned().unwrap_or_default()
    }))
}

pub fn optimize(store: &mut Store) -> Result<()> {
    let history: Vec<(i64, srs::Grade, u32)> = store
        .review_history()?
        .into_iter()
        .map(|(id, grade, elapsed)| (id.0, grade, elapsed))
        .collect();
    match srs::optimize::optimize(&history) {
        Ok(parameters) => {
            let text: Vec<String> = parameters.iter().map(|p| format!("{p:.4}")).collect();
            store.set_setting("fsrs-parameters", &text.join(","))?;
            outln!(
                "fitted {} FSRS parameters to {} reviews; the scheduler uses them from now on:",
                parameters.len(),
                history.len()
            );
            outln!("{}", text.join(", "));
            Ok(())
        }
        Err(err) => bail!(err),
    }
}

/// `▁▂▃▄▅▆▇█` bars for a row of numbers.
fn sparkline(values: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    values
        .iter()
        .map(|&v| {
            if v == 0 {
                ' '
            } else {
                BARS[((v * 7) / max) as usize]
            }
        })
        .collect()
}

pub fn stats(store: &Store, json: bool) -> Result<()> {
    let (cards, log) = store.stats_inputs()?;
    let s = srs::stats::compute(&cards, &log, clock::now(), days());
    let mut out = io::stdout().lock();
    if json {
        let value = serde_json::json!({
            "cards": { "new": s.new, "learning": s.learning, "young": s.young,
                       "mature": s.mature, "suspended": s.suspended },
            "due": { "today": s.due_today, "tomorrow": s.due_tomorrow, "week": s.due_week },
            "reviews_per_day": s.reviews_per_day,
            "retention": s.retention,
            "mature_reviews": s.mature_reviews,
            "forecast": s.forecast,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "cards     {} new · {} learning · {} young · {} mature · {} suspended",
        s.new, s.learning, s.young, s.mature, s.suspended
    )?;
    writeln!(
        out,
        "due       {} today · {} tomorrow · {} within 7 days",
        s.due_today, s.due_tomorrow, s.due_week
    )?;
    match s.retention {
        Some(r) => writeln!(
            out,
            "recall    {:.1}% of {} reviews of mature cards (last 30 days)",
            r * 100.0,
            s.mature_reviews
        )?,
        None => writeln!(out, "recall    no mature card reviewed in the last 30 days")?,
    }
    writeln!(
        out,
        "reviews   |{}| {} in the last 30 days, today on the right",
        sparkline(&s.reviews_per_day),
        s.reviews_per_day.iter().sum::<u64>()
    )?;
    writeln!(
        out,
        "forecast  |{}| {} due in the next 30 days, today on the left",
        sparkline(&s.forecast),
        s.forecast.iter().sum::<u64>()
    )?;
    Ok(())
}

/// Settings a reader may change, with how each is checked.
const SETTINGS: [&str; 7] = [
    "name",
    "retention",
    "new-per-day",
    "reviews-per-day",
    "learning-steps",
    "relearning-steps",
    "maximum-interval",
];

pub fn config_list(store: &mut Store) -> Result<()> {
    let me = store.me()?;
    outln!("name              {}", clean(&me.name));
    outln!("id                {}", me.id);
    let s = store.srs_settings()?;
    let steps = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
    outln!("retention         {}", s.desired_retention);
    outln!("new-per-day       {}", s.new_per_day);
    outln!("reviews-per-day   {}", s.reviews_per_day);
    outln!("learning-steps    {}", steps(&s.learning_steps));
    outln!("relearning-steps  {}", steps(&s.relearning_steps));
    outln!("maximum-interval  {}", s.maximum_interval);
    let fitted = if s.parameters.is_empty() {
        "defaults".to_string()
    } else {
        "fitted to your reviews (gloss cards optimize)".to_string()
    };
    outln!("fsrs-parameters   {fitted}");
    Ok(())
}

pub fn config_get(store: &Store, key: &str) -> Result<()> {
    if !SETTINGS.contains(&key) && key != "fsrs-parameters" {
        bail!("no setting {key:?}; settings: {}", SETTINGS.join(", "));
    }
    match store.setting(key)? {
        Some(value) => outln!("{value}"),
        None => outln!("(default)"),
    }
    Ok(())
}

pub fn config_set(store: &mut Store, key: &str, value: &str) -> Result<()> {
    // Every value is one line of plain text (a name is shown to the other members of a group).
    let value = gloss::document::sanitize::clean_text(value).0;
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let value = value.as_str();
    let ok = match key {
        "name" => (1..=64).contains(&value.chars().count()),
        "retention" => value
            .parse::<f32>()
            .is_ok_and(|r| (0.7..=0.99).contains(&r)),
        "new-per-day" | "reviews-per-day" => value.parse::<u32>().is_ok(),
        "maximum-interval" => value.parse::<u32>().is_ok_and(|d| d >= 1),
        "learning-steps" | "relearning-steps" => value
            .split_whitespace()
            .all(|m| m.parse::<u32>().is_ok_and(|m| (1..=1440).contains(&m))),
        _ => bail!("no setting {key:?}; settings: {}", SETTINGS.join(", ")),
    };
    if !ok {
        bail!(
            "{value:?} is not a valid {key}: a name is 1 to 64 characters, retention is 0.70 \
             to 0.99, steps are minutes (1 to 1440) separated by spaces, the others whole numbers"
        );
    }
    store.set_setting(key, value)?;
    outln!("{key} = {value}");
    Ok(())
}

/// Imports each file, printing what it did; fails (after trying them all) if any failed.
pub fn import(store: &mut Store, files: &[PathBuf]) -> Result<()> {
    let results: Vec<_> = files
        .iter()
        .map(|path| (path.clone(), group::import_file(store, path)))
        .collect();
    let failed = print_imports(&results)?;
    if failed > 0 {
        bail!(
            "{failed} of {} files not imported (those files changed nothing)",
            files.len()
        );
    }
    Ok(())
}

/// Syncs with a shared folder, printing what it wrote and imported.
pub fn sync(store: &mut Store, dir: &Path) -> Result<()> {
    let synced = group::sync(store, dir)?;
    outln!("wrote {}", synced.written.display());
    let failed = print_imports(&synced.imported)?;
    if failed > 0 {
        bail!(
            "{failed} files of {} not imported (those files changed nothing)",
            dir.display()
        );
    }
    Ok(())
}

/// Prints each file's summary, or its error on stderr; returns how many failed.
fn print_imports(
    results: &[(PathBuf, Result<group::Summary, group::GroupError>)],
) -> io::Result<usize> {
    let mut failed = 0;
    for (path, result) in results {
        match result {
            Ok(summary) => outln!("{}: {summary}", clean(&path.display().to_string())),
            Err(err) => {
                // The file's name and the error may quote the file: no control characters.
                let line = match err {
                    group::GroupError::Read { .. } => err.to_string(),
                    _ => format!("{}: {err}", path.display()),
                };
                eprintln!("gloss: {}", clean(&line));
                failed += 1;
            }
        }
    }
    Ok(failed)
}

#[derive(Serialize)]
struct SearchHit {
    document: String,
    /// Where the passage starts in the text, in characters.
    start: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<String>,
    /// The matched words are between `[` and `]`.
    snippet: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    /// For the text output: title, section, place.
    #[serde(skip)]
    head: String,
}

/// A snippet for printing: matched words between `[` and `]`, on one line.
fn snippet(text: &str) -> String {
    let text = text.replace(MARK_START, "[").replace(MARK_END, "]");
    clean(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn search(store: &mut Store, query: &str, notes: bool, limit: usize, json: bool) -> Result<()> {
    let hits: Vec<SearchHit> = if notes {
        store
            .search_notes(query, limit)?
            .into_iter()
            .map(|h| {
                let by = h
                    .author
                    .as_deref()
                    .map_or(String::new(), |a| format!(" · by {a}"));
                SearchHit {
                    head: format!("{} · note{by}", h.title),
                    document: h.title,
                    start: h.start_char,
                    section: None,
                    snippet: snippet(&h.snippet),
                    quote: Some(h.quote),
                    author: h.author,
                }
            })
            .collect()
    } else {
        let indexed = library::index_for_search(store, clock::now())?;
        if indexed > 0 && !json {
            eprintln!("indexed {indexed} texts for search");
        }
        store
            .search_texts(query, limit)?
            .into_iter()
            .map(|h| {
                let percent = h.start_char * 100 / h.chars.max(1);
                let section = h
                    .section
                    .as_deref()
                    .map_or(String::new(), |s| format!(" · {s}"));
                SearchHit {
                    head: format!("{}{section} · {percent}%", h.title),
                    document: h.title,
                    start: h.start_char,
                    section: h.section,
                    snippet: snippet(&h.snippet),
                    quote: None,
                    author: None,
                }
            })
            .collect()
    };
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &hits)?;
        writeln!(out)?;
        return Ok(());
    }
    if hits.is_empty() {
        writeln!(out, "nothing found for {:?}", clean(query))?;
    }
    for hit in &hits {
        writeln!(out, "{}", clean(&hit.head))?;
        if let Some(quote) = &hit.quote {
            writeln!(out, "  “{}”", snippet(quote))?;
        }
        writeln!(out, "  {}\n", hit.snippet)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_line_up_wide_text_by_display_width() {
        let rows = [
            [
                "共産主義の歴史".to_string(),
                "12".to_string(),
                "x".to_string(),
            ],
            [
                "Latin title".to_string(),
                "3400".to_string(),
                "y".to_string(),
            ],
        ];
        let text = table(
            ["TITLE", "WORDS", "SOURCE"],
            &rows,
            [false, true, false],
            "  ",
        );
        let columns: Vec<usize> = text
            .lines()
            .map(|line| {
                let source = line.find("SOURCE").or(line.rfind(['x', 'y'])).unwrap();
                line[..source].width()
            })
            .collect();
        assert!(columns.windows(2).all(|w| w[0] == w[1]), "{text}");
        let cut = truncate(&"漢字".repeat(40), QUESTION_CELLS);
        assert!(cut.width() <= QUESTION_CELLS && cut.ends_with('…'), "{cut}");
        assert_eq!(truncate("short", 50), "short");
    }

    #[test]
    fn dates() {
        let date = format_date(1_795_460_700);
        assert!(date.starts_with("2026-11-2"), "{date}");
        assert_eq!(date.len(), "2026-11-23 19:05".len());
        assert_eq!(format_date(i64::MAX), "?");
    }

    #[test]
    fn sparklines() {
        assert_eq!(sparkline(&[0, 1, 7, 14]), " ▁▄█");
        assert_eq!(sparkline(&[]), "");
    }
}
