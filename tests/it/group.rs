//! Reading groups through the real binary: `gloss sync` among three members, `gloss import` of
//! an export made on another copy of a text, and bad files refused with the database unchanged.
//! Members annotate through the library (as the reader does), then share through the command.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use gloss::anchor::Anchor;
use gloss::document::DocumentId;
use gloss::library;
use gloss::store::Store;
use support::{Pane, open_essay, run_gloss};

const DISSOLUTION: &str = "The Dissolution of the Communist International";

/// One member of a group: a database of their own, with the bundled library and a name.
struct Member {
    db: PathBuf,
}

impl Member {
    fn new(dir: &Path, name: &str) -> Member {
        let db = dir.join(format!("{name}.db"));
        let mut store = Store::open(&db).unwrap();
        library::register_bundled(&mut store, 0).unwrap();
        store.set_setting("name", name).unwrap();
        store.me().unwrap();
        Member { db }
    }

    fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    fn document(&self, title: &str) -> DocumentId {
        let store = self.store();
        let entries = store.library().unwrap();
        entries.iter().find(|e| e.title == title).unwrap().id
    }

    /// Highlights the first occurrence of `quote` in the text titled `title`, with a note.
    fn annotate(&self, title: &str, quote: &str, note: &str, at: i64) {
        support::annotate(&self.db, title, quote, note, at);
    }

    /// Every live annotation: (author, quote, note), the reader's own as "me".
    fn notes(&self, title: &str) -> Vec<(String, String, String)> {
        let mut notes: Vec<_> = self
            .store()
            .annotations(self.document(title))
            .unwrap()
            .into_iter()
            .map(|a| {
                let author = a.author.map_or("me".to_string(), |x| x.name);
                (author, a.anchor.quote, a.note)
            })
            .collect();
        notes.sort();
        notes
    }

    fn gloss(&self, args: &[&str]) -> Output {
        run_gloss(&self.db, args)
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn sync(member: &Member, dir: &Path) -> String {
    let out = member.gloss(&["sync", "--share-all", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The progress bar is for a terminal: none on a pipe.
    assert!(!stderr(&out).contains("syncing"), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn three_members_share_through_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    let ana = Member::new(tmp.path(), "Ana");
    let ben = Member::new(tmp.path(), "Ben");
    let cleo = Member::new(tmp.path(), "Cleo");
    ana.annotate(DISSOLUTION, "Stalin’s Great Purge", "Ana on the purge", 100);
    ben.annotate(DISSOLUTION, "Socialism in One Country", "Ben's doubt", 110);
    cleo.annotate(
        DISSOLUTION,
        "the final nail in the coffin",
        "Cleo #strategy",
        120,
    );
    cleo.annotate(
        DISSOLUTION,
        "Stalin’s Great Purge",
        "Cleo on the purge too",
        130,
    );

    // Everyone syncs, twice round: the first ones to sync see the later ones the second time.
    for _ in 0..2 {
        for m in [&ana, &ben, &cleo] {
            sync(m, &shared);
        }
    }
    let everything = |me: &str| {
        let mut all = vec![
            ("Ana", "Stalin’s Great Purge", "Ana on the purge"),
            ("Ben", "Socialism in One Country", "Ben's doubt"),
            ("Cleo", "the final nail in the coffin", "Cleo #strategy"),
            ("Cleo", "Stalin’s Great Purge", "Cleo on the purge too"),
        ];
        let mut all: Vec<(String, String, String)> = all
            .drain(..)
            .map(|(a, q, n)| {
                let a = if a == me { "me" } else { a };
                (a.to_string(), q.to_string(), n.to_string())
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(ana.notes(DISSOLUTION), everything("Ana"));
    assert_eq!(ben.notes(DISSOLUTION), everything("Ben"));
    assert_eq!(cleo.notes(DISSOLUTION), everything("Cleo"));
    let mut files: Vec<String> = std::fs::read_dir(&shared)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    // Each member's file is named by their id alone.
    let ana_file = format!("{}.json", ana.store().me().unwrap().id);
    assert!(files.contains(&ana_file), "{files:?}");

    // A second sync with nothing new changes nothing, and says so.
    let again = sync(&ana, &shared);
    assert!(
        again.contains("0 imported, 0 updated, 0 to check, 0 orphaned"),
        "{again}"
    );
    let before = std::fs::read_to_string(shared.join(&ana_file)).unwrap();

    // Ben edits his note and syncs; the others get the edit, and keep their own notes.
    {
        let mut store = ben.store();
        let mine = store.annotations(ben.document(DISSOLUTION)).unwrap();
        let own = mine.iter().find(|a| a.author.is_none()).unwrap();
        store
            .set_note(own.id, "Ben, on second thought", 500)
            .unwrap();
    }
    sync(&ben, &shared);
    let ana_got = sync(&ana, &shared);
    assert!(ana_got.contains("0 imported, 1 updated"), "{ana_got}");
    sync(&cleo, &shared);
    for (m, me) in [(&ana, "Ana"), (&cleo, "Cleo")] {
        let expected: Vec<_> = everything(me)
            .into_iter()
            .map(|(a, q, n)| {
                let n = if a == "Ben" {
                    "Ben, on second thought".to_string()
                } else {
                    n
                };
                (a, q, n)
            })
            .collect();
        assert_eq!(m.notes(DISSOLUTION), expected);
    }
    // Ana's export did not change: it holds only what she wrote.
    assert_eq!(
        std::fs::read_to_string(shared.join(&ana_file)).unwrap(),
        before
    );
}

/// A member who renames themselves leaves one file in the folder: files are named by the
/// member's id, and a file gloss named by name and id before is taken away by the next sync, so
/// that a new member never reads from it a note its author has deleted since.
#[test]
fn a_renamed_member_leaves_one_file_and_deleted_notes_stay_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let ana = Member::new(dir.path(), "Ana");
    ana.annotate(DISSOLUTION, "In the tempestuous years", "kept note", 100);
    ana.annotate(DISSOLUTION, "Communist International", "deleted note", 200);
    let id = ana.store().me().unwrap().id;
    // The file an earlier gloss wrote: `<name>-<first block of the id>.json`.
    let old = shared.join(format!("ana-{}.json", id.split('-').next().unwrap()));
    let out = ana.gloss(&["export", "--format", "json", "-o", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    {
        let mut store = ana.store();
        let notes = store.annotations(ana.document(DISSOLUTION)).unwrap();
        let gone = notes.iter().find(|a| a.note == "deleted note").unwrap();
        store.set_annotation_deleted(gone.id, true, 300).unwrap();
    }
    let out = ana.gloss(&["config", "set", "name", "Anna"]);
    assert!(out.status.success(), "{}", stderr(&out));
    sync(&ana, &shared);
    let files: Vec<String> = std::fs::read_dir(&shared)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, [format!("{id}.json")]);
    // Forgetting for real: the deleted note travels as a tombstone, its words gone.
    let file = std::fs::read_to_string(shared.join(format!("{id}.json"))).unwrap();
    assert!(file.contains("gloss:deleted"), "{file}");
    assert!(!file.contains("deleted note"), "{file}");
    assert!(
        !file.contains("\"exact\": \"Communist International\""),
        "{file}"
    );
    let cleo = Member::new(dir.path(), "Cleo");
    sync(&cleo, &shared);
    let notes: Vec<(String, String)> = cleo
        .notes(DISSOLUTION)
        .into_iter()
        .map(|(author, _, note)| (author, note))
        .collect();
    assert_eq!(notes, [("Anna".to_string(), "kept note".to_string())]);
}

/// A note tagged `#private` never reaches the group's files: none of its words, and one shared
/// before it was made private is withdrawn from the other members.
#[test]
fn a_private_note_is_never_written_to_the_group() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let ana = Member::new(dir.path(), "Ana");
    ana.annotate(
        DISSOLUTION,
        "In the tempestuous years",
        "for all to see",
        100,
    );
    ana.annotate(
        DISSOLUTION,
        "Communist International",
        "my secret #private",
        200,
    );
    ana.annotate(DISSOLUTION, "global labor movement", "shared first", 300);
    sync(&ana, &shared);
    let id = ana.store().me().unwrap().id;
    let file = || std::fs::read_to_string(shared.join(format!("{id}.json"))).unwrap();
    let first = file();
    assert!(first.contains("for all to see") && first.contains("shared first"));
    assert!(!first.contains("my secret"), "{first}");
    assert!(
        !first.contains("\"exact\": \"Communist International\""),
        "{first}"
    );
    let ben = Member::new(dir.path(), "Ben");
    sync(&ben, &shared);
    let seen = |m: &Member| -> Vec<String> {
        m.notes(DISSOLUTION)
            .into_iter()
            .map(|(_, _, note)| note)
            .collect()
    };
    assert_eq!(seen(&ben).len(), 2, "{:?}", seen(&ben));
    // Made private after it was shared: withdrawn from Ben at the next syncs.
    {
        let mut store = ana.store();
        let notes = store.annotations(ana.document(DISSOLUTION)).unwrap();
        let first = notes.iter().find(|a| a.note == "shared first").unwrap();
        store
            .set_note(first.id, "shared first, now mine #private", 400)
            .unwrap();
    }
    sync(&ana, &shared);
    let later = file();
    assert!(!later.contains("shared first"), "{later}");
    sync(&ben, &shared);
    assert_eq!(seen(&ben), ["for all to see"]);
}

/// An essay file: a heading and paragraphs, one per line.
const ESSAY: &str = "A Reading Group Essay\n\n\
The first paragraph sets out the question of the whole essay. It asks what the movement wanted.\n\n\
The second paragraph answers in part. The leaders argued for caution at every turn of events.\n\n\
The third paragraph turns to the years of crisis. Nobody expected the sudden collapse of trade.\n\n\
The fourth paragraph closes the argument. Its final sentence will be rewritten entirely here.\n";

#[test]
fn an_import_onto_another_copy_of_the_text_finds_the_passages() {
    let tmp = tempfile::tempdir().unwrap();
    let ana = Member::new(tmp.path(), "Ana");
    let ben = Member::new(tmp.path(), "Ben");
    let ana_file = tmp.path().join("ana-copy.txt");
    std::fs::write(&ana_file, ESSAY).unwrap();
    let quotes = [
        "It asks what the movement wanted.",
        "The leaders argued for caution at every turn of events.",
        "Nobody expected the sudden collapse of trade.",
        "Its final sentence will be rewritten entirely here.",
    ];
    {
        let mut store = ana.store();
        let opened = library::open_file(&mut store, &ana_file, 0).unwrap();
        assert_eq!(opened.entry.title, "A Reading Group Essay");
    }
    for (i, q) in quotes.iter().enumerate() {
        ana.annotate("A Reading Group Essay", q, &format!("note {i}"), 100);
    }
    let export = tmp.path().join("ana.json");
    let out = ana.gloss(&["export", "--format", "json", "-o", export.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    // Ben's copy: a paragraph inserted before them all, a few words changed in the third, the
    // last sentence rewritten beyond recognition.
    let ben_text = ESSAY
        .replace(
            "The second paragraph",
            "An inserted paragraph, from a later edition, with an editor's remarks.\n\n\
             The second paragraph",
        )
        .replace(
            "the sudden collapse of trade",
            "the sudden collapse of world trade",
        )
        .replace(
            "Its final sentence will be rewritten entirely here.",
            "Later editions cut this part.",
        );
    let ben_file = tmp.path().join("ben-copy.txt");
    std::fs::write(&ben_file, &ben_text).unwrap();
    library::open_file(&mut ben.store(), &ben_file, 0).unwrap();

    let out = ben.gloss(&["import", export.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("4 imported, 0 updated, 0 to check, 1 orphaned"),
        "{}",
        stdout(&out)
    );
    let store = ben.store();
    let doc = ben.document("A Reading Group Essay");
    let landed = store.annotations(doc).unwrap();
    let content = gloss::document::Document::open(&ben_file).unwrap().content;
    let chars: Vec<char> = content.chars().collect();
    let at = |a: &Anchor| chars[a.start..a.end].iter().collect::<String>();
    let expected = [
        (quotes[0], "note 0"),
        (quotes[1], "note 1"),
        (
            "Nobody expected the sudden collapse of world trade.",
            "note 2",
        ),
    ];
    for (a, (quote, note)) in landed.iter().zip(expected) {
        assert!(!a.orphaned);
        assert_eq!(at(&a.anchor), quote, "lands on its passage in Ben's copy");
        assert_eq!(a.note, note);
    }
    let orphan = &landed[3];
    assert!(orphan.orphaned);
    assert_eq!(orphan.anchor.quote, quotes[3], "an orphan keeps its quote");

    // Importing it again: nothing new.
    let again = ben.gloss(&["import", export.to_str().unwrap()]);
    assert!(
        stdout(&again).starts_with(&format!(
            "{}: 0 imported, 0 updated, 0 to check, 0 orphaned, 4 unchanged",
            export.display()
        )),
        "{}",
        stdout(&again)
    );
}

/// A passage whose neighbours were rewritten and whose words now occur twice is placed on the
/// nearer copy and marked to check: the import says how many, and `gloss notes` says which, in
/// text and in JSON.
#[test]
fn an_import_counts_what_to_check_and_notes_say_each_state() {
    let tmp = tempfile::tempdir().unwrap();
    let ana = Member::new(tmp.path(), "Ana");
    let ben = Member::new(tmp.path(), "Ben");
    let ana_file = tmp.path().join("ana-copy.txt");
    std::fs::write(&ana_file, ESSAY).unwrap();
    library::open_file(&mut ana.store(), &ana_file, 0).unwrap();
    let title = "A Reading Group Essay";
    let kept = "The first paragraph sets out the question of the whole essay.";
    let moved = "Nobody expected the sudden collapse of trade.";
    let cut = "Its final sentence will be rewritten entirely here.";
    for quote in [kept, moved, cut] {
        ana.annotate(title, quote, "", 100);
    }
    let export = tmp.path().join("ana.json");
    ana.gloss(&["export", "--format", "json", "-o", export.to_str().unwrap()]);

    // Ben's copy: the sentences either side of the second quote rewritten, and its words
    // repeated in the last paragraph, whose quote is cut.
    let ben_text = ESSAY
        .replace(
            "The third paragraph turns to the years of crisis.",
            "Then, in another hand, came this change.",
        )
        .replace(
            "The fourth paragraph closes the argument. Its final sentence will be rewritten \
             entirely here.",
            "A new closing follows, rewritten wholly. Nobody expected the sudden collapse of \
             trade. Later editions cut this.",
        );
    let ben_file = tmp.path().join("ben-copy.txt");
    std::fs::write(&ben_file, &ben_text).unwrap();
    library::open_file(&mut ben.store(), &ben_file, 0).unwrap();
    let out = ben.gloss(&["import", export.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("3 imported, 0 updated, 1 to check, 1 orphaned"),
        "{}",
        stdout(&out)
    );

    let json = ben.gloss(&["notes", "--json"]);
    let notes: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut states: Vec<(&str, &str)> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["quote"].as_str().unwrap(), n["state"].as_str().unwrap()))
        .collect();
    states.sort_unstable();
    assert_eq!(
        states,
        [(cut, "orphaned"), (moved, "check"), (kept, "placed")]
    );
    let text = stdout(&ben.gloss(&["notes"]));
    assert!(
        text.contains(&format!("“{moved}” (moved, please check)")),
        "{text}"
    );
    assert!(text.contains("entirely here.” (orphaned)"), "{text}");

    // Cleo, with Ben's copy, syncs with a folder holding Ana's file: the same counts.
    let cleo = Member::new(tmp.path(), "Cleo");
    library::open_file(&mut cleo.store(), &ben_file, 0).unwrap();
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::copy(&export, shared.join("ana.json")).unwrap();
    let synced = sync(&cleo, &shared);
    assert!(
        synced.contains("3 imported, 0 updated, 1 to check, 1 orphaned"),
        "{synced}"
    );
}

/// Every row of every table, to compare a database before and after.
fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..columns)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {:?}\n", row.unwrap()));
        }
    }
    out
}

#[test]
fn bad_files_are_refused_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let ana = Member::new(tmp.path(), "Ana");
    let ben = Member::new(tmp.path(), "Ben");
    ana.annotate(DISSOLUTION, "Stalin’s Great Purge", "Ana's", 100);
    ben.annotate(DISSOLUTION, "the final nail in the coffin", "Ben's", 100);
    let good = String::from_utf8(ana.gloss(&["export", "--format", "json"]).stdout).unwrap();
    // Runs the command once so that whatever a first run sets up is there before comparing.
    ben.gloss(&["list"]);

    let huge = tmp.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200_000_000)
        .unwrap();
    let annotation_id = good
        .lines()
        .find(|l| l.trim_start().starts_with("\"id\": \"urn:uuid:") && l.starts_with("      "))
        .unwrap()
        .to_string();
    let duplicated = {
        let start = good.find("    {\n      \"@context\"").unwrap();
        let end = good.rfind("\n  ]").unwrap();
        let one = &good[start..end];
        format!("{}{one},\n{one}{}", &good[..start], &good[end..])
    };
    assert!(duplicated.matches(annotation_id.trim()).count() == 2);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("malformed", good[..good.len() / 2].into(), "not JSON"),
        (
            "future",
            good.replace("\"version\": 2,", "\"version\": 4,").into(),
            "newer gloss",
        ),
        (
            "wrong-version",
            good.replace("\"version\": 2,", "\"version\": \"2.0\",")
                .into(),
            "version",
        ),
        (
            "foreign",
            br#"{"name": "left-pad", "version": "1.3.0", "main": "index.js"}"#.to_vec(),
            "not a gloss annotation export",
        ),
        // (A Readwise CSV is imported since issue 32; one with no highlight is refused.)
        (
            "readwise",
            b"Highlight,Title,Author,URL,Note,Location,Date\n,B,C,,,1,\n".to_vec(),
            "no highlight in the CSV",
        ),
        (
            "binary",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe],
            "not JSON",
        ),
        ("duplicate", duplicated.into(), "appears twice"),
    ];
    for (name, bytes, reason) in cases {
        let path = tmp.path().join(format!("{name}.json"));
        std::fs::write(&path, bytes).unwrap();
        let before = dump(&ben.db);
        let out = ben.gloss(&["import", path.to_str().unwrap()]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{name}: refused");
        assert!(err.contains(reason), "{name}: {err}");
        assert_eq!(
            err.lines().count(),
            2,
            "{name}: one line, and the count: {err}"
        );
        assert_eq!(dump(&ben.db), before, "{name}: nothing changed");
    }
    let before = dump(&ben.db);
    let out = ben.gloss(&["import", huge.to_str().unwrap()]);
    assert!(stderr(&out).contains("too large"), "{}", stderr(&out));
    assert_eq!(dump(&ben.db), before);

    // Escape sequences and control characters in a member's file: imported without them.
    let hostile = good
        .replace("Ana's", "Ana\\u001b[2J\\u001b]0;pwned\\u0007's")
        .replace("\"name\": \"Ana\"", "\"name\": \"Ana\\u001b[31m\"");
    let path = tmp.path().join("hostile.json");
    std::fs::write(&path, hostile).unwrap();
    let out = ben.gloss(&["import", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("control characters removed"));
    let everything = [
        ben.gloss(&["notes"]),
        ben.gloss(&["export"]),
        ben.gloss(&["export", "--format", "html"]),
        ben.gloss(&["export", "--format", "csv"]),
    ];
    for out in everything {
        assert!(out.status.success());
        assert!(!out.stdout.contains(&0x1b), "{}", stdout(&out));
        assert!(!out.stdout.contains(&0x07));
    }
    let notes = ben.notes(DISSOLUTION);
    assert!(notes.contains(&(
        "Ana".to_string(),
        "Stalin’s Great Purge".to_string(),
        "Ana's".to_string()
    )));
}

/// In the reader: I imports a member's file, their highlight shows with their initial in the
/// margin, A cycles whose are shown, E exports (the format from the file's extension).
#[test]
fn another_members_annotations_are_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (ana, ben) = (
        Member::new(dir.path(), "Ana"),
        Member::new(dir.path(), "Ben"),
    );
    ana.annotate(DISSOLUTION, "In the tempestuous years", "hers", 100);
    let file = dir.path().join("ana.json");
    ana.gloss(&["export", "--format", "json", "-o", file.to_str().unwrap()]);
    let out = ben.gloss(&["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut store = ben.store();
    let hers = store.annotations(ben.document(DISSOLUTION)).unwrap()[0].id;
    let refused = |r: Result<(), gloss::store::StoreError>| {
        assert!(
            matches!(r, Err(gloss::store::StoreError::NotYours)),
            "{r:?}"
        );
    };
    refused(store.set_annotation_deleted(hers, true, 200));
    refused(store.set_note(hers, "mine now", 200));
    refused(store.set_color(hers, 3, 200));
    assert_eq!(
        ben.notes(DISSOLUTION),
        [(
            "Ana".into(),
            "In the tempestuous years".into(),
            "hers".into()
        )]
    );
    // `gloss notes` says whose each note is, in text and JSON.
    let listed = stdout(&ben.gloss(&["notes"]));
    assert!(listed.contains("Ana"), "{listed}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&ben.gloss(&["notes", "--json"]))).unwrap();
    assert_eq!(json[0]["author"], "Ana", "{json}");
}

#[test]
fn the_reader_imports_shows_and_exports_the_group() {
    let t = Pane::new(100, 30);
    let ana = Member::new(t.dir.path(), "Ana");
    ana.annotate(
        DISSOLUTION,
        "In the tempestuous years",
        "Ana's opening note",
        100,
    );
    let file = t.dir.path().join("ana.json");
    let out = ana.gloss(&["export", "--format", "json", "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    run_gloss(&t.db(), &["config", "set", "name", "Ben"]);

    open_essay(&t);
    t.keys(&["I"]);
    t.wait_for("Import a file, or sync a folder:");
    t.keys(&["-l", file.to_str().unwrap()]);
    t.keys(&["Enter"]);
    let screen = t.wait_for("imported: 1 imported");
    let line = screen
        .lines()
        .find(|l| l.contains("In the tempestuous years"))
        .unwrap();
    assert!(
        line.trim_start().starts_with("A "),
        "Ana's initial in the margin: {line:?}"
    );
    // Drawn in her colour (yellow, 256-colour 178) with no background, unlike one's own.
    let styled = t.screen_with_styles();
    let line = styled.lines().find(|l| l.contains("tempestuous")).unwrap();
    assert!(line.contains("38;5;178"), "{line:?}");
    assert!(!line.contains("48;5;229"), "{line:?}");

    t.keys(&["A"]);
    let screen = t.wait_for("showing only yours");
    assert!(
        screen.contains("only yours · page 1"),
        "the status bar says so"
    );
    let line = screen
        .lines()
        .find(|l| l.contains("In the tempestuous years"))
        .unwrap();
    assert!(!line.trim_start().starts_with("A "), "{line:?}");
    t.keys(&["A"]);
    t.wait_for("showing only Ana's");
    t.keys(&["n"]);
    let panel = t.wait_for("by Ana");
    assert!(panel.contains("Ana's opening note"));
    // Hers to remove, not mine: `d` says so and leaves it.
    t.keys(&["d"]);
    let screen = t.wait_for("not yours to remove");
    assert!(screen.contains("Ana's opening note"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_gone("Annotations ·");
    t.keys(&["A"]);
    t.wait_for("showing everyone's annotations");

    let md = t.dir.path().join("notes.md");
    t.keys(&["E"]);
    t.wait_for("Export to (.md .html .csv .json):");
    // The prompt offers a file name; this test types its own path instead.
    for _ in 0..80 {
        t.keys(&["BSpace"]);
    }
    t.keys(&["-l", md.to_str().unwrap()]);
    t.keys(&["Enter"]);
    t.wait_for("exported to");
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with(&format!("# {DISSOLUTION}")), "{text}");
    assert!(text.contains("Ana's opening note\n\n*Ana · "), "{text}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// A shared folder holding a pipe named like a member's file and links to the terminal and to
/// standard input, synced with `I` in the reader: refused by name at once, the reader still
/// answering its keys (it hung for good, deaf to q and Ctrl-C), and the terminal restored.
#[test]
fn the_reader_syncs_a_hostile_folder_without_hanging() {
    let t = Pane::new(110, 30);
    let folder = t.dir.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink("/dev/tty", folder.join("tty.json")).unwrap();
    std::os::unix::fs::symlink("/dev/stdin", folder.join("stdin.json")).unwrap();
    let fifo = std::ffi::CString::new(folder.join("pipe.json").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads the path only.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    open_essay(&t);
    let started = std::time::Instant::now();
    t.keys(&["I"]);
    t.wait_for("Import a file, or sync a folder:");
    t.keys(&["-l", &format!("{}/", folder.display())]);
    t.keys(&["Enter"]);
    // The status line holds the first of the refusals (the line is cut at the edge).
    let screen = t.wait_for("refused: pipe.");
    assert!(screen.contains("imported (no group"), "{screen}");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// `git` in `dir`, which must succeed; its output.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A bare repository in `dir`, the group's remote.
fn bare_remote(dir: &Path) -> PathBuf {
    let remote = dir.join("group.git");
    git(
        dir,
        &["init", "--quiet", "--bare", remote.to_str().unwrap()],
    );
    remote
}

/// A clone of `remote` in `dir`, named `name`.
fn clone_of(dir: &Path, remote: &Path, name: &str) -> PathBuf {
    git(dir, &["clone", "--quiet", remote.to_str().unwrap(), name]);
    dir.join(name)
}

/// A member's clone of `remote` in `dir`, with the member's git identity.
fn member_clone(dir: &Path, remote: &Path, name: &str) -> PathBuf {
    let path = clone_of(dir, remote, name);
    git(&path, &["config", "user.name", name]);
    let email = format!("{name}@example.org");
    git(&path, &["config", "user.email", &email]);
    path
}

/// Two members share through a git repository: a bare one on disk is the remote, each has a
/// clone. Each sync pulls, commits the member's file and pushes; a sync with nothing new makes
/// no commit.
#[test]
fn two_members_sync_through_a_git_remote() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_remote(dir.path());
    let (ana, ben) = (
        Member::new(dir.path(), "Ana"),
        Member::new(dir.path(), "Ben"),
    );
    let clone = |name: &str| member_clone(dir.path(), &remote, name);
    let (ana_tree, ben_tree) = (clone("ana"), clone("ben"));
    ana.annotate(DISSOLUTION, "In the tempestuous years", "Ana's note", 100);
    ben.annotate(DISSOLUTION, "Communist International", "Ben's note", 200);
    let sync = |member: &Member, tree: &Path| {
        let out = member.gloss(&["sync", "--share-all", tree.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout(&out)
    };
    assert!(sync(&ana, &ana_tree).contains("git: committed and pushed your file"));
    assert!(sync(&ben, &ben_tree).contains("git: committed and pushed your file"));
    // Ana's second sync pulls Ben's file; nothing of hers changed, so no commit.
    assert!(sync(&ana, &ana_tree).contains("git: nothing new to commit"));
    let has = |member: &Member, note: &str| member.notes(DISSOLUTION).iter().any(|n| n.2 == note);
    assert!(has(&ana, "Ben's note"), "{:?}", ana.notes(DISSOLUTION));
    assert!(
        has(&ben, "Ana's note"),
        "Ben's first sync pulled Ana's file first"
    );
    // One commit per sync that changed something, each naming its member.
    let log = git(&remote, &["log", "--format=%s"]);
    let subjects: Vec<&str> = log.lines().collect();
    assert_eq!(subjects.len(), 2, "{log}");
    assert!(
        subjects
            .iter()
            .any(|s| s == &"gloss sync: Ana, 1 annotation, 0 replies"),
        "{log}"
    );
    assert!(
        subjects
            .iter()
            .any(|s| s == &"gloss sync: Ben, 1 annotation, 0 replies"),
        "{log}"
    );
    // --no-git writes the folder only.
    ana.annotate(DISSOLUTION, "Comintern", "Ana's second", 300);
    let out = ana.gloss(&[
        "sync",
        "--share-all",
        "--no-git",
        ana_tree.to_str().unwrap(),
    ]);
    assert!(!stdout(&out).contains("git:"), "{}", stdout(&out));
    assert_eq!(git(&remote, &["log", "--format=%s"]).lines().count(), 2);
}

/// A sync whose remote is gone says so in one line and keeps the member's file, written and
/// committed, for the next sync to push.
#[test]
fn a_remote_that_cannot_be_reached_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_remote(dir.path());
    let ana = Member::new(dir.path(), "Ana");
    let tree = clone_of(dir.path(), &remote, "ana");
    git(&tree, &["config", "user.name", "Ana"]);
    git(&tree, &["config", "user.email", "ana@example.org"]);
    ana.annotate(DISSOLUTION, "In the tempestuous years", "Ana's note", 100);
    std::fs::remove_dir_all(&remote).unwrap();
    let out = ana.gloss(&["sync", "--share-all", tree.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("could not pull"), "{stderr}");
    assert!(stdout(&out).contains("wrote"));
    let files: Vec<_> = std::fs::read_dir(&tree)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(files.len(), 1, "the file is written all the same");
}

/// The member's file on the remote as a fresh clone has it: every note in it.
fn notes_on_remote(remote: &Path, member: &Member) -> String {
    let look = tempfile::tempdir().unwrap();
    let tree = clone_of(look.path(), remote, "look");
    let id = member.store().me().unwrap().id;
    std::fs::read_to_string(tree.join(format!("{id}.json"))).unwrap_or_default()
}

/// Runs gloss with git configured by the folder alone (no global or system settings).
fn gloss_with_git_alone(member: &Member, args: &[&str]) -> Output {
    let empty = member.db.with_file_name("empty.gitconfig");
    std::fs::write(&empty, "").unwrap();
    std::process::Command::new(support::GLOSS)
        .env("GLOSS_DB", &member.db)
        .env("GLOSS_CONFIG", member.db.with_file_name("config.toml"))
        .env("GIT_CONFIG_GLOBAL", &empty)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .output()
        .unwrap()
}

/// Every state a sync can leave a git folder in, or a member can put it in, is recovered from
/// by the next sync, which delivers the member's notes to the remote: a failed commit (no git
/// identity: that sync fails in one line), a sync killed part way (a rebase stopped half way),
/// `sync --no-git` on the working tree, and a conflict on the member's own file (the same
/// member synced from two clones).
#[test]
fn git_sync_recovers_from_every_state_it_can_leave() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_remote(dir.path());
    let ana = Member::new(dir.path(), "Ana");
    let clone = |name: &str| {
        let path = clone_of(dir.path(), &remote, name);
        git(&path, &["config", "user.useConfigOnly", "true"]);
        path
    };
    let tree = clone("ana");
    let sync =
        |tree: &Path| gloss_with_git_alone(&ana, &["sync", "--share-all", tree.to_str().unwrap()]);

    // 1. A new user with no git name: the sync fails, in one line that says what to do.
    ana.annotate(DISSOLUTION, "In the tempestuous years", "first note", 100);
    let out = sync(&tree);
    assert!(!out.status.success());
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("user.name"), "{}", stderr(&out));
    git(&tree, &["config", "user.name", "Ana"]);
    git(&tree, &["config", "user.email", "ana@example.org"]);
    let out = sync(&tree);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(notes_on_remote(&remote, &ana).contains("first note"));

    // 2. `sync --no-git` on the working tree leaves the file written, not committed.
    ana.annotate(DISSOLUTION, "Communist International", "second note", 200);
    let out = ana.gloss(&["sync", "--share-all", "--no-git", tree.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sync(&tree);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(notes_on_remote(&remote, &ana).contains("second note"));

    // 3. The same member syncs from a second clone: the first one's commit of her file,
    // never pushed, conflicts with the second's, pushed.
    let second = clone("ana-laptop");
    git(&second, &["config", "user.name", "Ana"]);
    git(&second, &["config", "user.email", "ana@example.org"]);
    let id = ana.store().me().unwrap().id;
    std::fs::write(tree.join(format!("{id}.json")), "{\"unpushed\": 1}").unwrap();
    git(&tree, &["commit", "--quiet", "-am", "an unpushed sync"]);
    ana.annotate(DISSOLUTION, "Comintern", "third note", 300);
    let out = sync(&second);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sync(&tree);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(notes_on_remote(&remote, &ana).contains("third note"));

    // 4. A sync killed part way: here, a rebase stopped on that same conflict and left so.
    std::fs::write(tree.join(format!("{id}.json")), "{\"unpushed\": 2}").unwrap();
    git(
        &tree,
        &["commit", "--quiet", "-am", "another unpushed sync"],
    );
    ana.annotate(DISSOLUTION, "Trotsky", "fourth note", 400);
    assert!(sync(&second).status.success());
    git(&tree, &["fetch", "--quiet"]);
    let stopped = std::process::Command::new("git")
        .arg("-C")
        .arg(&tree)
        .args(["rebase", "--quiet", "@{upstream}"])
        .output()
        .unwrap();
    assert!(
        !stopped.status.success(),
        "the rebase stops on the conflict"
    );
    ana.annotate(DISSOLUTION, "Lenin", "fifth note", 500);
    let out = sync(&tree);
    assert!(out.status.success(), "{}", stderr(&out));
    let shared = notes_on_remote(&remote, &ana);
    for note in ["first", "second", "third", "fourth", "fifth"] {
        assert!(shared.contains(&format!("{note} note")), "{note}: {shared}");
    }
    // Only gloss's own file was ever committed, and no half-done rebase is left.
    let files = git(&remote, &["ls-tree", "--name-only", "HEAD"]);
    assert_eq!(files.trim(), format!("{id}.json"));
    assert_eq!(git(&tree, &["status", "--porcelain"]), "");
}

/// A reply's thread among three members, each with their own database, through a shared
/// folder: Ben replies to Ana's note in the reader, everyone syncs, Ana sees the thread under
/// her note; Cleo deletes her reply in the reader and it goes for everyone; `gloss news` tells
/// Ana of Ben's reply once, then of nothing.
#[test]
fn three_members_talk_in_a_thread() {
    let t = Pane::new(110, 32);
    let shared = t.dir.path().join("group");
    let (ana, cleo) = (
        Member::new(t.dir.path(), "Ana"),
        Member::new(t.dir.path(), "Cleo"),
    );
    let ben = Member { db: t.db() };
    run_gloss(&ben.db, &["config", "set", "name", "Ben"]);
    ana.annotate(
        DISSOLUTION,
        "In the tempestuous years",
        "Ana's opening note",
        100,
    );
    for member in [&ana, &cleo, &ben] {
        sync(member, &shared);
    }

    // Ben replies in the reader, from the annotations panel.
    open_essay(&t);
    t.keys(&["n"]);
    t.wait_for("Ana's opening note");
    t.keys(&["R"]);
    t.wait_for("Reply on “In the tempestuous years”");
    t.keys(&["-l", "And at home, from 1936."]);
    t.keys(&["C-s"]);
    t.wait_for("reply saved");
    t.keys(&["n"]);
    t.wait_for("↳ you: And at home, from 1936.");
    t.keys(&["Escape"]);
    t.wait_gone("Annotations ·");
    t.keys(&["q"]);
    t.wait_gone("page 1 of");

    // Cleo replies too; everyone syncs.
    let parent = cleo
        .store()
        .annotations(cleo.document(DISSOLUTION))
        .unwrap()[0]
        .uuid
        .clone();
    cleo.store()
        .add_reply(
            &parent,
            "Too quick: see the trials.",
            gloss::clock::now() + 60,
        )
        .unwrap();
    for member in [&ben, &cleo, &ana] {
        sync(member, &shared);
    }

    // Ana sees the thread under her note: in the panel, and in the note's popup.
    support::open_essay_as(&t, &ana.db);
    t.keys(&["n"]);
    let panel = t.wait_for("↳ Cleo: Too quick: see the trials.");
    let lines: Vec<&str> = panel.lines().collect();
    let at = |text: &str| lines.iter().position(|l| l.contains(text)).unwrap();
    assert!(at("Ana's opening note") < at("↳ Ben: And at home, from 1936."));
    assert!(
        at("↳ Ben: And at home") < at("↳ Cleo: Too quick"),
        "{panel}"
    );
    assert!(panel.contains("2 replies"), "{panel}");
    t.keys(&["Escape"]);
    t.wait_gone("Annotations ·");
    t.keys(&["Enter"]);
    let popup = t.wait_for("Note · 2 replies");
    assert!(popup.contains("↳ Ben") && popup.contains("And at home, from 1936."));
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    t.wait_gone("page 1 of");

    // Cleo deletes her reply in the reader; it goes for everyone at the next sync.
    support::open_essay_as(&t, &cleo.db);
    t.keys(&["n"]);
    t.wait_for("↳ you: Too quick: see the trials.");
    t.keys(&["j", "j"]);
    t.keys(&["d"]);
    t.wait_for("reply deleted");
    t.wait_gone("↳ you: Too quick");
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    t.wait_gone("page 1 of");
    for member in [&cleo, &ben, &ana] {
        sync(member, &shared);
    }
    for member in [&ana, &ben, &cleo] {
        let replies = member
            .store()
            .replies(Some(member.document(DISSOLUTION)))
            .unwrap();
        let bodies: Vec<String> = replies.into_iter().map(|r| r.body).collect();
        assert_eq!(bodies, ["And at home, from 1936."]);
    }

    // Ana's news: Ben's reply, once; then nothing.
    let ana_db = ana.db.to_str().unwrap();
    t.gloss(&["--db", ana_db, "news"]);
    let news = t.wait_for("1 new from 1 member on 1 text");
    assert!(
        news.contains("Ben") && news.contains("replied · ") && news.contains("And at home"),
        "{news}"
    );
    assert!(!news.contains("Too quick"), "{news}");
    t.gloss(&["--db", ana_db, "news"]);
    t.wait_for("nothing new from your group since you last looked");
}

/// A PDF's annotation goes to a member who has the same file (a copy of their own, elsewhere):
/// it lands on the same words, and their export names its printed pages.
#[test]
fn a_pdf_annotation_travels_to_a_member_with_the_same_file() {
    const PAPER: &str = "Two-Column Document with Lorem Ipsum";
    const QUOTE: &str = "Nam feugiat lacus vel est.";
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    let ana = Member::new(tmp.path(), "Ana");
    let ben = Member::new(tmp.path(), "Ben");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/multicolumn.pdf");
    for (member, name) in [(&ana, "ana-paper.pdf"), (&ben, "ben-paper.pdf")] {
        let copy = tmp.path().join(name);
        std::fs::copy(&fixture, &copy).unwrap();
        library::open_file(&mut member.store(), &copy, 0).unwrap();
    }
    ana.annotate(PAPER, QUOTE, "Over a page's turn", 100);
    sync(&ana, &shared);
    sync(&ben, &shared);
    assert_eq!(
        ben.notes(PAPER),
        [(
            "Ana".to_string(),
            QUOTE.to_string(),
            "Over a page's turn".to_string()
        )]
    );
    let store = ben.store();
    let placed = store.annotations(ben.document(PAPER)).unwrap();
    assert!(!placed[0].orphaned, "placed on Ben's copy");
    let export = ben.gloss(&["export", "--format", "md"]);
    let markdown = stdout(&export);
    assert!(markdown.contains(&format!("> {QUOTE}")), "{markdown}");
    assert!(
        markdown.contains("Ana · ") && markdown.contains("· pp. 1–2"),
        "{markdown}"
    );
}

/// Opens the essay in the reader, highlights its first sentence and writes `note` on it.
fn note_first_sentence(t: &Pane, note: &str) {
    open_essay(t);
    support::select_first_sentence(t);
    t.keys(&["H"]);
    t.wait_for("highlighted");
    t.keys(&["a"]);
    t.wait_for("Note on");
    t.keys(&["-l", note]);
    t.keys(&["C-s"]);
    t.wait_for("note saved");
}

/// News say what happened to the reader: a note Ben made in the reader (a highlight, then its
/// note: two steps) is "added" for Ana, who never saw it; once she has looked, Ben's edit of it
/// is "changed"; a note whose passage is not in her copy says so instead of a place.
#[test]
fn news_say_added_for_a_new_note_and_changed_for_an_edit() {
    let t = Pane::new(100, 30);
    let shared = t.dir.path().join("group");
    let ana = Member::new(t.dir.path(), "Ana");
    let ben = Member { db: t.db() };
    run_gloss(&ben.db, &["config", "set", "name", "Ben"]);
    note_first_sentence(&t, "Ben's first thought");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    sync(&ben, &shared);
    sync(&ana, &shared);
    let news = |m: &Member| {
        let out = run_gloss(&m.db, &["news"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = news(&ana);
    assert!(
        first.contains("added · ") && first.contains("Ben's first thought"),
        "{first}"
    );
    assert!(!first.contains("changed"), "{first}");
    // Ben edits it; Ana, who has looked, is told it changed.
    {
        let mut store = ben.store();
        let note = store
            .annotations(ben.document(DISSOLUTION))
            .unwrap()
            .remove(0);
        store
            .set_note(note.id, "Ben's second thought", 10_000_000_000)
            .unwrap();
    }
    sync(&ben, &shared);
    sync(&ana, &shared);
    let second = news(&ana);
    assert!(
        second.contains("changed · ") && second.contains("second thought"),
        "{second}"
    );
    // A passage not found in Ana's copy: said so, not a place.
    {
        let mut store = ben.store();
        let doc = ben.document(DISSOLUTION);
        let content = "Words that are in no copy of this essay anywhere at all.";
        let anchor = Anchor::new(content, 0..content.len(), 0);
        store
            .add_annotation(doc, &anchor, 1, "lost in her copy", content, 10_000_000_100)
            .unwrap();
    }
    sync(&ben, &shared);
    sync(&ana, &shared);
    let third = news(&ana);
    assert!(third.contains("not found in your copy"), "{third}");
}

/// In the reader, `p` in the annotations panel makes a note private: a lock in the margin,
/// nothing of it in the group's file; `p` again shares it.
#[test]
fn p_makes_a_note_private_in_the_reader() {
    let t = Pane::new(100, 30);
    let shared = t.dir.path().join("group");
    let ben = Member { db: t.db() };
    note_first_sentence(&t, "Only for me");
    t.keys(&["n"]);
    t.wait_for("Only for me");
    t.keys(&["p"]);
    t.wait_for("note private: never written to a group's files");
    t.keys(&["Escape"]);
    let page = t.wait_until("the lock in the margin", |s| s.contains("🔒"));
    let line = page.lines().find(|l| l.contains("🔒")).unwrap();
    assert!(line.contains("In the tempestuous"), "{page}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    sync(&ben, &shared);
    let id = ben.store().me().unwrap().id;
    let file = std::fs::read_to_string(shared.join(format!("{id}.json"))).unwrap();
    assert!(!file.contains("Only for me"), "{file}");
    // `p` again: shared.
    t.type_line("clear");
    open_essay(&t);
    t.keys(&["n"]);
    t.wait_for("Only for me");
    t.keys(&["p"]);
    t.wait_for("note shared with your groups again");
    t.keys(&["Escape", "q"]);
    t.assert_terminal_restored();
    sync(&ben, &shared);
    let file = std::fs::read_to_string(shared.join(format!("{id}.json"))).unwrap();
    assert!(file.contains("Only for me"), "{file}");
    // Ctrl-P in the note editor does the same, once saved.
    t.type_line("clear");
    open_essay(&t);
    t.keys(&["n"]);
    t.wait_for("Only for me");
    t.keys(&["e"]);
    t.wait_for("Note on");
    t.keys(&["C-p"]);
    t.wait_for("private once saved");
    t.keys(&["C-s"]);
    t.wait_for("note saved");
    t.wait_until("the lock again", |s| s.contains("🔒"));
    t.keys(&["q"]);
    t.assert_terminal_restored();
    sync(&ben, &shared);
    let file = std::fs::read_to_string(shared.join(format!("{id}.json"))).unwrap();
    assert!(!file.contains("Only for me"), "{file}");
}

const AMERICANS: &str = "How the Bolshevik Revolution Inspired Americans";
/// Later than any sync of these tests: a note made after a text arrived in a group.
const LATER: i64 = 4_000_000_000;

/// Every file of a folder, read into one string.
fn folder_text(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    all
}

/// Issue 34, acceptance 1: Ana shares one text with the course and another with the book club;
/// Ben, in the course alone, never receives her notes on the club's text, nor her private note;
/// a note she deleted leaves no word in any later file; Ben's notes made before the text
/// arrived in his group stay his.
#[test]
fn a_group_receives_only_the_notes_on_its_texts() {
    let dir = tempfile::tempdir().unwrap();
    let (course, club) = (dir.path().join("course"), dir.path().join("club"));
    let ana = Member::new(dir.path(), "Ana");
    for args in [
        ["group", "add", "course", course.to_str().unwrap()],
        ["group", "add", "club", club.to_str().unwrap()],
        ["group", "share", "course", "Dissolution"],
        ["group", "share", "club", "Inspired Americans"],
    ] {
        let out = ana.gloss(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    ana.annotate(
        DISSOLUTION,
        "In the tempestuous years",
        "for the course",
        100,
    );
    ana.annotate(
        DISSOLUTION,
        "Communist International",
        "mine alone #private",
        110,
    );
    ana.annotate(
        DISSOLUTION,
        "glimmering red star of communism",
        "doomed words",
        120,
    );
    ana.annotate(AMERICANS, "aimed to inspire workers", "for the club", 130);
    let out = ana.gloss(&["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("course\n") && said.contains("club\n"),
        "{said}"
    );
    let id = ana.store().me().unwrap().id;
    let in_course = std::fs::read_to_string(course.join(format!("{id}.json"))).unwrap();
    assert!(in_course.contains("for the course") && in_course.contains("doomed words"));
    for absent in [
        "for the club",
        "Inspired Americans",
        "mine alone",
        "\"exact\": \"Communist International\"",
    ] {
        assert!(!in_course.contains(absent), "{absent} in {in_course}");
    }
    // The texts she shares with the course, read as any JSON reader reads them.
    let listed = std::fs::read_to_string(course.join(format!("{id}.texts"))).unwrap();
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed["format"], "gloss-texts");
    assert_eq!(listed["texts"].as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed["texts"][0]["title"], DISSOLUTION);
    let in_club = std::fs::read_to_string(club.join(format!("{id}.json"))).unwrap();
    assert!(in_club.contains("for the club") && !in_club.contains("for the course"));

    // Ben is in the course: Ana's text arrives; his note made before stays his.
    let ben = Member::new(dir.path(), "Ben");
    ben.annotate(DISSOLUTION, "global labor movement", "Ben alone", 140);
    let out = ben.gloss(&["group", "add", "course", course.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = ben.gloss(&["sync", "course"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains(&format!(
            "“{DISSOLUTION}” arrived in the group (shared by Ana)"
        )),
        "{said}"
    );
    let mut notes: Vec<String> = ben.notes(DISSOLUTION).into_iter().map(|n| n.2).collect();
    notes.sort();
    assert_eq!(notes, ["Ben alone", "doomed words", "for the course"]);
    assert!(ben.notes(AMERICANS).is_empty());
    let ben_id = ben.store().me().unwrap().id;
    let bens = || std::fs::read_to_string(course.join(format!("{ben_id}.json"))).unwrap();
    assert!(!bens().contains("Ben alone"), "{}", bens());
    // What he writes now is the group's.
    ben.annotate(
        DISSOLUTION,
        "The birth of Soviet Russia",
        "Ben for the course",
        LATER,
    );
    assert!(ben.gloss(&["sync"]).status.success());
    assert!(bens().contains("Ben for the course") && !bens().contains("Ben alone"));

    // Ana deletes a note: no later file holds its words.
    {
        let mut store = ana.store();
        let notes = store.annotations(ana.document(DISSOLUTION)).unwrap();
        let doomed = notes.iter().find(|a| a.note == "doomed words").unwrap();
        store.set_annotation_deleted(doomed.id, true, 150).unwrap();
    }
    assert!(ana.gloss(&["sync"]).status.success());
    assert!(ben.gloss(&["sync", "course"]).status.success());
    for folder in [&course, &club] {
        let all = folder_text(folder);
        // Its quote as its quote: the text's words stay in the context of the notes beside it.
        for gone in [
            "doomed words",
            "\"exact\": \"glimmering red star of communism\"",
        ] {
            assert!(!all.contains(gone), "{gone} in {}", folder.display());
        }
    }
    let mut notes: Vec<String> = ben.notes(DISSOLUTION).into_iter().map(|n| n.2).collect();
    notes.sort();
    assert_eq!(notes, ["Ben alone", "Ben for the course", "for the course"]);
}

/// Issue 34, acceptance 4: a folder synced with before groups becomes, at its first sync after
/// the upgrade, a group holding the texts shared there, and says so; nothing is withdrawn.
#[test]
fn a_folder_synced_before_groups_becomes_a_group() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("Book Club");
    let ana = Member::new(dir.path(), "Ana");
    ana.annotate(DISSOLUTION, "In the tempestuous years", "on the first", 100);
    ana.annotate(AMERICANS, "aimed to inspire workers", "on the second", 110);
    // As gloss synced before groups: every note to the folder.
    let out = ana.gloss(&["sync", "--share-all", shared.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = ana.store().me().unwrap().id;
    let before = std::fs::read_to_string(shared.join(format!("{id}.json"))).unwrap();
    let out = ana.gloss(&["sync", shared.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("is now the group book-club, sharing the 2 texts you shared there"),
        "{said}"
    );
    assert!(!said.contains("withdrew"), "{said}");
    let after = std::fs::read_to_string(shared.join(format!("{id}.json"))).unwrap();
    assert_eq!(before, after, "the same notes, written the same way");
    let listed = stdout(&ana.gloss(&["group"]));
    assert!(
        listed.contains("book-club") && listed.contains(AMERICANS),
        "{listed}"
    );
    // From now on `gloss sync` syncs it, and a folder never synced is not shared with unasked.
    assert!(ana.gloss(&["sync"]).status.success());
    let stranger = dir.path().join("stranger");
    let out = ana.gloss(&["sync", stranger.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is not one of your groups"),
        "{}",
        stderr(&out)
    );
    assert!(!stranger.join(format!("{id}.json")).exists());
}

/// `gloss group purge-history`: the versions of Ana's file holding a note she deleted are
/// counted, then rewritten away (and force-pushed); Ben's next syncs follow the new history.
#[test]
fn purge_history_takes_deleted_words_out_of_a_git_group() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_remote(dir.path());
    let (ana, ben) = (
        Member::new(dir.path(), "Ana"),
        Member::new(dir.path(), "Ben"),
    );
    let ok = |member: &Member, args: &[&str]| {
        let out = member.gloss(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    for (member, name) in [(&ana, "ana"), (&ben, "ben")] {
        let tree = member_clone(dir.path(), &remote, name);
        ok(member, &["group", "add", "club", tree.to_str().unwrap()]);
    }
    ok(&ana, &["group", "share", "club", "Dissolution"]);
    ana.annotate(DISSOLUTION, "In the tempestuous years", "kept words", 100);
    ana.annotate(DISSOLUTION, "global labor movement", "doomed words", 110);
    ok(&ana, &["sync", "club"]);
    ok(&ben, &["sync", "club"]);
    ben.annotate(
        DISSOLUTION,
        "The birth of Soviet Russia",
        "Ben's words",
        LATER,
    );
    ok(&ben, &["sync", "club"]);
    {
        let mut store = ana.store();
        let notes = store.annotations(ana.document(DISSOLUTION)).unwrap();
        let doomed = notes.iter().find(|a| a.note == "doomed words").unwrap();
        store.set_annotation_deleted(doomed.id, true, 150).unwrap();
    }
    ok(&ana, &["sync", "club"]);
    let history = || git(&remote, &["log", "-p", "--all"]);
    assert!(history().contains("doomed words"), "git kept it");
    let said = ok(&ana, &["group", "purge-history", "club"]);
    assert!(said.contains("1 of the 2 versions of your file"), "{said}");
    assert!(history().contains("doomed words"), "only said, not done");
    let said = ok(&ana, &["group", "purge-history", "club", "--yes"]);
    assert!(said.contains("force-pushed to origin"), "{said}");
    let after = history();
    assert!(!after.contains("doomed words"), "{after}");
    assert!(after.contains("kept words") && after.contains("Ben's words"));
    let said = ok(&ana, &["group", "purge-history", "club"]);
    assert!(said.contains("nothing to purge"), "{said}");
    // Ben follows the rewritten history and goes on sharing.
    ben.annotate(DISSOLUTION, "Joseph Stalin", "Ben again", LATER + 10);
    let said = ok(&ben, &["sync", "club"]);
    assert!(said.contains("committed and pushed"), "{said}");
    ok(&ana, &["sync", "club"]);
    let notes: Vec<String> = ana.notes(DISSOLUTION).into_iter().map(|n| n.2).collect();
    assert!(notes.contains(&"Ben again".to_string()), "{notes:?}");
    let ben_tree = dir.path().join("ben");
    assert!(!git(&ben_tree, &["log", "-p"]).contains("doomed words"));
}

/// In the reader, `O` shares the open text with a group: the status bar says which groups see
/// it (`🔒 no group` before), a note made while no group saw the text shows a lock until the
/// text is shared, and `O` again takes it back.
#[test]
fn o_shares_the_open_text_with_a_group() {
    let t = Pane::new(110, 30);
    let course = t.dir.path().join("course");
    let out = run_gloss(
        &t.db(),
        &["group", "add", "course", course.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    note_first_sentence(&t, "Written alone");
    t.wait_for("🔒 no group");
    t.wait_until("the lock beside the note", |s| {
        s.lines()
            .any(|l| l.contains("🔒") && l.contains("In the tempestuous"))
    });
    t.keys(&["Escape", "Escape", "O"]);
    t.wait_for("Share with group: course");
    t.keys(&["Enter"]);
    let screen = t.wait_for("shared with course: 1 note goes at the next sync");
    assert!(screen.contains("⇄ course"), "{screen}");
    t.wait_until("no lock once shared", |s| !s.contains("🔒"));
    t.keys(&["O"]);
    t.wait_for("Share with group: course");
    t.keys(&["Enter"]);
    t.wait_for("taken back from course");
    t.wait_for("🔒 no group");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// `gloss sync DIR` on a folder that is no group asks once, on the terminal: no writes nothing;
/// yes makes the folder a group (and a second sync asks nothing).
#[test]
fn a_sync_to_a_new_folder_asks_first() {
    let t = Pane::new(120, 20);
    let folder = t.dir.path().join("circle");
    t.gloss(&["sync", folder.to_str().unwrap()]);
    t.wait_for("is not one of your groups. Make it the group circle?");
    t.keys(&["n", "Enter"]);
    t.wait_for("`gloss group add NAME");
    assert!(!folder.exists() || std::fs::read_dir(&folder).unwrap().next().is_none());
    t.type_line("clear");
    t.gloss(&["sync", folder.to_str().unwrap()]);
    t.wait_for("Make it the group circle?");
    t.keys(&["y", "Enter"]);
    t.wait_for("made the group circle");
    t.wait_for("wrote ");
    let listed = stdout(&run_gloss(&t.db(), &["group"]));
    assert!(listed.starts_with("circle  "), "{listed}");
    let again = run_gloss(&t.db(), &["sync", folder.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
}

/// A push the remote refuses (its pre-receive hook) says why, in git's words and the hook's,
/// on one line; the file stays committed for the next sync.
#[test]
fn a_rejected_push_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let remote = bare_remote(dir.path());
    let hook = remote.join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'pushes are closed for the holidays' >&2\nexit 1\n",
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&hook).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&hook, permissions).unwrap();
    let ana = Member::new(dir.path(), "Ana");
    let tree = member_clone(dir.path(), &remote, "ana");
    ana.annotate(DISSOLUTION, "In the tempestuous years", "Ana's note", 100);
    let out = ana.gloss(&["sync", "--share-all", tree.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("could not push your file"), "{said}");
    assert!(said.contains("pre-receive hook declined"), "{said}");
    assert!(
        said.contains("pushes are closed for the holidays"),
        "{said}"
    );
    assert!(git(&tree, &["log", "--format=%s"]).contains("gloss sync: Ana"));
}

/// A sync writes many members' files in one transaction: a file whose writing fails takes
/// none of the others with it. Cleo's file cannot be written here (a trigger refuses her
/// notes, as a full disk or a broken row would); Ana's and Ben's arrive, Cleo's after the fault
/// is gone.
#[test]
fn a_file_that_cannot_be_written_leaves_the_others_in() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    let members: Vec<Member> = ["Ana", "Ben", "Cleo"]
        .into_iter()
        .map(|name| Member::new(tmp.path(), name))
        .collect();
    let quotes = [
        "Stalin’s Great Purge",
        "Socialism in One Country",
        "the final nail in the coffin",
    ];
    for (i, (m, quote)) in members.iter().zip(quotes).enumerate() {
        m.annotate(DISSOLUTION, quote, &format!("note {i}"), 100 + i as i64);
        sync(m, &shared);
    }
    let reader = Member::new(tmp.path(), "Reader");
    let conn = rusqlite::Connection::open(&reader.db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER refuse BEFORE INSERT ON annotations
         WHEN new.author_name = 'Cleo' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    )
    .unwrap();
    let mut store = reader.store();
    let mut importer = gloss::group::Importer::new(&mut store).unwrap();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&shared)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let files = paths.len();
    let mut heard = Vec::new();
    let results = importer.import_files(&mut store, paths, &mut |done, total| {
        heard.push((done, total));
    });
    // Progress after each file, failed or not (what `gloss sync` draws its bar from).
    let each: Vec<(usize, usize)> = (1..=files).map(|n| (n, files)).collect();
    assert_eq!(heard, each);
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("refused"), "{failed:?}");
    drop(store);
    let authors = |m: &Member| -> Vec<String> {
        m.notes(DISSOLUTION)
            .into_iter()
            .map(|(a, _, _)| a)
            .collect()
    };
    assert_eq!(authors(&reader), ["Ana", "Ben"]);
    conn.execute_batch("DROP TRIGGER refuse").unwrap();
    sync(&reader, &shared);
    assert_eq!(authors(&reader), ["Ana", "Ben", "Cleo"]);
}
