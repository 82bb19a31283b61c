use super::*;

fn key(key: Key) -> EditKey {
    EditKey::plain(key)
}

fn typed(field: &mut Field, text: &str) {
    for c in text.chars() {
        let k = if c == '\n' { Key::Enter } else { Key::Char(c) };
        field.input(key(k));
    }
}

#[test]
fn typing_moving_and_erasing() {
    let mut f = Field::new("");
    typed(&mut f, "one two\nthree");
    assert_eq!(f.text(), "one two\nthree");
    f.input(key(Key::Up));
    assert_eq!(f.cursor(), 5, "same column on the line above");
    f.input(EditKey {
        ctrl: true,
        ..key(Key::Backspace)
    });
    assert_eq!(f.text(), "one wo\nthree");
    f.input(EditKey {
        ctrl: true,
        ..key(Key::Char('k'))
    });
    assert_eq!(f.text(), "one \nthree");
    f.input(EditKey {
        ctrl: true,
        ..key(Key::Char('k'))
    });
    assert_eq!(
        f.text(),
        "one three",
        "at a line's end, Ctrl-K joins the next"
    );
    f.input(key(Key::Home));
    f.input(key(Key::Delete));
    assert_eq!(f.text(), "ne three");
    f.input(key(Key::Down));
    assert_eq!(f.cursor(), f.text().len());
}

#[test]
fn shift_selects_and_typing_replaces_the_selection() {
    let mut f = Field::new("the old words");
    f.input(key(Key::Home));
    let word_right = EditKey {
        ctrl: true,
        shift: true,
        ..key(Key::Right)
    };
    f.input(key(Key::Right));
    f.input(key(Key::Right));
    f.input(key(Key::Right));
    f.input(key(Key::Right));
    f.input(word_right);
    assert_eq!(f.selection(), Some(4..7));
    typed(&mut f, "new");
    assert_eq!(f.text(), "the new words");
    assert_eq!(f.selection(), None);
}

#[test]
fn control_characters_and_line_breaks_of_one_line_fields() {
    let f = Field::new("a\x1b[31mb\nc\x07");
    assert_eq!(f.text(), "ab\nc");
    let mut tags = Field::single_line("x\ny");
    tags.input(key(Key::Enter));
    assert_eq!(tags.text(), "x y");
}

#[test]
fn rows_wrap_at_spaces_and_inside_long_words() {
    let f = Field::new("a quick brown fox\n\nabcdefghij");
    let rows: Vec<&str> = f.rows(8).into_iter().map(|r| &f.text()[r]).collect();
    assert_eq!(rows, ["a quick ", "brown ", "fox", "", "abcdefgh", "ij"]);
    let wide = Field::new("日本語の文");
    let rows: Vec<&str> = wide.rows(5).into_iter().map(|r| &wide.text()[r]).collect();
    assert_eq!(rows, ["日本", "語の", "文"]);
    assert_eq!(wide.cursor_at(&wide.rows(5)), (2, 2));
}
