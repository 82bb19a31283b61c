//! Web pages: the article extracted as Firefox's Reader View does (Mozilla's Readability, through
//! `dom_smoothie`), with its title, byline and date from the page's metadata; or the whole page
//! (`raw`). Both become blocks through [`html::Converter`]; so does the character encoding the
//! page declares.

use dom_smoothie::{Config, Readability};

use super::builder::{Builder, Shape};
use super::html::Converter;
use super::{BlockKind, Document, Format, nesting, sanitize, title_from_name};

/// What a reader view keeps of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<String>,
    /// The article's HTML.
    pub content: String,
}

/// Extracts the article of a page; `None` when no article can be found in it.
pub fn article_from_html(html: &str, url: Option<&str>) -> Option<Article> {
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut readability = Readability::new(html, url, Some(Config::default())).ok()?;
    let article = readability.parse().ok()?;
    let clean = |s: &str| {
        let (s, _) = sanitize::clean_text(s);
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    Some(Article {
        title: clean(&article.title),
        byline: article
            .byline
            .as_deref()
            .map(clean)
            .filter(|s| !s.is_empty()),
        published: article
            .published_time
            .as_deref()
            .map(|t| clean(t.split('T').next().unwrap_or(t)))
            .filter(|s| !s.is_empty()),
        content: article.content.to_string(),
    })
}

/// A page as a document: its article (or, with `raw` or when none is found, the whole page).
/// A page's article (the whole page when `raw`); a page larger than [`LARGE_PAGE`] is read as
/// plain text.
pub(super) fn page(html: String, name: &str, raw: bool) -> Document {
    if html.len() > LARGE_PAGE {
        parse_large(html, name)
    } else {
        parse(&html, name, raw, None)
    }
}

pub(super) fn parse(html: &str, name: &str, raw: bool, url: Option<&str>) -> Document {
    // The reader view looks at every ancestor of every node: nesting is bounded first.
    let html = &*nesting::shallow_html(html);
    let mut warnings = Vec::new();
    let article = if raw {
        None
    } else {
        let found = article_from_html(html, url);
        if found.is_none() {
            warnings.push("no article found in this page: showing all of it".to_string());
        }
        found
    };
    let format = if raw { Format::HTML_RAW } else { Format::HTML };
    let mut converter = Converter::new(Builder::new(format, html.len() / 2));
    let (title, author) = match &article {
        Some(article) => {
            let title = if article.title.is_empty() {
                title_from_name(name)
            } else {
                article.title.clone()
            };
            converter.b.begin(BlockKind::Heading(1), Shape::default());
            converter.b.push(&title);
            let line: Vec<&str> = [article.byline.as_deref(), article.published.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !line.is_empty() {
                converter.b.begin(BlockKind::Caption, Shape::default());
                converter.b.push(&line.join(" · "));
            }
            converter.b.end();
            let dom = dom_query::Document::from(article.content.as_str());
            let shown: Vec<&str> = [Some(title.as_str()), article.byline.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            drop_repeats(&dom, &shown);
            converter.convert_dom(&dom, name);
            (title, article.byline.clone())
        }
        None => {
            converter.convert(html, name);
            (
                page_title(html).unwrap_or_else(|| title_from_name(name)),
                None,
            )
        }
    };
    if converter.removed_controls > 0 {
        warnings.push(format!(
            "{} control characters or escape sequences were removed",
            converter.removed_controls
        ));
    }
    let builder = std::mem::replace(&mut converter.b, Builder::new(format, 0));
    let mut doc = builder.finish(title);
    let notes = converter.note_refs(&doc.content, |at| doc.block_end(at));
    doc.set_notes(notes);
    doc.pictures = std::mem::take(&mut converter.pictures);
    doc.links = converter.places_linked(&doc.content);
    doc.author = author;
    doc.warnings = warnings;
    doc
}

/// Pages larger than this are read as their text, without a tree of their elements: an
/// article is well under it (`gloss add` takes pages up to 20 MB), and a tree takes about eight
/// times the page (a 500 MB page took 4.1 GB and 15 s).
pub const LARGE_PAGE: usize = 32 << 20;

/// A page over [`LARGE_PAGE`]: its title and its text, as a plain text is read; the page is
/// let go of once its text is out.
pub(super) fn parse_large(html: String, name: &str) -> Document {
    let head = &html[..html.floor_char_boundary(64 * 1024)];
    let mut text = head
        .find("<title>")
        .and_then(|start| {
            let after = &head[start + 7..];
            after
                .find("</title>")
                .map(|end| nesting::page_text(&after[..end]))
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| title_from_name(name));
    text.reserve(html.len() / 2);
    text.push_str("\n\n");
    nesting::push_page_text(&mut text, &html);
    drop(html);
    let mut doc = super::plain::parse(text, name);
    doc.warnings.push(format!(
        "this page is larger than {} MB: shown as its text, without its layout",
        LARGE_PAGE >> 20
    ));
    doc
}

/// Elements among the first of an article's content that repeat what is shown above it (the
/// title, "By" and the byline) are removed, so that it is not read twice.
fn drop_repeats(dom: &dom_query::Document, shown: &[&str]) {
    /// How many of the first elements with text are looked at.
    const LEADING: usize = 6;
    /// A byline may come with a few words around it ("By", "Written by").
    const AROUND: usize = 12;
    let candidates = dom.select("h1, h2, h3, h4, p, div, span, address");
    let mut looked = 0;
    for node in candidates.nodes() {
        let text = node.text();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        let repeats = shown.iter().any(|s| {
            text == *s || (text.contains(s) && text.chars().count() <= s.chars().count() + AROUND)
        });
        if repeats {
            node.remove_from_parent();
        }
        looked += 1;
        if looked == LEADING {
            break;
        }
    }
}

/// The page's `<title>`, else its first `h1`.
fn page_title(html: &str) -> Option<String> {
    let dom = dom_query::Document::from(html);
    ["title", "h1"].iter().find_map(|sel| {
        let text = dom.select(sel).first().text();
        let (text, _) = sanitize::clean_text(&text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!text.is_empty()).then_some(text)
    })
}

/// HTML or XHTML bytes as UTF-8: decoded from the encoding the page declares (a byte-order mark,
/// the XML declaration, a `<meta>` charset), or from Windows-1252 when the bytes are not UTF-8
/// and say nothing (what browsers assume).
pub fn to_utf8(bytes: Vec<u8>) -> Vec<u8> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes) {
        return encoding
            .decode_with_bom_removal(&bytes)
            .0
            .into_owned()
            .into_bytes();
    }
    let declared = declared_encoding(&bytes[..bytes.len().min(2048)]);
    let encoding = match declared {
        Some(e) if e != encoding_rs::UTF_8 => e,
        _ if std::str::from_utf8(&bytes).is_ok() => return bytes,
        _ => encoding_rs::WINDOWS_1252,
    };
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        // A page that declares UTF-16 but has no byte-order mark is really ASCII-compatible.
        return bytes;
    }
    encoding
        .decode_without_bom_handling(&bytes)
        .0
        .into_owned()
        .into_bytes()
}

/// The encoding named by `encoding="…"` or `charset=…` near the start of a page.
fn declared_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    ["encoding=", "charset="].iter().find_map(|key| {
        let at = head.find(key)? + key.len();
        let value: String = head[at..]
            .trim_start_matches(['"', '\'', ' '])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        encoding_rs::Encoding::for_label(value.as_bytes())
    })
}
