//! What is new from the reading group: a panel of what other members added, changed or
//! replied since the reader last looked, each entry opening its text at the passage.

use super::list::{List, Step};
use crate::annotation::news::News;
use crate::app::Action;
use crate::app::effect::Effect;

pub struct NewsList {
    /// By text, then member, then place.
    pub list: List<News>,
}

impl NewsList {
    pub fn new(items: Vec<News>) -> NewsList {
        NewsList {
            list: List::new(items),
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if self.list.step(action) != Step::Other {
            return Vec::new();
        }
        match action {
            Action::Open => match self.list.selected() {
                // What is opened is shown, whoever's annotations were.
                Some(item) => vec![
                    Effect::Close,
                    Effect::OpenAt {
                        document: item.document,
                        start_char: item.position as usize,
                        find: None,
                    },
                    Effect::ShowAnnotation(item.annotation),
                ],
                None => Vec::new(),
            },
            Action::Close | Action::News => vec![Effect::Close],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::news::Deed;
    use crate::annotation::{AnnotationId, Author};
    use crate::document::DocumentId;

    #[test]
    fn news_opens_its_passage_and_shows_its_note() {
        let item = News {
            document: DocumentId(4),
            title: "T".into(),
            author: Author {
                id: "ana-id".into(),
                name: "Ana".into(),
            },
            deed: Deed::Added,
            annotation: AnnotationId(9),
            reply: None,
            position: 120,
            orphaned: false,
            quote: String::new(),
            text: String::new(),
            at: 0,
        };
        let mut news = NewsList::new(vec![item]);
        assert!(matches!(
            news.update(Action::Open).as_slice(),
            [
                Effect::Close,
                Effect::OpenAt {
                    document: DocumentId(4),
                    start_char: 120,
                    find: None
                },
                Effect::ShowAnnotation(AnnotationId(9)),
            ]
        ));
        assert!(matches!(
            news.update(Action::News).as_slice(),
            [Effect::Close]
        ));
    }
}
