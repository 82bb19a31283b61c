//! What is new from the reading group, inside the reader and the library: a panel of what other
//! members added, changed or replied since the reader last looked (looking marks it seen), each
//! entry opening its text at the passage; and the library's count of news on each text.

use crate::annotation::news::News;

#[derive(Debug)]
pub struct NewsList {
    /// By text, then member, then place.
    pub items: Vec<News>,
    pub selected: usize,
}

