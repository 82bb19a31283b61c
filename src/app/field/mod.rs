//! A text being typed (a note, a card's field): the text, a cursor, a selection, what each
//! editing key does, and how the text wraps into rows of a given width. The TUI draws a field
//! from [`Field::rows`] and [`Field::cursor_at`]; nothing here draws.
//!
//! Keys follow what editors and shells agree on: arrows (with Shift to select, with Ctrl or
//! Alt by word), Home/End and Ctrl-A/Ctrl-E for the line, Ctrl-Home/Ctrl-End for the text,
//! Backspace/Delete, Ctrl-W and Alt-Backspace a word back, Alt-D a word forward, Ctrl-K to
//! the end of the line and Ctrl-U to its start. No control character gets into the text
//! except line breaks.

use std::ops::Range;

use crate::document::sanitize;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns between tab stops: Tab inserts spaces up to the next one.
const TAB_STOP: usize = 4;

/// A key as the editor reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Tab,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    /// Keys the editor does not use.
    Other,
}

/// A key typed into an editor, with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditKey {
    pub key: Key,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl EditKey {
    /// A key with no modifier.
    pub fn plain(key: Key) -> EditKey {
        EditKey {
            key,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Field {
    text: String,
    /// Byte offset of the cursor, on a grapheme boundary.
    cursor: usize,
    /// Where a selection started (Shift and a move); the selection runs to the cursor.
    mark: Option<usize>,
    /// One line only: Enter does nothing.
    single_line: bool,
}

impl Field {
    /// A field holding `text` (control characters dropped), the cursor at its end.
    pub fn new(text: &str) -> Field {
        let text = sanitize::for_screen(text).into_owned();
        Field {
            cursor: text.len(),
            text,
            mark: None,
            single_line: false,
        }
    }

    /// A field that takes no line breaks (its text is one line).
    pub fn single_line(text: &str) -> Field {
        Field {
            single_line: true,
            ..Field::new(&text.replace('\n', " "))
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The selected bytes, if any.
    pub fn selection(&self) -> Option<Range<usize>> {
        let mark = self.mark.filter(|&m| m != self.cursor)?;
        Some(mark.min(self.cursor)..mark.max(self.cursor))
    }

    /// Does what `key` means to an editor.
    pub fn input(&mut self, key: EditKey) {
        let word = key.ctrl || key.alt;
        match key.key {
            Key::Char(c) if key.ctrl => match c {
                'a' => self.go(self.line_start(), key.shift),
                'e' => self.go(self.line_end(), key.shift),
                'w' => self.delete_to(self.word_before()),
                'h' => self.erase_back(),
                'k' => {
                    let end = self.line_end();
                    let end = if end == self.cursor && end < self.text.len() {
                        end + 1
                    } else {
                        end
                    };
                    self.delete_to(end)
                }
                'u' => self.delete_to(self.line_start()),
                _ => {}
            },
            Key::Char('d') if key.alt => self.delete_to(self.word_after()),
            Key::Char(c) if !key.alt && !c.is_control() => self.insert(&c.to_string()),
            Key::Enter if !self.single_line => self.insert("\n"),
            Key::Tab => {
                let column = self.text[self.line_start()..self.cursor].width();
                self.insert(&" ".repeat(TAB_STOP - column % TAB_STOP));
            }
            Key::Backspace if word => self.delete_to(self.word_before()),
            Key::Backspace => self.erase_back(),
            Key::Delete if word => self.delete_to(self.word_after()),
            Key::Delete => match self.selection() {
                Some(_) => self.delete_to(self.cursor),
                None => self.delete_to(self.next_boundary()),
            },
            Key::Left if word => self.go(self.word_before(), key.shift),
            Key::Left => self.go(self.prev_boundary(), key.shift),
            Key::Right if word => self.go(self.word_after(), key.shift),
            Key::Right => self.go(self.next_boundary(), key.shift),
            Key::Home if key.ctrl => self.go(0, key.shift),
            Key::End if key.ctrl => self.go(self.text.len(), key.shift),
            Key::Home => self.go(self.line_start(), key.shift),
            Key::End => self.go(self.line_end(), key.shift),
            Key::Up => self.go(self.vertical(false), key.shift),
            Key::Down => self.go(self.vertical(true), key.shift),
            _ => {}
        }
    }

    /// Inserts pasted `text` at the cursor (in place of the selection), as text: its control
    /// characters and escape sequences dropped, its line breaks spaces in a one-line field.
    pub fn paste(&mut self, text: &str) {
        let text = match self.single_line {
            true => sanitize::one_line(text),
            false => sanitize::for_screen(text),
        };
        self.insert(&text);
    }

    /// Puts `text` in place of the whole field, the cursor at its end.
    pub fn replace(&mut self, text: &str) {
        let single = self.single_line;
        *self = if single {
            Field::single_line(text)
        } else {
            Field::new(text)
        };
    }

    fn insert(&mut self, s: &str) {
        self.delete_to(self.cursor);
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    fn erase_back(&mut self) {
        match self.selection() {
            Some(_) => self.delete_to(self.cursor),
            None => self.delete_to(self.prev_boundary()),
        }
    }

    /// Deletes the selection, or else the text between the cursor and `to`.
    fn delete_to(&mut self, to: usize) {
        let range = self
            .selection()
            .unwrap_or(self.cursor.min(to)..self.cursor.max(to));
        self.text.replace_range(range.clone(), "");
        self.cursor = range.start;
        self.mark = None;
    }

    /// Moves the cursor to `to`, selecting from where it was with `select`.
    fn go(&mut self, to: usize, select: bool) {
        match (select, self.mark) {
            (true, None) => self.mark = Some(self.cursor),
            (false, _) => self.mark = None,
            _ => {}
        }
        self.cursor = to;
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// The start of the word before the cursor (spaces before it skipped).
    fn word_before(&self) -> usize {
        self.text[..self.cursor]
            .split_word_bound_indices()
            .rev()
            .find(|(_, w)| !w.trim().is_empty())
            .map_or(0, |(i, _)| i)
    }

    /// The end of the word after the cursor (spaces before it skipped).
    fn word_after(&self) -> usize {
        self.text[self.cursor..]
            .split_word_bound_indices()
            .find(|(_, w)| !w.trim().is_empty())
            .map_or(self.text.len(), |(i, w)| self.cursor + i + w.len())
    }

    /// The place in the line above (or below) at the cursor's column, or the text's start
    /// (or end) from the first (or last) line.
    fn vertical(&self, down: bool) -> usize {
        let start = self.line_start();
        let column = self.text[start..self.cursor].width();
        let line = if down {
            let end = self.line_end();
            if end == self.text.len() {
                return end;
            }
            end + 1
        } else {
            if start == 0 {
                return 0;
            }
            self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1)
        };
        let line_end = self.text[line..]
            .find('\n')
            .map_or(self.text.len(), |i| line + i);
        let mut width = 0;
        for (i, g) in self.text[line..line_end].grapheme_indices(true) {
            width += g.width();
            if width > column {
                return line + i;
            }
        }
        line_end
    }

    /// The text in rows of at most `width` columns: byte ranges, without their line breaks.
    /// Lines break after a space where they can, inside a word where they must.
    pub fn rows(&self, width: u16) -> Vec<Range<usize>> {
        let width = usize::from(width.max(1));
        let mut rows = Vec::new();
        let mut start = 0;
        for line in self.text.split('\n') {
            let mut row = start;
            let (mut used, mut after_space) = (0, None);
            for (i, g) in line.grapheme_indices(true) {
                let w = g.width();
                if used + w > width && start + i > row {
                    let cut = after_space.filter(|&s| s > row).unwrap_or(start + i);
                    rows.push(row..cut);
                    used = self.text[cut..start + i].width();
                    row = cut;
                    after_space = None;
                }
                used += w;
                if g == " " {
                    after_space = Some(start + i + 1);
                }
            }
            rows.push(row..start + line.len());
            start += line.len() + 1;
        }
        rows
    }

    /// The row (of `rows`) and column where the cursor is drawn.
    pub fn cursor_at(&self, rows: &[Range<usize>]) -> (usize, u16) {
        let row = rows
            .iter()
            .rposition(|r| r.start <= self.cursor)
            .unwrap_or(0);
        let from = rows.get(row).map_or(0, |r| r.start);
        (row, self.text[from..self.cursor].width() as u16)
    }
}

#[cfg(test)]
mod tests;
