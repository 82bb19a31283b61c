//! Web pages: saved pages read as their article (the junk gone) or whole with `--raw`, and
//! `gloss add URL` against a small HTTP server on 127.0.0.1 that the test runs: a page, a
//! redirect, a 404, a huge body, a PDF, a slow server; then reading offline and a changed page
//! fetched again with its annotations carried over.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use gloss::anchor::Anchor;
use gloss::document::{Document, Format};
use gloss::store::Store;
use support::GLOSS;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

const JUNK: [&str; 9] = [
    "Leave a Reply",
    "Your email address will not be published",
    "Sidebar link",
    "Related Posts",
    "Share this",
    "About Us",
    "Powered by WordPress",
    "Subscribe now",
    "Football results",
];

#[test]
fn a_saved_page_reads_as_its_article_and_whole_with_raw() {
    for (name, title, sentence) in [
        (
            "blog-post.html",
            "The Popular Front Turn",
            "turned the movement toward the popular front",
        ),
        (
            "news-article.html",
            "Archives reopen the story of 1943",
            "newly opened archives",
        ),
        (
            "french-page.html",
            "L’héritage d’Octobre",
            "La révolution d’Octobre a inspiré des militants",
        ),
    ] {
        let doc = Document::open(&fixture(name)).unwrap();
        assert_eq!(doc.format, Format::HTML);
        assert!(doc.title.starts_with(title), "{name}: {}", doc.title);
        assert!(doc.content.contains(sentence), "{name}");
        for junk in JUNK {
            assert!(!doc.content.contains(junk), "{name} keeps {junk:?}");
        }
        let raw = Document::open_as(&fixture(name), Format::HTML_RAW).unwrap();
        assert!(raw.content.contains(sentence));
        assert!(raw.content.len() > doc.content.len() / 2);
    }
    let blog = Document::open(&fixture("blog-post.html")).unwrap();
    assert_eq!(blog.author.as_deref(), Some("Rosa Writer"));
    assert!(blog.content.contains("Rosa Writer · 2024-03-08"));
    // The page's own "By Rosa Writer" line is not read a second time under it.
    assert_eq!(
        blog.content.matches("Rosa Writer").count(),
        1,
        "{}",
        blog.content
    );
    assert_eq!(blog.content.matches("The Popular Front Turn").count(), 1);
    let note = &blog.notes[0];
    assert_eq!(&blog.content[note.start..note.end], "1");
    assert!(blog.note_text(note).contains("Dimitrov's report"));
    let raw = Document::open_as(&fixture("blog-post.html"), Format::HTML_RAW).unwrap();
    assert!(raw.content.contains("Leave a Reply") && raw.content.contains("Sidebar link one"));
    let news = Document::open(&fixture("news-article.html")).unwrap();
    assert!(news.content.contains("[image: The archive reading room]"));
    assert_eq!(news.content.matches("Jan Reporter").count(), 1);
    assert!(news.content.contains("Year │ Members\n1919 │ 19"));
}

/// What the test server answers, by path; `/page` can change between fetches.
struct Server {
    url: String,
    page: Arc<Mutex<String>>,
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let page = Arc::new(Mutex::new(
        std::fs::read_to_string(fixture("blog-post.html")).unwrap(),
    ));
    let served = Arc::clone(&page);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let page = Arc::clone(&served);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                        break;
                    }
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let respond = |stream: &mut std::net::TcpStream,
                               status: &str,
                               kind: &str,
                               body: &[u8]| {
                    let head = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(body);
                };
                match path.as_str() {
                    "/page" => {
                        let body = page.lock().unwrap().clone();
                        respond(
                            &mut stream,
                            "200 OK",
                            "text/html; charset=utf-8",
                            body.as_bytes(),
                        );
                    }
                    "/moved" => {
                        let _ = stream.write_all(
                            b"HTTP/1.1 301 Moved Permanently\r\nLocation: /page\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    }
                    "/loop" => {
                        let _ = stream.write_all(
                            b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    }
                    "/pdf" => respond(&mut stream, "200 OK", "application/pdf", b"%PDF-1.7 ..."),
                    // Says it is a page, and is not.
                    "/binary" => respond(&mut stream, "200 OK", "text/html", b"\0\0\x01binary"),
                    "/huge" => {
                        // Says nothing of its length: the limit must hold while reading.
                        let _ = stream.write_all(
                            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>",
                        );
                        let chunk = vec![b'a'; 1 << 20];
                        for _ in 0..25 {
                            if stream.write_all(&chunk).is_err() {
                                return;
                            }
                        }
                    }
                    // Never answers: holds the connection until the client gives up.
                    "/slow" => {
                        let _ = std::io::copy(&mut reader, &mut std::io::sink());
                    }
                    _ => respond(
                        &mut stream,
                        "404 Not Found",
                        "text/html",
                        b"<h1>Not here</h1>",
                    ),
                }
            });
        }
    });
    Server { url, page }
}

fn gloss(db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(GLOSS)
        .args(args)
        .env("GLOSS_DB", db)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn gloss_add_fetches_keeps_a_copy_and_refuses_what_is_not_a_page() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");

    let (ok, out, err) = gloss(&db, &["add", &format!("{}/moved", server.url)]);
    assert!(ok, "{err}");
    assert!(
        out.contains("added “The Popular Front Turn · Rosa Writer”"),
        "{out}"
    );
    assert!(out.contains(&format!("from {}/page", server.url)), "{out}");

    for (path, message) in [
        ("/missing", "the server answered 404 Not Found"),
        (
            "/pdf",
            "this is not a web page: the server says it is application/pdf",
        ),
        ("/huge", "the page is larger than 20 MB; refused"),
        ("/binary", "binary file"),
        ("/slow", "no answer within 1 seconds"),
        ("/loop", "more than 10 redirects"),
    ] {
        let url = format!("{}{path}", server.url);
        let (ok, out, err) = gloss(&db, &["add", "--timeout", "1", &url]);
        assert!(!ok, "{path}: {out}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{path}: {err}");
        assert!(err.contains(message), "{path}: {err}");
    }
    let (ok, _, err) = gloss(&db, &["add", "http://127.0.0.1:9/nothing-listens"]);
    assert!(!ok);
    assert!(
        err.starts_with(
            "gloss: cannot add http://127.0.0.1:9/nothing-listens: cannot reach the server"
        ),
        "{err}"
    );

    // Only the page is in the library, and its copy reads offline.
    let (_, list, _) = gloss(&db, &["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&list).unwrap();
    let fetched: Vec<&serde_json::Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["url"].is_string())
        .collect();
    assert_eq!(fetched.len(), 1);
    let copy = PathBuf::from(fetched[0]["path"].as_str().unwrap());
    assert!(copy.starts_with(dir.path().join("articles")));
    // Nothing refused was kept.
    let copies = std::fs::read_dir(dir.path().join("articles"))
        .unwrap()
        .count();
    assert_eq!(copies, 1, "only the page's copy");
    // A page that turns binary is refused, and its earlier copy stays as it was.
    let before = std::fs::read(&copy).unwrap();
    *server.page.lock().unwrap() = "\0\0binary now".to_string();
    let (ok, _, err) = gloss(&db, &["add", &format!("{}/page", server.url)]);
    assert!(!ok && err.contains("binary file"), "{err}");
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path().join("articles"))
            .unwrap()
            .count(),
        1
    );
    drop(server);
    let doc = Document::open(&copy).unwrap();
    assert!(
        doc.content
            .contains("turned the movement toward the popular front")
    );
}

#[test]
fn a_changed_page_fetched_again_is_a_new_edition_with_its_annotations() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let url = format!("{}/page", server.url);
    let (ok, _, err) = gloss(&db, &["add", &url]);
    assert!(ok, "{err}");

    // Highlight a sentence of the article, as the reader would.
    {
        let mut store = Store::open(&db).unwrap();
        let entry = store
            .library()
            .unwrap()
            .into_iter()
            .find(|e| e.url.is_some())
            .unwrap();
        let doc = Document::open_as(entry.path.as_deref().unwrap(), entry.format).unwrap();
        let quote = "Workers of all countries, unite against fascism.";
        let start = doc.content.find(quote).unwrap();
        let anchor = Anchor::new(&doc.content, start..start + quote.len(), doc.char_of(start));
        store
            .add_annotation(entry.id, &anchor, 1, "the slogan", &doc.content, 1)
            .unwrap();
    }
    // The site changes the post: a new paragraph first, the slogan reworded a little.
    {
        let mut page = server.page.lock().unwrap();
        *page = page
            .replace(
                "<div class=\"entry-content\">",
                "<div class=\"entry-content\"><p>An update: this post was revised after readers wrote in with corrections about the congress and its delegates.</p>",
            )
            .replace("unite against fascism.", "unite against fascism!");
    }
    let (ok, out, err) = gloss(&db, &["add", &url]);
    assert!(ok, "{err}");
    assert!(
        out.contains(
            "a new edition: 0 annotations carried over exactly, 1 approximately, 0 orphaned"
        ),
        "{out}"
    );
    let (_, notes, _) = gloss(&db, &["notes", "--json"]);
    let notes: serde_json::Value = serde_json::from_str(&notes).unwrap();
    let note = &notes.as_array().unwrap()[0];
    assert_eq!(note["note"], "the slogan");
    assert_eq!(
        note["quote"],
        "Workers of all countries, unite against fascism!"
    );
    let (_, list, _) = gloss(&db, &["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&list).unwrap();
    let with_url = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["url"].is_string() && e["path"].is_string())
        .count();
    assert_eq!(with_url, 1, "the old edition gives its place to the new");
}
