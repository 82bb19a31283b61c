//! The help: every key of the screen under it, laid out in rows wrapped to the screen (never
//! cut; in two columns on a wide screen), paged like a text, and narrowed to the keys whose
//! name or description holds what is typed after `/`.

use unicode_width::UnicodeWidthStr;

use super::list::type_into;
use crate::app::effect::Effect;
use crate::app::keymap::Keymap;
use crate::app::{Action, Mode};

#[derive(Debug, Default)]
pub struct Help {
    /// The first row shown.
    pub scroll: usize,
    /// What the rows are narrowed to (a key, or words of what keys do).
    pub filter: String,
    /// Keys go to the filter.
    pub typing: bool,
}

/// How many rows the help has, and how many the screen shows at once: what paging needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpShape {
    pub rows: usize,
    pub visible: usize,
}

/// One row of the help as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Title(String),
    Note(String),
    /// A binding's keys (empty on the rows that go on with its description) and a row of
    /// what they do.
    Binding {
        keys: String,
        does: String,
    },
    Blank,
}

/// The help laid out for a screen: its rows, and the panel that holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    pub rows: Vec<HelpRow>,
    /// The panel's size, its border included.
    pub width: u16,
    pub height: u16,
    /// The width of the keys' column.
    pub keys_width: usize,
    /// 1, or on a wide screen 2: the rows go on from the foot of the first column to the top
    /// of the second, as in a newspaper.
    pub columns: usize,
}

impl HelpLayout {
    /// How many rows show at once: the panel's height in each column.
    pub fn visible(&self) -> usize {
        usize::from(self.height.saturating_sub(2)) * self.columns
    }

    /// The width of one column's rows (the panel's, without border and margins, and without
    /// the gap between two columns).
    pub fn column_width(&self) -> usize {
        let inner = usize::from(self.width).saturating_sub(4);
        match self.columns {
            1 => inner,
            _ => inner.saturating_sub(COLUMN_GAP + 2) / 2,
        }
    }
}

/// The keys' column is at most this wide; longer keys take a row of their own.
const KEYS_COLUMN: usize = 22;
/// A description is wrapped at this width at least, however narrow the screen.
const FEWEST_COLUMNS: usize = 12;
/// From this screen width, a help longer than the screen is high goes on in a second column.
const TWO_COLUMNS_FROM: u16 = 120;
/// Cells between two columns of the help.
pub const COLUMN_GAP: usize = 3;

impl Help {
    pub fn update(&mut self, action: Action, shape: Option<HelpShape>) -> Vec<Effect> {
        if self.typing {
            type_into(&mut self.filter, &mut self.typing, action);
            self.scroll = 0;
            return Vec::new();
        }
        let HelpShape { rows, visible } = shape.unwrap_or(HelpShape {
            rows: usize::MAX,
            visible: 1,
        });
        let last = rows.saturating_sub(visible);
        let page = visible.saturating_sub(1).max(1);
        self.scroll = match action {
            Action::Down | Action::LineDown | Action::WheelDown => self.scroll.saturating_add(1),
            Action::Up | Action::LineUp | Action::WheelUp => self.scroll.saturating_sub(1),
            Action::NextPage => self.scroll.saturating_add(page),
            Action::PrevPage => self.scroll.saturating_sub(page),
            Action::HalfPageDown => self.scroll.saturating_add(visible / 2),
            Action::HalfPageUp => self.scroll.saturating_sub(visible / 2),
            Action::Top | Action::DocStart => 0,
            Action::Bottom | Action::DocEnd => last,
            Action::Filter => {
                self.typing = true;
                self.scroll
            }
            Action::Close if !self.filter.is_empty() => {
                self.filter.clear();
                0
            }
            Action::Close | Action::Help => return vec![Effect::Close],
            _ => self.scroll,
        }
        .min(last);
        Vec::new()
    }
}

/// The help's rows and page as `layout` lays them out: for its paging keys.
pub fn shape(help: &Help, keymap: &Keymap, mode: Mode, size: (u16, u16)) -> HelpShape {
    let laid = layout(keymap, mode, &help.filter, size);
    HelpShape {
        rows: laid.rows.len(),
        visible: laid.visible(),
    }
}

/// The help of `mode`'s keys narrowed to `filter`, laid out on a screen of `size` (columns,
/// rows): rows wrapped to the panel, never cut.
pub fn layout(keymap: &Keymap, mode: Mode, filter: &str, size: (u16, u16)) -> HelpLayout {
    let wanted = filter.trim().to_lowercase();
    let mut sections = keymap.help(mode);
    if !wanted.is_empty() {
        for section in &mut sections {
            section.note = None;
            section.lines.retain(|(keys, does)| {
                keys.to_lowercase().contains(&wanted) || does.to_lowercase().contains(&wanted)
            });
        }
        sections.retain(|s| !s.lines.is_empty());
    }
    let keys_width = sections
        .iter()
        .flat_map(|s| s.lines.iter().map(|(k, _)| k.width()))
        .max()
        .unwrap_or(0)
        .min(KEYS_COLUMN);
    // As wide as its longest row unwrapped, and the screen allows: one cell of margin either
    // side inside the border, one outside it.
    let natural = sections
        .iter()
        .flat_map(|s| {
            let lines = s
                .lines
                .iter()
                .map(|(_, does)| keys_width + 2 + does.width());
            let note = s.note.as_ref().map(|n| n.width());
            lines.chain(note).chain([s.title.width()])
        })
        .max()
        .unwrap_or(0);
    let one_column = (natural + 4)
        .min(usize::from(size.0.saturating_sub(2)))
        .max(1);
    // Two columns when one would be taller than the screen, each at most half of it wide.
    let two_room = natural.min(
        usize::from(size.0)
            .saturating_sub(2 + 2 + COLUMN_GAP + 4)
            .max(2 * FEWEST_COLUMNS)
            / 2,
    );
    let mut rows = laid_out(&sections, one_column.saturating_sub(4).max(1), keys_width);
    let mut columns = 1;
    if size.0 >= TWO_COLUMNS_FROM && rows.len() > usize::from(size.1.saturating_sub(4)) {
        rows = laid_out(&sections, two_room, keys_width);
        columns = 2;
    }
    let width = match columns {
        1 => one_column,
        // Each column with its margins, the gap between them, the border.
        _ => 2 * (two_room + 2) + COLUMN_GAP + 2,
    };
    if rows.is_empty() {
        rows.push(HelpRow::Note(format!(
            "no key's name or action holds {filter:?}"
        )));
    }
    let tall = rows.len().div_ceil(columns);
    let height = (tall + 2).min(usize::from(size.1.saturating_sub(2)));
    HelpLayout {
        rows,
        width: width as u16,
        height: height as u16,
        keys_width,
        columns,
    }
}

/// The rows of `sections` in a column `room` cells wide.
fn laid_out(
    sections: &[crate::app::keymap::HelpSection],
    room: usize,
    keys_width: usize,
) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for section in sections {
        if !rows.is_empty() {
            rows.push(HelpRow::Blank);
        }
        rows.extend(wrapped(&section.title, room).map(HelpRow::Title));
        if let Some(note) = &section.note {
            rows.extend(wrapped(note, room).map(HelpRow::Note));
        }
        for (keys, does) in &section.lines {
            let column = room.saturating_sub(keys_width + 2).max(FEWEST_COLUMNS);
            let mut keys = Some(keys.clone());
            // Keys wider than their column push their description along, if it then fits;
            // else they take a row of their own.
            let wide = keys.as_ref().map_or(0, |k| k.width()).max(keys_width);
            if wide > keys_width {
                if wide + 2 + does.width() <= room {
                    rows.push(HelpRow::Binding {
                        keys: keys.take().unwrap_or_default(),
                        does: does.clone(),
                    });
                    continue;
                }
                rows.push(HelpRow::Binding {
                    keys: keys.take().unwrap_or_default(),
                    does: String::new(),
                });
            }
            for line in wrapped(does, column) {
                rows.push(HelpRow::Binding {
                    keys: keys.take().unwrap_or_default(),
                    does: line,
                });
            }
        }
    }
    rows
}

fn wrapped(text: &str, width: usize) -> impl Iterator<Item = String> {
    textwrap::wrap(text, width.max(1))
        .into_iter()
        .map(std::borrow::Cow::into_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn shape() -> Option<HelpShape> {
        Some(HelpShape {
            rows: 100,
            visible: 21,
        })
    }

    #[test]
    fn the_help_pages_like_a_text_and_closes() {
        let mut help = Help::default();
        assert!(help.update(Action::Up, shape()).is_empty());
        help.update(Action::Down, shape());
        help.update(Action::Down, shape());
        assert_eq!(help.scroll, 2);
        help.update(Action::NextPage, shape());
        assert_eq!(help.scroll, 22);
        help.update(Action::DocEnd, shape());
        assert_eq!(help.scroll, 79, "the last row at the bottom");
        help.update(Action::NextPage, shape());
        assert_eq!(help.scroll, 79);
        help.update(Action::HalfPageUp, shape());
        assert_eq!(help.scroll, 69);
        help.update(Action::Top, shape());
        assert_eq!(help.scroll, 0);
        assert!(matches!(
            help.update(Action::Help, shape()).as_slice(),
            [Effect::Close]
        ));
    }

    #[test]
    fn a_filter_is_typed_after_slash_and_esc_clears_it_before_closing() {
        let mut help = Help::default();
        help.update(Action::Filter, shape());
        for c in "note".chars() {
            help.update(Action::Input(c), shape());
        }
        help.update(Action::Submit, shape());
        assert_eq!((help.filter.as_str(), help.typing), ("note", false));
        assert!(help.update(Action::Close, shape()).is_empty());
        assert!(help.filter.is_empty());
        assert!(matches!(
            help.update(Action::Close, shape()).as_slice(),
            [Effect::Close]
        ));
    }

    #[test]
    fn rows_are_wrapped_to_the_screen_and_narrowed_by_the_filter() {
        let keymap = Keymap::default();
        let all = layout(&keymap, Mode::Reader, "", (80, 24));
        assert!(all.width <= 78);
        for row in &all.rows {
            let width = match row {
                HelpRow::Title(t) | HelpRow::Note(t) => t.width(),
                HelpRow::Binding { does, .. } => all.keys_width + 2 + does.width(),
                HelpRow::Blank => 0,
            };
            assert!(width <= usize::from(all.width) - 4, "{row:?}");
        }
        let narrowed = layout(&keymap, Mode::Reader, "HIGHLIGHT", (80, 24));
        assert!(narrowed.rows.len() < all.rows.len() / 4);
        let bindings: Vec<&HelpRow> = narrowed
            .rows
            .iter()
            .filter(|r| matches!(r, HelpRow::Binding { keys, .. } if !keys.is_empty()))
            .collect();
        assert!(!bindings.is_empty());
        for row in bindings {
            let HelpRow::Binding { keys, does } = row else {
                unreachable!()
            };
            assert!(
                does.to_lowercase().contains("highlight")
                    || keys.to_lowercase().contains("highlight"),
                "{row:?}"
            );
        }
        let none = layout(&keymap, Mode::Reader, "zzzz", (80, 24));
        assert!(matches!(none.rows.as_slice(), [HelpRow::Note(_)]));
    }

    #[test]
    fn a_long_help_on_a_wide_screen_takes_two_columns_each_row_in_its_own() {
        let keymap = Keymap::default();
        let wide = layout(&keymap, Mode::Reader, "", (160, 40));
        assert_eq!(wide.columns, 2);
        assert!(wide.width <= 158);
        assert_eq!(wide.visible(), 2 * 36);
        for row in &wide.rows {
            if let HelpRow::Binding { does, .. } = row {
                assert!(
                    wide.keys_width + 2 + does.width() <= wide.column_width(),
                    "{row:?}"
                );
            }
        }
        // Narrower, or short enough for one column: one.
        assert_eq!(layout(&keymap, Mode::Reader, "", (119, 40)).columns, 1);
        assert_eq!(layout(&keymap, Mode::Reader, "undo", (160, 40)).columns, 1);
        // Paging goes by both columns.
        let shape = super::shape(&Help::default(), &keymap, Mode::Reader, (160, 40));
        assert_eq!(shape.visible, 72);
    }
}
