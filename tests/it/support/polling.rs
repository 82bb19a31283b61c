//! What the tests and the keys benchmark share to drive the binary: where it is, how to quote
//! a path for the shell, and polling waits instead of fixed sleeps.

use std::path::Path;
use std::time::{Duration, Instant};

pub const GLOSS: &str = env!("CARGO_BIN_EXE_gloss");

/// How long a wait may take before the test fails. CI machines are slower.
pub fn patience() -> Duration {
    if std::env::var_os("CI").is_some() {
        Duration::from_secs(30)
    } else {
        Duration::from_secs(10)
    }
}

/// How often [`eventually`] looks again: a poll's interval, not a wait for time to pass.
const POLL_EVERY: Duration = Duration::from_millis(5);

/// Polls `check` until it gives a value, for at most [`patience`]; then panics with the last
/// thing it said was missing.
pub fn eventually<T>(what: &str, mut check: impl FnMut() -> Result<T, String>) -> T {
    let start = Instant::now();
    loop {
        match check() {
            Ok(found) => return found,
            Err(missing) if start.elapsed() > patience() => {
                panic!("timed out waiting for {what}; {missing}")
            }
            Err(_) => std::thread::sleep(POLL_EVERY),
        }
    }
}

pub fn shell_quote(path: &Path) -> String {
    let s = path.to_string_lossy();
    format!("'{}'", s.replace('\'', r"'\''"))
}
