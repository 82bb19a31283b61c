use super::*;

#[test]
fn titles_match_in_their_usual_forms() {
    let entry = |title: &str, author: Option<&str>| LibraryEntry {
        id: DocumentId(1),
        hash: String::new(),
        title: title.into(),
        author: author.map(str::to_string),
        url: None,
        format: crate::document::Format::TEXT,
        path: None,
        bundled: None,
        chars: 0,
        words: 0,
        position: 0,
        last_read_at: None,
        at_end: false,
        added_at: 0,
    };
    let book = |title: &str, authors: &str| Book {
        title: title.into(),
        authors: authors.into(),
        ..Book::default()
    };
    let meditations = entry("Meditations", Some("Marcus Aurelius"));
    assert!(same_book(
        &book("Meditations (Penguin Classics)", "Marcus Aurelius"),
        &meditations
    ));
    assert!(same_book(&book("MEDITATIONS", ""), &meditations));
    assert!(!same_book(
        &book("Meditations", "René Descartes"),
        &meditations
    ));
    let essay = entry("The Russian Revolution: A Study", None);
    assert!(same_book(
        &book("The Russian Revolution", "Trotsky"),
        &essay
    ));
    assert!(!same_book(&book("The French Revolution", ""), &essay));
    assert!(
        same_book(&book("The Russian Revolutoin", ""), &essay),
        "a letter off"
    );
    let issue = entry("Kindle4RSS - Jun 06", None);
    assert!(!same_book(
        &book("Kindle4RSS - Jun 04", "Kindle4rss"),
        &issue
    ));
    assert!(same_url(
        "https://www.example.org/a/b/#top",
        "http://example.org/a/b"
    ));
}
