//! A page's runs of text, as a PDF draws them, put in the order a person reads them: runs
//! become lines, and the lines of a page in columns are read column by column, a line that
//! crosses a gutter (a title, a wide figure's caption) between the bands it separates.

/// A run of text as the PDF draws it, in points from the page's top left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// The font's size, in points.
    pub size: f32,
}

/// A line of a page, in reading order: its runs joined into one (its text and the box of them
/// all), and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub run: Run,
    /// Which column of its band the line is in (0 for a line across the page), and the band's
    /// column edges: where a paragraph's full lines start and end.
    pub column: usize,
    pub column_left: f32,
    pub column_right: f32,
}

/// The narrowest gutter between two columns, in points (a tenth of an inch less than usual).
const MIN_GUTTER: f32 = 6.0;

/// The text of a line that stands for a picture (a figure drawn on the page): the Unicode
/// object replacement character, which no run of text brings (see `pdf::clean`), followed by
/// the picture's number among the page's [`PageLines::figures`](super::assemble::PageLines).
pub const FIGURE: &str = "\u{fffc}";

/// Private-use characters around a note mark in a line's text (a number or sign set smaller
/// than its line: `loop.²`); no run brings them (see `pdf::clean`). The assembler takes
/// them out and makes the mark a reference to its footnote.
pub const MARK_START: char = '\u{f8e0}';
pub const MARK_END: char = '\u{f8e1}';

/// Whether `text` can be a note's mark: a number of one to three digits, or one of the signs
/// books use (`*`, `†`, `‡`, `§`, `¶`, `‖`).
pub fn is_note_mark(text: &str) -> bool {
    let digits = text.len() <= 3 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let signs = !text.is_empty()
        && text.chars().count() <= 3
        && text.chars().all(|c| "*†‡§¶‖∗".contains(c));
    digits || signs
}

/// The number of the picture a line stands for, if it stands for one.
pub fn figure_of(text: &str) -> Option<usize> {
    text.strip_prefix(FIGURE)?.parse().ok()
}

/// The page's runs as lines, in reading order, each of `figures` (pictures drawn on the page,
/// as runs of [`FIGURE`]) a line of its own where it stands.
pub fn lines(mut runs: Vec<Run>, figures: Vec<Run>) -> Vec<Line> {
    runs.retain(|r| !r.text.trim().is_empty() && r.right >= r.left && r.bottom >= r.top);
    if runs.is_empty() && figures.is_empty() {
        return Vec::new();
    }
    // Pictures are no text: they neither make nor cross a gutter.
    let gutters = if runs.is_empty() {
        Vec::new()
    } else {
        gutters(&runs)
    };
    runs.extend(figures);
    // Top to bottom, then left to right: runs of a line share a baseline.
    runs.sort_by(|a, b| {
        a.bottom
            .total_cmp(&b.bottom)
            .then(a.left.total_cmp(&b.left))
    });
    // Columns count from 1, between the gutters; 0 is across a gutter.
    let side = |r: &Run| {
        let column = gutters
            .iter()
            .filter(|&&(_, to)| r.left >= to - 1.0)
            .count();
        let within = gutters
            .get(column)
            .is_none_or(|&(from, _)| r.right <= from + 1.0);
        if within { column + 1 } else { 0 }
    };
    let mut lines: Vec<(usize, Vec<Run>)> = Vec::new();
    for run in runs {
        let column = side(&run);
        // Lines of the same column whose baseline this run shares (most recent first).
        let joined = lines.iter_mut().rev().take(4).find(|(c, line)| {
            let last = line.last().expect("a line has a run");
            *c == column
                && same_baseline(last, &run)
                && figure_of(&last.text).is_none()
                && figure_of(&run.text).is_none()
        });
        match joined {
            Some((_, line)) => line.push(run),
            None => lines.push((column, vec![run])),
        }
    }
    let mut lines: Vec<Line> = lines
        .into_iter()
        .map(|(column, mut runs)| {
            runs.sort_by(|a, b| a.left.total_cmp(&b.left));
            line_of(column, runs)
        })
        .collect();
    lines.sort_by(|a, b| a.run.top.total_cmp(&b.run.top));
    in_reading_order(lines)
}

fn same_baseline(a: &Run, b: &Run) -> bool {
    let size = a.size.max(b.size).max(1.0);
    (a.bottom - b.bottom).abs() < size * 0.4
}

/// One line of runs sorted left to right: a space where the runs leave a gap and neither
/// brings one. A line mostly in a right-to-left script is read from its right end.
fn line_of(column: usize, runs: Vec<Run>) -> Line {
    // A note's mark is set smaller than its line (its run is not always placed higher: the
    // parser may give it the line's baseline).
    let largest = runs.iter().map(|r| r.size).fold(0.0f32, f32::max);
    let raised = |run: &Run| run.size < largest * 0.8 && is_note_mark(run.text.trim());
    let marked: Vec<String> = runs
        .iter()
        .map(|run| match raised(run) {
            true => format!("{MARK_START}{}{MARK_END}", run.text.trim()),
            false => String::new(),
        })
        .collect();
    // The runs' texts and what stands between each and the next, left to right.
    let mut pieces: Vec<&str> = Vec::with_capacity(runs.len() * 2);
    let mut right = f32::MIN;
    let (mut top, mut bottom, mut size) = (f32::MAX, f32::MIN, 0.0f32);
    let left = runs[0].left;
    for (run, mark) in runs.iter().zip(&marked) {
        let gap = run.left - right;
        if let Some(before) = pieces.last() {
            // A mark follows its word as in print (`loop.²`): never after a space.
            let apart = gap > run.size.max(1.0) * 0.1
                && mark.is_empty()
                && !before.ends_with(char::is_whitespace)
                && !run.text.starts_with(char::is_whitespace);
            pieces.push(if apart { " " } else { "" });
        }
        pieces.push(if mark.is_empty() { &run.text } else { mark });
        right = right.max(run.right);
        top = top.min(run.top);
        bottom = bottom.max(run.bottom);
        size = size.max(run.size);
    }
    if right_to_left(&pieces) {
        pieces.reverse();
    }
    let text = pieces.concat();
    Line {
        run: Run {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            left,
            right,
            top,
            bottom,
            size,
        },
        column,
        column_left: left,
        column_right: right,
    }
}

/// Whether a line's letters are mostly of a right-to-left script (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko): its runs are then read from the right.
fn right_to_left(pieces: &[&str]) -> bool {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in pieces
        .iter()
        .flat_map(|p| p.chars())
        .filter(|c| c.is_alphabetic())
    {
        match c as u32 {
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF => rtl += 1,
            _ => ltr += 1,
        }
    }
    rtl > ltr
}

/// The page's gutters, left to right, if its text stands in columns: strips of the middle of
/// the text crossed by little of it (titles, wide captions), each column between them holding
/// a good share of the text.
fn gutters(runs: &[Run]) -> Vec<(f32, f32)> {
    let left = runs.iter().map(|r| r.left).fold(f32::MAX, f32::min);
    let right = runs.iter().map(|r| r.right).fold(f32::MIN, f32::max);
    let width = right - left;
    if !(100.0..=20_000.0).contains(&width) {
        return Vec::new();
    }
    // Points of height of text over each point of width.
    let bins = width.ceil() as usize + 1;
    let mut cover = vec![0.0f32; bins];
    for run in runs {
        let from = ((run.left - left) as usize).min(bins - 1);
        let to = ((run.right - left) as usize).min(bins - 1);
        for c in &mut cover[from..=to] {
            *c += run.bottom - run.top;
        }
    }
    let total: f32 = runs.iter().map(|r| r.bottom - r.top).sum();
    let (from, to) = (bins * 3 / 20, bins * 17 / 20);
    let least = cover[from..to].iter().copied().fold(f32::MAX, f32::min);
    if least > total * 0.2 {
        return Vec::new();
    }
    // A page number or a short line may stand in a gutter: a strip is what is nearly as empty
    // as the emptiest.
    let limit = least + total * 0.03;
    let mut strips = Vec::new();
    let mut i = from;
    while i < to {
        if cover[i] > limit {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > 0 && cover[start - 1] <= limit {
            start -= 1;
        }
        let mut end = i;
        while end + 1 < bins && cover[end + 1] <= limit {
            end += 1;
        }
        if (end - start) as f32 >= MIN_GUTTER {
            strips.push((left + start as f32, left + end as f32));
        }
        i = end + 1;
    }
    // Each column must hold a good share of the text: a strip beside a short one goes.
    let share = |from: f32, to: f32| {
        runs.iter()
            .filter(|r| r.left >= from - 1.0 && r.right <= to + 1.0)
            .map(|r| r.bottom - r.top)
            .sum::<f32>()
            / total
    };
    loop {
        let edges: Vec<f32> = std::iter::once(left)
            .chain(strips.iter().flat_map(|&(a, b)| [a, b]))
            .chain(std::iter::once(right))
            .collect();
        let thin = edges
            .chunks(2)
            .map(|c| share(c[0], c[1]))
            .position(|s| s < 0.12);
        match thin {
            None => return strips,
            // The column's gutter on the side of the smaller neighbour goes.
            Some(0) => drop(strips.remove(0)),
            Some(k) if k == strips.len() => drop(strips.pop()),
            Some(k) => drop(strips.remove(k)),
        }
        if strips.is_empty() {
            return strips;
        }
    }
}

/// Lines sorted top to bottom, reordered: a line across the page ends a band, and a band's
/// columns are read left to right. Each line learns its column's edges.
fn in_reading_order(lines: Vec<Line>) -> Vec<Line> {
    let mut ordered = Vec::with_capacity(lines.len());
    let mut band: Vec<Line> = Vec::new();
    let columns = lines.iter().map(|l| l.column).max().unwrap_or(0);
    let flush = |band: &mut Vec<Line>, ordered: &mut Vec<Line>| {
        for column in 1..=columns {
            let start = ordered.len();
            ordered.extend(band.iter().filter(|l| l.column == column).cloned());
            set_edges(&mut ordered[start..]);
        }
        band.clear();
    };
    for line in lines {
        if line.column == 0 {
            flush(&mut band, &mut ordered);
            ordered.push(line);
            let last = ordered.len() - 1;
            set_edges(&mut ordered[last..]);
        } else {
            band.push(line);
        }
    }
    flush(&mut band, &mut ordered);
    ordered
}

/// The edges of a column: where most of its lines start and how far the longest reach.
fn set_edges(column: &mut [Line]) {
    if column.is_empty() {
        return;
    }
    let mut starts: Vec<f32> = column.iter().map(|l| l.run.left).collect();
    starts.sort_by(f32::total_cmp);
    let left = starts[0];
    let right = column.iter().map(|l| l.run.right).fold(f32::MIN, f32::max);
    for line in column {
        line.column_left = left;
        line.column_right = right;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, left: f32, top: f32) -> Run {
        Run {
            text: text.into(),
            left,
            right: left + text.len() as f32 * 5.0,
            top,
            bottom: top + 10.0,
            size: 10.0,
        }
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.run.text.as_str()).collect()
    }

    #[test]
    fn runs_on_one_baseline_are_one_line() {
        let lines = lines(
            vec![run("world", 130.0, 100.0), run("Hello", 100.0, 100.5)],
            Vec::new(),
        );
        assert_eq!(texts(&lines), ["Hello world"]);
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        // Columns 200 points wide with a 20-point gutter, a title across both.
        let mut runs = vec![Run {
            right: 400.0,
            ..run("A Title Across", 150.0, 50.0)
        }];
        for i in 0..20 {
            let top = 100.0 + i as f32 * 12.0;
            runs.push(Run {
                right: 300.0,
                ..run(&format!("left{i}"), 100.0, top)
            });
            runs.push(Run {
                right: 520.0,
                ..run(&format!("right{i}"), 320.0, top)
            });
        }
        let lines = lines(runs, Vec::new());
        let order = texts(&lines);
        assert_eq!(order[0], "A Title Across");
        assert_eq!(order[1], "left0");
        assert_eq!(order[20], "left19");
        assert_eq!(order[21], "right0");
        assert_eq!(lines[21].column_left, 320.0);
    }

    #[test]
    fn three_columns_are_read_left_to_right() {
        let mut runs = Vec::new();
        for i in 0..15 {
            let top = 100.0 + i as f32 * 12.0;
            for (k, left) in [50.0, 230.0, 410.0].into_iter().enumerate() {
                runs.push(Run {
                    right: left + 160.0,
                    ..run(&format!("c{k}l{i}"), left, top)
                });
            }
        }
        let order: Vec<String> = lines(runs, Vec::new())
            .into_iter()
            .map(|l| l.run.text)
            .collect();
        assert_eq!(order[0], "c0l0");
        assert_eq!(order[15], "c1l0");
        assert_eq!(order[30], "c2l0");
    }

    #[test]
    fn a_figure_is_a_line_of_its_own_where_it_stands() {
        let text = |i: usize| Run {
            right: 300.0,
            ..run(&format!("line{i}"), 100.0, 100.0 + i as f32 * 12.0)
        };
        let figure = Run {
            text: format!("{FIGURE}0"),
            left: 100.0,
            right: 300.0,
            top: 130.0,
            bottom: 200.0,
            size: 0.0,
        };
        let runs = vec![text(0), text(1), text(10)];
        let order: Vec<String> = lines(runs, vec![figure])
            .into_iter()
            .map(|l| l.run.text)
            .collect();
        assert_eq!(order, ["line0", "line1", &format!("{FIGURE}0"), "line10"]);
    }

    #[test]
    fn a_right_to_left_line_is_read_from_its_right_end() {
        // Three Arabic words drawn as three runs, the first word rightmost.
        let words = [("الأولى", 228.0), ("الثانية", 164.0), ("الثالثة", 100.0)];
        assert_eq!(lines_of_words(&words), "الأولى الثانية الثالثة");
        let latin = lines_of_words(&[("one", 100.0), ("two", 164.0)]);
        assert_eq!(latin, "one two");
    }

    /// The one line that words drawn as runs 60 points wide, at their left edges, make.
    fn lines_of_words(words: &[(&str, f32)]) -> String {
        let runs = words
            .iter()
            .map(|(w, left)| Run {
                right: left + 60.0,
                ..run(w, *left, 100.0)
            })
            .collect();
        lines(runs, Vec::new()).remove(0).run.text
    }

    #[test]
    fn one_column_with_ragged_lines_has_no_gutter() {
        let runs: Vec<Run> = (0..30)
            .map(|i| Run {
                right: 300.0 + (i % 5) as f32 * 50.0,
                ..run(&format!("line{i}"), 100.0, i as f32 * 12.0)
            })
            .collect();
        let lines = lines(runs, Vec::new());
        assert_eq!(lines.len(), 30);
        assert_eq!(lines[1].run.text, "line1");
    }

    #[test]
    fn a_number_set_small_after_a_word_is_a_note_mark_glued_to_it() {
        let word = run("inner loop.", 100.0, 100.0);
        let mark = Run {
            text: "2".into(),
            left: word.right + 2.0,
            right: word.right + 5.0,
            size: 6.0,
            ..word.clone()
        };
        let mut exponent = mark.clone();
        exponent.text = "th".into();
        let text = |runs: Vec<Run>| lines(runs, Vec::new())[0].run.text.clone();
        assert_eq!(
            text(vec![word.clone(), mark]),
            format!("inner loop.{MARK_START}2{MARK_END}")
        );
        // Small, but no mark: kept as it is.
        assert_eq!(text(vec![word, exponent]), "inner loop. th");
    }
}
