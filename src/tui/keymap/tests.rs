use super::*;

fn press(keys: &mut Keys, mode: Mode, code: KeyCode) -> Option<Action> {
    keys.key(
        &Keymap::default(),
        mode,
        &|_| true,
        KeyEvent::new(code, KeyModifiers::NONE),
    )
}

fn ctrl(keys: &mut Keys, mode: Mode, c: char) -> Option<Action> {
    let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    keys.key(&Keymap::default(), mode, &|_| true, event)
}

#[test]
fn keys_map_by_mode() {
    let mut keys = Keys::default();
    assert_eq!(
        press(&mut keys, Mode::Reader, KeyCode::Char(' ')),
        Some(Action::NextPage)
    );
    assert_eq!(
        press(&mut keys, Mode::Library, KeyCode::Char('j')),
        Some(Action::Down)
    );
    assert_eq!(
        press(&mut keys, Mode::Reader, KeyCode::Char('j')),
        Some(Action::LineDown)
    );
    assert_eq!(
        press(&mut keys, Mode::Prompt, KeyCode::Char('5')),
        Some(Action::Input('5'))
    );
    assert_eq!(
        press(&mut keys, Mode::Prompt, KeyCode::Char('q')),
        Some(Action::Input('q'))
    );
    assert_eq!(press(&mut keys, Mode::Reader, KeyCode::F(5)), None);
    assert_eq!(ctrl(&mut keys, Mode::Prompt, 'c'), Some(Action::Quit));
}

#[test]
fn the_keys_of_less_and_vim_page() {
    let mut keys = Keys::default();
    for mode in [Mode::Reader, Mode::Cursor] {
        assert_eq!(ctrl(&mut keys, mode, 'f'), Some(Action::NextPage));
        assert_eq!(ctrl(&mut keys, mode, 'b'), Some(Action::PrevPage));
        assert_eq!(ctrl(&mut keys, mode, 'd'), Some(Action::HalfPageDown));
        assert_eq!(ctrl(&mut keys, mode, 'u'), Some(Action::HalfPageUp));
        assert_eq!(ctrl(&mut keys, mode, 'o'), Some(Action::Back));
        assert_eq!(press(&mut keys, mode, KeyCode::Tab), Some(Action::Forward));
        for c in ['f', 'z'] {
            assert_eq!(
                press(&mut keys, mode, KeyCode::Char(c)),
                Some(Action::NextPage),
                "{c} in {mode:?}"
            );
        }
    }
}

#[test]
fn q_and_esc_close_panels_and_quit_only_from_the_text() {
    let mut keys = Keys::default();
    for mode in [
        Mode::Help,
        Mode::Contents,
        Mode::Annotations,
        Mode::Bookmarks,
        Mode::Cards,
        Mode::Results,
        Mode::Review,
        Mode::Stats,
        Mode::Note,
    ] {
        assert_eq!(
            press(&mut keys, mode, KeyCode::Char('q')),
            Some(Action::Close),
            "q in {mode:?}"
        );
        assert_eq!(
            press(&mut keys, mode, KeyCode::Esc),
            Some(Action::Close),
            "Esc in {mode:?}"
        );
    }
    for mode in [Mode::Reader, Mode::Cursor, Mode::Library] {
        assert_eq!(
            press(&mut keys, mode, KeyCode::Char('q')),
            Some(Action::Quit)
        );
    }
}

#[test]
fn the_mouse_wheel_scrolls_the_text_and_moves_in_lists() {
    let wheel = |kind| MouseEvent {
        kind,
        column: 0,
        row: 0,
        modifiers: KeyModifiers::NONE,
    };
    let mut keys = Keys::default();
    assert_eq!(
        keys.mouse(Mode::Reader, wheel(MouseEventKind::ScrollDown)),
        Some(Action::WheelDown)
    );
    assert_eq!(
        keys.mouse(Mode::Reader, wheel(MouseEventKind::ScrollUp)),
        Some(Action::WheelUp)
    );
    assert_eq!(
        keys.mouse(Mode::Library, wheel(MouseEventKind::ScrollDown)),
        Some(Action::Down)
    );
    assert_eq!(
        keys.mouse(Mode::Prompt, wheel(MouseEventKind::ScrollDown)),
        None
    );
}

/// Issue 36: a click did not select a library row.
#[test]
fn a_click_selects_a_library_row_and_a_double_click_opens_it() {
    let click = |row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 5,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let mut keys = Keys::default();
    assert_eq!(
        keys.mouse(Mode::Library, click(4)),
        Some(Action::Press(5, 4))
    );
    assert_eq!(keys.mouse(Mode::Library, click(4)), Some(Action::Open));
    // A third click starts again; a click on another row is a click of its own.
    assert_eq!(
        keys.mouse(Mode::Library, click(4)),
        Some(Action::Press(5, 4))
    );
    assert_eq!(
        keys.mouse(Mode::Library, click(6)),
        Some(Action::Press(5, 6))
    );
}

#[test]
fn editors_save_and_close_and_otherwise_type() {
    let mut keys = Keys::default();
    for mode in [Mode::Editor, Mode::CardEditor] {
        assert_eq!(ctrl(&mut keys, mode, 's'), Some(Action::Save), "{mode:?}");
        assert_eq!(press(&mut keys, mode, KeyCode::Esc), Some(Action::Close));
        assert!(matches!(
            press(&mut keys, mode, KeyCode::Char('q')),
            Some(Action::Edit(_))
        ));
        assert!(matches!(
            press(&mut keys, mode, KeyCode::Delete),
            Some(Action::Edit(_))
        ));
    }
    assert_eq!(
        press(&mut keys, Mode::CardEditor, KeyCode::Tab),
        Some(Action::NextField)
    );
    assert_eq!(ctrl(&mut keys, Mode::CardEditor, 'b'), Some(Action::Blank));
}

#[test]
fn review_keys() {
    let mut keys = Keys::default();
    assert_eq!(
        press(&mut keys, Mode::Review, KeyCode::Char(' ')),
        Some(Action::Reveal)
    );
    for n in 1..=4u8 {
        let c = char::from(b'0' + n);
        assert_eq!(
            press(&mut keys, Mode::Review, KeyCode::Char(c)),
            Some(Action::Answer(n))
        );
    }
    assert_eq!(
        press(&mut keys, Mode::Review, KeyCode::Char('o')),
        Some(Action::OpenSource)
    );
    assert_eq!(
        press(&mut keys, Mode::Review, KeyCode::Char('u')),
        Some(Action::Undo)
    );
    assert_eq!(
        press(&mut keys, Mode::Library, KeyCode::Char('R')),
        Some(Action::Review)
    );
    assert_eq!(
        press(&mut keys, Mode::Cursor, KeyCode::Char('c')),
        Some(Action::Card)
    );
}

#[test]
fn sequences_wait_for_their_second_key() {
    let mut keys = Keys::default();
    assert_eq!(press(&mut keys, Mode::Reader, KeyCode::Char('`')), None);
    assert_eq!(
        press(&mut keys, Mode::Reader, KeyCode::Char('`')),
        Some(Action::Back)
    );
    // A broken sequence lets the next key count on its own.
    assert_eq!(press(&mut keys, Mode::Reader, KeyCode::Char('`')), None);
    assert_eq!(
        press(&mut keys, Mode::Reader, KeyCode::Char('l')),
        Some(Action::NextPage)
    );
}

#[test]
fn a_remapped_key_acts() {
    let lines = crate::config::parse_keys(
        "[reading]\nx = \"next-page\"\n",
        &crate::config::Origin::defaults(),
        &mut Vec::new(),
    );
    let (keymap, _) = Keymap::build(&lines);
    let mut keys = Keys::default();
    let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(
        keys.key(&keymap, Mode::Reader, &|_| true, x),
        Some(Action::NextPage)
    );
    // In the cursor's own table x still removes a highlight: the narrower scope wins.
    assert_eq!(
        keys.key(&keymap, Mode::Cursor, &|_| true, x),
        Some(Action::Unhighlight)
    );
}

/// `n` is the next match in a search, else (no search) the annotations panel: the keymap says
/// so (`next-match | annotations`), and the app says which applies.
#[test]
fn a_key_with_another_action_otherwise_takes_the_one_that_applies() {
    let mut keys = Keys::default();
    let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
    let map = Keymap::default();
    let searching = |a: Action| a == Action::NextMatch;
    assert_eq!(
        keys.key(&map, Mode::Reader, &searching, n),
        Some(Action::NextMatch)
    );
    assert_eq!(
        keys.key(&map, Mode::Reader, &|_| false, n),
        Some(Action::Annotations)
    );
}
