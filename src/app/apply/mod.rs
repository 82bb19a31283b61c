//! The effect applier: what the app does when a screen or an overlay asks (see
//! [`super::effect`]): the only code that writes to the store, opens texts and moves the reader.

mod annotate;
mod bookmarks;
mod card_editor;
mod cards;
mod group;
mod indexing;
mod members;
mod news;
mod notes;
mod opening;
mod overlays;
mod panel;
mod replies;
mod search;
mod undo;
