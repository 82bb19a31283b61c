//! Embeds the bundled library (`texts/`) in the binary, so that `gloss` opens it from anywhere.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=texts");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("texts");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("texts/ holds the bundled library")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut out = String::from("pub static BUNDLED: &[(&str, &[u8])] = &[\n");
    for name in names {
        let path = dir.join(&name);
        writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}
