//! Terminal modes and their undoing. [`TerminalGuard`] turns on raw mode, the alternate screen
//! and mouse reporting, and turns them off in reverse order when dropped: on quit, on an error,
//! and on a signal (the event loop stops, the guard drops; see [`stop_signals`] for the case
//! where it cannot). A panic hook restores the terminal before the panic message is printed, so
//! the message is readable and the shell usable.

use std::io::{self, Stdout, Write, stdout};
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

pub struct TerminalGuard {
    pub terminal: Term,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode()?;
        // From here on, anything that fails must undo what was done: the guard does.
        let guard = TerminalGuard {
            terminal: Terminal::new(CrosstermBackend::new(stdout()))?,
        };
        execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back in its normal state. Safe to call more than once, and from a panic.
pub fn restore() {
    let mut out = stdout();
    // Errors are ignored: the terminal may be gone (SIGHUP) and nothing better can be done.
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// How long the event loop has to notice a stop signal before the process stops regardless.
const STOP_GRACE: Duration = Duration::from_millis(750);

/// A flag raised by SIGTERM, SIGINT or SIGHUP, which the event loop checks to stop cleanly.
///
/// A thread waits for the signals. It raises the flag, and if the process is still running after
/// [`STOP_GRACE`] it restores the terminal and exits: when the terminal has vanished (SIGHUP),
/// crossterm's event polling can spin on the dead descriptor without ever returning to the loop
/// (crossterm issue #793). Exiting there loses nothing: every change is already committed.
pub fn stop_signals() -> io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    let mut signals = Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    let raised = Arc::clone(&flag);
    std::thread::Builder::new()
        .name("gloss-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                raised.store(true, Ordering::Relaxed);
                std::thread::sleep(STOP_GRACE);
                restore();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(flag)
}
