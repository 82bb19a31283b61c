//! The terminal put back when the program dies of a fatal signal: an abort (a stack overflow, a
//! failed allocation, a panic while panicking), a segmentation fault, a bus error, an illegal
//! instruction. A panic unwinds through the terminal guard and its hook; these do not, and
//! would leave the shell in the alternate screen, raw mode and mouse mode.
//!
//! The handler does only what a signal handler may: it writes bytes prepared beforehand and
//! sets back the terminal modes saved before raw mode was turned on (`write` and `tcsetattr`
//! are async-signal-safe), then lets the signal do what it would have done. Rust's own handler
//! for segmentation faults (which reports a stack overflow) runs first.

use std::sync::OnceLock;

/// What undoes the reader's terminal modes: bracketed paste, mouse reporting, the alternate
/// screen, a hidden cursor; as crossterm writes them.
const RESTORE: &[u8] =
    b"\x1b[?2004l\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";

const FATAL: [libc::c_int; 5] = [
    libc::SIGABRT,
    libc::SIGSEGV,
    libc::SIGBUS,
    libc::SIGILL,
    libc::SIGFPE,
];

/// The terminal's modes before raw mode, and the handlers there were before ours.
struct Saved {
    termios: libc::termios,
    previous: [libc::sigaction; FATAL.len()],
}

static SAVED: OnceLock<Saved> = OnceLock::new();

/// Saves the terminal's modes (call before raw mode is turned on) and installs the handler for
/// the fatal signals, once.
pub fn guard() {
    SAVED.get_or_init(|| {
        // SAFETY: tcgetattr and sigaction are given valid pointers to values owned here; the
        // handler installed only reads SAVED, which is set before any signal can find it unset
        // (a signal before then finds None and does nothing but its default).
        unsafe {
            let mut termios: libc::termios = std::mem::zeroed();
            libc::tcgetattr(libc::STDIN_FILENO, &mut termios);
            let mut previous: [libc::sigaction; FATAL.len()] = std::mem::zeroed();
            for (signal, previous) in FATAL.iter().zip(previous.iter_mut()) {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_fatal as *const () as libc::sighandler_t;
                // On the alternate stack Rust sets up, so that a stack overflow can be handled.
                action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(*signal, &action, previous);
            }
            Saved { termios, previous }
        }
    });
}

extern "C" fn on_fatal(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    let Some(saved) = SAVED.get() else {
        return;
    };
    let index = FATAL.iter().position(|s| *s == signal).unwrap_or(0);
    let previous = &saved.previous[index];
    // SAFETY: only async-signal-safe calls, on the saved values and the arguments given.
    unsafe {
        // Rust's handler tells a stack overflow (and aborts, which comes back here as SIGABRT);
        // for any other fault it sets the default action back and returns.
        let handler = previous.sa_sigaction;
        if previous.sa_flags & libc::SA_SIGINFO != 0
            && handler != libc::SIG_DFL
            && handler != libc::SIG_IGN
        {
            let chained: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                std::mem::transmute(handler);
            chained(signal, info, context);
        }
        libc::write(libc::STDOUT_FILENO, RESTORE.as_ptr().cast(), RESTORE.len());
        libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &saved.termios);
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}
