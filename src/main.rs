//! The `gloss` command: parses the command line and dispatches. Errors become one line on
//! stderr and a non-zero exit status; everything else lives in the library crate.

/// `println!` that returns the write's error (a closed pipe, a full disk) from the function
/// instead of panicking: `main` takes a closed pipe as the reader having had enough.
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use gloss::app::keymap::Keymap;
use gloss::app::{Action, App, DEFAULT_MEASURE, standard_page};
use gloss::config::{self, Settings, Start};
use gloss::group::{self, Format, Whose};
use gloss::store::Store;
use gloss::{cli, clock, fetch, library, tui};

/// A terminal reader for close reading.
///
/// With no argument, gloss opens the library: the texts it knows and the ones bundled with it.
/// With a FILE or a web address, it opens that text and adds it to the library. Your place in
/// every text is saved as you read and restored when you come back.
#[derive(Parser)]
#[command(name = "gloss", version)]
struct Cli {
    /// A file to read, or a web address to fetch and read (the help says which formats, from
    /// the table of formats).
    file: Option<PathBuf>,

    /// A web page whole, not only its article.
    #[arg(long)]
    raw: bool,

    /// The database file [default: gloss.db in the platform's data directory].
    #[arg(long, env = "GLOSS_DB", global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    /// The settings file [default: config.toml in the platform's config directory;
    /// keys.toml beside it].
    #[arg(long, env = "GLOSS_CONFIG", global = true, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Show pictures as one-line placeholders, never drawn [default: the settings file's
    /// images, else drawn in terminals that can].
    #[arg(long)]
    no_images: bool,

    /// Widest text column, in terminal cells [default: the settings file's width, else 80].
    #[arg(long, value_name = "CELLS",
          value_parser = clap::value_parser!(u16).range(20..=1000))]
    width: Option<u16>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Fetch an article from the web and add it to the library (a copy is kept, to read
    /// offline). Fetching the same address again adds its new version as a new edition, with
    /// your annotations carried over.
    Add {
        url: String,
        /// Keep the whole page, not only its article.
        #[arg(long)]
        raw: bool,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 30, value_name = "SECONDS")]
        timeout: u64,
    },
    /// Print the library: title, length, progress, last read, source.
    List {
        /// Print JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print highlights and notes, of the whole library or of one text.
    Notes {
        /// A text: its file, or part of its title.
        doc: Option<std::ffi::OsString>,
        /// Only annotations with this #tag.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Print JSON (an array of objects) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Delete for good the annotations and bookmarks you deleted (kept until now for undo).
    Purge,
    /// Remove a text from the library. Its annotations, bookmarks and cards are kept (its cards
    /// leave the reviews) and come back when it is opened again.
    Remove {
        /// A text: its file, or part of its title.
        doc: std::ffi::OsString,
        /// Delete its annotations, bookmarks, cards and place too, for good.
        #[arg(long)]
        purge: bool,
    },
    /// Review the flashcards due, in the terminal.
    Review {
        /// Only the passage cards (highlights made cards).
        #[arg(long)]
        passages: bool,
    },
    /// Flashcards: with no command, browse them in the terminal; or list them, export them
    /// for Anki, fit the scheduler to your history.
    Cards {
        #[command(subcommand)]
        command: Option<CardsCommand>,
    },
    /// Statistics of your reviews: cards by state, what is due, recall, the coming load.
    Stats {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export highlights and notes: to read (Markdown, HTML), for Readwise (CSV), or for your
    /// reading group to import (JSON).
    ///
    /// Markdown, HTML and CSV hold everyone's annotations (yours and those you imported); JSON
    /// holds yours, deletions included, for `gloss import` on the other members' side.
    Export {
        /// A text: its file, or part of its title [default: the whole library].
        doc: Option<std::ffi::OsString>,
        /// The format [default: from the -o file's extension, else md].
        #[arg(long, short, value_enum)]
        format: Option<NotesFormat>,
        /// Markdown with Obsidian-style `> [!quote]` callouts.
        #[arg(long)]
        callouts: bool,
        /// Only your own annotations.
        #[arg(long)]
        mine: bool,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import reading-group members' JSON exports: each file all or nothing; your own notes are
    /// never changed.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Share through a folder (a git repository, a synced folder): write your export there as
    /// `<name>-<id>.json` and import every other member's file. In a git working tree, pull
    /// first (rebasing), then commit your file and push it, with your own git and credentials.
    Sync {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// When DIR is a git working tree, only write and read the folder: no pull, commit or
        /// push.
        #[arg(long)]
        no_git: bool,
    },
    /// What other members added, changed or replied since you last looked, by text and member;
    /// then it is no longer new.
    News,
    /// Search the library's texts (or, with --notes, your notes), best matches first.
    ///
    /// Words are all required; "a phrase" in double quotes; revol* for a prefix; OR, NOT, and
    /// NEAR(word word, 10) as in SQLite FTS5. Case and accents are ignored.
    Search {
        query: String,
        /// Search notes (and the passages they are on) instead of texts.
        #[arg(long)]
        notes: bool,
        /// How many results at most.
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
        /// Print JSON (an array of objects) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Read and change settings: the settings file's and the database's.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a completion script for a shell: `source <(gloss completions bash)`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `gloss man | man -l -`.
    Man,
}

#[derive(Subcommand)]
enum CardsCommand {
    /// Print the cards a query finds (all of them without one): kind, question, state, when
    /// due, text.
    List {
        /// Words (in the question, answer or passage; "a phrase"), tag:T, text:T (part of a
        /// title), is:new|learning|review|due|suspended|leech|buried, any of them negated with
        /// -, and sort:due|ease|lapses|created.
        #[arg(allow_hyphen_values = true)]
        query: Vec<String>,
        /// Only the cards due now (is:due).
        #[arg(long)]
        due: bool,
        /// Print JSON (an array of objects) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Export the cards: `anki` is a file Anki's File > Import reads as it is; `apkg` an Anki
    /// package, with each card's schedule and history (a file: -o); `csv` is CSV.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Fit the FSRS scheduler's parameters to your own review history.
    Optimize,
    /// Make a passage card of each of your highlights (of one text, with a tag, of a colour)
    /// that has none: its note (or a prompt) on the front, the passage on the back.
    FromHighlights {
        /// A text: its file, or part of its title.
        doc: Option<std::ffi::OsString>,
        /// Only highlights with this #tag.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Only highlights of this colour: yellow, green, blue, pink, orange, or 1 to 5.
        #[arg(long, value_name = "COLOR", value_parser = color)]
        color: Option<u8>,
    },
}

/// A highlight's colour, by name or number.
fn color(value: &str) -> Result<u8, String> {
    let names = gloss::annotation::COLORS;
    match (
        value.parse::<usize>(),
        names.iter().position(|&n| n == value),
    ) {
        (Ok(n), _) if (1..=names.len()).contains(&n) => Ok(n as u8),
        (_, Some(i)) => Ok(i as u8 + 1),
        _ => Err(format!(
            "a colour is one of {}, or 1 to 5",
            names.join(", ")
        )),
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Anki,
    Csv,
    /// An Anki package, with each card's schedule and review history.
    Apkg,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum NotesFormat {
    Md,
    Json,
    Html,
    Csv,
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Write the settings file with every option commented out at its default.
    Init {
        /// Write it even if there is one (the old one is replaced).
        #[arg(long)]
        force: bool,
    },
    /// Print every setting: the settings file's, then the database's.
    List,
    /// Print one setting.
    Get { key: String },
    /// Change a setting. In the settings file: theme (dark, light, high-contrast, auto),
    /// start (library, last), width, colors.ROLE. In the database: retention (0.70 to 0.99),
    /// new-per-day, reviews-per-day, learning-steps and relearning-steps (minutes, like
    /// "1 10"), maximum-interval (days), name (yours, as your reading group sees it).
    Set { key: String, value: String },
}

/// The command line, its help naming the formats of the table of formats.
fn command() -> clap::Command {
    let formats = gloss::document::Format::described();
    <Cli as clap::CommandFactory>::command()
        .mut_arg("file", |arg| {
            arg.help(format!(
                "A file to read: {formats}; a file named otherwise is known by its first bytes, else read as plain text. Or a web \
                 address (http:// or https://) to fetch and read"
            ))
        })
        .after_help(format!("Formats gloss reads: {formats}."))
}

fn main() -> ExitCode {
    let cli = match clap::FromArgMatches::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Errors may quote a file's content: never a control character to the terminal.
            // Written, not printed: a terminal that is gone must not make it a panic.
            let line = format!("gloss: {}\n", cli::clean(&message(&err)));
            let _ = io::Write::write_all(&mut io::stderr(), line.as_bytes());
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each said once: many errors quote their cause in their
/// own message, and then the rest of the chain has been said already.
fn message(err: &anyhow::Error) -> String {
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

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn run(cli: Cli) -> Result<()> {
    // What needs neither the database nor the settings.
    match cli.command {
        Some(Command::Completions { shell }) => {
            let mut command = command();
            // Written whole, so that a failed write (a full disk) is an error, not a panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "gloss", &mut script);
            let mut out = io::stdout().lock();
            io::Write::write_all(&mut out, &script)?;
            io::Write::flush(&mut out)?;
            return Ok(());
        }
        Some(Command::Man) => {
            let command = command();
            let mut out = io::stdout().lock();
            clap_mangen::Man::new(command).render(&mut out)?;
            io::Write::flush(&mut out)?;
            return Ok(());
        }
        _ => {}
    }
    let config_path = match cli.config.clone() {
        Some(path) => path,
        None => config::default_path()
            .context("cannot find a config directory for the settings; pass --config PATH")?,
    };
    let db = match cli.db {
        Some(path) => path,
        None => default_db()?,
    };
    // The reader's settings and theme come first: asking the terminal for its background reads
    // the terminal's input, which must not swallow keys typed while the database is waited for.
    let reading = matches!(
        cli.command,
        None | Some(Command::Review { .. }) | Some(Command::Cards { command: None })
    );
    let setup = reading.then(|| Setup::read(&config_path, cli.width, cli.no_images));
    gloss::store::on_wait(|| eprintln!("gloss:{}", gloss::tui::terminal::WAITING));
    let mut store =
        Store::open(&db).with_context(|| format!("cannot open the database {}", db.display()))?;
    // Every command sees the bundled texts, registered here once.
    let now = clock::now();
    library::register_bundled(&mut store, now)?;
    // Not locked for the whole run: the reader restores the terminal from other threads.
    let out = &mut io::stdout();
    match cli.command {
        Some(Command::Add { url, raw, timeout }) => {
            let opened = add(&mut store, &db, &url, raw, timeout)?;
            cli::library::added(out, &opened)
        }
        Some(Command::List { json }) => cli::library::list(out, &store.library()?, json),
        Some(Command::Notes { doc, tag, json }) => {
            let document = match doc {
                Some(query) => Some(library::resolve(&store, &query)?.id),
                None => None,
            };
            let me = store.me()?.name;
            let listed = store.all_annotations(document, tag.as_deref())?;
            cli::notes::notes(out, &listed, &me, json)
        }
        Some(Command::Purge) => cli::library::purge(out, &mut store),
        Some(Command::Remove { doc, purge }) => {
            let entry = library::resolve(&store, &doc)?;
            cli::library::remove(out, &mut store, &entry, purge, now)
        }
        Some(Command::Review { passages }) => {
            let mut setup = setup.expect("read for the reader's commands");
            let mut app = setup.app(store);
            match passages {
                true => app.review_passages(),
                false => app.update(Action::Review),
            }
            setup.run(&mut app)
        }
        Some(Command::Cards { command: None }) => {
            let mut setup = setup.expect("read for the reader's commands");
            let mut app = setup.app(store);
            app.update(Action::Cards);
            setup.run(&mut app)
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
                // A shell's quotes are gone: an argument with spaces was a phrase.
                let words: Vec<String> = query
                    .iter()
                    .map(|w| match w.contains(char::is_whitespace) {
                        true => format!("\"{w}\""),
                        false => w.clone(),
                    })
                    .collect();
                cli::cards::list(out, &store, &words.join(" "), due, json, now)
            }
            CardsCommand::Export { format, output } => {
                let bytes = match format {
                    ExportFormat::Anki => cli::cards::export_anki(&store)?.into_bytes(),
                    ExportFormat::Csv => cli::cards::export_csv(&store)?.into_bytes(),
                    ExportFormat::Apkg if output.is_none() && std::io::stdout().is_terminal() => {
                        anyhow::bail!("an Anki package is a file: give it a name with -o")
                    }
                    ExportFormat::Apkg => cli::cards::export_apkg(&store, now)?,
                };
                write_out(out, output, &bytes)
            }
            CardsCommand::Optimize => cli::cards::optimize(out, &mut store),
            CardsCommand::FromHighlights { doc, tag, color } => {
                let document = match doc {
                    Some(query) => Some(library::resolve(&store, &query)?.id),
                    None => None,
                };
                cli::cards::from_highlights(out, &mut store, document, tag.as_deref(), color, now)
            }
        },
        Some(Command::Export {
            doc,
            format,
            callouts,
            mine,
            output,
        }) => {
            let document = match doc {
                Some(query) => Some(library::resolve(&store, &query)?.id),
                None => None,
            };
            let whose = if mine { Whose::Mine } else { Whose::Everyone };
            let format = match format {
                Some(NotesFormat::Md) => Format::Markdown { callouts },
                Some(NotesFormat::Html) => Format::Html,
                Some(NotesFormat::Csv) => Format::ReadwiseCsv,
                Some(NotesFormat::Json) => Format::Json,
                None => match output.as_deref().map(|o| (o, Format::from_path(o))) {
                    Some((_, Some(Format::Markdown { .. }))) | None => {
                        Format::Markdown { callouts }
                    }
                    Some((_, Some(format))) => format,
                    Some((path, None)) if path.extension().is_none() => {
                        Format::Markdown { callouts }
                    }
                    // `-o notes.pdf` once wrote Markdown under a name that says otherwise.
                    Some((path, None)) => anyhow::bail!(
                        "{}: gloss exports .md, .html, .csv or .json; name the file so, or \
                         choose with --format",
                        path.display()
                    ),
                },
            };
            let text = group::export(&mut store, document, whose, format, standard_page())?;
            write_out(out, output, &text)
        }
        Some(Command::Import { files }) => cli::group::import(out, &mut store, &files),
        Some(Command::Sync { dir, no_git }) => cli::group::sync(out, &mut store, &dir, !no_git),
        Some(Command::News) => cli::group::news(out, &mut store),
        Some(Command::Search {
            query,
            notes,
            limit,
            json,
        }) => cli::library::search(out, &mut store, &query, notes, limit, json, now),
        Some(Command::Stats { json }) => cli::cards::stats(out, &store, json, now),
        Some(Command::Config { command }) => match command {
            ConfigCommand::Init { force } => cli::config::init(out, &config_path, force),
            ConfigCommand::List => cli::config::list(out, &mut store, &config_path),
            ConfigCommand::Get { key } => cli::config::get(out, &store, &config_path, &key),
            ConfigCommand::Set { key, value } => {
                cli::config::set(out, &mut store, &config_path, &key, &value)
            }
        },
        Some(Command::Completions { .. } | Command::Man) => Ok(()),
        None => {
            let mut setup = setup.expect("read for the reader's commands");
            let mut app = setup.app(store);
            match &cli.file {
                Some(file) if file.to_str().is_some_and(fetch::is_url) => {
                    let url = file.to_str().unwrap_or_default();
                    let opened = add(app.store_mut(), &db, url, cli.raw, 30)?;
                    app.open_loaded(opened);
                }
                Some(file) if cli.raw => {
                    let opened = library::open_file_as(
                        app.store_mut(),
                        file,
                        gloss::document::Format::HTML_RAW,
                        clock::now(),
                    )?;
                    app.open_loaded(opened);
                }
                Some(file) => app.open_path(file)?,
                None if setup.settings.start == Start::Last => app.open_last_read(),
                None => {}
            }
            setup.run(&mut app)
        }
    }
}

/// Fetches a page into the library, showing progress on standard error; the copy is kept in
/// `articles/` beside the database.
fn add(
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
                cli::clean(url),
                bytes as f64 / 1e6
            );
        }
    };
    if shown {
        eprint!("fetching {} …", cli::clean(url));
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
    opened.with_context(|| format!("cannot add {}", cli::clean(url)))
}

/// Writes an export to a file, or to `out`.
fn write_out(out: &mut impl Write, output: Option<PathBuf>, text: impl AsRef<[u8]>) -> Result<()> {
    let text = text.as_ref();
    match output {
        Some(path) => gloss::files::write_whole(&path, text)
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            // Flushed here: an error in the flush at exit would go unnoticed (a full disk).
            out.write_all(text)?;
            Ok(out.flush()?)
        }
    }
}

/// What the reader starts with, read before the database is opened: the settings, the keymap,
/// their warnings, the widest column and the theme.
struct Setup {
    settings: Settings,
    keymap: Keymap,
    warnings: Vec<config::Warning>,
    width: u16,
    theme: tui::view::theme::Theme,
    images: config::Images,
}

impl Setup {
    fn read(config_path: &Path, width: Option<u16>, no_images: bool) -> Setup {
        let (settings, mut warnings) = config::load(config_path);
        let images = if no_images {
            config::Images::Off
        } else {
            settings.images
        };
        let (keymap, key_warnings) = Keymap::build(&settings.keys);
        warnings.extend(key_warnings);
        let width = width.or(settings.width).unwrap_or(DEFAULT_MEASURE);
        let theme = tui::theme(&settings);
        Setup {
            settings,
            keymap,
            warnings,
            width,
            theme,
            images,
        }
    }

    /// The app on `store`, with the user's keys, sized for the terminal.
    fn app(&mut self, store: Store) -> App {
        let mut app = App::on_library(store, self.width);
        app.set_keymap(std::mem::take(&mut self.keymap));
        app.terminal_reorders = self.settings.bidi == config::Bidi::Terminal;
        app.show_readings = !self.settings.ruby_hidden;
        if let Some((w, h)) = tui::size() {
            app.update(Action::Resize(w, h));
        }
        app
    }

    /// Runs the reader on `app`, the settings' warnings on stderr (seen after the reader
    /// closes) and the first in the status bar: said after whatever opening a text said, which
    /// would hide it.
    fn run(self, app: &mut App) -> Result<()> {
        for warning in &self.warnings {
            eprintln!("gloss: {}", cli::clean(&warning.to_string()));
        }
        if let Some(first) = self.warnings.first() {
            let more = match self.warnings.len() {
                1 => String::new(),
                n => format!(" (and {} more, printed when gloss exits)", n - 1),
            };
            app.warn(format!("{first}{more}"));
        }
        // A dumb terminal would show the escape sequences as text.
        if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
            bail!(
                "this terminal (TERM=dumb) cannot move the cursor or show colours, so the reader \
                 cannot run in it; `gloss list`, `gloss notes` and `gloss export` print plain text"
            );
        }
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            bail!("the reader needs a terminal; for scripts, see `gloss list` and `gloss cards`");
        }
        tui::run(app, self.theme, self.images).context("terminal error")
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
    fn an_error_chain_says_each_cause_once() {
        let io = io::Error::from_raw_os_error(21);
        let quoted = anyhow::Error::from(gloss::store::StoreError::Folder {
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
        command().debug_assert();
    }

    #[test]
    fn help_names_every_format_of_the_table() {
        let help = command().render_help().to_string();
        for format in gloss::document::Format::listed() {
            assert!(help.contains(format.row().label), "{help}");
        }
    }
}
