//! Formats for sharing: files other programs read (or that other readers import).

pub mod annotated;
pub mod cards;
pub mod exchange;
pub mod notes;
pub mod scope;

/// Text for HTML element content (not for attribute values: quotes are left as they are).
pub(crate) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text for a double-quoted HTML attribute value.
pub(crate) fn escape_attribute(text: &str) -> String {
    escape_html(text).replace('"', "&quot;")
}
