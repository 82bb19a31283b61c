//! The output of the subcommands that print: `list` and `notes`, as text or JSON. Text from
//! the database is printed without control characters.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use gloss::annotation::COLORS;
use gloss::store::{LibraryEntry, Listed};

#[derive(Serialize)]
struct ListedDocument<'a> {
    id: i64,
    title: &'a str,
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
                clean(&e.title),
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
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5]| {
        format!(
            "{:<w0$}  {:>w1$}  {:>w2$}  {:<w3$}  {}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        )
    };
    writeln!(out, "{}", line(header).trim_end())?;
    for row in &rows {
        writeln!(
            out,
            "{}",
            line(row.each_ref().map(String::as_str)).trim_end()
        )?;
    }
    Ok(())
}

/// Text from the database, without control characters (line breaks kept), for printing.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || !c.is_control())
        .collect()
}

/// `2026-11-23 19:05` in local time, from unix seconds.
fn format_date(unix: i64) -> String {
    match jiff::Timestamp::from_second(unix) {
        Ok(t) => t
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => "?".to_string(),
    }
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
    orphaned: bool,
    created_at: i64,
    modified_at: i64,
}

pub fn notes(listed: &[Listed], json: bool) -> Result<()> {
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
        writeln!(out, "  “{quote}”{orphan}")?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let date = format_date(1_795_460_700);
        assert!(date.starts_with("2026-11-2"), "{date}");
        assert_eq!(date.len(), "2026-11-23 19:05".len());
        assert_eq!(format_date(i64::MAX), "?");
    }
}
