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

pub fn block(kind: BlockKind) -> Style {
    match kind {
        BlockKind::Heading(1) => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        BlockKind::Heading(2) => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        BlockKind::Heading(_) => Style::new().add_modifier(Modifier::BOLD),
        BlockKind::Paragraph | BlockKind::ListItem => Style::new(),
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
