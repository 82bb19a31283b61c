//! PDFs made in code, as simple writers make them (one Helvetica font, each line drawn with
//! `Tj`): a long paper of the bundled texts' paragraphs, with a running head and a page number
//! on every page, for the benchmarks and the tests of long files.

#![allow(dead_code)] // each user takes what it needs

use std::fmt::Write as _;

/// Lines of text on a page, and characters on a line.
const LINES: usize = 56;
const COLUMNS: usize = 90;

/// A PDF of `pages` pages filled with `paragraphs` (repeated as needed, ASCII only), each
/// page headed "A Long Paper" and numbered at its foot.
pub fn long_paper(paragraphs: &[String], pages: usize) -> Vec<u8> {
    let mut lines = paragraphs.iter().cycle().flat_map(|p| {
        let ascii: String = p
            .chars()
            .map(|c| match c {
                '‘' | '’' => '\'',
                '“' | '”' => '"',
                '—' | '–' => '-',
                c if c.is_ascii() && !c.is_ascii_control() => c,
                _ => ' ',
            })
            .collect();
        let mut wrapped: Vec<String> = textwrap::wrap(&ascii, COLUMNS)
            .into_iter()
            .map(|l| l.into_owned())
            .collect();
        wrapped.push(String::new());
        wrapped
    });
    let contents: Vec<String> = (1..=pages)
        .map(|n| {
            let mut page = String::from("BT /F1 9 Tf 72 770 Td (A Long Paper) Tj ET\n");
            page.push_str("BT /F1 10 Tf 12 TL 72 740 Td\n");
            for line in lines.by_ref().take(LINES) {
                writeln!(page, "({}) Tj T*", escape(&line)).unwrap();
            }
            page.push_str("ET\n");
            writeln!(page, "BT /F1 9 Tf 300 40 Td ({n}) Tj ET").unwrap();
            page
        })
        .collect();
    document(&contents)
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// A PDF whose pages draw `contents` (content streams) in Helvetica, on US Letter.
pub fn document(contents: &[String]) -> Vec<u8> {
    let pages = contents.len();
    // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content for each page.
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    for (i, content) in contents.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 \
             0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        writeln!(table, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out.extend(table.as_bytes());
    out
}
