//! The integration tests, in one crate so that the program is linked for them once: the core
//! through the library's API, screens drawn into ratatui's test backend, and the real binary
//! driven end to end in a terminal of the test's own (`support::pane`).

mod support;

mod anchoring;
mod architecture;
mod cards;
mod cli;
mod commonmark;
mod docs;
mod e2e;
mod e2e_annotations;
mod e2e_books;
mod e2e_cards;
mod e2e_first_hour;
mod e2e_settings;
mod exports;
mod group;
mod hostile;
mod imports;
mod pagination;
mod pdf;
mod pictures;
mod plain_text;
mod screens;
mod screens_annotations;
mod scripts;
mod search;
mod simulation;
mod verse;
mod w3c_epub;
mod web;
