//! The `gloss` command: parses the command line and dispatches. Errors become one line on
//! stderr and a non-zero exit status; everything else lives in the library crate.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use serde::Serialize;

use gloss::app::{App, DEFAULT_MEASURE};
use gloss::store::{LibraryEntry, Store};
use gloss::{clock, library, tui};

/// A terminal reader for close reading.
///
/// With no argument, gloss opens the library: the texts it knows and the ones bundled with it.
/// With a FILE (plain text or Markdown), it opens that file and adds it to the library. Your
/// place in every text is saved as you read and restored when you come back.
#[derive(Parser)]
#[command(name = "gloss", version)]
struct Cli {
    /// A text (.txt or no extension) or Markdown (.md) file to read.
    file: Option<PathBuf>,

    /// The database file [default: gloss.db in the platform's data directory].
    #[arg(long, env = "GLOSS_DB", global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    /// Widest text column, in terminal cells.
    #[arg(long, default_value_t = DEFAULT_MEASURE, value_name = "CELLS",
          value_parser = clap::value_parser!(u16).range(20..=1000))]
    width: u16,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the library: title, length, progress, last read, source.
    List {
        /// Print JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gloss: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn run(cli: Cli) -> Result<()> {
    let db = match cli.db {
        Some(path) => path,
        None => default_db()?,
    };
    let mut store =
        Store::open(&db).with_context(|| format!("cannot open the database {}", db.display()))?;
    match cli.command {
        Some(Command::List { json }) => {
            library::register_bundled(&mut store, clock::now())?;
            list(&store.library()?, json)
        }
        None => {
            let mut app = App::new(store, cli.width);
            if let Some(file) = &cli.file {
                app.open_path(file)?;
            }
            if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
                bail!("the reader needs a terminal; for scripts, see `gloss list`");
            }
            tui::run(&mut app).context("terminal error")
        }
    }
}

fn default_db() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "gloss")
        .context("cannot find a data directory for the database; pass --db PATH")?;
    Ok(dirs.data_dir().join("gloss.db"))
}

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

fn list(entries: &[LibraryEntry], json: bool) -> Result<()> {
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

/// Text from the database, without control characters, for printing.
fn clean(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
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

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
