//! Tables as gloss shows them: a line per row, cells aligned in columns with `│` between them,
//! when the table is narrow enough to read so; wider ones are a paragraph per row.

use unicode_width::UnicodeWidthStr;

/// The widest table laid out in aligned columns, in cells.
pub const TABLE_MAX_CELLS: usize = 76;

/// The rows of a table as aligned lines, or `None` when it is too wide for that (each row is
/// then a paragraph of its cells joined by ` │ `).
pub fn aligned(rows: &[Vec<String>]) -> Option<Vec<String>> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let total = widths.iter().sum::<usize>() + 3 * columns.saturating_sub(1);
    if total > TABLE_MAX_CELLS {
        return None;
    }
    let lines = rows
        .iter()
        .map(|row| {
            let mut line = String::new();
            for (c, width) in widths.iter().enumerate() {
                let cell = row.get(c).map_or("", String::as_str);
                if c > 0 {
                    line.push_str(" │ ");
                }
                line.push_str(cell);
                if c + 1 < columns {
                    line.extend(std::iter::repeat_n(' ', width - cell.width()));
                }
            }
            line.trim_end().to_string()
        })
        .collect();
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_tables_align_and_wide_ones_do_not() {
        let rows = vec![
            vec!["Year".to_string(), "Event".to_string()],
            vec!["1917".to_string(), "October".to_string()],
            vec!["1943".to_string(), String::new()],
        ];
        assert_eq!(
            aligned(&rows).unwrap(),
            ["Year │ Event", "1917 │ October", "1943 │"]
        );
        assert_eq!(aligned(&[vec!["x".repeat(80)]]), None);
    }
}
