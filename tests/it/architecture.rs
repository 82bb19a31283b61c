//! The layers of the program, checked on its source: dependencies point one way, from the pure
//! core through `store` and the services that join it to the core (`library`, `group`), to
//! `app`, `cli` and `tui`. A module may not name a layer above it nor a crate that belongs to
//! one (SQL to `store`, the terminal to `tui`).
//!
//! The check reads `use` paths and qualified names in code (comments are skipped), which is how
//! this codebase names other modules; `crate::{store, …}` groups are read too.

use std::path::{Path, PathBuf};

/// What each top-level module of `src/` may not name.
const RULES: &[(&[&str], &[&str])] = &[
    (
        &[
            "anchor",
            "annotation",
            "clock",
            "config",
            "document",
            "fetch",
            "files",
            "layout",
            "memory",
            "search",
            "share",
            "srs",
            "viewer",
        ],
        &[
            "crate::store",
            "crate::library",
            "crate::group",
            "crate::app",
            "crate::cli",
            "crate::tui",
            "rusqlite",
            "rusqlite_migration",
            "ratatui",
            "ratatui_image",
            "crossterm",
        ],
    ),
    (
        &["store"],
        &[
            "crate::library",
            "crate::group",
            "crate::app",
            "crate::cli",
            "crate::tui",
            "ratatui",
            "ratatui_image",
            "crossterm",
        ],
    ),
    (
        &["library", "group"],
        &[
            "crate::app",
            "crate::cli",
            "crate::tui",
            "rusqlite",
            "ratatui",
            "ratatui_image",
            "crossterm",
        ],
    ),
    (
        &["app"],
        &[
            "crate::cli",
            "crate::tui",
            "rusqlite",
            "ratatui",
            "ratatui_image",
            "crossterm",
        ],
    ),
    (
        &["cli"],
        &[
            "crate::app",
            "crate::tui",
            "rusqlite",
            "ratatui",
            "ratatui_image",
            "crossterm",
        ],
    ),
];

/// The forbidden names that `source`, a file of top-level module `module`, uses: one line per
/// use, `line N: name`.
fn forbidden(module: &str, source: &str) -> Vec<String> {
    let Some((_, banned)) = RULES.iter().find(|(modules, _)| modules.contains(&module)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for name in banned.iter() {
            if names(code, name) {
                found.push(format!("line {}: {name}", n + 1));
            }
        }
    }
    found
}

/// Whether `code` names `name` as a path: `name::…` or `name;` (a crate or module), or the
/// last part of `name` inside a `crate::{…}` group.
fn names(code: &str, name: &str) -> bool {
    let at_word = |i: usize| {
        code[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'))
    };
    let followed = |rest: &str| rest.starts_with("::") || rest.starts_with(';');
    let direct = code
        .match_indices(name)
        .any(|(i, _)| at_word(i) && followed(&code[i + name.len()..]));
    let grouped = name.strip_prefix("crate::").is_some_and(|module| {
        code.split("crate::{").skip(1).any(|group| {
            let group = group.split('}').next().unwrap_or("");
            group
                .split(',')
                .any(|part| part.trim().split("::").next() == Some(module))
        })
    });
    direct || grouped
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn dependencies_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = Path::new(first).file_stem().unwrap().to_str().unwrap();
        let source = std::fs::read_to_string(file).unwrap();
        if RULES.iter().any(|(modules, _)| modules.contains(&module)) {
            checked += 1;
        }
        for found in forbidden(module, &source) {
            broken.push(format!("src/{}: {found}", relative.display()));
        }
    }
    assert!(checked > 50, "only {checked} files checked: is src/ there?");
    assert!(
        broken.is_empty(),
        "modules name layers above them:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_checker_finds_a_forbidden_import() {
    let layout = "//! Pages.\nuse crate::document::Document;\nuse ratatui::text::Line;\n";
    assert_eq!(forbidden("layout", layout), ["line 3: ratatui"]);
    let srs = "fn f(s: &mut crate::store::Store) {}\nuse crate::{anchor, store::Store};\n";
    assert_eq!(
        forbidden("srs", srs),
        ["line 1: crate::store", "line 2: crate::store"]
    );
    // Comments, other crates that merely start alike, and allowed layers pass.
    let fine = "// ratatui draws this\nuse crate::storefront::X;\nuse crate::srs::Grade;\n";
    assert!(forbidden("document", fine).is_empty());
    assert_eq!(
        forbidden("app", "use crossterm::event;"),
        ["line 1: crossterm"]
    );
    assert!(forbidden("tui", "use crossterm::event;").is_empty());
}
