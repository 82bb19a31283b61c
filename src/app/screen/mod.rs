//! The screens under the overlays: the library, the reader (with its search, copying and
//! pictures) and the review; each turns the actions of its modes into changes of the app.

mod copy;
mod find;
mod footnote;
mod library;
pub(super) mod pictures;
mod reader;
pub mod review;
