//! Character offsets (the store's) turned into byte offsets (the screen's) many at a time: a
//! page of a group's text holds thousands of annotations, each a character offset, and each
//! looked up alone walked its paragraph from its start.

use super::Document;

/// Beyond this many characters ahead, a lookup starts from the document's tallies again
/// rather than walking there.
const WALK_AT_MOST: usize = 4096;

/// Turns character offsets into byte offsets, each from where the last one was: offsets in
/// reading order cost one walk over the text between the first and the last. Any order is
/// answered right, a step back at the cost of [`Document::byte_of`].
pub struct ByteCursor<'a> {
    doc: &'a Document,
    /// The last offset asked, in characters and in bytes.
    chars: usize,
    byte: usize,
}

impl Document {
    /// A [`ByteCursor`] at the start of the text.
    pub fn byte_cursor(&self) -> ByteCursor<'_> {
        ByteCursor {
            doc: self,
            chars: 0,
            byte: 0,
        }
    }
}

impl ByteCursor<'_> {
    /// Byte offset of character `chars` (clamped to the content), as [`Document::byte_of`].
    pub fn byte_of(&mut self, chars: usize) -> usize {
        let bytes = self.doc.content.as_bytes();
        let far = chars < self.chars || chars - self.chars > WALK_AT_MOST;
        if far || self.doc.blocks.is_empty() {
            self.byte = self.doc.byte_of(chars);
        } else {
            for _ in self.chars..chars {
                if self.byte == bytes.len() {
                    break;
                }
                self.byte += 1;
                // Past the continuation bytes of the character left.
                while bytes.get(self.byte).is_some_and(|b| b & 0xC0 == 0x80) {
                    self.byte += 1;
                }
            }
        }
        self.chars = chars;
        self.byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the order asked, the cursor answers as the document does.
        #[test]
        fn the_cursor_answers_as_the_document(
            text in "([a-zé’ 中\n]{0,40}\n\n){1,6}",
            asked in prop::collection::vec(0usize..300, 0..40),
        ) {
            let doc = Document::from_text(&text, "t", Format::TEXT);
            let mut cursor = doc.byte_cursor();
            for chars in asked {
                prop_assert_eq!(cursor.byte_of(chars), doc.byte_of(chars), "at {}", chars);
            }
        }
    }
}
