//! The open document's annotations and bookmarks, placed on its text as byte ranges, with the
//! questions the screen asks of them: what lies on this page, what is under the cursor.
//!
//! Annotations are kept sorted by start, with a running maximum of their ends, so that the
//! ones overlapping a page are found by binary search however many there are.
//!
//! In a reading group, the text carries other members' annotations too; [`Showing`] says whose
//! are on screen (the others are kept, only not shown or acted on).

use std::ops::Range;

use crate::anchor::Reanchorer;
use std::collections::HashMap;

use crate::annotation::{Annotation, AnnotationId, Author, Bookmark, BookmarkId, Reply, ReplyId};
use crate::document::Document;

/// Whose annotations are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Showing {
    #[default]
    Everyone,
    Mine,
    /// One other member's.
    Author(Author),
}

impl Showing {
    pub fn shows(&self, a: &Annotation) -> bool {
        match self {
            Showing::Everyone => true,
            Showing::Mine => a.author.is_none(),
            Showing::Author(x) => a.author.as_ref().is_some_and(|y| y.id == x.id),
        }
    }

    /// The next choice: everyone, mine, then each other member of `authors` in turn.
    pub fn next(&self, authors: &[Author]) -> Showing {
        let after = |i: usize| {
            authors
                .get(i)
                .cloned()
                .map_or(Showing::Everyone, Showing::Author)
        };
        match self {
            Showing::Everyone => Showing::Mine,
            Showing::Mine => after(0),
            Showing::Author(x) => match authors.iter().position(|y| y.id == x.id) {
                Some(i) => after(i + 1),
                None => Showing::Everyone,
            },
        }
    }

    /// What is shown, in a few words for a title bar; `None` for everyone's.
    pub fn short(&self) -> Option<String> {
        match self {
            Showing::Everyone => None,
            Showing::Mine => Some("only yours".into()),
            Showing::Author(x) => Some(format!("only {}'s", x.name)),
        }
    }

    pub fn describe(&self) -> String {
        match self.short() {
            None => "showing everyone's annotations".into(),
            Some(short) => format!("showing {short}"),
        }
    }
}

/// An annotation and where it lies in the open text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub annotation: Annotation,
    pub range: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Marks {
    placed: Vec<Placed>,
    /// `max_end[i]` is the largest end among `placed[..=i]`.
    max_end: Vec<usize>,
    /// Annotations that could not be placed in this text.
    pub orphans: Vec<Annotation>,
    /// Bookmarks and their byte offsets, in reading order.
    pub bookmarks: Vec<(Bookmark, usize)>,
    /// Whose annotations are shown (and can be acted on).
    pub showing: Showing,
    /// The replies to each annotation (by its uuid), oldest first.
    threads: HashMap<String, Vec<Reply>>,
    /// How many annotations each other member has here, by their id: counted once as they are
    /// placed, so that choosing whose are shown never goes through a million of them.
    members: HashMap<String, (Author, usize)>,
}

impl Marks {
    pub fn new(
        doc: &Document,
        mut annotations: Vec<Annotation>,
        bookmarks: Vec<Bookmark>,
    ) -> Marks {
        /// How many annotations are taken between two givings back of the list's room.
        const RELEASE_EVERY: usize = 4096;
        let mut marks = Marks::default();
        // Sized once: a group's text may carry a hundred thousand annotations. They are taken
        // from the end of the list, which gives its room back as it empties, so that they are
        // never held twice.
        marks.placed.reserve_exact(annotations.len());
        // The store's offsets are for this very text (it is identified by its hash), so the
        // quote is where the offsets say; the search is only a safety net.
        let mut search: Option<Reanchorer> = None;
        while let Some(annotation) = annotations.pop() {
            if annotations.len().is_multiple_of(RELEASE_EVERY) {
                annotations.shrink_to_fit();
            }
            marks.count_member(&annotation, true);
            if annotation.orphaned {
                marks.orphans.push(annotation);
                continue;
            }
            let range = doc.byte_of(annotation.anchor.start)..doc.byte_of(annotation.anchor.end);
            let range = if doc.content.get(range.clone()) == Some(annotation.anchor.quote.as_str())
            {
                Some(range)
            } else {
                search
                    .get_or_insert_with(|| Reanchorer::new(None, &doc.content))
                    .locate(&annotation.anchor)
                    .range()
            };
            match range {
                Some(range) => marks.placed.push(Placed { annotation, range }),
                None => marks.orphans.push(annotation),
            }
        }
        marks.orphans.reverse();
        // In place: a stable sort would take half the list again.
        marks
            .placed
            .sort_unstable_by_key(|p| (p.range.start, p.range.end, p.annotation.id));
        marks.reindex();
        marks.bookmarks = bookmarks
            .into_iter()
            .map(|b| {
                let at = doc.byte_of(b.position as usize);
                (b, at)
            })
            .collect();
        marks
    }

    /// These marks with the replies to their annotations.
    pub fn with_replies(mut self, replies: Vec<Reply>) -> Marks {
        self.threads.clear();
        for reply in replies {
            self.threads
                .entry(reply.parent.clone())
                .or_default()
                .push(reply);
        }
        self
    }

    /// The replies to `annotation`, oldest first.
    pub fn thread(&self, annotation: &Annotation) -> &[Reply] {
        self.threads
            .get(&annotation.uuid)
            .map_or(&[], Vec::as_slice)
    }

    pub fn reply(&self, id: ReplyId) -> Option<&Reply> {
        self.threads.values().flatten().find(|r| r.id == id)
    }

    /// Adds or replaces a reply in its thread.
    pub fn put_reply(&mut self, reply: Reply) {
        self.remove_reply(reply.id);
        let thread = self.threads.entry(reply.parent.clone()).or_default();
        let at = thread.partition_point(|r| (r.created_at, r.id) <= (reply.created_at, reply.id));
        thread.insert(at, reply);
    }

    pub fn remove_reply(&mut self, id: ReplyId) -> Option<Reply> {
        for thread in self.threads.values_mut() {
            if let Some(i) = thread.iter().position(|r| r.id == id) {
                return Some(thread.remove(i));
            }
        }
        None
    }

    fn reindex(&mut self) {
        let mut max = 0;
        self.max_end = self
            .placed
            .iter()
            .map(|p| {
                max = max.max(p.range.end);
                max
            })
            .collect();
    }

    /// Placed annotations, in reading order.
    pub fn placed(&self) -> &[Placed] {
        &self.placed
    }

    /// Shown annotations overlapping `range`, in reading order.
    pub fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = &Placed> {
        let from = self.max_end.partition_point(|&end| end <= range.start);
        self.placed[from..]
            .iter()
            .take_while(move |p| p.range.start < range.end)
            .filter(move |p| p.range.end > range.start && self.showing.shows(&p.annotation))
    }

    /// The other members who annotated this text, by name.
    pub fn authors(&self) -> Vec<Author> {
        self.authors_counted().into_iter().map(|(a, _)| a).collect()
    }

    /// The other members with annotations here, by name, each with how many (counted as the
    /// annotations were placed: a text may carry a thousand members' million annotations).
    pub fn authors_counted(&self) -> Vec<(Author, usize)> {
        let mut authors: Vec<(Author, usize)> = self.members.values().cloned().collect();
        authors.sort_by_cached_key(|(a, _)| (a.name.to_lowercase(), a.id.clone()));
        authors
    }

    /// The innermost (shortest) annotation holding byte `offset`.
    pub fn at(&self, offset: usize) -> Option<&Placed> {
        self.overlapping(offset..offset + 1)
            .min_by_key(|p| p.range.len())
    }

    pub fn find(&self, id: AnnotationId) -> Option<&Placed> {
        self.placed.iter().find(|p| p.annotation.id == id)
    }

    /// Counts (or, when not `added`, uncounts) an annotation of another member's.
    fn count_member(&mut self, annotation: &Annotation, added: bool) {
        let Some(author) = &annotation.author else {
            return;
        };
        match self.members.get_mut(&author.id) {
            Some((_, n)) if added => *n += 1,
            Some((_, n)) => {
                *n -= 1;
                if *n == 0 {
                    self.members.remove(&author.id);
                }
            }
            None if added => {
                self.members.insert(author.id.clone(), (author.clone(), 1));
            }
            None => {}
        }
    }

    /// How many annotations there are, placed or orphaned.
    pub fn count(&self) -> usize {
        self.placed.len() + self.orphans.len()
    }

    /// Adds or replaces an annotation placed at `range`.
    pub fn put(&mut self, annotation: Annotation, range: Range<usize>) {
        self.remove(annotation.id);
        self.count_member(&annotation, true);
        let at = self
            .placed
            .partition_point(|p| (p.range.start, p.range.end) <= (range.start, range.end));
        self.placed.insert(at, Placed { annotation, range });
        self.reindex();
    }

    /// Adds or replaces an annotation that has no place in the text.
    pub fn put_orphan(&mut self, annotation: Annotation) {
        self.remove(annotation.id);
        self.count_member(&annotation, true);
        self.orphans.push(annotation);
    }

    /// Takes an annotation away (placed or orphaned); returns it.
    pub fn remove(&mut self, id: AnnotationId) -> Option<Annotation> {
        let removed = match self.placed.iter().position(|p| p.annotation.id == id) {
            Some(i) => {
                let placed = self.placed.remove(i);
                self.reindex();
                placed.annotation
            }
            None => {
                let i = self.orphans.iter().position(|a| a.id == id)?;
                self.orphans.remove(i)
            }
        };
        self.count_member(&removed, false);
        Some(removed)
    }

    /// The annotation with this uuid, placed or orphaned.
    pub fn by_uuid(&self, uuid: &str) -> Option<&Annotation> {
        self.all().find(|a| a.uuid == uuid)
    }

    /// Every annotation: the placed ones in reading order, then the orphans.
    pub fn all(&self) -> impl Iterator<Item = &Annotation> {
        self.placed
            .iter()
            .map(|p| &p.annotation)
            .chain(&self.orphans)
    }

    /// Any annotation, placed or orphaned.
    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.find(id)
            .map(|p| &p.annotation)
            .or_else(|| self.orphans.iter().find(|a| a.id == id))
    }

    pub fn put_bookmark(&mut self, bookmark: Bookmark, at: usize) {
        self.remove_bookmark(bookmark.id);
        let i = self.bookmarks.partition_point(|(_, o)| *o <= at);
        self.bookmarks.insert(i, (bookmark, at));
    }

    pub fn remove_bookmark(&mut self, id: BookmarkId) -> Option<(Bookmark, usize)> {
        let i = self.bookmarks.iter().position(|(b, _)| b.id == id)?;
        Some(self.bookmarks.remove(i))
    }

    /// Whether a bookmark lies in `range`.
    pub fn bookmarked(&self, range: Range<usize>) -> bool {
        let i = self.bookmarks.partition_point(|(_, o)| *o < range.start);
        self.bookmarks.get(i).is_some_and(|(_, o)| *o < range.end)
    }
}

#[cfg(test)]
pub(crate) mod tests;
