//! What is done when a write has to wait for another process holding the database: the store
//! calls [`notice`] as a wait begins, and the shell sets [`on_wait`] to say so (on the screen,
//! or on stderr), so that the program does not just freeze. A hook of the process's, set once.

use std::sync::RwLock;

static NOTICE: RwLock<Option<fn()>> = RwLock::new(None);

/// Sets what is done when a write starts waiting for another process.
pub fn on_wait(notice: fn()) {
    if let Ok(mut slot) = NOTICE.write() {
        *slot = Some(notice);
    }
}

/// A write began waiting: does what [`on_wait`] set, if anything.
pub fn notice() {
    if let Some(notice) = NOTICE.read().ok().and_then(|n| *n) {
        notice();
    }
}
