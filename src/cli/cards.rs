//! The cards' commands: `gloss cards list|export|optimize` and `gloss stats`.

use std::io::Write;

use anyhow::{Result, bail};
use serde::Serialize;

use super::progress::Progress;
use super::{clean, format_date, table, truncate};
use crate::clock;
use crate::document::DocumentId;
use crate::library;
use crate::srs::browse::Query;
use crate::srs::card::{Card, CardKind};
use crate::srs::info::CardInfo;
use crate::srs::{self, Phase};
use crate::store::Store;

#[derive(Serialize)]
struct ListedCard<'a> {
    id: &'a str,
    /// Its note's id (Anki's GUID: the cards of a cloze share it).
    note: &'a str,
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

fn listed<'a>(c: &'a Card, title: &'a str) -> ListedCard<'a> {
    ListedCard {
        id: &c.uuid,
        note: &c.note_uuid,
        kind: c.kind.as_str(),
        front: &c.front,
        back: &c.back,
        cloze: c.cloze,
        tags: &c.tags,
        document: title,
        passage: &c.anchor.quote,
        state: c.schedule.phase.as_str(),
        suspended: c.suspended,
        due: c.schedule.due,
        interval_days: c.schedule.scheduled_days,
        reps: c.schedule.reps,
        lapses: c.schedule.lapses,
    }
}

/// `gloss cards list [QUERY]`: the cards the query finds (see [`Query`]; `--due` adds
/// `is:due`), in its order, as a table or JSON.
pub fn list(
    out: &mut impl Write,
    store: &Store,
    query: &str,
    due: bool,
    json: bool,
    now: i64,
) -> Result<()> {
    let titles = store.titles()?;
    let query = if due {
        format!("{query} is:due")
    } else {
        query.to_string()
    };
    let query = Query::parse(&query)?;
    let cards = crate::session::find(store, &query, store.cards(None, None)?, now, clock::days())?;
    let title = |c: &Card| titles.get(&c.document).map_or("", String::as_str);
    if json {
        let listed: Vec<ListedCard> = cards.iter().map(|c| listed(c, title(c))).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&listed)?)?;
        return Ok(());
    }
    if cards.is_empty() {
        writeln!(out, "no cards found")?;
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

/// `gloss cards from-highlights`: a passage card of each of the reader's highlights (of one
/// text, with a tag, of a colour), but those that have one.
pub fn from_highlights(
    out: &mut impl Write,
    store: &mut Store,
    document: Option<DocumentId>,
    tag: Option<&str>,
    color: Option<u8>,
    now: i64,
) -> Result<()> {
    let mut by_text: Vec<(DocumentId, Vec<crate::annotation::Annotation>)> = Vec::new();
    for listed in store.all_annotations(document, tag)? {
        let a = listed.annotation;
        if a.author.is_some() || color.is_some_and(|c| c != a.color) {
            continue;
        }
        match by_text.last_mut() {
            Some((id, highlights)) if *id == a.document => highlights.push(a),
            _ => by_text.push((a.document, vec![a])),
        }
    }
    let mut done = library::PassageCards::default();
    for (id, highlights) in by_text {
        let Some(entry) = store.entry(id)? else {
            continue;
        };
        let opened = match library::open_entry(store, &entry, now) {
            Ok(opened) if opened.changed.is_none() => opened,
            Ok(_) => {
                writeln!(
                    out,
                    "“{}” changed since it was read: open it, then try again",
                    clean(&entry.title)
                )?;
                continue;
            }
            Err(err) => {
                writeln!(out, "“{}” left out: {err}", clean(&entry.title))?;
                continue;
            }
        };
        let made = library::make_passage_cards(store, id, &opened.doc, &highlights, now)?;
        done.made += made.made;
        done.had += made.had;
    }
    writeln!(
        out,
        "made {} passage cards; {} highlights had one already",
        done.made, done.had
    )?;
    Ok(())
}

/// Widest question in `gloss cards list`, in terminal cells.
const QUESTION_CELLS: usize = 50;

/// Most cards `gloss cards show` shows at once.
const MOST_SHOWN: usize = 20;

#[derive(Serialize)]
struct ShownCard<'a> {
    #[serde(flatten)]
    card: ListedCard<'a>,
    stability: Option<f32>,
    difficulty: Option<f32>,
    retrievability: Option<f32>,
    answers: Vec<ShownAnswer>,
    siblings: Vec<&'a str>,
}

#[derive(Serialize)]
struct ShownAnswer {
    at: i64,
    grade: u8,
    interval_days: u32,
    wait_seconds: i64,
    seconds: Option<u32>,
}

/// `gloss cards show CARD`: each card whole, found by its id (or the start of it) or a query.
pub fn show(out: &mut impl Write, store: &Store, card: &str, json: bool, now: i64) -> Result<()> {
    let all = store.cards(None, None)?;
    let by_id: Vec<&Card> = match card.len() >= 4 && !card.contains(char::is_whitespace) {
        true => all.iter().filter(|c| c.uuid.starts_with(card)).collect(),
        false => Vec::new(),
    };
    let titles = store.titles()?;
    let title_of = |d: DocumentId| titles.get(&d).map_or("", String::as_str);
    let settings = store.srs_settings()?;
    let answers = store.logged_answers()?;
    let found: Vec<Card> = match by_id.is_empty() {
        false => by_id.into_iter().cloned().collect(),
        true => crate::session::find(store, &Query::parse(card)?, all.clone(), now, clock::days())?,
    };
    match found.len() {
        0 => bail!("no card is {card:?}: give its id (`gloss cards list --json`) or a query"),
        n if n > MOST_SHOWN => bail!("{n} cards match {card:?}: narrow the query"),
        _ => {}
    }
    let infos: Vec<CardInfo> = found
        .into_iter()
        .map(|c| {
            let title = title_of(c.document).to_string();
            CardInfo::new(
                c,
                title,
                &answers,
                &all,
                now,
                clock::days(),
                settings.decay(),
            )
        })
        .collect();
    if json {
        let shown: Vec<ShownCard> = infos.iter().map(shown_card).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&shown)?)?;
        return Ok(());
    }
    let date = |t: i64| clock::format_local(t, "%Y-%m-%d %H:%M");
    for (i, info) in infos.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        for line in info.lines(now, &date) {
            writeln!(out, "{}", clean(&line))?;
        }
    }
    Ok(())
}

fn shown_card(info: &CardInfo) -> ShownCard<'_> {
    let s = &info.card.schedule;
    ShownCard {
        card: listed(&info.card, &info.title),
        stability: s.memory.map(|m| m.stability),
        difficulty: s.memory.map(|m| m.difficulty),
        retrievability: info.retrievability,
        answers: info
            .answers
            .iter()
            .map(|a| ShownAnswer {
                at: a.at,
                grade: a.grade.number(),
                interval_days: a.interval,
                wait_seconds: a.wait,
                seconds: a.seconds,
            })
            .collect(),
        siblings: info.siblings.iter().map(|s| s.uuid.as_str()).collect(),
    }
}

/// `gloss cards import FILE`: the progress an Anki package carries for gloss's cards, and the
/// notes made in Anki as new cards (their decks' texts written in `deck_dir`).
pub fn import(
    out: &mut impl Write,
    store: &mut Store,
    path: &std::path::Path,
    deck_dir: &std::path::Path,
    now: i64,
) -> Result<()> {
    /// Largest package read (its collection is bounded again once unpacked).
    const MOST_BYTES: u64 = 1 << 30;
    let bytes = crate::files::read_regular(path, MOST_BYTES, true)
        .map_err(|e| anyhow::anyhow!("{}: cannot read it: {e}", path.display()))?;
    let collection =
        crate::anki::read::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let imported = crate::import::anki::import_package(store, &collection, deck_dir, now)?;
    let counted = crate::group::counted;
    let progress = &imported.progress;
    write!(
        out,
        "Anki: {} updated ({} brought in), {} unchanged",
        counted(progress.schedules.len(), "card", "cards"),
        counted(progress.answers.len(), "answer", "answers"),
        progress.unchanged
    )?;
    let brought = &imported.brought;
    if brought.notes > 0 {
        let mut places = Vec::new();
        if brought.on_passages > 0 {
            places.push(match brought.on_passages {
                1 => "1 on a passage of your texts".to_string(),
                n => format!("{n} on passages of your texts"),
            });
        }
        for (deck, n) in &brought.decks {
            places.push(format!("{n} in the text {}", clean(deck)));
        }
        write!(
            out,
            "; {} made in Anki brought in as {} ({}), with {}",
            counted(brought.notes, "note", "notes"),
            counted(brought.cards, "card", "cards"),
            places.join(", "),
            counted(imported.brought_progress.answers.len(), "answer", "answers"),
        )?;
    }
    let foreign = &imported.foreign;
    for (n, what) in [
        (
            brought.other_type,
            counted(brought.other_type, "note", "notes")
                + " of other note types (their first two fields)",
        ),
        (
            foreign.other_templates,
            counted(foreign.other_templates, "card", "cards")
                + " of a note's other templates (a reversed card) left in Anki",
        ),
        (
            foreign.empty,
            counted(foreign.empty, "note", "notes") + " with an empty first field left in Anki",
        ),
    ] {
        if n > 0 {
            write!(out, ", {what}")?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// `gloss cards optimize [--reset]`: FSRS parameters fitted to the review history, kept if they
/// predict it better than the current ones; the cards' memory computed again.
pub fn optimize(out: &mut impl Write, store: &mut Store, reset: bool) -> Result<()> {
    let history: Vec<(i64, srs::Grade, u32)> = store
        .review_history()?
        .into_iter()
        .map(|(id, grade, elapsed)| (id.0, grade, elapsed))
        .collect();
    let current = store.srs_settings()?.parameters;
    if reset {
        let memories = srs::optimize::memories(&history, &[])?;
        store.set_parameters(None, &memories)?;
        writeln!(
            out,
            "back to FSRS's default parameters; the memory of {} recomputed",
            crate::group::counted(memories.len(), "card", "cards")
        )?;
        return Ok(());
    }
    // A long history takes seconds to fit.
    let bar = Progress::new(" fitting {wide_bar} {percent}%");
    let fit = srs::optimize::fit(&history, &current, &mut |done, total| bar.show(done, total));
    drop(bar);
    let fit = fit?;
    let losses = format!(
        "log loss {:.4} fitted, {:.4} current{}",
        fit.fitted_loss,
        fit.current_loss,
        if current.is_empty() {
            " (the defaults)"
        } else {
            ""
        }
    );
    if !fit.better() {
        writeln!(
            out,
            "the current parameters predict your {} answers as well or better ({losses}): kept",
            history.len()
        )?;
        return Ok(());
    }
    let memories = srs::optimize::memories(&history, &fit.fitted)?;
    // (Kept whole: rounded, they would no longer be the ones measured.)
    let text: Vec<String> = fit.fitted.iter().map(f32::to_string).collect();
    store.set_parameters(Some(&text.join(",")), &memories)?;
    writeln!(
        out,
        "fitted {} FSRS parameters to {} answers, which they predict better ({losses}); the \
         scheduler uses them from now on, and the memory of {} is recomputed:",
        fit.fitted.len(),
        history.len(),
        crate::group::counted(memories.len(), "card", "cards")
    )?;
    writeln!(out, "{}", text.join(", "))?;
    Ok(())
}

/// Counts by [`srs::stats::BUCKETS`], labelled.
fn buckets(counts: &[u64]) -> Vec<serde_json::Value> {
    srs::stats::BUCKETS
        .iter()
        .zip(counts)
        .map(|((label, _), n)| serde_json::json!({ "bucket": label, "cards": n }))
        .collect()
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

/// `gloss stats`: the cards by state, what is due, recall, reviews and the forecast.
pub fn stats(out: &mut impl Write, store: &Store, json: bool, now: i64) -> Result<()> {
    let (cards, log) = store.stats_inputs()?;
    let s = srs::stats::compute(&cards, &log, now, clock::days());
    if json {
        let value = serde_json::json!({
            "cards": { "new": s.new, "learning": s.learning, "young": s.young,
                       "mature": s.mature, "suspended": s.suspended },
            "due": { "today": s.due_today, "tomorrow": s.due_tomorrow, "week": s.due_week },
            "reviews_per_day": s.reviews_per_day,
            "seconds_per_day": s.seconds_per_day,
            "retention": s.retention,
            "mature_reviews": s.mature_reviews,
            "forecast": s.forecast,
            "calendar": s.calendar,
            "true_retention": srs::stats::PERIODS.iter().zip(&s.true_retention).map(|((period, _), row)| {
                let cell = |c: srs::stats::Recalled| serde_json::json!({
                    "passed": c.passed, "total": c.total, "rate": c.rate() });
                serde_json::json!({ "period": period, "young": cell(row[0]), "mature": cell(row[1]) })
            }).collect::<Vec<_>>(),
            "answers_by_kind": srs::stats::KINDS.iter().zip(&s.answers_by_kind)
                .map(|(kind, days)| (kind.to_string(), serde_json::json!(days)))
                .collect::<serde_json::Map<_, _>>(),
            "seconds_by_kind": srs::stats::KINDS.iter().zip(&s.seconds_by_kind)
                .map(|(kind, days)| (kind.to_string(), serde_json::json!(days)))
                .collect::<serde_json::Map<_, _>>(),
            "intervals": buckets(&s.intervals),
            "stability": buckets(&s.stabilities),
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
        "time      |{}| {} today, {} in the last 30 days",
        sparkline(&s.seconds_per_day),
        srs::stats::study_time(s.seconds_per_day[srs::stats::SPAN - 1]),
        srs::stats::study_time(s.seconds_per_day.iter().sum())
    )?;
    writeln!(
        out,
        "forecast  |{}| {} due in the next 30 days, today on the left",
        sparkline(&s.forecast),
        s.forecast.iter().sum::<u64>()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines() {
        assert_eq!(sparkline(&[0, 1, 7, 14]), " ▁▄█");
        assert_eq!(sparkline(&[]), "");
    }
}
