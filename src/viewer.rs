//! Hands a picture to the system's viewer: the program `GLOSS_OPENER` names, else `open` on
//! macOS and `xdg-open` elsewhere, given a copy of the image in a private temporary folder (a
//! picture inside a book or a PDF is no file of its own), or the picture's address on the web.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What the viewer is given.
pub enum Shown {
    /// An image's bytes: written to a file of its own first.
    Image(Vec<u8>),
    /// An address on the web.
    Address(String),
}

/// Opens `shown` in the viewer without waiting for it; returns what the viewer was given.
pub fn show(shown: Shown) -> Result<String, String> {
    let target = match shown {
        Shown::Address(address) => address,
        Shown::Image(bytes) => {
            let path = keep(&bytes).map_err(|err| format!("cannot keep the picture: {err}"))?;
            path.display().to_string()
        }
    };
    let program = opener();
    let mut child = Command::new(&program)
        .arg(&target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| {
            format!(
                "cannot run {program} to show the picture ({err}); set GLOSS_OPENER to a viewer"
            )
        })?;
    // Reaped when it ends, so that it leaves no zombie; nobody waits for it.
    std::thread::spawn(move || child.wait());
    Ok(target)
}

/// The program that opens files and addresses.
fn opener() -> String {
    match std::env::var("GLOSS_OPENER") {
        Ok(program) if !program.trim().is_empty() => program,
        _ if cfg!(target_os = "macos") => "open".to_string(),
        _ => "xdg-open".to_string(),
    }
}

/// Writes `bytes` to a file named after them (the same picture is written once) in a folder
/// only the user may read, with the extension its kind has, for the viewer to know it.
fn keep(bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("gloss-pictures-{}", user()));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir)?;
    let name = blake3::hash(bytes).to_hex();
    let ext = crate::document::extension_of(bytes);
    let path = dir.join(format!("{}.{ext}", &name[..16]));
    if !path.exists() {
        crate::files::write_whole(&path, bytes)?;
    }
    Ok(path)
}

/// The user's id, so that users of one machine keep their pictures apart.
fn user() -> u32 {
    // SAFETY: getuid cannot fail and touches no memory.
    unsafe { libc::getuid() }
}
