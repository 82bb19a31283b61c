//! `gloss notes`: annotations across the library, as text or JSON, each saying who wrote it.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::clean;
use crate::annotation::{Annotation, COLORS, Listed};

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
    /// `placed`, `check` (placed on weaker evidence after its text changed: the reader should
    /// check it) or `orphaned` (its passage is gone; `quote` is the one it had).
    state: &'static str,
    orphaned: bool,
    created_at: i64,
    modified_at: i64,
}

/// `gloss notes`: the annotations in `listed`, each saying who wrote it (`me` for one's own).
pub fn notes(out: &mut impl Write, listed: &[Listed], me: &str, json: bool) -> Result<()> {
    let author = |a: &Annotation| {
        a.author
            .as_ref()
            .map_or(me, |x| x.name.as_str())
            .to_string()
    };
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
                    state: state(a),
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
        let state = match state(a) {
            "placed" => String::new(),
            "check" => " (moved, please check)".to_string(),
            other => format!(" ({other})"),
        };
        writeln!(out, "  “{quote}”{state} · {}", clean(&author(a)))?;
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

/// Where an annotation stands on its text: `placed`, `check` or `orphaned`.
fn state(a: &Annotation) -> &'static str {
    match (a.orphaned, a.unsure) {
        (true, _) => "orphaned",
        (false, true) => "check",
        (false, false) => "placed",
    }
}
