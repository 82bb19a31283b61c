//! Running a command line: the subcommands that print, each to its function in `cli`, and what
//! the reader (which the binary starts, as `cli` draws nothing) is to start with.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use super::args::{CardsCommand, Cli, Command, ConfigCommand, DecksCommand, GroupCommand};
use crate::export::{Export, Request, Subject};
use crate::group::Whose;
use crate::store::Store;
use crate::{clock, config, library};

/// What a command line leaves to do once its command has run.
pub enum Outcome {
    /// Nothing: it printed what it had to.
    Done,
    /// The keys in effect, printed (the keymap is the app's, which `cli` does not reach).
    Keys,
    /// The reader, on the database, starting with `start`.
    Read {
        // Boxed: a store is large beside the other outcomes.
        store: Box<Store>,
        db: PathBuf,
        start: Start,
    },
}

/// What the reader starts with.
pub enum Start {
    /// The library (or the text read last, as the settings say).
    Library,
    Review {
        passages: bool,
        scope: Box<crate::srs::deck::Scope>,
    },
    Cards,
    File(PathBuf),
    /// A web page read whole (`--raw`).
    Page(PathBuf),
    Url {
        url: String,
        raw: bool,
    },
}

/// The settings file: `--config`, else the platform's.
pub fn config_path(cli: &Cli) -> Result<PathBuf> {
    match cli.config.clone() {
        Some(path) => Ok(path),
        None => config::default_path()
            .context("cannot find a config directory for the settings; pass --config PATH"),
    }
}

/// Whether the command line starts the reader (whose settings are read before the database is
/// opened: asking the terminal for its background reads the terminal's input, which must not
/// swallow keys typed while the database is waited for).
pub fn reads(cli: &Cli) -> bool {
    matches!(
        cli.command,
        None | Some(Command::Review { .. }) | Some(Command::Cards { command: None })
    )
}

/// What needs neither the database nor the settings: a completion script, the manual page
/// (with the reader's `keys`, which the program gives). Returns whether the command was one of
/// them.
pub fn print_alone(cli: &Cli, keys: &dyn Fn() -> Vec<super::man::KeySection>) -> Result<bool> {
    let mut out = io::stdout().lock();
    match cli.command {
        Some(Command::Completions { shell }) => {
            let mut command = super::args::command();
            // Written whole, so that a failed write (a full disk) is an error, not a panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "gloss", &mut script);
            out.write_all(&script)?;
        }
        Some(Command::Man) => super::man::render(&mut out, &keys())?,
        _ => return Ok(false),
    }
    out.flush()?;
    Ok(true)
}

/// Opens the database (with the bundled texts registered) and runs the command.
pub fn run(cli: Cli, config_path: &Path) -> Result<Outcome> {
    let db = match cli.db.clone() {
        Some(path) => path,
        None => default_db()?,
    };
    let mut store =
        Store::open(&db).with_context(|| format!("cannot open the database {}", db.display()))?;
    // Every command sees the bundled texts, registered here once.
    let now = clock::now();
    library::register_bundled(&mut store, now)?;
    let start = match &cli.command {
        Some(Command::Review {
            passages,
            scope,
            tag,
            practice,
        }) => {
            let mut scope = super::decks::scope(&store, scope, tag.as_deref())?;
            if *practice {
                scope = super::decks::practice(scope);
            }
            Some(Start::Review {
                passages: *passages,
                scope: Box::new(scope),
            })
        }
        Some(Command::Cards { command: None }) => Some(Start::Cards),
        None => Some(match cli.file.clone() {
            Some(file) if file.to_str().is_some_and(crate::fetch::is_url) => Start::Url {
                url: file.to_string_lossy().into_owned(),
                raw: cli.raw,
            },
            Some(file) if cli.raw => Start::Page(file),
            Some(file) => Start::File(file),
            None => Start::Library,
        }),
        _ => None,
    };
    if let Some(start) = start {
        return Ok(Outcome::Read {
            store: Box::new(store),
            db,
            start,
        });
    }
    // Not locked for the whole run: the reader restores the terminal from other threads.
    let out = &mut io::stdout();
    let done = match cli.command {
        Some(Command::Add { url, raw, timeout }) => {
            let opened = add(&mut store, &db, &url, raw, timeout)?;
            super::library::added(out, &opened)
        }
        Some(Command::List { json }) => super::library::list(out, &store.library()?, json),
        Some(Command::Notes { doc, tag, json }) => {
            let document = match doc {
                Some(query) => Some(library::resolve(&store, &query)?.id),
                None => None,
            };
            let me = store.me()?.name;
            let listed = store.all_annotations(document, tag.as_deref())?;
            super::notes::notes(out, &listed, &me, json)
        }
        Some(Command::Purge) => super::library::purge(out, &mut store),
        Some(Command::Remove { doc, purge }) => {
            let entry = library::resolve(&store, &doc)?;
            super::library::remove(out, &mut store, &entry, purge, now)
        }
        Some(Command::Cards {
            command: Some(command),
        }) => match command {
            CardsCommand::List {
                mut query,
                mut due,
                mut json,
            } => {
                // The query takes words starting with `-` (negations), so it takes the flags
                // typed after it too: they are flags still.
                query.retain(|w| match w.as_str() {
                    "--json" => {
                        json = true;
                        false
                    }
                    "--due" => {
                        due = true;
                        false
                    }
                    _ => true,
                });
                // One argument is the query as typed (`'(a or b) -c'`); of several, the
                // shell's quotes are gone, and one with spaces was a phrase.
                let words: Vec<String> = match query.len() {
                    1 => query,
                    _ => query
                        .iter()
                        .map(|w| match w.contains(char::is_whitespace) {
                            true => format!("\"{w}\""),
                            false => w.clone(),
                        })
                        .collect(),
                };
                super::cards::list(out, &store, &words.join(" "), due, json, now)
            }
            CardsCommand::Export { format, output } => {
                let named = output
                    .as_deref()
                    .and_then(|path| Export::from_path(Subject::Cards, path));
                let Some(format) = format.or(named) else {
                    anyhow::bail!(
                        "choose the format with --format, or name the -o file {}",
                        Export::extensions_said(Subject::Cards)
                    );
                };
                if format.binary && output.is_none() && io::stdout().is_terminal() {
                    anyhow::bail!(
                        "--format {} writes a file, not text: give it a name with -o",
                        format.name
                    );
                }
                let bytes = format
                    .write(&mut store, &Request::library(now))
                    .map_err(|e| anyhow::anyhow!(e))?;
                write_out(out, output, &bytes)
            }
            CardsCommand::Optimize { reset } => super::cards::optimize(out, &mut store, reset),
            CardsCommand::Show { card, json } => {
                super::cards::show(out, &store, &card.join(" "), json, now)
            }
            CardsCommand::Import { file } => {
                let decks = db.parent().unwrap_or(Path::new(".")).join("anki");
                super::cards::import(out, &mut store, &file, &decks, now)
            }
            CardsCommand::FromHighlights { doc, tag, color } => {
                let document = match doc {
                    Some(query) => Some(library::resolve(&store, &query)?.id),
                    None => None,
                };
                super::cards::from_highlights(out, &mut store, document, tag.as_deref(), color, now)
            }
        },
        Some(Command::Export {
            doc,
            format,
            callouts,
            mine,
            whole,
            output,
        }) => {
            let document = match doc {
                Some(query) => Some(library::resolve(&store, &query)?.id),
                None => None,
            };
            let whose = if mine { Whose::Mine } else { Whose::Everyone };
            let named = output
                .as_deref()
                .and_then(|path| Export::from_path(Subject::Notes, path));
            let format = match format.or(named) {
                Some(format) => format,
                // `-o notes.pdf` once wrote Markdown under a name that says otherwise.
                None => match output.as_deref() {
                    Some(path) if path.extension().is_some() => anyhow::bail!(
                        "{}: gloss exports {}; name the file so, or choose with --format",
                        path.display(),
                        Export::extensions_said(Subject::Notes)
                    ),
                    _ => Export::named(Subject::Notes, "md").expect("Markdown is a row"),
                },
            };
            let request = Request {
                document,
                whose,
                callouts,
                whole,
                ..Request::library(now)
            };
            let bytes = format
                .write(&mut store, &request)
                .map_err(|e| anyhow::anyhow!(e))?;
            write_out(out, output, &bytes)
        }
        Some(Command::Import { pending: true, .. }) => super::import::pending(out, &store),
        Some(Command::Import { files, from, .. }) => {
            super::import::import(out, &mut store, &files, from.as_deref(), now)
        }
        Some(Command::Sync {
            target,
            share_all,
            no_git,
        }) => super::group::sync(out, &mut store, target.as_deref(), share_all, !no_git),
        Some(Command::Group { command }) => match command {
            None | Some(GroupCommand::List) => super::group::list(out, &store),
            Some(GroupCommand::Add { name, dir }) => {
                super::group::add(out, &mut store, &name, &dir)
            }
            Some(GroupCommand::Remove { name }) => super::group::remove(out, &mut store, &name),
            Some(GroupCommand::Share { name, doc }) => {
                let entry = library::resolve(&store, &doc)?;
                super::group::share(out, &mut store, &name, &entry)
            }
            Some(GroupCommand::Unshare { name, doc }) => {
                let entry = library::resolve(&store, &doc)?;
                super::group::unshare(out, &mut store, &name, &entry)
            }
            Some(GroupCommand::PurgeHistory { name, yes }) => {
                super::group::purge_history(out, &mut store, &name, yes)
            }
        },
        Some(Command::News) => super::group::news(out, &mut store),
        Some(Command::Search {
            query,
            notes,
            limit,
            json,
        }) => super::library::search(out, &mut store, &query, notes, limit, json, now),
        Some(Command::Stats { json }) => super::cards::stats(out, &store, json, now),
        Some(Command::Decks { command }) => match command {
            None => super::decks::list(out, &store, now),
            Some(DecksCommand::Add { name, query }) => {
                super::decks::add(out, &mut store, &name, &query.join(" "), now)
            }
            Some(DecksCommand::Set { name, key, value }) => {
                super::decks::set(out, &mut store, &name, &key, &value)
            }
            Some(DecksCommand::Remove { name }) => super::decks::remove(out, &mut store, &name),
        },
        Some(Command::Config { command }) => match command {
            ConfigCommand::Keys => return Ok(Outcome::Keys),
            ConfigCommand::Init { force } => super::config::init(out, config_path, force),
            ConfigCommand::List => super::config::list(out, &mut store, config_path),
            ConfigCommand::Get { key } => super::config::get(out, &store, config_path, &key),
            ConfigCommand::Set { key, value } => {
                super::config::set(out, &mut store, config_path, &key, &value)
            }
        },
        // Ran before the database was opened, or the reader's (above).
        Some(
            Command::Completions { .. }
            | Command::Man
            | Command::Review { .. }
            | Command::Cards { command: None },
        )
        | None => Ok(()),
    };
    done.map(|()| Outcome::Done)
}

/// Fetches a page into the library, showing progress on standard error; the copy is kept in
/// `articles/` beside the database.
pub fn add(
    store: &mut Store,
    db: &Path,
    url: &str,
    raw: bool,
    timeout: u64,
) -> Result<library::Opened> {
    let dir = db.parent().unwrap_or(Path::new(".")).join("articles");
    let shown = io::stderr().is_terminal();
    let mut progress = |bytes: u64| {
        if shown {
            eprint!(
                "\rfetching {} … {:.1} MB ",
                super::clean(url),
                bytes as f64 / 1e6
            );
        }
    };
    if shown {
        eprint!("fetching {} …", super::clean(url));
    }
    let opened = library::add_url(
        store,
        &dir,
        url,
        raw,
        Duration::from_secs(timeout.max(1)),
        &mut progress,
        clock::now(),
    );
    if shown {
        eprint!("\r\x1b[K");
    }
    opened.with_context(|| format!("cannot add {}", super::clean(url)))
}

/// Writes an export to a file, or to `out`.
fn write_out(out: &mut impl Write, output: Option<PathBuf>, text: impl AsRef<[u8]>) -> Result<()> {
    let text = text.as_ref();
    match output {
        Some(path) => crate::files::write_whole(&path, text)
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            // Flushed here: an error in the flush at exit would go unnoticed (a full disk).
            out.write_all(text)?;
            Ok(out.flush()?)
        }
    }
}

/// The database in the platform's data directory.
fn default_db() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "gloss")
        .context("cannot find a data directory for the database; pass --db PATH")?;
    Ok(dirs.data_dir().join("gloss.db"))
}
