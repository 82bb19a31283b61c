//! The layers of the program, checked on its source: dependencies point one way, from the pure
//! core through `store` and the services that join it to the core (`library`, `group`), to
//! `app`, `cli` and `tui`, and `main`. A module may not reach a layer above it nor a crate that
//! belongs to one (SQL to `store` and to `anki`'s own databases, the terminal to `tui`).
//!
//! The check parses each file (`syn`) and resolves every path it names, in `use` trees (groups
//! however rustfmt wraps them, renames, `self`, `super::super`) and in code (types, calls,
//! macros), to the top-level module or the crate it reaches; an alias (`use crate as g`) is
//! followed. The binary (`main.rs`) names the library as `gloss::`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

mod house;

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
            "wait",
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
    // Anki's files are SQLite databases of their own: spoken here, on their own connections.
    (
        &["anki"],
        &[
            "crate::store",
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
        &["library", "group", "export"],
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
        &["tui"],
        &[
            "crate::cli",
            "crate::store",
            "crate::library",
            "crate::group",
            "crate::export",
            "rusqlite",
        ],
    ),
    (
        &["main"],
        &[
            "crate::store",
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

/// The forbidden names that `source`, a file of top-level module `module` at `path` inside it
/// (`["app", "panel"]` for `src/app/panel.rs`), reaches: one line per name, with the path that
/// reaches it.
fn forbidden(module: &str, path: &[&str], source: &str) -> Vec<String> {
    let Some((_, banned)) = RULES.iter().find(|(modules, _)| modules.contains(&module)) else {
        return Vec::new();
    };
    let file = match syn::parse_file(source) {
        Ok(file) => file,
        Err(err) => return vec![format!("does not parse: {err}")],
    };
    let mut names = Names {
        module: path.iter().map(|s| s.to_string()).collect(),
        aliases: HashMap::new(),
        reached: Vec::new(),
        paths: Vec::new(),
    };
    names.visit_file(&file);
    let mut found: Vec<String> = names
        .reached
        .into_iter()
        .filter(|(target, _)| banned.contains(&target.as_str()))
        .map(|(target, written)| format!("{target} (as {written})"))
        .collect();
    found.dedup();
    found
}

/// What a file names: the modules and crates its paths reach.
struct Names {
    /// The module being read, from the crate root.
    module: Vec<String>,
    /// Names that `use` brought in, to the absolute paths they stand for.
    aliases: HashMap<String, Vec<String>>,
    /// What was reached (`crate::store`, `rusqlite`), with the path as written.
    reached: Vec<(String, String)>,
    /// Every path named, absolute (`crate::app::App`).
    paths: Vec<Vec<String>>,
}

impl Names {
    /// The absolute path (from the crate root, or an outside crate's name first) that
    /// `segments` stands for here; `None` for a path that names nothing outside (a local).
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        let (first, rest) = segments.split_first()?;
        let mut at: Vec<String> = match first.as_str() {
            "crate" | "gloss" => vec!["crate".into()],
            "self" => std::iter::once("crate".into())
                .chain(self.module.clone())
                .collect(),
            "super" => {
                let mut module = self.module.clone();
                module.pop();
                std::iter::once("crate".into()).chain(module).collect()
            }
            name => match self.aliases.get(name) {
                Some(path) => path.clone(),
                None if rest.is_empty() => return None,
                None => vec![name.to_string()],
            },
        };
        for segment in rest {
            if segment == "super" && at.len() > 1 {
                at.pop();
            } else {
                at.push(segment.clone());
            }
        }
        Some(at)
    }

    /// Records what `segments` (as written) reaches: a top-level module or an outside crate.
    fn reach(&mut self, segments: &[String]) {
        let Some(path) = self.absolute(segments) else {
            return;
        };
        self.paths.push(path.clone());
        let target = match path.as_slice() {
            [root, top, ..] if root == "crate" => format!("crate::{top}"),
            [root] if root == "crate" => return,
            [outside, ..] => outside.clone(),
            [] => return,
        };
        self.reached.push((target, segments.join("::")));
    }

    /// Reads a `use` tree under `prefix`, recording what each leaf reaches and the names it
    /// brings in.
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                let mut full = prefix.clone();
                if name != "self" {
                    full.push(name.clone());
                }
                self.bring(
                    full,
                    prefix
                        .last()
                        .filter(|_| name == "self")
                        .cloned()
                        .unwrap_or(name),
                );
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.bring(full, r.rename.to_string());
            }
            syn::UseTree::Glob(_) => self.reach(&prefix.clone()),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    /// `use full as name;`: what it reaches, and `name` standing for it from now on.
    fn bring(&mut self, full: Vec<String>, name: String) {
        if let Some(path) = self.absolute(&full) {
            self.reach(&full);
            self.aliases.insert(name, path);
        } else if full.len() == 1 {
            // `use rusqlite;`: the crate itself.
            self.reached.push((full[0].clone(), full[0].clone()));
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        // `use ::rusqlite::X` reads as `use rusqlite::X`: an outside crate either way.
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.module.push(item.ident.to_string());
        let aliases = self.aliases.clone();
        syn::visit::visit_item_mod(self, item);
        self.aliases = aliases;
        self.module.pop();
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.reach(&segments);
        syn::visit::visit_path(self, path);
    }
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
        // The module path: `app/panel.rs` is app::panel, `app/mod.rs` is app.
        let mut path: Vec<&str> = relative
            .iter()
            .map(|c| c.to_str().unwrap().trim_end_matches(".rs"))
            .collect();
        if path.last() == Some(&"mod") || path == ["lib"] {
            path.pop();
        }
        let module = path.first().copied().unwrap_or("lib");
        let source = std::fs::read_to_string(file).unwrap();
        if RULES.iter().any(|(modules, _)| modules.contains(&module)) {
            checked += 1;
        }
        let inside: Vec<&str> = if module == "main" {
            Vec::new()
        } else {
            path.clone()
        };
        for found in forbidden(module, &inside, &source) {
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
    assert_eq!(
        forbidden("layout", &["layout"], layout),
        ["ratatui (as ratatui::text::Line)"]
    );
    let srs = "fn f(s: &mut crate::store::Store) {}\nuse crate::{anchor, store::Store};\n";
    assert_eq!(
        forbidden("srs", &["srs"], srs),
        ["crate::store (as crate::store::Store)"]
    );
    // Comments, other crates that merely start alike, and allowed layers pass.
    let fine = "// ratatui draws this\nuse crate::storefront::X;\nuse crate::srs::Grade;\n";
    assert!(forbidden("document", &["document"], fine).is_empty());
    assert_eq!(
        forbidden("app", &["app"], "use crossterm::event;"),
        ["crossterm (as crossterm::event)"]
    );
    assert!(forbidden("tui", &["tui"], "use crossterm::event;").is_empty());
}

/// The three ways past the old line-by-line check, each caught.
#[test]
fn the_checker_sees_through_groups_supers_and_renames() {
    // A group rustfmt wraps over several lines.
    let wrapped = "use crate::{\n    anchor::Anchor,\n    store::{\n        Store,\n    },\n};\n";
    assert_eq!(
        forbidden("srs", &["srs", "queue"], wrapped),
        ["crate::store (as crate::store::Store)"]
    );
    // Up two levels from srs::queue, then down into the store.
    let supers = "fn f() { let _ = super::super::store::Store::open_in_memory(); }";
    assert_eq!(
        forbidden("srs", &["srs", "queue"], supers),
        ["crate::store (as super::super::store::Store::open_in_memory)"]
    );
    // The crate under another name, and a module under another name.
    let renamed = "use crate as g;\nfn f(_: g::store::Store) {}\n";
    assert_eq!(
        forbidden("layout", &["layout"], renamed),
        ["crate::store (as g::store::Store)"]
    );
    let module = "use crate::store as s;\nfn f(_: s::Store) {}\n";
    assert_eq!(
        forbidden("layout", &["layout"], module),
        [
            "crate::store (as crate::store)",
            "crate::store (as s::Store)"
        ]
    );
    // Inside a module of its own, `super` is the file's module.
    let inline = "mod tests { use super::super::super::tui::view; use super::super::tui::X; }";
    assert_eq!(
        forbidden("app", &["app", "panel"], inline),
        ["crate::tui (as super::super::super::tui::view)"],
        "app::tui is no layer"
    );
}

/// Whether a piece of a message names a key: a key's name (`Enter`, `Esc`, `Ctrl-S`), or a key
/// of one character (`v`, `/`, `?`), which prose never is alone, save `a` (a key only before
/// "to", or in parentheses) and `I`.
fn names_a_key(text: &str) -> Option<String> {
    const NAMED: &[&str] = &[
        "Enter",
        "Esc",
        "Escape",
        "Tab",
        "Space",
        "Backspace",
        "PgUp",
        "PgDn",
        "BackTab",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, raw) in words.iter().enumerate() {
        let word = raw.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '`'));
        // `p. 12`: a page.
        if *raw == "p." {
            continue;
        }
        let next = words.get(i + 1).copied().unwrap_or("");
        // `3 h`, `{} h ago`: a unit after a number.
        let previous = if i > 0 { words[i - 1] } else { "" };
        if previous.ends_with('}') || previous.chars().all(|c| c.is_ascii_digit()) && i > 0 {
            continue;
        }
        let key = NAMED.contains(&word)
            || ["Ctrl-", "Alt-", "Shift-"]
                .iter()
                .any(|p| word.starts_with(p))
            || (word.chars().count() == 1
                && word
                    .chars()
                    .all(|c| c.is_ascii_graphic() && !c.is_ascii_digit())
                && !matches!(
                    word,
                    "a" | "A" | "I" | "&" | "+" | "=" | "-" | "|" | "*" | "%"
                ))
            || (matches!(word, "a" | "A")
                && (next == "to" || raw.starts_with('(') || raw.ends_with(':')));
        if key {
            return Some(word.to_string());
        }
    }
    None
}

/// The string literals of `source` (outside tests) that name a key.
fn literals_naming_keys(source: &str) -> Vec<String> {
    struct Literals(Vec<String>);
    impl<'ast> Visit<'ast> for Literals {
        fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
            let text = lit.value();
            // A literal of one word (a path's `/`) is no message.
            if text.split_whitespace().nth(1).is_none() {
                return;
            }
            if let Some(key) = names_a_key(&text) {
                self.0.push(format!("{key:?} in {text:?}"));
            }
        }
        // Doc comments are attributes: they may name the keys they document.
        fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
        fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
            if item.ident != "tests" {
                syn::visit::visit_item_mod(self, item);
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            // A message made with format!: its arguments, the template first.
            let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
            if let Ok(args) = mac.parse_body_with(parser) {
                for arg in &args {
                    self.visit_expr(arg);
                }
            }
        }
    }
    let Ok(file) = syn::parse_file(source) else {
        return vec!["does not parse".into()];
    };
    let mut found = Literals(Vec::new());
    found.visit_file(&file);
    found.0
}

/// Messages and screens name keys through the keymap (`{select}` in a message is the reader's
/// own key for it), so that a remapped key shows everywhere: no literal in `app` or the views
/// writes one by hand. The keymap itself, which names every key, is the exception.
#[test]
fn no_message_names_a_key_by_hand() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("app"), &mut files);
    rust_files(&src.join("tui/view"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files
        .iter()
        .filter(|f| !f.starts_with(src.join("app/keymap")))
    {
        // Tests (`tests.rs`, a `tests/` folder) type keys as a user would.
        let relative = file.strip_prefix(&src).unwrap();
        if relative.iter().any(|c| c == "tests.rs" || c == "tests") {
            continue;
        }
        let source = std::fs::read_to_string(file).unwrap();
        for literal in literals_naming_keys(&source) {
            found.push(format!(
                "{}: {literal}",
                file.strip_prefix(&src).unwrap().display()
            ));
        }
    }
    assert!(
        found.is_empty(),
        "keys written by hand:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_key_finder_knows_keys_from_prose() {
    assert_eq!(
        names_a_key("select some text first: v, then move"),
        Some("v".into())
    );
    assert_eq!(
        names_a_key("press H to highlight, a to add a note"),
        Some("H".into())
    );
    assert_eq!(
        names_a_key("no search in this text: / searches"),
        Some("/".into())
    );
    assert_eq!(names_a_key("then Enter; Esc cancels"), Some("Enter".into()));
    assert_eq!(names_a_key("a to add a note"), Some("a".into()));
    assert_eq!(names_a_key("a note on a passage: {select} selects"), None);
    assert_eq!(names_a_key("page 1 of 9 · 12 min"), None);
}
