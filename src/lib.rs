//! Gloss: a terminal reader for close reading.
//!
//! The pure core (`document`, `layout`, `anchor`, `annotation`) knows nothing of terminals or
//! SQL; `store` is the only module that speaks SQL; `library` joins the bundled texts, files and
//! the store; `app` holds the state and turns actions into changes; `tui` draws that state and
//! turns keys into actions; `fetch` brings web pages in for `gloss add`; `viewer` hands a
//! picture to the system's viewer.

pub mod anchor;
pub mod anki;
pub mod annotation;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod document;
pub mod export;
pub mod fetch;
pub mod files;
pub mod group;
pub mod import;
pub mod layout;
pub mod library;
pub mod memory;
pub mod search;
pub mod session;
pub mod share;
pub mod srs;
pub mod store;
pub mod tui;
pub mod viewer;
pub mod wait;

/// EPUBs written in code, for the unit tests (the integration tests share the file).
#[cfg(test)]
#[path = "../tests/it/support/book.rs"]
mod test_book;
