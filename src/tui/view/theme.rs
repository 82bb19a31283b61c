//! Styles, by role. A [`Theme`] is chosen once at start (dark, light, high contrast, or `auto`:
//! the terminal's background colour, asked with OSC 11), the user's colours per role are laid
//! over it, and `NO_COLOR` turns every colour into attributes (reverse, underline, bold) so
//! that nothing the colours said is lost. Views ask for a role's style through the functions
//! below; [`with`] makes a theme the one they see while a frame is drawn, so views stay pure
//! functions of the app's state and the theme.

use std::cell::RefCell;

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Chrome, Colour, Colours, Paint, ThemeChoice};
use crate::document::{BlockKind, Inline};

/// Every style a view draws with.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub text: Style,
    /// The bars above and below the text.
    pub bar: Style,
    /// The right of a bar: the keys to press, where the reader is.
    pub bar_side: Style,
    pub selected: Style,
    pub dim: Style,
    pub warning: Style,
    pub error: Style,
    pub accent: Style,
    pub selection: Style,
    pub cursor: Style,
    /// Search matches; the one the reader is on.
    pub matched: Style,
    pub current_match: Style,
    pub note: Style,
    /// The help's and lists' headings.
    pub heading: Style,
    /// Document headings, levels 1, 2, and the others.
    pub headings: [Style; 3],
    pub code: Style,
    /// Own highlights in colours 1 to 5.
    pub highlights: [Style; 5],
    /// Other members' highlights in colours 1 to 5 (underlined, no background).
    pub others: [Style; 5],
    /// Note marks in the margin, in the highlight's colour.
    pub marks: [Style; 5],
    /// Card states: new, learning, due; a cloze blank.
    pub card_states: [Style; 3],
    pub blank: Style,
    /// The statistics' two charts.
    pub charts: [Color; 2],
}

const fn bold(style: Style) -> Style {
    style.add_modifier(Modifier::BOLD)
}

const REVERSED: Style = Style::new().add_modifier(Modifier::REVERSED);
const UNDERLINED: Style = Style::new().add_modifier(Modifier::UNDERLINED);

/// Highlight colours 1 to 5 (yellow, green, blue, pink, orange): light backgrounds of the
/// 256-colour palette, with black text so that they read on dark and light terminals.
const HIGHLIGHTS: [u8; 5] = [229, 157, 153, 218, 216];
/// The same hues, darker, for marks drawn on the terminal's own background.
const MARKS: [u8; 5] = [178, 71, 68, 169, 173];
/// Saturated hues for the high-contrast theme.
const VIVID: [u8; 5] = [226, 46, 51, 201, 208];

fn on(bg: u8) -> Style {
    Style::new().bg(Color::Indexed(bg)).fg(Color::Black)
}

impl Theme {
    /// Light text on a dark terminal: today's look.
    pub fn dark() -> Theme {
        Theme {
            text: Style::new(),
            bar: Style::new(),
            bar_side: Style::new().add_modifier(Modifier::DIM),
            selected: REVERSED,
            dim: Style::new().add_modifier(Modifier::DIM),
            warning: bold(Style::new().fg(Color::Yellow)),
            error: bold(Style::new().fg(Color::Red)),
            accent: Style::new().fg(Color::Cyan),
            selection: REVERSED,
            cursor: bold(REVERSED).add_modifier(Modifier::UNDERLINED),
            // Underlined too, so that a match within a highlight still shows.
            matched: on(117).add_modifier(Modifier::UNDERLINED),
            current_match: bold(on(214)).add_modifier(Modifier::UNDERLINED),
            note: Style::new().add_modifier(Modifier::ITALIC),
            heading: bold(Style::new()),
            headings: [
                bold(Style::new().fg(Color::Yellow)),
                bold(Style::new().fg(Color::Cyan)),
                bold(Style::new()),
            ],
            code: Style::new().fg(Color::Green),
            highlights: HIGHLIGHTS.map(on),
            others: MARKS.map(|c| {
                Style::new()
                    .fg(Color::Indexed(c))
                    .add_modifier(Modifier::UNDERLINED)
            }),
            marks: MARKS.map(|c| bold(Style::new().fg(Color::Indexed(c)))),
            card_states: [
                bold(Style::new().fg(Color::Blue)),
                bold(Style::new().fg(Color::Red)),
                bold(Style::new().fg(Color::Green)),
            ],
            blank: bold(Style::new().fg(Color::Cyan)),
            charts: [Color::Cyan, Color::Green],
        }
    }

    /// Dark text on a light terminal: accents that read on white.
    pub fn light() -> Theme {
        let blue = Color::Indexed(25);
        Theme {
            warning: bold(Style::new().fg(Color::Indexed(130))),
            error: bold(Style::new().fg(Color::Indexed(124))),
            accent: Style::new().fg(blue),
            headings: [
                bold(Style::new().fg(Color::Indexed(90))),
                bold(Style::new().fg(blue)),
                bold(Style::new()),
            ],
            code: Style::new().fg(Color::Indexed(28)),
            matched: on(153).add_modifier(Modifier::UNDERLINED),
            current_match: bold(on(208)).add_modifier(Modifier::UNDERLINED),
            // Pale backgrounds need a little more colour on white.
            highlights: [228, 120, 117, 212, 215].map(on),
            card_states: [
                bold(Style::new().fg(blue)),
                bold(Style::new().fg(Color::Indexed(124))),
                bold(Style::new().fg(Color::Indexed(28))),
            ],
            blank: bold(Style::new().fg(blue)),
            charts: [blue, Color::Indexed(28)],
            ..Theme::dark()
        }
    }

    /// Pure colours and no dimmed text, for low vision and washed-out screens.
    pub fn high_contrast() -> Theme {
        Theme {
            dim: Style::new().add_modifier(Modifier::ITALIC),
            bar: bold(Style::new()),
            bar_side: Style::new(),
            accent: bold(Style::new().fg(Color::LightCyan)),
            warning: bold(Style::new().fg(Color::LightYellow)),
            error: bold(Style::new().fg(Color::LightRed)),
            matched: bold(Style::new().bg(Color::White).fg(Color::Black)),
            headings: [
                bold(Style::new().fg(Color::LightYellow)).add_modifier(Modifier::UNDERLINED),
                bold(Style::new().fg(Color::LightCyan)),
                bold(Style::new()),
            ],
            highlights: VIVID.map(|c| bold(on(c))),
            others: VIVID.map(|c| {
                bold(Style::new().fg(Color::Indexed(c))).add_modifier(Modifier::UNDERLINED)
            }),
            marks: VIVID.map(|c| bold(Style::new().fg(Color::Indexed(c)))),
            ..Theme::dark()
        }
    }

    /// No colour at all (`NO_COLOR`): every role keeps its meaning through attributes. Own
    /// highlights are reversed, other members' underlined, search matches bold and
    /// underlined (the current one reversed too), the selection reversed and bold.
    pub fn no_color() -> Theme {
        let plain = Style::new();
        Theme {
            text: plain,
            bar: plain,
            bar_side: Style::new().add_modifier(Modifier::DIM),
            selected: REVERSED,
            dim: Style::new().add_modifier(Modifier::DIM),
            warning: bold(plain),
            error: bold(plain),
            accent: bold(plain),
            selection: bold(REVERSED),
            cursor: bold(REVERSED).add_modifier(Modifier::UNDERLINED),
            matched: bold(UNDERLINED),
            current_match: bold(REVERSED).add_modifier(Modifier::UNDERLINED),
            note: Style::new().add_modifier(Modifier::ITALIC),
            heading: bold(plain),
            headings: [bold(UNDERLINED), bold(plain), bold(plain)],
            code: plain,
            highlights: [REVERSED; 5],
            others: [UNDERLINED; 5],
            marks: [bold(plain); 5],
            card_states: [bold(plain), bold(UNDERLINED), bold(plain)],
            blank: bold(UNDERLINED),
            charts: [Color::Reset, Color::Reset],
        }
    }

    /// The theme with reverse-video bars (`chrome = "bars"`), as gloss drew them before.
    pub fn with_bars(self) -> Theme {
        Theme {
            bar: self.bar.add_modifier(Modifier::REVERSED),
            bar_side: Style::new(),
            ..self
        }
    }

    /// The theme the settings ask for; `auto` has been answered by the terminal already
    /// (`background_is_light`), and `no_color` wins over every colour.
    pub fn chosen(
        choice: ThemeChoice,
        background_is_light: bool,
        colours: &Colours,
        chrome: Chrome,
        no_color: bool,
    ) -> Theme {
        let mut theme = match choice {
            _ if no_color => Theme::no_color(),
            ThemeChoice::Dark => Theme::dark(),
            ThemeChoice::Light => Theme::light(),
            ThemeChoice::HighContrast => Theme::high_contrast(),
            ThemeChoice::Auto if background_is_light => Theme::light(),
            ThemeChoice::Auto => Theme::dark(),
        };
        if chrome == Chrome::Bars {
            theme = theme.with_bars();
        }
        if !no_color {
            theme.paint(colours);
        }
        theme
    }

    /// Lays the user's colours per role over the theme.
    fn paint(&mut self, colours: &Colours) {
        let text = |style: &mut Style, paint: Option<Paint>| match paint {
            Some(Paint::One(c)) => *style = style.fg(color(c)),
            Some(Paint::On { fg, bg }) => *style = paint_on(*style, fg, bg),
            None => {}
        };
        let background = |style: &mut Style, paint: Option<Paint>| match paint {
            Some(Paint::One(c)) => *style = style.bg(color(c)),
            Some(Paint::On { fg, bg }) => *style = paint_on(*style, fg, bg),
            None => {}
        };
        text(&mut self.text, colours.text);
        for heading in &mut self.headings {
            text(heading, colours.headings);
        }
        for (style, paint) in self.highlights.iter_mut().zip(colours.highlights) {
            background(style, paint);
        }
        for style in &mut self.others {
            text(style, colours.others);
        }
        background(&mut self.matched, colours.matches);
        if let Some(paint) = colours.chrome {
            // A coloured bar is drawn in its colours, not in reverse video.
            let plain = self.bar.remove_modifier(Modifier::REVERSED);
            self.bar = match paint {
                Paint::One(c) => plain.bg(color(c)),
                Paint::On { fg, bg } => paint_on(plain, fg, bg),
            };
        }
    }
}

fn paint_on(style: Style, fg: Option<Colour>, bg: Colour) -> Style {
    let style = style.bg(color(bg));
    match fg {
        Some(fg) => style.fg(color(fg)),
        None => style,
    }
}

/// A settings colour as the terminal's.
pub fn color(colour: Colour) -> Color {
    const SIXTEEN: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match colour {
        Colour::Named(n) => SIXTEEN[usize::from(n) % 16],
        Colour::Indexed(n) => Color::Indexed(n),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

thread_local! {
    static CURRENT: RefCell<Theme> = RefCell::new(Theme::dark());
}

/// Draws with `theme`: the views called inside `draw` see it.
pub fn with<R>(theme: &Theme, draw: impl FnOnce() -> R) -> R {
    let before = CURRENT.with(|t| t.replace(theme.clone()));
    let result = draw();
    CURRENT.with(|t| *t.borrow_mut() = before);
    result
}

fn get<R>(role: impl FnOnce(&Theme) -> R) -> R {
    CURRENT.with(|t| role(&t.borrow()))
}

pub fn text() -> Style {
    get(|t| t.text)
}
pub fn bar() -> Style {
    get(|t| t.bar)
}
pub fn bar_side() -> Style {
    get(|t| t.bar_side)
}
pub fn selected() -> Style {
    get(|t| t.selected)
}
pub fn dim() -> Style {
    get(|t| t.dim)
}
pub fn warning() -> Style {
    get(|t| t.warning)
}
pub fn error() -> Style {
    get(|t| t.error)
}
pub fn accent() -> Style {
    get(|t| t.accent)
}
pub fn selection() -> Style {
    get(|t| t.selection)
}
pub fn cursor() -> Style {
    get(|t| t.cursor)
}
pub fn matched() -> Style {
    get(|t| t.matched)
}
pub fn current_match() -> Style {
    get(|t| t.current_match)
}
pub fn note() -> Style {
    get(|t| t.note)
}
pub fn heading() -> Style {
    get(|t| t.heading)
}
pub fn blank() -> Style {
    get(|t| t.blank)
}
/// New, learning, due.
pub fn card_state(i: usize) -> Style {
    get(|t| t.card_states[i.min(2)])
}
pub fn chart(i: usize) -> Color {
    get(|t| t.charts[i.min(1)])
}

fn index(color: u8) -> usize {
    usize::from(color.clamp(1, 5) - 1)
}

pub fn highlight(color: u8) -> Style {
    get(|t| t.highlights[index(color)])
}

/// Another member's highlight: their colour underlining the text, no background, so that
/// one's own highlights stand out from the group's.
pub fn others_highlight(color: u8) -> Style {
    get(|t| t.others[index(color)])
}

pub fn note_mark(color: u8) -> Style {
    get(|t| t.marks[index(color)])
}

pub fn block(kind: BlockKind) -> Style {
    get(|t| match kind {
        BlockKind::Heading(1) => t.headings[0],
        BlockKind::Heading(2) => t.headings[1],
        BlockKind::Heading(_) => t.headings[2],
        BlockKind::Paragraph
        | BlockKind::ListItem
        | BlockKind::Verse
        | BlockKind::Centered
        | BlockKind::Preformatted => t.text,
        BlockKind::Furniture | BlockKind::Note | BlockKind::Image => t.dim,
        BlockKind::Boilerplate | BlockKind::Caption => t.dim.add_modifier(Modifier::ITALIC),
        BlockKind::Code => t.code,
    })
}

pub fn inline(style: Inline) -> Style {
    match style {
        Inline::Emphasis => Style::new().add_modifier(Modifier::ITALIC),
        Inline::Strong => Style::new().add_modifier(Modifier::BOLD),
        Inline::Code => get(|t| t.code),
        Inline::Link => Style::new().add_modifier(Modifier::UNDERLINED),
        Inline::Strikethrough => Style::new().add_modifier(Modifier::CROSSED_OUT),
        Inline::LineNumber => dim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_every_role_keeps_an_attribute() {
        let t = Theme::no_color();
        let styles = [t.selection, t.cursor, t.matched, t.current_match]
            .into_iter()
            .chain(t.highlights)
            .chain(t.others);
        for style in styles {
            assert!(style.fg.is_none() && style.bg.is_none(), "{style:?}");
            assert!(!style.add_modifier.is_empty(), "{style:?}");
        }
        // Own, others' and matches are told apart.
        assert_ne!(t.highlights[0], t.others[0]);
        assert_ne!(t.highlights[0], t.matched);
        assert_ne!(t.others[0], t.matched);
    }

    #[test]
    fn user_colours_are_laid_over_the_theme() {
        let colours = Colours {
            highlights: [
                Some(Paint::One(Colour::Indexed(200))),
                None,
                None,
                None,
                None,
            ],
            chrome: Some(Paint::parse("white on blue").unwrap()),
            ..Colours::default()
        };
        let t = Theme::chosen(ThemeChoice::Dark, false, &colours, Chrome::Minimal, false);
        assert_eq!(t.highlights[0].bg, Some(Color::Indexed(200)));
        assert_eq!(t.highlights[1], Theme::dark().highlights[1]);
        assert_eq!(t.bar.bg, Some(Color::Blue));
        assert!(!t.bar.add_modifier.contains(Modifier::REVERSED));
        let none = Theme::chosen(ThemeChoice::Dark, false, &colours, Chrome::Minimal, true);
        assert_eq!(none, Theme::no_color(), "NO_COLOR wins");
        assert_eq!(
            Theme::chosen(
                ThemeChoice::Auto,
                true,
                &Colours::default(),
                Chrome::Minimal,
                false
            ),
            Theme::light()
        );
    }

    #[test]
    fn the_bars_are_plain_unless_chrome_asks_for_reverse_video() {
        let plain = Colours::default();
        for no_color in [false, true] {
            let minimal =
                Theme::chosen(ThemeChoice::Dark, false, &plain, Chrome::Minimal, no_color);
            assert!(!minimal.bar.add_modifier.contains(Modifier::REVERSED));
            assert!(minimal.bar_side.add_modifier.contains(Modifier::DIM));
            let bars = Theme::chosen(ThemeChoice::Dark, false, &plain, Chrome::Bars, no_color);
            assert!(bars.bar.add_modifier.contains(Modifier::REVERSED));
            assert_eq!(bars.bar_side, Style::new());
        }
        // A bar given colours is drawn in them, not reversed, whichever the chrome.
        let coloured = Colours {
            chrome: Some(Paint::parse("white on blue").unwrap()),
            ..Colours::default()
        };
        let t = Theme::chosen(ThemeChoice::Dark, false, &coloured, Chrome::Bars, false);
        assert_eq!(t.bar.bg, Some(Color::Blue));
        assert!(!t.bar.add_modifier.contains(Modifier::REVERSED));
    }
}
