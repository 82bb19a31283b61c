//! The command line, as clap reads it: the options, the subcommands and their arguments, and
//! the help they print (which names the formats from the table of formats).

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use crate::export::{Export, Subject};

/// A terminal reader for close reading.
///
/// With no argument, gloss opens the library: the texts it knows and the ones bundled with it.
/// With a FILE or a web address, it opens that text and adds it to the library. Your place in
/// every text is saved as you read and restored when you come back.
#[derive(Parser)]
#[command(name = "gloss", version)]
pub struct Cli {
    /// A file to read, or a web address to fetch and read (the help says which formats, from
    /// the table of formats).
    pub file: Option<PathBuf>,

    /// A web page whole, not only its article.
    #[arg(long)]
    pub raw: bool,

    /// The database file [default: gloss.db in the platform's data directory].
    #[arg(long, env = "GLOSS_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The settings file [default: config.toml in the platform's config directory;
    /// keys.toml beside it].
    #[arg(long, env = "GLOSS_CONFIG", global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Show pictures as one-line placeholders, never drawn [default: the settings file's
    /// images, else drawn in terminals that can].
    #[arg(long)]
    pub no_images: bool,

    /// Widest text column, in terminal cells [default: the settings file's width, else 80].
    #[arg(long, value_name = "CELLS",
          value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// Review the flashcards due, in the terminal: the library's, or a deck's, a text's, or
    /// the cards a query finds (Anki's search language).
    Review {
        /// A deck's name, a text (its file, or part of its title), or a query; the whole
        /// library without one.
        #[arg(allow_hyphen_values = true, value_name = "DECK|TEXT|QUERY")]
        scope: Vec<String>,
        /// Only the cards with this tag.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Only the passage cards (highlights made cards).
        #[arg(long)]
        passages: bool,
        /// A filtered session (Anki's custom study, rescheduling off): every card of the
        /// scope, due or not (`--practice rated:7:1`: those forgotten in the last 7 days);
        /// answering changes nothing of their schedules.
        #[arg(long)]
        practice: bool,
    },
    /// Decks: review scopes saved under a name, each a query with its own settings (as Anki's
    /// decks and presets). Without a command, lists them with their cards due today.
    Decks {
        #[command(subcommand)]
        command: Option<DecksCommand>,
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
        #[arg(long, short, value_parser = export_format(Subject::Notes))]
        format: Option<&'static Export>,
        /// Markdown with Obsidian-style `> [!quote]` callouts.
        #[arg(long)]
        callouts: bool,
        /// Only your own annotations.
        #[arg(long)]
        mine: bool,
        /// The text whole, its highlights marked in place and their notes under their
        /// paragraphs (Markdown or HTML, of one text).
        #[arg(long, requires = "doc")]
        whole: bool,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import annotations: reading-group members' JSON exports, or your highlights, notes and
    /// bookmarks from another tool (Kindle's My Clippings.txt, a KOReader sidecar or JSON
    /// export, Calibre's annotations export, W3C Web Annotations and Hypothesis's JSON,
    /// Readwise's CSV), known by their content. Each file all
    /// or nothing; your own notes are never changed; importing a file twice changes nothing.
    /// What belongs to a text not in your library waits, and is placed when you add that text.
    Import {
        #[arg(required_unless_present = "pending", value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The files' format, when their content does not say it: gloss (a member's export),
        /// kindle, koreader, koreader-json, calibre, readwise, w3c.
        #[arg(long, value_name = "FORMAT")]
        from: Option<String>,
        /// List what is waiting for a text not in your library.
        #[arg(long, conflicts_with = "files")]
        pending: bool,
    },
    /// Sync your reading groups (all of them, or one by name or folder): import every other
    /// member's file, and write there your notes on the texts you share with that group (not
    /// your private ones). In a git working tree, pull first (rebasing), then commit your files
    /// and push them, with your own git and credentials. A folder you synced with before groups
    /// becomes a group holding the texts you shared there.
    Sync {
        /// A group's name, or a folder [default: every group].
        #[arg(value_name = "GROUP|DIR")]
        target: Option<String>,
        /// To a folder that is no group: write every note on every text there, as gloss did
        /// before groups (your private notes excepted).
        #[arg(long)]
        share_all: bool,
        /// When the folder is a git working tree, only write and read the folder: no pull,
        /// commit or push.
        #[arg(long)]
        no_git: bool,
    },
    /// Reading groups: each a shared folder and the texts it reads. Without a command, lists
    /// them.
    Group {
        #[command(subcommand)]
        command: Option<GroupCommand>,
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
pub enum DecksCommand {
    /// Save a deck: a name and the query that finds its cards (Anki's search language:
    /// `tag:spanish`, `deck:"An Essay" or tag:1917`...). A deck of that name gets the query.
    Add {
        name: String,
        #[arg(required = true, allow_hyphen_values = true)]
        query: Vec<String>,
    },
    /// Give a deck a setting of its own (new-per-day, reviews-per-day, retention,
    /// learning-steps, relearning-steps); `default` goes back to the library's.
    Set {
        name: String,
        key: String,
        value: String,
    },
    /// Remove a deck (its cards stay).
    Remove { name: String },
}

#[derive(Subcommand)]
pub enum GroupCommand {
    /// List your groups, their folders and the texts each reads.
    List,
    /// Add a group sharing through DIR (a synced folder, or a git clone everyone pushes to).
    Add { name: String, dir: PathBuf },
    /// Forget a group (its folder and the notes you imported from it stay).
    Remove { name: String },
    /// Share a text with a group: your notes on it (not the private ones) go to the group at
    /// each sync, and the others' come to you.
    Share {
        name: String,
        /// The text: its file, or part of its title.
        doc: std::ffi::OsString,
    },
    /// Stop sharing a text with a group: at the next sync your notes on it are withdrawn.
    Unshare {
        name: String,
        doc: std::ffi::OsString,
    },
    /// Say how to remove what you deleted from a git group's history, or (with --yes) rewrite
    /// your own file's history so that no deleted note's words remain in it.
    PurgeHistory {
        name: String,
        /// Rewrite the history (your file in every commit becomes its present version) and
        /// force-push it.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum CardsCommand {
    /// Print the cards a query finds (all of them without one): kind, question, state, when
    /// due, text.
    List {
        /// Anki's search language: words (in the question, answer or passage; "a phrase", *
        /// and _ wildcards), tag:T, deck:T (the text's title), is:new|learn|review|due|
        /// suspended|buried|leech, rated:N[:G], added:N, prop:ivl|due|reps|lapses|s|d|r<op>N,
        /// front:, back:, text:, and, or, - to negate, parentheses; and sort:due|ease|lapses|
        /// created. One argument is the query as typed: quote it whole in the shell.
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
        /// The format [default: from the -o file's extension: .txt, .apkg, .csv].
        #[arg(long, value_parser = export_format(Subject::Cards))]
        format: Option<&'static Export>,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show a card whole (Anki's Card Info): its schedule, its memory and the chance of
    /// recalling it now, every answer it was given, its siblings.
    Show {
        /// The card: its id (or the start of it, from `cards list --json`), or a query that
        /// finds it (at most 20 cards are shown).
        #[arg(required = true, allow_hyphen_values = true)]
        card: Vec<String>,
        /// Print JSON (an array of objects) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Bring in an Anki package (.apkg, .colpkg): the progress of gloss's cards reviewed in
    /// Anki (its answers and, when newer than gloss's, its schedule), and the notes made in
    /// Anki as new cards with theirs. Importing it again changes nothing.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Fit the FSRS scheduler's parameters to your own review history: the fitted ones are kept
    /// when they predict your answers better than the current ones (as Anki), and each card's
    /// memory is computed again with the parameters kept.
    Optimize {
        /// Go back to FSRS's default parameters.
        #[arg(long)]
        reset: bool,
    },
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
    let names = crate::annotation::COLORS;
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

/// `--format` of `gloss export` and `gloss cards export`: a name of the export table's rows of
/// `subject`.
fn export_format(subject: Subject) -> impl TypedValueParser<Value = &'static Export> {
    PossibleValuesParser::new(Export::of(subject).map(|e| e.name))
        .map(move |name: String| Export::named(subject, &name).expect("a name of the table"))
}

#[derive(Subcommand)]
pub enum ConfigCommand {
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
    /// Print the keys in effect (the defaults with keys.toml applied), as a keys file: every
    /// action's name, with what it does.
    Keys,
    /// Change a setting. In the settings file: theme (dark, light, high-contrast, auto),
    /// start (library, last), width, colors.ROLE. In the database: retention (0.70 to 0.99),
    /// new-per-day, reviews-per-day, learning-steps and relearning-steps (minutes, like
    /// "1 10"), maximum-interval (days), name (yours, as your reading group sees it).
    Set { key: String, value: String },
}

/// The command line, its help naming the formats of the table of formats.
pub fn command() -> clap::Command {
    let formats = crate::document::Format::described();
    <Cli as clap::CommandFactory>::command()
        .mut_arg("file", |arg| {
            arg.help(format!(
                "A file to read: {formats}; a file named otherwise is known by its first bytes, else read as plain text. Or a web \
                 address (http:// or https://) to fetch and read"
            ))
        })
        .after_help(format!("Formats gloss reads: {formats}."))
}
