//! The reading group from inside the reader: exporting notes to a file (the format follows the
//! file's extension), importing a member's export or syncing with a shared folder, and choosing
//! whose annotations are shown.

use std::path::Path;

use crate::app::complete::expand_home;
use crate::app::marks::Showing;
use crate::app::overlay::prompt::Prompt;
use crate::app::{App, Ask, Overlay, Screen, Tone};
use crate::export::{Export, Request, Subject};
use crate::group::{self, Found, Sharing, Summary, Whose};
use crate::share::scope::Audience;

impl App {
    /// Asks where to export the notes of the open text (in the library: of every text).
    pub(in crate::app) fn ask_export(&mut self) {
        let name = match (&self.screen, &self.open) {
            (Screen::Reader, Some(open)) => crate::files::slug(&open.reader.doc().title),
            _ => "library".to_string(),
        };
        let name = if name.is_empty() {
            "notes".into()
        } else {
            name
        };
        self.prompt(Ask::ExportTo, format!("{name}-notes.md"));
    }

    /// Asks for a member's export file or a shared folder to import from.
    pub(in crate::app) fn ask_import(&mut self) {
        self.prompt(Ask::ImportFrom, String::new());
    }

    /// Asks which group to share the open text with (or take it back from): the groups in
    /// turn with Tab, one that does not read it yet first.
    pub(in crate::app) fn ask_share(&mut self) {
        let Some(open) = self.open.as_ref().filter(|o| o.id.is_some()) else {
            return;
        };
        let reading = open.audience.groups.clone();
        let mut names: Vec<String> = match self.store.groups() {
            Ok(groups) => groups.into_iter().map(|g| g.name).collect(),
            Err(err) => return self.say(Tone::Error, format!("groups: {err}")),
        };
        if names.is_empty() {
            let said = "no group yet: `gloss group add NAME DIR` makes one";
            return self.say(Tone::Info, said.to_string());
        }
        names.sort_by_key(|n| reading.contains(n));
        self.overlay = Some(Overlay::Prompt(Prompt::choosing(Ask::ShareWith, names)));
    }

    /// Shares the open text with the group `name`, or takes it back if the group reads it.
    pub(in crate::app) fn share_with(&mut self, name: &str) {
        let Some(id) = self.open.as_ref().and_then(|o| o.id) else {
            return;
        };
        let entry = match self.store.entry(id) {
            Ok(Some(entry)) => entry,
            Ok(None) => return,
            Err(err) => return self.say(Tone::Error, format!("share: {err}")),
        };
        let reading = self.open.as_ref().is_some_and(|o| {
            let name = name.trim().to_lowercase();
            o.audience.groups.iter().any(|g| g.to_lowercase() == name)
        });
        let done = match reading {
            true => self
                .store
                .unshare_text(name.trim(), id)
                .map(|_| {
                    format!(
                        "taken back from {}: your notes on it are withdrawn at the next sync",
                        name.trim()
                    )
                })
                .map_err(group::GroupError::from),
            false => group::share_text(&mut self.store, name.trim(), &entry),
        };
        match done {
            Ok(said) => {
                self.refresh_audience();
                self.say(Tone::Info, said);
            }
            Err(err) => self.say(Tone::Error, format!("share: {err}")),
        }
    }

    /// The open text joins the groups that waited for a copy of it (a text another member
    /// shared), and which groups see the reader's notes on it is read again.
    pub(in crate::app) fn refresh_audience(&mut self) {
        let Some(id) = self.open.as_ref().and_then(|o| o.id) else {
            return;
        };
        let joined = self.store.entry(id).and_then(|entry| match entry {
            Some(e) => self.store.join_group_texts(id, &e.hash, &e.title, self.now),
            None => Ok(0),
        });
        match joined.and_then(|joined| Ok((joined, self.store.groups()?))) {
            Ok((joined, groups)) => {
                let audience = Audience::of(&groups, id);
                if joined > 0 {
                    let said = format!(
                        "{} reads this text: your notes on it from now on are shared",
                        audience.groups.join(", ")
                    );
                    self.say(Tone::Info, said);
                }
                if let Some(open) = self.open.as_mut() {
                    open.audience = audience;
                }
            }
            Err(err) => self.say(Tone::Error, format!("groups: {err}")),
        }
    }

    /// Shows the next member's annotations (everyone's, mine, each other member's in turn).
    pub(in crate::app) fn cycle_whose(&mut self) {
        self.count_members();
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let next = open.marks.showing.next(&open.marks.authors());
        let text = next.describe();
        open.marks.showing = next;
        self.say(Tone::Info, text);
    }

    /// Writes the notes of the open text (in the library: of every text) to `path`.
    pub(in crate::app) fn export_to(&mut self, path: &str) {
        let path = expand_home(path.trim());
        let document = match self.screen {
            Screen::Reader => self.open.as_ref().and_then(|o| o.id),
            _ => None,
        };
        let whose = match self.open.as_ref().map(|o| &o.marks.showing) {
            Some(Showing::Mine) => Whose::Mine,
            _ => Whose::Everyone,
        };
        let Some(format) = Export::from_path(Subject::Notes, &path) else {
            let said = Export::extensions_said(Subject::Notes);
            self.say(Tone::Error, format!("export: name the file {said}"));
            return;
        };
        let request = Request {
            document,
            whose,
            ..Request::library(self.now)
        };
        let bytes = format.write(&mut self.store, &request);
        let written = bytes.map_err(|e| e.to_string()).and_then(|bytes| {
            crate::files::write_whole(&path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        });
        match written {
            Ok(()) => {
                let shown = std::fs::canonicalize(&path).unwrap_or(path);
                self.say(Tone::Info, format!("exported to {}", shown.display()));
            }
            Err(err) => self.say(Tone::Error, format!("export: {err}")),
        }
    }

    /// Imports a member's export file; a folder (one that exists, or any path ending in `/`) is
    /// synced: your export written into it, every other member's imported.
    pub(in crate::app) fn import_from(&mut self, path: &str) {
        let folder = path.trim().ends_with('/');
        let path = expand_home(path.trim());
        let (what, results) = if folder || path.is_dir() {
            // Without git: pulling and pushing reach the network, which the screen does not
            // wait on (`gloss sync` does).
            let found = group::find_group(&mut self.store, &path);
            let synced = match found {
                Ok(Found::Group(group) | Found::Adopted(group)) => {
                    group::sync(&mut self.store, Sharing::Group(&group), false).map(|synced| {
                        let what = format!(
                            "synced {} (wrote {})",
                            group.name,
                            file_name(&synced.written)
                        );
                        (what, synced.imported)
                    })
                }
                // Reading a folder shares nothing: only a group is written to.
                Ok(Found::NotAGroup(dir)) => group::import_folder(&mut self.store, &dir).map(|r| {
                    let what = "imported (no group: nothing of yours written)";
                    (what.to_string(), r)
                }),
                Err(err) => Err(err),
            };
            match synced {
                Ok(synced) => synced,
                Err(err) => {
                    self.say(Tone::Error, format!("sync: {err}"));
                    return;
                }
            }
        } else {
            // Another tool's file (Kindle's clippings, a KOReader sidecar, …), else a member's.
            match crate::import::tool_of(&path, None) {
                Ok(Some(format)) => {
                    let imported =
                        crate::import::import_file(&mut self.store, &path, format, self.now);
                    return self.imported_from_tool(&path, imported);
                }
                Ok(None) => {}
                Err(err) => return self.say(Tone::Error, format!("{}: {err}", file_name(&path))),
            }
            let result = group::import_file(&mut self.store, &path);
            ("imported".to_string(), vec![(path, result)])
        };
        let mut total = Summary::default();
        let mut failed = Vec::new();
        for (path, result) in results {
            match result {
                Ok(summary) => total += summary,
                Err(err) => failed.push(format!("{}: {err}", file_name(&path))),
            }
        }
        if let Err(err) = self.reload_marks() {
            failed.push(format!("could not reload the annotations: {err}"));
        }
        self.refresh_library();
        if failed.is_empty() {
            self.say(Tone::Info, format!("{what}: {}", total.brief()));
        } else {
            self.say(
                Tone::Error,
                format!("{what}: {}; refused: {}", total.brief(), failed.join("; ")),
            );
        }
    }

    /// Says what an import from another tool did, and shows what it brought.
    fn imported_from_tool(
        &mut self,
        path: &std::path::Path,
        imported: Result<crate::import::Summary, crate::import::ImportError>,
    ) {
        match imported {
            Ok(summary) => {
                let reloaded = self.reload_marks();
                self.refresh_library();
                match reloaded {
                    Ok(()) => self.say(Tone::Info, summary.to_string()),
                    Err(err) => {
                        self.say(Tone::Error, format!("{summary}; could not reload: {err}"))
                    }
                }
            }
            Err(err) => self.say(Tone::Error, format!("{}: {err}", file_name(path))),
        }
    }

    /// Rebuilds the open text's marks from the store (after an import), keeping whose are shown.
    fn reload_marks(&mut self) -> Result<(), crate::store::StoreError> {
        let Some(open) = self.open.as_mut() else {
            return Ok(());
        };
        let Some(id) = open.id else {
            return Ok(());
        };
        let written = self.load_marks(id)?;
        let open = self.open.as_mut().expect("checked above");
        let showing = std::mem::take(&mut open.marks.showing);
        open.marks = written.marks(open.reader.doc());
        open.marks.showing = showing;
        // What was being read around the page predates the sync.
        open.around = None;
        self.keep_window();
        Ok(())
    }
}

/// `~/notes` as the home directory's `notes`.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
