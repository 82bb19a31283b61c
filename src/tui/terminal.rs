//! Terminal modes and their undoing. [`TerminalGuard`] turns on raw mode, the alternate screen
//! and mouse reporting, and turns them off in reverse order when dropped: on quit, on an error,
//! and on a signal (the event loop stops, the guard drops; see [`stop_signals`] for the case
//! where it cannot). A panic hook restores the terminal before the panic message is printed, so
//! the message is readable and the shell usable.

use std::io::{self, Stdout, Write, stdout};
use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{MoveTo, RestorePosition, SavePosition, Show};
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::style::{Attribute, Print, SetAttribute};
use ratatui::crossterm::terminal::{Clear, ClearType};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

pub struct TerminalGuard {
    /// Dropped by hand (see the guard's `drop`): ratatui's own drop prints to standard error when
    /// it cannot show the cursor, and printing to a terminal that is gone panics.
    pub terminal: ManuallyDrop<Term>,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        super::crash::guard();
        enable_raw_mode()?;
        // From here on, anything that fails must undo what was done: the guard does.
        let guard = TerminalGuard {
            terminal: ManuallyDrop::new(Terminal::new(CrosstermBackend::new(stdout()))?),
        };
        enter_modes()?;
        Ok(guard)
    }
}

impl TerminalGuard {
    /// Stops the process as Ctrl-Z does in a shell: the terminal is restored first, and set up
    /// again (and cleared, to be redrawn whole) when the shell continues it.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        // The default action of SIGTSTP (stop) resumes here on SIGCONT.
        signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
        enable_raw_mode()?;
        enter_modes()?;
        self.terminal.clear()
    }
}

/// The reader's screen and input modes: the alternate screen, mouse reporting, bracketed paste
/// (undone by [`restore`], and by the crash handler's bytes).
fn enter_modes() -> io::Result<()> {
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        // With the terminal gone (its window closed), the cursor cannot be shown: the terminal
        // is left undropped, as there is nothing left to put back.
        if self.terminal.show_cursor().is_ok() {
            // SAFETY: dropped once, here, and never used after.
            unsafe { ManuallyDrop::drop(&mut self.terminal) };
        }
    }
}

/// Puts the terminal back in its normal state. Safe to call more than once, and from a panic.
pub fn restore() {
    let mut out = stdout();
    // Errors are ignored: the terminal may be gone (SIGHUP) and nothing better can be done.
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A PDF parser's panic is caught and becomes an error message: the reader goes on.
            if crate::document::panic_is_contained() {
                return;
            }
            restore();
            previous(info);
        }));
    });
}

/// A write waited for another program holding the database: the notice drawn over the screen
/// must be drawn over in turn.
static WAITED: AtomicBool = AtomicBool::new(false);

/// What a write that must wait for the database shows: a line over the top of the screen, drawn
/// at once from the waiting thread (the one that draws, held up by the write).
pub fn waiting_notice() {
    let mut out = stdout();
    let _ = execute!(
        out,
        SavePosition,
        MoveTo(0, 0),
        SetAttribute(Attribute::Reverse),
        Print(WAITING),
        Clear(ClearType::UntilNewLine),
        SetAttribute(Attribute::Reset),
        RestorePosition
    );
    WAITED.store(true, Ordering::Relaxed);
}

/// What a waiting write says, on the screen and at start-up.
pub const WAITING: &str =
    " waiting for the database: another program is writing to it (your keys are kept)…";

/// Whether a waiting notice was drawn since the last call.
pub fn take_waited() -> bool {
    WAITED.swap(false, Ordering::Relaxed)
}

/// How long the event loop has to notice a stop signal before the process stops regardless.
const STOP_GRACE: Duration = Duration::from_millis(750);

/// Flags raised by signals, which the event loop checks.
pub struct SignalFlags {
    /// SIGTERM, SIGINT, SIGHUP or SIGQUIT: stop cleanly.
    pub stop: Arc<AtomicBool>,
    /// SIGTSTP (sent by another program; Ctrl-Z is a key in raw mode): suspend.
    pub suspend: Arc<AtomicBool>,
}

/// Starts a thread that waits for signals and raises [`SignalFlags`].
///
/// On a stop signal, if the process is still running after [`STOP_GRACE`], the thread restores
/// the terminal and exits: when the terminal has vanished (SIGHUP), crossterm's event polling
/// can spin on the dead descriptor without ever returning to the loop (crossterm issue #793).
/// Exiting there loses nothing: every change is already committed, and a note being typed is
/// saved as a draft every few seconds.
pub fn signals() -> io::Result<SignalFlags> {
    let flags = SignalFlags {
        stop: Arc::new(AtomicBool::new(false)),
        suspend: Arc::new(AtomicBool::new(false)),
    };
    let mut signals = Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT])?;
    let (stop, suspend) = (Arc::clone(&flags.stop), Arc::clone(&flags.suspend));
    std::thread::Builder::new()
        .name("gloss-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                match signal {
                    SIGTSTP => suspend.store(true, Ordering::Relaxed),
                    // Handled so that the loop wakes; a redraw follows the suspension anyway.
                    SIGCONT => {}
                    _ => {
                        stop.store(true, Ordering::Relaxed);
                        if signal == SIGHUP {
                            unstick_input();
                        }
                        std::thread::sleep(STOP_GRACE);
                        restore();
                        std::process::exit(128 + signal);
                    }
                }
            }
        })?;
    Ok(flags)
}

/// The terminal is gone (SIGHUP): its input now reads as end of file, on which crossterm's
/// reader (0.29) reads again at once, forever, and the event loop would never see the stop nor
/// keep the note being typed. Standard input is replaced by a pipe holding one harmless event
/// (focus gained), then empty (its writing end kept open, so that it reads as "nothing yet"):
/// crossterm returns that event, and the loop sees the stop.
fn unstick_input() {
    let mut ends = [0; 2];
    // The reader runs only with standard input a terminal (it refuses to start otherwise), so
    // crossterm reads standard input. SAFETY: pipe, fcntl, write and dup2 work on descriptors
    // this function owns or on standard input, and touch no memory but `ends` and the bytes
    // written.
    unsafe {
        if libc::pipe(ends.as_mut_ptr()) != 0 {
            return;
        }
        let focus = b"\x1b[I";
        libc::write(ends[1], focus.as_ptr().cast(), focus.len());
        libc::fcntl(ends[0], libc::F_SETFL, libc::O_NONBLOCK);
        libc::dup2(ends[0], libc::STDIN_FILENO);
    }
}

/// Puts `text` on the system clipboard through the terminal (OSC 52), which works over ssh and
/// inside tmux (with `set-clipboard on`); terminals that do not support it ignore it.
pub fn copy_to_clipboard(out: &mut impl Write, text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
