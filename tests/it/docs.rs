//! Documentation made from the code: it must say what the code does.

use std::path::Path;

/// `docs/keys.md` is the default keymap, written out; `GLOSS_WRITE_DOCS=1` writes it anew.
#[test]
fn the_key_reference_is_the_default_keymap() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/keys.md");
    let made = gloss::app::keymap::Keymap::default().as_markdown();
    if std::env::var_os("GLOSS_WRITE_DOCS").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == made,
        "docs/keys.md is stale: GLOSS_WRITE_DOCS=1 cargo test --test it docs writes it anew"
    );
}
