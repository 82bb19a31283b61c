//! Where things go on the terminal: the text column (at most the reader's measure, centred),
//! the notes column beside it on wide terminals, and the smallest size drawn at all.

/// The smallest terminal gloss draws in; below it shows a "too small" notice.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Default widest text column, in cells: a comfortable line length for prose.
pub const DEFAULT_MEASURE: u16 = crate::config::DEFAULT_WIDTH;
/// From this terminal width, notes are shown in a column beside the text.
pub const MARGIN_NOTES_WIDTH: u16 = 120;
/// Cells kept blank on each side of the text column, at least.
const MARGIN: u16 = 2;
/// Cells between the text and the notes column.
const NOTES_GAP: u16 = 3;
/// Widest notes column.
const NOTES_MAX: u16 = 48;

/// Where the text column (and the notes column, on wide terminals) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub text_x: u16,
    pub text_width: u16,
    /// Rows between the title bar and the status bar.
    pub page_height: u16,
    /// The notes column beside the text: x and width.
    pub notes: Option<(u16, u16)>,
}

impl Geometry {
    pub fn new(width: u16, height: u16, measure: u16) -> Geometry {
        let text_width = measure.min(width.saturating_sub(2 * MARGIN)).max(1);
        let page_height = height.saturating_sub(2).max(1);
        if width >= MARGIN_NOTES_WIDTH {
            let notes = (width - text_width - 2 * MARGIN - NOTES_GAP).min(NOTES_MAX);
            let text_x = (width - (text_width + NOTES_GAP + notes)) / 2;
            return Geometry {
                text_x,
                text_width,
                page_height,
                notes: Some((text_x + text_width + NOTES_GAP, notes)),
            };
        }
        Geometry {
            text_x: (width - text_width.min(width)) / 2,
            text_width,
            page_height,
            notes: None,
        }
    }
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exports number passages by an 80×24 terminal's page, which the group module states.
    #[test]
    fn the_export_page_is_an_eighty_by_twenty_four_terminal_s() {
        let g = Geometry::new(80, 24, super::super::DEFAULT_MEASURE);
        assert_eq!((g.text_width, g.page_height), crate::group::STANDARD_PAGE);
    }
}
