//! Styles. Reverse video for bars and selections, so the theme works on light and dark
//! terminals alike; colour only for accents.

use ratatui::style::{Color, Modifier, Style};

use crate::document::{BlockKind, Inline};

pub const BAR: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const DIM: Style = Style::new().add_modifier(Modifier::DIM);
pub const WARNING: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const ACCENT: Style = Style::new().fg(Color::Cyan);
pub const SELECTION: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const CURSOR: Style = Style::new()
    .add_modifier(Modifier::REVERSED)
    .add_modifier(Modifier::BOLD)
    .add_modifier(Modifier::UNDERLINED);
/// Search matches: black on light blue; the one the reader is on, bold and underlined on
/// orange (256-colour backgrounds, apart from the highlight colours).
pub const MATCH: Style = Style::new().bg(Color::Indexed(117)).fg(Color::Black);
pub const CURRENT_MATCH: Style = Style::new()
    .bg(Color::Indexed(214))
    .fg(Color::Black)
    .add_modifier(Modifier::BOLD)
    .add_modifier(Modifier::UNDERLINED);
pub const NOTE: Style = Style::new().add_modifier(Modifier::ITALIC);

/// Highlight colours 1 to 5 (yellow, green, blue, pink, orange): light backgrounds of the
/// 256-colour palette, with black text so that they read on dark and light terminals.
const HIGHLIGHTS: [u8; 5] = [229, 157, 153, 218, 216];
/// The same hues, darker, for marks drawn on the terminal's own background.
const MARKS: [u8; 5] = [178, 71, 68, 169, 173];

pub fn highlight(color: u8) -> Style {
    let i = usize::from(color.clamp(1, 5) - 1);
    Style::new()
        .bg(Color::Indexed(HIGHLIGHTS[i]))
        .fg(Color::Black)
}

/// Another member's highlight: their colour underlining the text, no background, so that
/// one's own highlights stand out from the group's.
pub fn others_highlight(color: u8) -> Style {
    let i = usize::from(color.clamp(1, 5) - 1);
    Style::new()
        .fg(Color::Indexed(MARKS[i]))
        .add_modifier(Modifier::UNDERLINED)
}

pub fn note_mark(color: u8) -> Style {
    let i = usize::from(color.clamp(1, 5) - 1);
    Style::new()
        .fg(Color::Indexed(MARKS[i]))
        .add_modifier(Modifier::BOLD)
}

pub fn block(kind: BlockKind) -> Style {
    match kind {
        BlockKind::Heading(1) => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        BlockKind::Heading(2) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        BlockKind::Heading(_) => Style::new().add_modifier(Modifier::BOLD),
        BlockKind::Paragraph
        | BlockKind::ListItem
        | BlockKind::Verse
        | BlockKind::Centered
        | BlockKind::Preformatted => Style::new(),
        BlockKind::Furniture => DIM,
        BlockKind::Boilerplate => DIM.add_modifier(Modifier::ITALIC),
        BlockKind::Code => Style::new().fg(Color::Green),
        BlockKind::Note => DIM,
        BlockKind::Caption => DIM.add_modifier(Modifier::ITALIC),
    }
}

pub fn inline(style: Inline) -> Style {
    match style {
        Inline::Emphasis => Style::new().add_modifier(Modifier::ITALIC),
        Inline::Strong => Style::new().add_modifier(Modifier::BOLD),
        Inline::Code => Style::new().fg(Color::Green),
        Inline::Link => Style::new().add_modifier(Modifier::UNDERLINED),
        Inline::Strikethrough => Style::new().add_modifier(Modifier::CROSSED_OUT),
    }
}
