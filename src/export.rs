//! What the reader can write out, as one table: each [`Export`] is a format of notes (to read, for
//! Readwise, for the reading group) or of cards (for Anki), with its name for `--format`, the
//! extensions that name it in a file's name, what the prompt says of it, and its writer. The
//! command line (`gloss export`, `gloss cards export`), the reader's `E` prompt and the manual read
//! this table; a new format is a row.

use std::path::Path;

use crate::clock;
use crate::document::DocumentId;
use crate::group::{self, Format, Whose};
use crate::share;
use crate::srs::card::Card;
use crate::store::Store;

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Highlights and notes.
    Notes,
    Cards,
}

/// What to export: of which text (`None`: the library), whose annotations, numbered by pages
/// of which size, and when.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub document: Option<DocumentId>,
    pub whose: Whose,
    pub page: (u16, u16),
    /// Markdown with Obsidian's `> [!quote]` callouts.
    pub callouts: bool,
    /// The text whole with its highlights in place (Markdown or HTML, of one text).
    pub whole: bool,
    pub now: i64,
}

impl Request {
    /// The whole library, everyone's annotations, on the standard page.
    pub fn library(now: i64) -> Request {
        Request {
            document: None,
            whose: Whose::Everyone,
            page: group::STANDARD_PAGE,
            callouts: false,
            whole: false,
            now,
        }
    }
}

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// A format of the table.
pub struct Export {
    pub subject: Subject,
    /// Its name for `--format`.
    pub name: &'static str,
    /// The extensions that name it in a file's name; the first is the one a file is given.
    pub extensions: &'static [&'static str],
    /// What the prompt and the manual say of it.
    pub label: &'static str,
    /// Bytes for a file, never for a terminal.
    pub binary: bool,
    write: fn(&mut Store, &Request) -> Result<Vec<u8>, Error>,
}

/// Every export format.
pub static EXPORTS: &[Export] = &[
    Export {
        subject: Subject::Notes,
        name: "md",
        extensions: &["md", "markdown"],
        label: ".md",
        binary: false,
        write: |store, r| {
            notes(
                store,
                r,
                Format::Markdown {
                    callouts: r.callouts,
                },
            )
        },
    },
    Export {
        subject: Subject::Notes,
        name: "html",
        extensions: &["html", "htm"],
        label: ".html",
        binary: false,
        write: |store, r| notes(store, r, Format::Html),
    },
    Export {
        subject: Subject::Notes,
        name: "csv",
        extensions: &["csv"],
        label: ".csv (Readwise)",
        binary: false,
        write: |store, r| notes(store, r, Format::ReadwiseCsv),
    },
    Export {
        subject: Subject::Notes,
        name: "json",
        extensions: &["json"],
        label: ".json (for your group)",
        binary: false,
        write: |store, r| notes(store, r, Format::Json),
    },
    Export {
        subject: Subject::Cards,
        name: "anki",
        extensions: &["txt"],
        label: ".txt (Anki's File > Import)",
        binary: false,
        write: |store, _| cards(store, |cards, title| share::cards::anki(cards, title)),
    },
    Export {
        subject: Subject::Cards,
        name: "apkg",
        extensions: &["apkg"],
        label: ".apkg (an Anki package, with progress)",
        binary: true,
        write: anki_package,
    },
    Export {
        subject: Subject::Cards,
        name: "csv",
        extensions: &["csv"],
        label: ".csv",
        binary: false,
        write: |store, _| cards(store, |cards, title| share::cards::csv(cards, title)),
    },
];

impl Export {
    /// The formats of `subject`, in the table's order.
    pub fn of(subject: Subject) -> impl Iterator<Item = &'static Export> {
        EXPORTS.iter().filter(move |e| e.subject == subject)
    }

    /// The format of `subject` named `name` (`md`, `apkg`).
    pub fn named(subject: Subject, name: &str) -> Option<&'static Export> {
        Export::of(subject).find(|e| e.name == name)
    }

    /// The format of `subject` a file's extension names (`.md`, `.apkg`), case ignored.
    pub fn from_path(subject: Subject, path: &Path) -> Option<&'static Export> {
        let extension = path.extension()?.to_string_lossy().to_lowercase();
        Export::of(subject).find(|e| e.extensions.contains(&extension.as_str()))
    }

    /// The extensions of `subject`'s formats, as the prompt says them: `.md, .html, .csv
    /// (Readwise) or .json (for your group)`.
    pub fn extensions_said(subject: Subject) -> String {
        let labels: Vec<&str> = Export::of(subject).map(|e| e.label).collect();
        match labels.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// The export's bytes.
    pub fn write(&self, store: &mut Store, request: &Request) -> Result<Vec<u8>, Error> {
        (self.write)(store, request)
    }
}

fn notes(store: &mut Store, r: &Request, format: Format) -> Result<Vec<u8>, Error> {
    if r.whole {
        let Some(document) = r.document else {
            return Err("--whole writes one text: name it".into());
        };
        let html = match format {
            Format::Html => true,
            Format::Markdown { .. } => false,
            _ => return Err("--whole writes Markdown (md) or HTML (html)".into()),
        };
        let text = group::annotated(store, document, r.whose, html, r.page)?.ok_or(
            "the text cannot be read (its file is gone): nothing to write around the notes",
        )?;
        return Ok(text.into_bytes());
    }
    let text = group::export(store, r.document, r.whose, format, r.page)?;
    Ok(text.into_bytes())
}

/// Every card, written by `writer` with each card's text's title.
fn cards(
    store: &mut Store,
    writer: impl Fn(&[Card], &dyn Fn(&Card) -> String) -> String,
) -> Result<Vec<u8>, Error> {
    let titles = store.titles()?;
    let cards = store.cards(None, None)?;
    let title = |c: &Card| titles.get(&c.document).cloned().unwrap_or_default();
    Ok(writer(&cards, &title).into_bytes())
}

/// An Anki package of every card, with its schedule and review history.
fn anki_package(store: &mut Store, r: &Request) -> Result<Vec<u8>, Error> {
    let titles = store.titles()?;
    let cards = store.cards(None, None)?;
    let log = store.logged_answers()?;
    let settings = store.srs_settings()?;
    let title = |c: &Card| titles.get(&c.document).cloned().unwrap_or_default();
    let package = crate::anki::Package {
        cards: &cards,
        title: &title,
        log: &log,
        days: clock::days(),
        settings: &settings,
        now: r.now,
    };
    Ok(package.write()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_says_its_format_and_each_name_is_one_row() {
        let of = |subject, name: &str| Export::from_path(subject, Path::new(name)).map(|e| e.name);
        assert_eq!(of(Subject::Notes, "notes.MD"), Some("md"));
        assert_eq!(of(Subject::Notes, "a/b.html"), Some("html"));
        assert_eq!(of(Subject::Notes, "readwise.csv"), Some("csv"));
        assert_eq!(of(Subject::Notes, "ana.json"), Some("json"));
        assert_eq!(of(Subject::Notes, "notes.txt"), None);
        assert_eq!(of(Subject::Notes, "notes"), None);
        assert_eq!(of(Subject::Cards, "deck.apkg"), Some("apkg"));
        assert_eq!(of(Subject::Cards, "deck.txt"), Some("anki"));
        for subject in [Subject::Notes, Subject::Cards] {
            for row in Export::of(subject) {
                let found = Export::named(subject, row.name).unwrap();
                assert!(std::ptr::eq(found, row), "{} is one row", row.name);
                for ext in row.extensions {
                    assert_eq!(of(subject, &format!("x.{ext}")), Some(row.name), "{ext}");
                }
            }
        }
        assert_eq!(
            Export::extensions_said(Subject::Notes),
            ".md, .html, .csv (Readwise) or .json (for your group)"
        );
    }
}
