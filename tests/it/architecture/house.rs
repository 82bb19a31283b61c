//! The house rules of `src/app`: one router over screens and overlays. `impl App` is only in
//! `app/mod.rs` (the router), `app/apply/` (the effect applier) and `app/screen/` (the screens);
//! an overlay (`app/overlay/`) names neither the App nor the store, and a screen does not touch
//! the store: what writes goes through the applier. No file of `src/app` is over 400 lines.

use std::collections::HashMap;
use std::path::Path;

use syn::visit::Visit;

use super::{Names, rust_files};

/// Lines a file of `src/app` may have.
const LONGEST: usize = 400;

/// What `source`, the file `relative` of `src/` (`app/overlay/panel.rs`), breaks of the rules.
fn house_rules(relative: &str, source: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let lines = source.lines().count();
    if lines > LONGEST {
        broken.push(format!("{lines} lines, more than {LONGEST}"));
    }
    let file = match syn::parse_file(source) {
        Ok(file) => file,
        Err(err) => return vec![format!("does not parse: {err}")],
    };
    let mut module: Vec<String> = relative
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if module.last().is_some_and(|m| m == "mod") {
        module.pop();
    }
    let mut names = Names {
        module,
        aliases: HashMap::new(),
        reached: Vec::new(),
        paths: Vec::new(),
    };
    names.visit_file(&file);
    let mut seen = Seen::default();
    seen.visit_file(&file);
    let router = relative == "app/mod.rs";
    let applier = relative.starts_with("app/apply/");
    let screen = relative.starts_with("app/screen/");
    let overlay = relative.starts_with("app/overlay/");
    if seen.impl_app > 0 && !(router || applier || screen) {
        broken.push("impl App outside the router, the applier and the screens".into());
    }
    let names_app = names.paths.iter().any(|p| p == &["crate", "app", "App"]);
    if overlay && (names_app || seen.impl_app > 0) {
        broken.push("an overlay names the App: it returns effects instead".into());
    }
    let names_store = names
        .paths
        .iter()
        .any(|p| p.starts_with(&["crate".into(), "store".into()]));
    if (overlay || screen) && (seen.store > 0 || names_store) {
        broken.push("touches the store: only the applier does".into());
    }
    broken
}

/// What a file does that the rules watch.
#[derive(Default)]
struct Seen {
    /// `impl App` blocks (not trait impls).
    impl_app: usize,
    /// Reads of a field `store` (`self.store`).
    store: usize,
}

impl<'ast> Visit<'ast> for Seen {
    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if let syn::Type::Path(ty) = &*item.self_ty
            && item.trait_.is_none()
            && ty.path.segments.last().is_some_and(|s| s.ident == "App")
        {
            self.impl_app += 1;
        }
        syn::visit::visit_item_impl(self, item);
    }

    fn visit_expr_field(&mut self, field: &'ast syn::ExprField) {
        if matches!(&field.member, syn::Member::Named(name) if name == "store") {
            self.store += 1;
        }
        syn::visit::visit_expr_field(self, field);
    }
}

#[test]
fn the_app_is_a_router_over_screens_and_overlays_that_own_their_updates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("app"), &mut files);
    files.sort();
    let mut broken = Vec::new();
    let mut overlays = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap().to_str().unwrap();
        overlays += usize::from(relative.starts_with("app/overlay/"));
        let source = std::fs::read_to_string(file).unwrap();
        for found in house_rules(relative, &source) {
            broken.push(format!("src/{relative}: {found}"));
        }
    }
    assert!(
        overlays >= 15,
        "only {overlays} overlay files: is src/app/overlay there?"
    );
    assert!(
        broken.is_empty(),
        "house rules broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_house_checker_finds_each_breach() {
    let impl_app = "use crate::app::App;\nimpl App { fn f(&mut self) {} }\n";
    assert_eq!(
        house_rules("app/overlay/panel.rs", impl_app),
        [
            "impl App outside the router, the applier and the screens",
            "an overlay names the App: it returns effects instead",
        ]
    );
    assert!(house_rules("app/screen/reader.rs", impl_app).is_empty());
    assert!(house_rules("app/apply/cards.rs", impl_app).is_empty());
    let named = "fn f(app: &super::super::App) {}\n";
    assert_eq!(
        house_rules("app/overlay/cards.rs", named),
        ["an overlay names the App: it returns effects instead"]
    );
    let writes = "impl App { fn f(&mut self) { self.store.set_note(); } }\n";
    assert_eq!(
        house_rules("app/screen/library.rs", writes),
        ["touches the store: only the applier does"]
    );
    assert!(house_rules("app/apply/notes.rs", writes).is_empty());
    let store_type = "fn f(_: &crate::store::Store) {}\n";
    assert_eq!(
        house_rules("app/overlay/news.rs", store_type),
        ["touches the store: only the applier does"]
    );
    let long = "// a line\n".repeat(LONGEST + 1);
    assert_eq!(
        house_rules("app/marks.rs", &long),
        [format!("{} lines, more than {LONGEST}", LONGEST + 1)]
    );
}
