//! The `gloss` command: parses the command line and dispatches. Errors become one line on
//! stderr and a non-zero exit status; everything else lives in the library crate.

mod commands;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use gloss::app::{App, DEFAULT_MEASURE};
use gloss::store::Store;
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
    /// Print highlights and notes, of the whole library or of one text.
    Notes {
        /// A text: its file, or part of its title.
        doc: Option<String>,
        /// Only annotations with this #tag.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Print JSON (an array of objects) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Delete for good the annotations and bookmarks you deleted (kept until now for undo).
    Purge,
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
            commands::list(&store.library()?, json)
        }
        Some(Command::Notes { doc, tag, json }) => {
            library::register_bundled(&mut store, clock::now())?;
            let document = match doc {
                Some(query) => Some(library::resolve(&store, &query)?.id),
                None => None,
            };
            commands::notes(&store.all_annotations(document, tag.as_deref())?, json)
        }
        Some(Command::Purge) => {
            let purged = store.purge_deleted()?;
            println!("purged {purged} deleted annotations and bookmarks");
            Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
