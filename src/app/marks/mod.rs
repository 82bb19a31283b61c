//! The open document's annotations and bookmarks, placed on its text as byte ranges, with the
//! questions the screen asks of them: what lies on this page, what is under the cursor.
//!
//! Annotations are kept sorted by start, with a running maximum of their ends, so that the
//! ones overlapping a page are found by binary search however many there are.
//!
//! In a reading group, the text carries other members' annotations too; [`Showing`] says whose
//! are on screen (the others are kept, only not shown or acted on).

use std::ops::Range;

mod showing;
mod threads;

pub use showing::Showing;

use crate::anchor::Reanchorer;
use std::collections::HashMap;

use crate::annotation::{Annotation, AnnotationId, Author, Bookmark, BookmarkId, Reply};
use crate::document::Document;

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
    /// How many times a reply was put or taken here since the marks were made: what was read
    /// of the store before such a change is not to replace the threads after it.
    replies_written: u64,
    /// How many annotations each other member has here, by their id: counted once as they are
    /// placed, so that choosing whose are shown never goes through a million of them.
    members: HashMap<String, (Author, usize)>,
    /// When the other members' placed annotations are held only in part (a text they annotated
    /// a million times): the bytes they are held for. Their counts in `members` are then the
    /// store's, once asked (`members_uncounted` until then).
    window: Option<Range<usize>>,
    members_uncounted: bool,
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
            match place(doc, &annotation, &mut search) {
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

    /// The annotations held whatever the page shown: the reader's own, and the orphans.
    pub fn held_whole(&self) -> impl Iterator<Item = &Annotation> {
        let placed = self.placed.iter().map(|p| &p.annotation);
        placed.filter(|a| a.author.is_none()).chain(&self.orphans)
    }

    /// These marks holding the other members' placed annotations only around the page (see
    /// [`Marks::hold_around`]); none yet.
    pub fn held_around(mut self) -> Marks {
        self.window = Some(0..0);
        self.members.clear();
        self.members_uncounted = true;
        self
    }

    /// Whether the other members' placed annotations are held only around the page.
    pub fn in_part(&self) -> bool {
        self.window.is_some()
    }

    /// Whether the annotations overlapping `bytes` are all held.
    pub fn holds(&self, bytes: &Range<usize>) -> bool {
        self.window
            .as_ref()
            .is_none_or(|w| w.start <= bytes.start && bytes.end <= w.end)
    }

    /// Holds `others`, the other members' placed annotations overlapping `bytes`, in place of
    /// those held before. The reader's own stay.
    pub fn hold_around(&mut self, doc: &Document, others: Vec<Annotation>, bytes: Range<usize>) {
        self.placed.retain(|p| p.annotation.author.is_none());
        let mut search = None;
        // In reading order, as the store gives them: one walk over the text for them all.
        let mut bytes_of = doc.byte_cursor();
        for annotation in others {
            let start = bytes_of.byte_of(annotation.anchor.start);
            if let Some(range) = place_at(doc, &annotation, start, &mut search) {
                self.placed.push(Placed { annotation, range });
            }
        }
        self.placed
            .sort_unstable_by_key(|p| (p.range.start, p.range.end, p.annotation.id));
        self.reindex();
        self.window = Some(bytes);
    }

    /// Whether each other member's annotations are counted (see [`Marks::set_members`]).
    pub fn members_counted(&self) -> bool {
        !self.members_uncounted
    }

    /// The other members and how many annotations each has here, as the store counted them.
    pub fn set_members(&mut self, members: Vec<(Author, usize)>) {
        self.members = members
            .into_iter()
            .map(|(a, n)| (a.id.clone(), (a, n)))
            .collect();
        self.members_uncounted = false;
    }

    /// Whether `author` has annotations here (or may have: not counted yet).
    pub fn has_member(&self, author: &Author) -> bool {
        self.members_uncounted || self.members.contains_key(&author.id)
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

    /// How many annotations there are, placed or orphaned (the other members' as counted, when
    /// only some are held).
    pub fn count(&self) -> usize {
        if self.window.is_none() {
            return self.placed.len() + self.orphans.len();
        }
        let mine = self.all().filter(|a| a.author.is_none()).count();
        mine + self.members.values().map(|(_, n)| n).sum::<usize>()
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

/// Where `annotation` lies in `doc`: at its offsets (the store's are for this very text, which
/// it knows by its hash), else where its quote is found (`search` is made once, when needed).
fn place<'a>(
    doc: &'a Document,
    annotation: &Annotation,
    search: &mut Option<Reanchorer<'a>>,
) -> Option<Range<usize>> {
    place_at(
        doc,
        annotation,
        doc.byte_of(annotation.anchor.start),
        search,
    )
}

/// [`place`], its start offset already in bytes (`start`): its quote is there, or is searched.
fn place_at<'a>(
    doc: &'a Document,
    annotation: &Annotation,
    start: usize,
    search: &mut Option<Reanchorer<'a>>,
) -> Option<Range<usize>> {
    let quote = annotation.anchor.quote.as_str();
    let range = start..start + quote.len();
    if doc.content.get(range.clone()) == Some(quote) {
        return Some(range);
    }
    search
        .get_or_insert_with(|| Reanchorer::new(None, &doc.content))
        .locate(&annotation.anchor)
        .range()
}

#[cfg(test)]
pub(crate) mod tests;
