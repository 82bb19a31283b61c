//! Formats for sharing: files other programs read (or that other readers import).

pub mod cards;
pub mod exchange;
