use super::*;
use crate::anchor::Anchor;
use crate::document::DocumentId;
use crate::store::Store;

/// A store with the bundled texts, a name, and one highlight with a note on the Dissolution.
fn member(name: &str) -> (Store, DocumentId) {
    let mut store = Store::open_in_memory().unwrap();
    crate::library::register_bundled(&mut store, 0).unwrap();
    store.set_setting("name", name).unwrap();
    let entry = store
        .library()
        .unwrap()
        .into_iter()
        .find(|e| e.title.starts_with("The Dissolution"))
        .unwrap();
    (store, entry.id)
}

fn annotate(store: &mut Store, doc: DocumentId, quote: &str, note: &str, at: i64) {
    let entry = store.entry(doc).unwrap().unwrap();
    let text = crate::library::open_entry(store, &entry, 0).unwrap().doc;
    let start = text.content.find(quote).unwrap();
    let anchor = Anchor::new(
        &text.content,
        start..start + quote.len(),
        text.char_of(start),
    );
    store
        .add_annotation(doc, &anchor, 1, note, &text.content, at)
        .unwrap();
}

#[test]
fn a_round_trip_keeps_every_field() {
    let (mut a, doc_a) = member("Ana");
    annotate(
        &mut a,
        doc_a,
        "Stalin’s Great Purge",
        "Terror abroad too. #purge",
        100,
    );
    annotate(&mut a, doc_a, "Socialism in One Country", "", 200);
    let file = export_json(&mut a, None).unwrap();
    let (mut b, doc_b) = member("Ben");
    assert_eq!(b.document_text(doc_b).unwrap(), None);
    let summary = import(&mut b, file.as_bytes()).unwrap();
    assert_eq!(
        (summary.imported, summary.updated, summary.orphaned),
        (2, 0, 0)
    );
    // Ben has no annotation of his own on it, yet its text is kept: an edit of his copy will
    // be followed through the diff for Ana's notes too.
    assert!(b.document_text(doc_b).unwrap().is_some());
    let ours = a.annotations(doc_a).unwrap();
    let theirs = b.annotations(doc_b).unwrap();
    let me = a.me().unwrap();
    assert_eq!(ours.len(), theirs.len());
    for (x, y) in ours.iter().zip(&theirs) {
        assert_eq!(x.uuid, y.uuid);
        assert_eq!(x.anchor, y.anchor);
        assert_eq!(x.note, y.note);
        assert_eq!(x.tags, y.tags);
        assert_eq!(x.color, y.color);
        assert_eq!((x.created_at, x.modified_at), (y.created_at, y.modified_at));
        assert_eq!(
            y.author.as_ref().unwrap(),
            &me,
            "Ben sees Ana as the author"
        );
        assert!(!y.orphaned);
    }
    // The same file again changes nothing.
    let again = import(&mut b, file.as_bytes()).unwrap();
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(
        again.to_string(),
        "0 imported, 0 updated, 0 to check, 0 orphaned, 2 unchanged"
    );
}

#[test]
fn newer_versions_replace_older_deletions_delete_and_own_notes_stay() {
    let (mut a, doc_a) = member("Ana");
    annotate(&mut a, doc_a, "Stalin’s Great Purge", "first thought", 100);
    let (mut b, doc_b) = member("Ben");
    import(&mut b, export_json(&mut a, None).unwrap().as_bytes()).unwrap();
    annotate(&mut b, doc_b, "Spanish Civil War", "Ben's own", 150);

    // Ana edits her note: Ben gets the edit.
    let id = a.annotations(doc_a).unwrap()[0].id;
    a.set_note(id, "second thought #later", 300).unwrap();
    let s = import(&mut b, export_json(&mut a, None).unwrap().as_bytes()).unwrap();
    assert_eq!((s.imported, s.updated), (0, 1));
    let notes: Vec<String> = b
        .annotations(doc_b)
        .unwrap()
        .iter()
        .map(|x| x.note.clone())
        .collect();
    assert!(notes.contains(&"second thought #later".to_string()));
    // Its tag with it, on the row and in the index of tags.
    let tagged = b.all_annotations(Some(doc_b), Some("later")).unwrap();
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].annotation.tags, ["later"]);
    assert!(notes.contains(&"Ben's own".to_string()));
    // The notes index followed, though an import indexes in bulk: the old words are gone.
    let found = |b: &Store, query: &str| b.search_notes(query, 10).unwrap().len();
    assert_eq!(found(&b, "second"), 1);
    assert_eq!(found(&b, "seco*"), 1);
    assert_eq!(found(&b, "first"), 0);
    assert_eq!(found(&b, "own"), 1);
    assert_eq!(found(&b, "Purge"), 1, "the quote is indexed too");

    // Ana deletes it: Ben's copy goes too; Ben's own stays.
    a.set_annotation_deleted(id, true, 400).unwrap();
    let s = import(&mut b, export_json(&mut a, None).unwrap().as_bytes()).unwrap();
    assert_eq!(s.deleted, 1);
    let left: Vec<String> = b
        .annotations(doc_b)
        .unwrap()
        .iter()
        .map(|x| x.note.clone())
        .collect();
    assert_eq!(left, ["Ben's own"]);

    // Importing one's own export changes nothing.
    let file = export_json(&mut b, None).unwrap();
    let own = import(&mut b, file.as_bytes()).unwrap();
    assert_eq!(own.own, 1);
}

#[test]
fn an_edition_with_its_title_reworded_is_found_by_its_quotes() {
    let (mut a, doc_a) = member("Ana");
    annotate(&mut a, doc_a, "Stalin’s Great Purge", "", 100);
    annotate(&mut a, doc_a, "Socialism in One Country", "", 200);
    let file = export_json(&mut a, None).unwrap();
    // Ben's copy: the title line reworded and a paragraph put under it; no bundled texts.
    let (name, bytes) = crate::library::bundled()
        .find(|(n, _)| n.starts_with("dissolution"))
        .unwrap();
    let text = std::str::from_utf8(bytes).unwrap();
    let (_, rest) = text.split_once('\n').unwrap();
    let edited = format!("How the Comintern Ended\n\nA foreword by the group.\n{rest}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, edited).unwrap();
    let mut b = Store::open_in_memory().unwrap();
    b.set_setting("name", "Ben").unwrap();
    let doc_b = crate::library::open_file(&mut b, &path, 0)
        .unwrap()
        .entry
        .id;
    let summary = import(&mut b, file.as_bytes()).unwrap();
    assert_eq!((summary.imported, summary.no_text), (2, 0), "{summary}");
    let theirs = b.annotations(doc_b).unwrap();
    let quotes: Vec<&str> = theirs.iter().map(|x| x.anchor.quote.as_str()).collect();
    assert_eq!(quotes, ["Socialism in One Country", "Stalin’s Great Purge"]);
}

/// Ana, with a note on the Dissolution for the others to answer.
fn ana_with_a_note() -> (Store, DocumentId) {
    let (mut ana, doc) = member("Ana");
    annotate(
        &mut ana,
        doc,
        "Stalin’s Great Purge",
        "Terror abroad too.",
        100,
    );
    (ana, doc)
}

/// B replies to A's note, C replies and takes it back: every member sees the thread as its
/// authors left it, the same files twice change nothing, and news lists B's reply once.
#[test]
fn replies_travel_with_edits_and_deletions() {
    let (mut a, doc_a) = ana_with_a_note();
    let (mut b, doc_b) = member("Ben");
    let (mut c, doc_c) = member("Cleo");
    let from_a = export_json(&mut a, None).unwrap();
    import(&mut b, from_a.as_bytes()).unwrap();
    import(&mut c, from_a.as_bytes()).unwrap();
    let parent = b.annotations(doc_b).unwrap()[0].uuid.clone();
    let ben_reply = b
        .add_reply(&parent, "And at home, from 1936.", 200)
        .unwrap();
    let cleo_reply = c
        .add_reply(&parent, "Too quick: see the trials.", 210)
        .unwrap();
    let (from_b, from_c) = (
        export_json(&mut b, None).unwrap(),
        export_json(&mut c, None).unwrap(),
    );
    for (who, file) in [(0, &from_b), (0, &from_c), (2, &from_b), (1, &from_c)] {
        let store = [&mut a, &mut b, &mut c].into_iter().nth(who).unwrap();
        let s = import(store, file.as_bytes()).unwrap();
        assert_eq!(s.imported, 1, "one reply: {s}");
    }
    let thread = |s: &Store, doc| -> Vec<String> {
        s.replies(Some(doc))
            .unwrap()
            .into_iter()
            .map(|r| r.body)
            .collect()
    };
    assert_eq!(
        thread(&a, doc_a),
        ["And at home, from 1936.", "Too quick: see the trials."]
    );
    assert_eq!(thread(&b, doc_b), thread(&a, doc_a));
    assert_eq!(thread(&c, doc_c), thread(&a, doc_a));
    let again = import(&mut a, from_b.as_bytes()).unwrap();
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 1));

    // Ana's news: both replies, once.
    let news = a.news().unwrap();
    assert_eq!(news.len(), 2);
    assert!(
        news.iter()
            .all(|n| n.deed == crate::annotation::news::Deed::Replied)
    );
    assert_eq!(news[0].author.name, "Ben");
    assert_eq!(news[0].quote, "Stalin’s Great Purge");
    assert_eq!(a.news_counts().unwrap()[&doc_a], 2);
    a.mark_news_seen(&news).unwrap();
    assert!(a.news().unwrap().is_empty());

    // Cleo takes hers back: gone everywhere; Ben edits his: everyone has the new text.
    c.set_reply_deleted(cleo_reply.id, true, 300).unwrap();
    b.set_reply(ben_reply.id, "And at home, from 1934.", 310)
        .unwrap();
    let (from_b, from_c) = (
        export_json(&mut b, None).unwrap(),
        export_json(&mut c, None).unwrap(),
    );
    let s = import(&mut a, from_c.as_bytes()).unwrap();
    assert_eq!(s.deleted, 1);
    import(&mut a, from_b.as_bytes()).unwrap();
    import(&mut b, from_c.as_bytes()).unwrap();
    assert_eq!(thread(&a, doc_a), ["And at home, from 1934."]);
    assert_eq!(thread(&b, doc_b), ["And at home, from 1934."]);
    assert_eq!(
        thread(&c, doc_c),
        ["And at home, from 1936."],
        "Cleo has not synced Ben's edit"
    );
    let news = a.news().unwrap();
    assert_eq!(news.len(), 1, "an edited reply is news again: {news:?}");
    // Nobody changes another's reply through a file of theirs.
    let forged = from_c.replace(&c.me().unwrap().id, &b.me().unwrap().id);
    let s = import(&mut a, forged.as_bytes()).unwrap();
    assert_eq!(s.deleted + s.updated, 0, "{s}");
}

#[test]
fn a_reply_to_an_annotation_not_yet_here_waits_for_it() {
    let (mut a, doc_a) = ana_with_a_note();
    let from_a = export_json(&mut a, None).unwrap();
    let (mut b, _) = member("Ben");
    import(&mut b, from_a.as_bytes()).unwrap();
    let parent = a.annotations(doc_a).unwrap()[0].uuid.clone();
    b.add_reply(&parent, "Yes.", 200).unwrap();
    let from_b = export_json(&mut b, None).unwrap();
    // Cleo gets Ben's reply first: it waits, then shows under Ana's note when that comes.
    let (mut c, doc_c) = member("Cleo");
    assert_eq!(import(&mut c, from_b.as_bytes()).unwrap().imported, 1);
    assert!(c.replies(Some(doc_c)).unwrap().is_empty());
    assert!(c.news().unwrap().is_empty());
    import(&mut c, from_a.as_bytes()).unwrap();
    assert_eq!(c.replies(Some(doc_c)).unwrap().len(), 1);
    assert_eq!(c.news().unwrap().len(), 2, "Ana's note and Ben's reply");
}

#[cfg(unix)]
#[test]
fn a_sync_reads_only_the_regular_files_in_its_folder() {
    let (mut a, _) = ana_with_a_note();
    let (mut b, doc_b) = member("Ben");
    let folder = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    // A real export, but outside the folder: a link to it is not followed.
    let elsewhere = outside.path().join("ana.json");
    std::fs::write(&elsewhere, export_json(&mut a, None).unwrap()).unwrap();
    let dir = folder.path();
    std::os::unix::fs::symlink(&elsewhere, dir.join("ana.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.json")).unwrap();
    std::os::unix::fs::symlink("/dev/stdin", dir.join("stdin.json")).unwrap();
    let fifo = std::ffi::CString::new(dir.join("pipe.json").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let started = std::time::Instant::now();
    let synced = sync(&mut b, Sharing::Everything(dir), false).unwrap();
    assert!(started.elapsed().as_secs() < 2, "nothing waited on");
    assert_eq!(synced.imported.len(), 4);
    for (path, result) in &synced.imported {
        let err = result.as_ref().unwrap_err().to_string();
        assert!(err.contains("not a regular file"), "{path:?}: {err}");
    }
    assert!(b.annotations(doc_b).unwrap().is_empty(), "nothing imported");
    // A file named on the command line is the reader's choice: a link to it is followed.
    let s = import_file(&mut b, &dir.join("ana.json")).unwrap();
    assert_eq!(s.imported, 1);
    let piped = import_file(&mut b, &dir.join("pipe.json")).unwrap_err();
    assert!(piped.to_string().contains("not a regular file"), "{piped}");
}

/// A member who reads their own edited copy of a text gets the group's notes on it, not on
/// the exporter's copy lying unread in their library (the bundled one here): notes go to the
/// edition the member reads.
#[test]
fn notes_go_to_the_edition_the_member_reads() {
    let (mut a, doc_a) = member("Ana");
    annotate(&mut a, doc_a, "Stalin’s Great Purge", "", 100);
    annotate(&mut a, doc_a, "Socialism in One Country", "", 200);
    let file = export_json(&mut a, None).unwrap();
    // Ben has the bundled copy (Ana's very text), never read, and reads his own edited copy.
    let (mut b, bundled) = member("Ben");
    let (name, bytes) = crate::library::bundled()
        .find(|(n, _)| n.starts_with("dissolution"))
        .unwrap();
    let text = std::str::from_utf8(bytes).unwrap();
    let edited = text.replacen("In the tempestuous years", "In the stormy years", 1);
    assert_ne!(edited, text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, edited).unwrap();
    let read = crate::library::open_file(&mut b, &path, 0)
        .unwrap()
        .entry
        .id;
    assert_ne!(read, bundled);
    b.save_position(read, 0, None, false, 50).unwrap();
    let summary = import(&mut b, file.as_bytes()).unwrap();
    assert_eq!((summary.imported, summary.orphaned), (2, 0), "{summary}");
    assert_eq!(
        b.annotations(read).unwrap().len(),
        2,
        "on the copy Ben reads"
    );
    assert!(b.annotations(bundled).unwrap().is_empty());
    assert_eq!(b.news_counts().unwrap().get(&bundled), None);
}

#[test]
fn a_summary_says_what_to_check_and_briefly_only_what_is_not_zero() {
    let summary = Summary {
        imported: 1,
        to_check: 1,
        unchanged: 2,
        ..Summary::default()
    };
    assert_eq!(
        summary.to_string(),
        "1 imported, 0 updated, 1 to check, 0 orphaned, 2 unchanged"
    );
    assert_eq!(summary.brief(), "1 imported, 1 to check, 2 unchanged");
    assert_eq!(Summary::default().brief(), "nothing new");
}

#[test]
fn an_edit_in_the_same_batch_as_its_note_leaves_the_notes_index_whole() {
    let (mut a, doc_a) = member("Ana");
    annotate(&mut a, doc_a, "Stalin’s Great Purge", "alpha thought", 100);
    let before = export_json(&mut a, None).unwrap();
    let id = a.annotations(doc_a).unwrap()[0].id;
    a.set_note(id, "omega thought", 200).unwrap();
    let after = export_json(&mut a, None).unwrap();
    let mut b = Store::open_in_memory().unwrap();
    crate::library::register_bundled(&mut b, 0).unwrap();
    let mut importer = Importer::new(&mut b).unwrap();
    // A sync's batch: the note arrives, then its edit, before the batch's notes are indexed.
    b.begin_batch().unwrap();
    importer.import(&mut b, before.as_bytes()).unwrap();
    let edit = importer.import(&mut b, after.as_bytes()).unwrap();
    b.end_batch().unwrap();
    assert_eq!((edit.imported, edit.updated), (0, 1));
    assert!(b.search_notes("alpha", 10).unwrap().is_empty());
    assert_eq!(b.search_notes("omega", 10).unwrap().len(), 1);
    b.check_notes_index()
        .expect("the notes index agrees with the annotations");
}
