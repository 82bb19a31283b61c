//! Structure for plain text, guessed the way scraped essays and hard-wrapped books need.
//!
//! - A file whose paragraphs are hard-wrapped (most lines short, grouped in blank-separated
//!   chunks) is reflowed chunk by chunk; otherwise every line is a paragraph, as in web scrapes.
//! - A short standalone line without sentence-final punctuation is a heading, if text follows
//!   it and it is not one of a run of three or more such lines (credits, reading lists).
//! - The heading before the first paragraph that best matches the file name is the title.
//! - Numbered lines: a trailing run starting at 1 is endnotes; a lone numbered line among
//!   paragraphs is a numbered thesis (a subheading); consecutive ones are a list.
//! - Short lines that look like image file names (`Seattle_General_Strike`) are captions.

use super::builder::{Builder, Shape};
use super::{BlockKind, Document, Format, title_from_name};

/// Longest line, in characters, that can be a heading.
const HEADING_MAX_CHARS: usize = 100;
/// Longest numbered line that can be a numbered thesis heading.
const THESIS_MAX_CHARS: usize = 150;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Text,
    /// Shaped like a heading but not standalone (text follows on the next line).
    Short,
    Candidate,
    Numbered {
        number: u32,
        marker: u16,
    },
    Bullet {
        marker: u16,
    },
    Caption,
}

pub(super) fn parse(text: &str, name: &str) -> Document {
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    let paragraphs = if is_hard_wrapped(&lines) {
        chunks(&lines)
    } else {
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(i, _)| (i, i + 1))
            .collect()
    };
    let classes = classify(&lines, &paragraphs);
    let kinds = decide(&lines, &paragraphs, &classes, name);

    let mut b = Builder::new(Format::Text, text.len());
    let mut title = None;
    for ((&(first, last), kind), class) in paragraphs.iter().zip(&kinds).zip(&classes) {
        let hang = match class {
            Class::Numbered { marker, .. } | Class::Bullet { marker } => *marker,
            _ => 0,
        };
        let hang = if matches!(kind, BlockKind::ListItem | BlockKind::Note) {
            hang
        } else {
            0
        };
        b.begin(
            *kind,
            Shape {
                hang,
                ..Shape::default()
            },
        );
        for (i, line) in lines[first..last].iter().enumerate() {
            if i > 0 {
                b.push(" ");
            }
            b.push(line);
        }
        if *kind == BlockKind::Heading(1) && title.is_none() {
            title = Some(b.current().to_string());
        }
    }
    b.finish(title.unwrap_or_else(|| title_from_name(name)))
}

/// Paragraph line ranges of a hard-wrapped text: blank-separated chunks, except that a chunk of
/// list lines keeps one paragraph per line.
fn chunks(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].is_empty() {
            i += 1;
        }
        if lines[start..i].iter().all(|l| list_marker(l).is_some()) {
            out.extend((start..i).map(|j| (j, j + 1)));
        } else {
            out.push((start, i));
        }
    }
    out
}

/// Hard-wrapped: at least four lines, 80% of them short, half of them in multi-line chunks, and
/// the lines inside chunks long enough not to be verse.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    let mut nonempty = 0usize;
    let mut short = 0usize;
    let mut grouped = 0usize;
    let mut inner_lengths = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        nonempty += 1;
        let chars = char_len_capped(line, HEADING_MAX_CHARS + 1);
        if chars <= HEADING_MAX_CHARS {
            short += 1;
        }
        let next_nonempty = lines.get(i + 1).is_some_and(|l| !l.is_empty());
        let prev_nonempty = i > 0 && !lines[i - 1].is_empty();
        if next_nonempty || prev_nonempty {
            grouped += 1;
        }
        if next_nonempty {
            inner_lengths.push(chars);
        }
    }
    if nonempty < 4 || inner_lengths.is_empty() {
        return false;
    }
    inner_lengths.sort_unstable();
    let median = inner_lengths[inner_lengths.len() / 2];
    short * 5 >= nonempty * 4 && grouped * 2 >= nonempty && median >= 45
}

/// Characters in `s`, counting no further than `cap`.
fn char_len_capped(s: &str, cap: usize) -> usize {
    if s.len() <= cap {
        s.chars().count()
    } else if s.len() > 4 * cap {
        cap // a char is at most 4 bytes: no need to decode a long paragraph
    } else {
        s.chars().take(cap).count()
    }
}

fn classify(lines: &[&str], paragraphs: &[(usize, usize)]) -> Vec<Class> {
    paragraphs
        .iter()
        .map(|&(first, last)| {
            if last - first > 1 {
                return Class::Text;
            }
            let line = lines[first];
            if let Some((number, marker)) = list_marker(line) {
                return match number {
                    Some(number) => Class::Numbered { number, marker },
                    None => Class::Bullet { marker },
                };
            }
            // Standalone: a blank line (or the end) follows. Scraped texts put the paragraph right
            // under a heading only in credits blocks, never under a real heading.
            let standalone = lines.get(first + 1).is_none_or(|l| l.is_empty());
            if looks_like_file_name(line) {
                Class::Caption
            } else if heading_like(line) {
                if standalone {
                    Class::Candidate
                } else {
                    Class::Short
                }
            } else {
                Class::Text
            }
        })
        .collect()
}

fn decide(
    lines: &[&str],
    paragraphs: &[(usize, usize)],
    classes: &[Class],
    name: &str,
) -> Vec<BlockKind> {
    let n = classes.len();
    let mut kinds = vec![BlockKind::Paragraph; n];
    let is_list = |c: Class| matches!(c, Class::Numbered { .. } | Class::Bullet { .. });

    // Endnotes: the trailing run of numbered lines, when it counts from 1.
    let notes_from = classes
        .iter()
        .rposition(|c| !matches!(c, Class::Numbered { .. }))
        .map_or(0, |i| i + 1);
    let notes_from = match classes.get(notes_from) {
        Some(Class::Numbered { number: 1, .. }) => notes_from,
        _ => n,
    };

    // The front matter (title, site leftovers) ends at the first real paragraph.
    let first_text = classes.iter().position(|c| *c == Class::Text).unwrap_or(n);
    for i in 0..n {
        kinds[i] = match classes[i] {
            Class::Numbered { .. } if i >= notes_from => BlockKind::Note,
            Class::Numbered { .. } => {
                let after_list = i > 0 && is_list(classes[i - 1]);
                let before_list = i + 1 < n && is_list(classes[i + 1]);
                let lone = !after_list && !before_list;
                let (line, _) = paragraphs[i];
                if lone && char_len_capped(lines[line], THESIS_MAX_CHARS + 1) <= THESIS_MAX_CHARS {
                    BlockKind::Heading(3)
                } else {
                    BlockKind::ListItem
                }
            }
            Class::Bullet { .. } => BlockKind::ListItem,
            Class::Caption => BlockKind::Caption,
            Class::Text | Class::Short => BlockKind::Paragraph,
            Class::Candidate => {
                let run_start = (0..=i)
                    .rev()
                    .take_while(|&j| classes[j] == Class::Candidate)
                    .last()
                    .unwrap_or(i);
                let run_end = (i..n)
                    .take_while(|&j| classes[j] == Class::Candidate)
                    .last()
                    .unwrap_or(i)
                    + 1;
                let followed = run_end < n;
                let long_run = run_end - run_start >= 3 && i > first_text;
                if followed && !long_run {
                    BlockKind::Heading(2)
                } else {
                    BlockKind::Paragraph
                }
            }
        };
    }

    // The title: among the headings before the first paragraph, the best match for the name.
    let front: Vec<usize> = (0..first_text.min(n))
        .filter(|&i| kinds[i] == BlockKind::Heading(2))
        .collect();
    let name_words = words_of(name.rsplit_once('.').map_or(name, |(stem, _)| stem));
    let best = front.iter().copied().max_by_key(|&i| {
        let (line, _) = paragraphs[i];
        let score = words_of(lines[line])
            .iter()
            .filter(|w| name_words.contains(w))
            .count();
        (score, std::cmp::Reverse(i))
    });
    if let Some(title) = best {
        kinds[title] = BlockKind::Heading(1);
    }
    kinds
}

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `(Some(number), width)` for `12. ` or `3) `, `(None, width)` for `- `, `* `, `• `, `– `.
/// The width counts the marker and the space after it, in cells.
fn list_marker(line: &str) -> Option<(Option<u32>, u16)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        let mut chars = rest.chars();
        if matches!(chars.next(), Some('.' | ')'))
            && chars.next() == Some(' ')
            && chars.next().is_some_and(|c| !c.is_whitespace())
        {
            return Some((line[..digits].parse().ok(), digits as u16 + 2));
        }
        return None;
    }
    let mut chars = line.chars();
    if matches!(chars.next(), Some('-' | '*' | '•' | '–' | '·'))
        && chars.next() == Some(' ')
        && chars.next().is_some_and(|c| !c.is_whitespace())
    {
        return Some((None, 2));
    }
    None
}

fn heading_like(line: &str) -> bool {
    if char_len_capped(line, HEADING_MAX_CHARS + 1) > HEADING_MAX_CHARS {
        return false;
    }
    let Some(first) = line.chars().next() else {
        return false;
    };
    if first.is_lowercase() || !line.chars().any(char::is_alphabetic) {
        return false;
    }
    let body = line.trim_end_matches(['"', '\'', '’', '”', ')', ']', '»', '*', ' ']);
    let last = body.chars().next_back();
    !matches!(
        last,
        Some('.' | '!' | '?' | '…' | ':' | ';' | ',' | '。' | '！' | '？') | None
    )
}

/// `LO-Sent-Is This Tomorrow_thumb[1]`, `Seattle_General_Strike`: scraped image names.
fn looks_like_file_name(line: &str) -> bool {
    line.len() <= 120 && (line.contains('_') || line.ends_with("]") && line.contains("thumb"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, name: &str) -> Vec<(BlockKind, String)> {
        let doc = parse(text, name);
        doc.blocks
            .iter()
            .map(|b| (b.kind, doc.text(b).to_string()))
            .collect()
    }

    #[test]
    fn scraped_essay_structure() {
        let text = "Categories\nIssue 5\n\nInternationalism: All About People\n\n\
            An analysis of internationalism.\n\nIn July 2021, protests broke out.\n\
            The State vs. The Process\n\nCuba is the example here, and more.\n\n\
              1. Monthly Review Vol. 73.\n  2. Ibid.\n";
        let k = kinds(text, "internationalism-all-about-people.txt");
        assert_eq!(k[0].0, BlockKind::Paragraph); // not standalone
        assert_eq!(k[1].0, BlockKind::Heading(2));
        assert_eq!(
            k[2],
            (
                BlockKind::Heading(1),
                "Internationalism: All About People".into()
            )
        );
        assert_eq!(k[3].0, BlockKind::Paragraph);
        assert_eq!(
            k[5],
            (BlockKind::Heading(2), "The State vs. The Process".into())
        );
        assert_eq!(k[7], (BlockKind::Note, "1. Monthly Review Vol. 73.".into()));
        assert_eq!(k[8], (BlockKind::Note, "2. Ibid.".into()));
        let doc = parse(text, "internationalism-all-about-people.txt");
        assert_eq!(doc.title, "Internationalism: All About People");
        assert_eq!(doc.blocks[7].hang, 3);
    }

    #[test]
    fn numbered_theses_lists_and_reading_lists() {
        let text = "Title Here\n\nIntro paragraph that is long enough.\n\n\
            1. The dictatorship takes the form of a party.\n\nDiscussion of it.\n\n\
            2. A party must have mass support\n\nMore discussion.\n\n\
            1. first item\n2. second item\n\nAfter the list, text.\n\n\
            Further reading:\n\nBook One by Author\n\nBook Two by Author\n\nBook Three by Author\n\n\
            Seattle_General_Strike\n\nLast updated on 11 January 2018";
        let k = kinds(text, "x.txt");
        assert_eq!(k[2].0, BlockKind::Heading(3));
        assert_eq!(k[4].0, BlockKind::Heading(3));
        assert_eq!(k[6].0, BlockKind::ListItem);
        assert_eq!(k[7].0, BlockKind::ListItem);
        assert_eq!(k[9].0, BlockKind::Paragraph); // "Further reading:"
        assert!(
            k[10..13]
                .iter()
                .all(|(kind, _)| *kind == BlockKind::Paragraph)
        );
        assert_eq!(k[13].0, BlockKind::Caption);
        assert_eq!(k[14].0, BlockKind::Paragraph); // nothing follows it
    }

    #[test]
    fn title_matches_the_file_name() {
        let text = "Harry Ratner\n\nLetter: Stalinism and Revolution\n\nAuthor: Harry Ratner\n\
            Source: New Interventions, 2011.\n\nJust some brief comments.";
        let doc = parse(text, "ratner-letter-stalinism-and-revolution.txt");
        assert_eq!(doc.title, "Letter: Stalinism and Revolution");
        let untitled = parse("just a sentence.", "my-notes.txt");
        assert_eq!(untitled.title, "My notes");
    }

    #[test]
    fn hard_wrapped_text_is_reflowed() {
        let para = "It was the best of times, it was the worst of times, it was\n\
            the age of wisdom, it was the age of foolishness, it was the\n\
            epoch of belief, it was the epoch of incredulity, it was the\n";
        let text = format!("CHAPTER I\n\n{para}\n{para}\n- a\n- b\n");
        let k = kinds(&text, "tale.txt");
        assert_eq!(k[0].0, BlockKind::Heading(1));
        assert_eq!(k[1].0, BlockKind::Paragraph);
        assert!(
            k[1].1
                .starts_with("It was the best of times, it was the worst of times, it was the age")
        );
        assert_eq!(k.len(), 5);
        assert_eq!(k[3], (BlockKind::ListItem, "- a".into()));
    }

    #[test]
    fn verse_is_not_reflowed() {
        let text = "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you\n\n\
            Second stanza\nShort lines here\nStill short\nThe end";
        assert_eq!(kinds(text, "poem.txt").len(), 8);
    }
}
