//! Colours as a settings file writes them: a name, a number of the 256-colour palette, or
//! `#rrggbb`; a role's paint is one colour, `FG on BG`, or `on BG`. No terminal here: the TUI
//! turns these into its own colours.

use std::fmt;

/// The sixteen colours every terminal has, by the names people write.
const NAMES: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
];

/// One colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// One of the sixteen, by its index in [`NAMES`] (0 black … 15 white).
    Named(u8),
    Indexed(u8),
    Rgb(u8, u8, u8),
}

impl Colour {
    pub fn parse(text: &str) -> Result<Colour, String> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let lower = match lower.as_str() {
            "grey" => "gray",
            "darkgrey" => "darkgray",
            other => other,
        };
        if let Some(i) = NAMES.iter().position(|n| *n == lower) {
            return Ok(Colour::Named(i as u8));
        }
        if let Ok(n) = text.parse::<u8>() {
            return Ok(Colour::Indexed(n));
        }
        if let Some(hex) = text.strip_prefix('#')
            && hex.len() == 6
            && hex.chars().all(|c| c.is_ascii_hexdigit())
        {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits");
            return Ok(Colour::Rgb(byte(0), byte(2), byte(4)));
        }
        Err(format!(
            "{text:?} is not a colour (a name such as lightblue, a number from 0 to 255, or #rrggbb)"
        ))
    }

    /// The name of one of the sixteen (`Named(n)`).
    pub fn name(n: u8) -> &'static str {
        NAMES[usize::from(n) % NAMES.len()]
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Colour::Named(n) => f.write_str(Colour::name(n)),
            Colour::Indexed(n) => write!(f, "{n}"),
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

/// What a role is painted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    /// One colour: the text's for text roles, the background for highlights, matches and
    /// chrome.
    One(Colour),
    /// `FG on BG`, or `on BG` (the text keeps the theme's colour).
    On { fg: Option<Colour>, bg: Colour },
}

impl Paint {
    pub fn parse(text: &str) -> Result<Paint, String> {
        let text = text.trim();
        let padded = format!(" {text}");
        match padded.split_once(" on ") {
            Some((fg, bg)) => Ok(Paint::On {
                fg: match fg.trim() {
                    "" => None,
                    fg => Some(Colour::parse(fg)?),
                },
                bg: Colour::parse(bg)?,
            }),
            None => Ok(Paint::One(Colour::parse(text)?)),
        }
    }
}

impl fmt::Display for Paint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Paint::One(c) => write!(f, "{c}"),
            Paint::On { fg: Some(fg), bg } => write!(f, "{fg} on {bg}"),
            Paint::On { fg: None, bg } => write!(f, "on {bg}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paints_read_back_from_what_they_print() {
        for text in ["lightblue", "229", "#1a2b3c", "black on 229", "on #ffffff"] {
            let paint = Paint::parse(text).unwrap();
            assert_eq!(paint.to_string(), text);
            assert_eq!(Paint::parse(&paint.to_string()), Ok(paint));
        }
        assert_eq!(Paint::parse("Grey"), Ok(Paint::One(Colour::Named(7))));
        assert_eq!(
            Paint::parse(" white  on  blue "),
            Ok(Paint::On {
                fg: Some(Colour::Named(15)),
                bg: Colour::Named(4)
            })
        );
    }

    #[test]
    fn bad_colours_say_what_a_colour_is() {
        for bad in ["", "256", "#12345", "#gggggg", "purple", "red on", "on"] {
            let err = Paint::parse(bad).unwrap_err();
            assert!(err.contains("not a colour"), "{bad:?}: {err}");
        }
    }
}
