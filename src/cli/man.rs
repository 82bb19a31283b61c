//! `gloss man`: the manual page, clap's sections with two of gloss's own. Every subcommand
//! is described here, with its usage (clap's own section pointed to gloss-add(1) and other
//! pages that do not exist), and the reader's keys are listed, as the program gives them (the
//! default keymap's help, each section's title and its keys with what they do).

use std::io::{self, Write};

/// A section of keys: its title, and each binding's keys with what they do.
pub type KeySection = (String, Vec<(String, String)>);

/// Writes the manual page in roff.
pub fn render(out: &mut dyn Write, keys: &[KeySection]) -> io::Result<()> {
    let command = super::args::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut sub = sub.clone().bin_name(format!("gloss {}", sub.get_name()));
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ");
        writeln!(out, ".TP\n\\fB{}\\fR", escape(usage))?;
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        writeln!(out, "{}", escape(&about))?;
    }
    writeln!(out, ".SH KEYS")?;
    writeln!(
        out,
        "The reader's keys as gloss ships them; your keys.toml changes them (see \\fBgloss \
         config keys\\fR), and \\fB?\\fR in the reader lists the keys in effect."
    )?;
    for (title, lines) in keys {
        writeln!(out, ".SS {}", escape(title))?;
        for (keys, does) in lines {
            writeln!(out, ".TP\n\\fB{}\\fR\n{}", escape(keys), escape(does))?;
        }
    }
    man.render_version_section(out)?;
    Ok(())
}

/// Text for roff: backslashes and hyphens escaped, and no line taken for a request.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_describes_every_command_and_lists_the_keys() {
        let keys = vec![(
            "Reading".to_string(),
            vec![
                ("/".to_string(), "Search this text".to_string()),
                ("H 1".to_string(), "Highlight in a colour".to_string()),
            ],
        )];
        let mut page = Vec::new();
        render(&mut page, &keys).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(!page.contains("(1)"), "no page it points to exists");
        assert!(page.contains(".SH COMMANDS"));
        assert!(page.contains("gloss sync"), "{page}");
        assert!(page.contains(".SH KEYS"));
        assert!(page.contains("Highlight in a colour"));
        assert!(page.contains("\\fB/\\fR"), "the search key");
        assert!(page.lines().all(|l| !l.starts_with("'")));
    }

    #[test]
    fn roff_requests_are_escaped() {
        assert_eq!(escape(".hidden\n'quote"), "\\&.hidden\n\\&'quote");
        assert_eq!(escape("a-b\\c"), "a\\-b\\ec");
    }
}
