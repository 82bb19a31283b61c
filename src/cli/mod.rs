//! The subcommands that print, in the library so that tests call them without a process:
//! each writes to the `Write` it is given and takes "now" from its caller. They sit at the
//! program's edge, so their errors are `anyhow`'s, as `main`'s are. Text from the database
//! or a file is printed through the one sanitizer.

pub mod args;
pub mod cards;
pub mod config;
pub mod decks;
pub mod group;
pub mod import;
pub mod library;
pub mod man;
pub mod notes;
mod progress;
pub mod run;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// An error and its causes on one line, each said once: many errors quote their cause in their
/// own message, and then the rest of the chain has been said already.
pub fn message(err: &anyhow::Error) -> String {
    let mut said = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if said.contains(&text) {
            break;
        }
        if !said.is_empty() {
            said.push_str(": ");
        }
        said.push_str(&text);
    }
    said
}

/// A closed pipe (`gloss list | head`): the reader of the output had enough.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Text from the database or a file, safe to print to a terminal (line breaks kept).
pub fn clean(text: &str) -> String {
    crate::document::sanitize::for_screen(text).into_owned()
}

/// `2026-11-23 19:05` in local time, from unix seconds.
fn format_date(unix: i64) -> String {
    crate::clock::format_local(unix, "%Y-%m-%d %H:%M")
}

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
        let cut = truncate(&"漢字".repeat(40), 50);
        assert!(cut.width() <= 50 && cut.ends_with('…'), "{cut}");
        assert_eq!(truncate("short", 50), "short");
    }

    #[test]
    fn dates() {
        let date = format_date(1_795_460_700);
        assert!(date.starts_with("2026-11-2"), "{date}");
        assert_eq!(date.len(), "2026-11-23 19:05".len());
        assert_eq!(format_date(i64::MAX), "?");
    }
}

#[cfg(test)]
mod message_tests {
    use super::*;

    #[test]
    fn an_error_chain_says_each_cause_once() {
        let io = std::io::Error::from_raw_os_error(21);
        let quoted = anyhow::Error::from(crate::store::StoreError::Folder {
            path: "/x".into(),
            source: io,
        })
        .context("cannot open the database /x/gloss.db");
        let text = message(&quoted);
        assert_eq!(
            text.matches("Is a directory").count(),
            1,
            "{text} (from {quoted:#})"
        );
        assert!(text.starts_with("cannot open the database /x/gloss.db: cannot create"));
        let plain = anyhow::anyhow!("no such text").context("export");
        assert_eq!(message(&plain), "export: no such text");
    }

    #[test]
    fn cli_is_well_formed() {
        args::command().debug_assert();
    }

    #[test]
    fn help_names_every_format_of_the_table() {
        let help = args::command().render_help().to_string();
        for format in crate::document::Format::listed() {
            assert!(help.contains(format.row().label), "{help}");
        }
    }
}
