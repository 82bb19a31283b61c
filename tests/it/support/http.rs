//! A web server on 127.0.0.1 for `gloss add`: fixed pages by path, 404 for the rest.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

/// Serves `pages` (path, HTML) on a port of its own until the test ends; returns its address.
pub fn serve_pages(pages: Vec<(String, String)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = reader.read_line(&mut request);
            // The headers, up to the blank line.
            while reader.read_line(&mut String::new()).unwrap_or(0) > 2 {}
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = match pages.iter().find(|(p, _)| p == path) {
                Some((_, html)) => ("200 OK", html.as_str()),
                None => ("404 Not Found", "not here"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}
