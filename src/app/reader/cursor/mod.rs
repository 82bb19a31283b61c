//! The reading cursor and selection: a caret on a character of the text, moved by word,
//! sentence, paragraph, line and page, and a selection that runs from where it began to the
//! caret (both characters included). The page follows the cursor, and the cursor follows the
//! page when the page is turned.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::Reader;
use crate::document::motion;
use crate::layout::{QUOTE_BAR_WIDTH, Row, cells, shown_reading, visual_order};

/// A cursor motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    NextWord,
    PrevWord,
    WordEnd,
    /// End of the word with the punctuation that clings to it.
    BigWordEnd,
    NextSentence,
    PrevSentence,
    NextParagraph,
    PrevParagraph,
    LineDown,
    LineUp,
}

impl Reader {
    pub fn cursor(&self) -> Option<usize> {
        self.cursor
    }

    /// Shows the cursor (on the first word of the page) if it is hidden.
    pub fn show_cursor(&mut self) {
        if self.cursor.is_none() && !self.doc().is_empty() {
            self.cursor = Some(self.first_word_on_page());
        }
    }

    /// Hides the cursor and drops any selection.
    pub fn hide_cursor(&mut self) {
        self.cursor = None;
        self.selection = None;
    }

    fn first_word_on_page(&self) -> usize {
        let start = self.page.first().map_or(0, |r| r.start);
        let doc = self.doc();
        match motion::word_at(doc, start) {
            Some(word) if word.start >= start => word.start,
            _ => motion::next_word(doc, start),
        }
    }

    /// Moves the cursor, showing it first if needed, and scrolls to keep it on the page.
    pub fn move_cursor(&mut self, motion: Motion) {
        if self.cursor.is_none() {
            self.show_cursor();
            return;
        }
        let Some(at) = self.cursor else { return };
        let doc = self.doc();
        let to = match motion {
            Motion::NextWord => motion::next_word(doc, at),
            Motion::PrevWord => motion::prev_word(doc, at),
            Motion::WordEnd => motion::word_end(doc, at),
            Motion::BigWordEnd => motion::big_word_end(doc, at),
            Motion::NextSentence => motion::next_sentence(doc, at),
            Motion::PrevSentence => motion::prev_sentence(doc, at),
            Motion::NextParagraph => motion::next_paragraph(doc, at),
            Motion::PrevParagraph => motion::prev_paragraph(doc, at),
            Motion::LineDown => self.vertical(at, true),
            Motion::LineUp => self.vertical(at, false),
        };
        self.place_cursor(to);
        self.to_next_start = matches!(
            motion,
            Motion::NextWord | Motion::NextSentence | Motion::NextParagraph
        );
    }

    /// Puts the cursor at byte `offset` and brings it on the page.
    pub fn place_cursor(&mut self, offset: usize) {
        self.to_next_start = false;
        let offset = self.char_start(offset);
        self.cursor = Some(offset);
        let row = self.layout.row_at(offset);
        let (first, last) = match (self.page.first(), self.page.last()) {
            (Some(f), Some(l)) => (f.pos, l.pos),
            _ => return,
        };
        if row < first {
            self.set_top(row);
        } else if row > last {
            let (top, _) = self.layout.backward(row, self.height - 1);
            self.set_top(top);
        }
    }

    /// The start of the character holding `offset`, never past the last character.
    fn char_start(&self, offset: usize) -> usize {
        let text = &self.doc().content;
        let mut at = offset.min(text.len());
        if at == text.len() {
            at = text[..at].char_indices().next_back().map_or(0, |(i, _)| i);
        }
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The character on the next or previous row at the cursor's column.
    fn vertical(&mut self, at: usize, down: bool) -> usize {
        let pos = self.layout.row_at(at);
        let row = self.layout.row(pos);
        let column = self.columns(&row, at);
        let mut target = pos;
        // Gap rows hold no text: skip them.
        loop {
            let next = if down {
                self.layout.next(target)
            } else {
                self.layout.prev(target)
            };
            match next {
                Some(n) => target = n,
                None => return at,
            }
            if !self.layout.row(target).gap {
                break;
            }
        }
        let row = self.layout.row(target);
        self.offset_in_row(&row, column)
    }

    /// Cells from the start of `row`'s text to `offset`.
    fn columns(&self, row: &Row, offset: usize) -> usize {
        self.doc().content[row.start..offset.max(row.start)]
            .chars()
            .filter_map(UnicodeWidthChar::width)
            .sum()
    }

    /// The character of `row` at `column` cells from its text start (the last one if short).
    fn offset_in_row(&self, row: &Row, column: usize) -> usize {
        let doc = self.doc();
        let visible = doc.content[row.start..row.end].trim_end();
        // A ruby's reading is drawn after the text it glosses: a click on it finds that text.
        let mut readings = doc.readings_in(row.start, row.end).iter().peekable();
        let mut used = 0;
        let mut last = row.start;
        for (i, c) in visible.char_indices() {
            while let Some(reading) = readings.next_if(|r| r.at <= row.start + i) {
                used += cells(&shown_reading(reading));
                if used > column {
                    return last;
                }
            }
            last = row.start + i;
            used += c.width().unwrap_or(0);
            if used > column {
                return last;
            }
        }
        last
    }

    /// The byte offset drawn at cell (`x`, `y`) of the page, where `x` counts from the text
    /// column's left edge and `y` from the first page row.
    pub fn offset_at(&self, x: u16, y: u16) -> Option<usize> {
        let row = self.page.get(usize::from(y))?;
        if row.gap {
            return None;
        }
        let block = &self.doc().blocks[row.pos.block];
        let lead = u16::from(block.quote_depth) * QUOTE_BAR_WIDTH + row.indent;
        if self.doc().is_right_to_left(row.pos.block) && !block.kind.is_preformatted() {
            return Some(self.offset_in_right_to_left_row(row, x, lead));
        }
        Some(self.offset_in_row(row, usize::from(x.saturating_sub(lead))))
    }

    /// The offset drawn at cell `x` of a right-to-left row, which the view draws in visual
    /// order against the column's right edge (its indentation mirrored), never left of `lead`.
    fn offset_in_right_to_left_row(&self, row: &Row, x: u16, lead: u16) -> usize {
        let visible = self.doc().content[row.start..row.end].trim_end();
        let used = cells(visible) as u16;
        let left = self.width().saturating_sub(used + row.indent).max(lead);
        let seen = visual_order(visible);
        let mut drawn = left;
        for grapheme in &seen {
            drawn += cells(&visible[grapheme.clone()]) as u16;
            if drawn > x {
                return row.start + grapheme.start;
            }
        }
        seen.last().map_or(row.start, |g| row.start + g.start)
    }

    /// When the page was turned away from the cursor, brings the cursor onto the page.
    pub(super) fn keep_cursor_on_page(&mut self) {
        let Some(at) = self.cursor else { return };
        let on_page = match (self.page.first(), self.page.last()) {
            (Some(f), Some(l)) => f.start <= at && at < l.end,
            _ => true,
        };
        if !on_page {
            self.cursor = Some(self.first_word_on_page());
        }
    }

    /// Starts a selection at the cursor (showing it first if needed).
    pub fn start_selection(&mut self) {
        self.show_cursor();
        self.selection = self.cursor;
    }

    /// Selects the whole paragraph under the cursor (or at the top of the page).
    pub fn select_paragraph(&mut self) {
        self.show_cursor();
        let Some(at) = self.cursor else { return };
        let paragraph = motion::paragraph(self.doc(), at);
        if paragraph.is_empty() {
            return;
        }
        let last = motion::last_char_start(&self.doc().content, paragraph.clone());
        self.selection = Some(paragraph.start);
        self.place_cursor(last);
    }

    /// Selects `range` (bytes), the cursor on its last character.
    pub fn select_range(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let last = motion::last_char_start(&self.doc().content, range.clone());
        self.place_cursor(last);
        self.selection = Some(range.start);
    }

    /// Drops the selection, keeping the cursor.
    pub fn clear_selection(&mut self) {
        self.selection = None;
    }

    pub fn is_selecting(&self) -> bool {
        self.selection.is_some()
    }

    /// The selected bytes, both ends' characters included, except when the cursor was moved
    /// forward to the start of the next word, sentence or paragraph: then the selection ends
    /// where the last one did, without the blanks after it (`v` then `)` is one sentence).
    pub fn selection(&self) -> Option<Range<usize>> {
        let (a, b) = (self.selection?, self.cursor?);
        let text = &self.doc().content;
        let (start, last) = (a.min(b), a.max(b));
        if self.to_next_start && b > a {
            let end = start + text[start..b].trim_end().len();
            return Some(start..end.max(start + 1).min(b));
        }
        let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
        Some(start..end)
    }

    /// Starts a selection at byte `offset` (a mouse press).
    pub fn press(&mut self, offset: usize) {
        self.place_cursor(offset);
        self.selection = None;
    }

    /// Extends the selection to byte `offset` (a mouse drag).
    pub fn drag(&mut self, offset: usize) {
        if self.selection.is_none() {
            self.selection = self.cursor;
        }
        self.place_cursor(offset);
    }
}

#[cfg(test)]
mod tests;
