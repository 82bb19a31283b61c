//! The pictures of a document: where each stands in the text (an [`BlockKind::Image`] block,
//! its placeholder), where its image is, as its format finds it, and its size in pixels, read
//! from the image's first bytes without decoding it. Reading an image whole is the format's
//! (see [`FormatRow::picture`]); decoding and drawing it, the terminal's.
//!
//! [`BlockKind::Image`]: super::BlockKind::Image
//! [`FormatRow::picture`]: super::FormatRow::picture

use std::io::Cursor;
use std::path::{Path, PathBuf};

/// A picture in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Byte offset of its block in the content.
    pub at: usize,
    /// Where its image is: a path in a book's zip, a file beside a page (or its address on the
    /// web), a PDF's page and image numbers.
    pub source: String,
    /// Width and height in pixels, when known: a picture of unknown size keeps its one-line
    /// placeholder (it may be no image the terminal can draw: an SVG, a missing file).
    pub size: Option<(u32, u32)>,
}

/// How much of an image is read to learn its size: a JPEG's size follows its metadata, which
/// is rarely longer.
pub const HEAD_BYTES: usize = 64 * 1024;

/// The largest image read whole, to be shown or opened.
pub const MOST_PICTURE_BYTES: u64 = 64 << 20;

/// Pictures of a page or a book measured at most, when it is opened (a comic has a thousand
/// pages; the rest keep their placeholders).
pub const MOST_MEASURED: usize = 4096;

/// Width and height of the image whose first bytes are `head`, for the formats gloss decodes.
pub fn size_of(head: &[u8]) -> Option<(u32, u32)> {
    let (w, h) = image::ImageReader::new(Cursor::new(head))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    (w > 0 && h > 0).then_some((w, h))
}

/// The file name extension of an image, from its first bytes: what a viewer is told.
pub fn extension_of(bytes: &[u8]) -> &'static str {
    image::guess_format(bytes)
        .ok()
        .and_then(|f| f.extensions_str().first().copied())
        .unwrap_or_else(|| {
            if bytes.trim_ascii_start().starts_with(b"<") {
                "svg"
            } else {
                "bin"
            }
        })
}

/// A picture's source is an address on the web, not a file.
pub fn on_the_web(source: &str) -> bool {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The file a page's or a Markdown text's picture names, beside the text's own file.
pub fn beside(document: &Path, source: &str) -> Result<PathBuf, String> {
    if on_the_web(source) {
        return Err("the picture is on the web".to_string());
    }
    let source = source.strip_prefix("file://").unwrap_or(source);
    let dir = document.parent().unwrap_or(Path::new("."));
    Ok(dir.join(source))
}

/// The image a `data:` address holds (`data:image/png;base64,...`); `None` for other sources.
pub fn in_address(source: &str) -> Option<Result<Vec<u8>, String>> {
    use base64::Engine;
    let rest = source.strip_prefix("data:")?;
    let Some((kind, payload)) = rest.split_once(',') else {
        return Some(Err("a data: address without data".to_string()));
    };
    if !kind.ends_with(";base64") {
        return Some(Ok(super::html::percent_decode(payload).into_bytes()));
    }
    let payload: String = payload.split_ascii_whitespace().collect();
    Some(
        base64::engine::general_purpose::STANDARD
            .decode(payload)
            .map_err(|err| format!("a data: address that is not base64: {err}")),
    )
}

/// A file beside the text, whole (`head`: its first [`HEAD_BYTES`]); regular files only.
pub fn read_beside(document: &Path, source: &str, head: bool) -> Result<Vec<u8>, String> {
    let path = beside(document, source)?;
    let read = if head {
        crate::files::read_regular_head(&path, HEAD_BYTES as u64)
    } else {
        crate::files::read_regular(&path, MOST_PICTURE_BYTES, true)
    };
    read.map_err(|err| format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real PNG, 3 by 2 pixels.
    fn png() -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbImage::new(3, 2)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn a_picture_is_measured_from_its_first_bytes() {
        let png = png();
        assert_eq!(size_of(&png), Some((3, 2)));
        assert_eq!(size_of(&png[..png.len() - 12]), Some((3, 2)));
        assert_eq!(size_of(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(size_of(b""), None);
        assert_eq!(extension_of(&png), "png");
        assert_eq!(extension_of(b"  <svg/>"), "svg");
    }

    #[test]
    fn a_picture_beside_the_text_is_found_from_its_folder() {
        let doc = Path::new("/books/essay/index.html");
        assert_eq!(
            beside(doc, "img/fig 1.png").unwrap(),
            Path::new("/books/essay/img/fig 1.png")
        );
        assert!(beside(doc, "HTTPS://example.org/a.png").is_err());
    }

    #[test]
    fn a_data_address_holds_its_image() {
        use base64::Engine;
        let png = png();
        let address = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&png)
        );
        assert_eq!(in_address(&address), Some(Ok(png)));
        assert!(in_address("data:image/png;base64,@@@").unwrap().is_err());
        assert_eq!(in_address("img/a.png"), None);
    }
}
