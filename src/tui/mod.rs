//! The terminal shell: one event loop that reads events, turns them into actions through the
//! keymap, hands them to the app, and draws the app's state. It holds no state of its own besides
//! the terminal, the keys of a sequence in progress, and the keys typed while the app waits.

mod crash;
pub mod keymap;
pub mod launch;
pub mod pictures;
pub mod terminal;
pub mod view;

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::Ordering;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use crate::app::{Action, App};
use crate::config::{Images, Settings, ThemeChoice};
use keymap::Keys;
use pictures::Pictures;
use terminal::TerminalGuard;
use view::theme::Theme;

/// How often the loop wakes without input: to notice a stop signal, or, while background work
/// runs, to pick up its result.
const IDLE_POLL: Duration = Duration::from_millis(250);
const BUSY_POLL: Duration = Duration::from_millis(50);
/// Keys and clicks kept while the app waits (typed ahead; more is a key held down).
const TYPED_AHEAD: usize = 64;

/// How long `theme = "auto"` waits for the terminal to say its background colour; terminals
/// that cannot are almost always found out sooner (they answer the next query first).
const BACKGROUND_QUERY: Duration = Duration::from_millis(150);

/// The theme the settings ask for, asking the terminal for its background when they say
/// `auto` (before the reader takes the terminal's input, which would swallow the answer).
pub fn theme(settings: &Settings) -> Theme {
    let no_color = std::env::var_os("NO_COLOR").is_some();
    // Keys typed before gloss started are waiting: the query would read them away.
    let light = settings.theme == ThemeChoice::Auto && !no_color && !input_waiting() && {
        let mut options = terminal_colorsaurus::QueryOptions::default();
        options.timeout = BACKGROUND_QUERY;
        matches!(
            terminal_colorsaurus::theme_mode(options),
            Ok(terminal_colorsaurus::ThemeMode::Light)
        )
    };
    Theme::chosen(
        settings.theme,
        light,
        &settings.colours,
        settings.chrome,
        no_color,
    )
}

/// Whether the terminal has input waiting to be read.
fn input_waiting() -> bool {
    let mut poll = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, owned by this frame; no waiting.
    unsafe { libc::poll(&mut poll, 1, 0) > 0 && poll.revents & libc::POLLIN != 0 }
}

/// The terminal's size, when there is one: what a text is laid out for from the start, so
/// that counting its pages does not begin at a guessed size and start over.
pub fn size() -> Option<(u16, u16)> {
    ratatui::crossterm::terminal::size().ok()
}

/// Runs the interface until the user quits or a stop signal arrives. However it ends, a note
/// being typed is kept as a draft: closing the terminal's window ends it with an error reading
/// the terminal, often before the hang-up signal is seen.
pub fn run(app: &mut App, theme: Theme, images: Images) -> io::Result<()> {
    let signals = terminal::signals()?;
    let mut guard = TerminalGuard::enter()?;
    let mut pictures = Pictures::new(images);
    let ran = run_until_stopped(app, &theme, &signals, &mut guard, &mut pictures);
    // Before the terminal is put back, which may fail or take time when it is gone.
    app.stop();
    ran
}

fn run_until_stopped(
    app: &mut App,
    theme: &Theme,
    signals: &terminal::SignalFlags,
    guard: &mut TerminalGuard,
    pictures: &mut Pictures,
) -> io::Result<()> {
    crate::wait::on_wait(terminal::waiting_notice);
    let size = guard.terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut keys = Keys::default();
    let mut dirty = true;
    // Keys typed while the app waits for a book's rest to do what was asked: they are mapped
    // afterwards, in the mode that it leaves (the contents, a prompt...), as they were meant.
    let mut typed_ahead = VecDeque::new();
    while !app.should_quit() && !signals.stop.load(Ordering::Relaxed) {
        if signals.suspend.swap(false, Ordering::Relaxed) {
            app.update(Action::Background);
            guard.suspend()?;
            dirty = true;
        }
        let term = &mut guard.terminal;
        if terminal::take_waited() {
            // The notice was drawn behind ratatui's back: draw everything again.
            term.clear()?;
            dirty = true;
        }
        if dirty {
            pictures.ask_once(app, input_waiting());
            // One frame, shown whole by terminals that support synchronized output (no
            // tearing on a slow link); the others ignore the two sequences.
            ratatui::crossterm::queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
            let mut placed = Vec::new();
            term.draw(|frame| {
                placed = view::placed_pictures(frame.area(), app);
                view::theme::with(theme, || view::draw_with(frame, app, Some(pictures)))
            })?;
            ratatui::crossterm::execute!(term.backend_mut(), EndSynchronizedUpdate)?;
            pictures.request(app, &placed);
            dirty = false;
        }
        deliberate_panic_for_tests();
        let queued = if app.waiting() {
            None
        } else {
            typed_ahead.pop_front()
        };
        let event = match queued {
            Some(event) => event,
            None => {
                let timeout = if app.busy() || pictures.busy() {
                    BUSY_POLL
                } else {
                    IDLE_POLL
                };
                if !event::poll(timeout)? {
                    dirty = app.tick() | pictures.poll();
                    continue;
                }
                let event = event::read()?;
                if app.waiting() && !matches!(event, Event::Resize(..)) {
                    if typed_ahead.len() < TYPED_AHEAD {
                        typed_ahead.push_back(event);
                    }
                    dirty |= app.tick();
                    continue;
                }
                event
            }
        };
        if let Event::Paste(text) = &event {
            // Text, not keys: the app types it where the keys go.
            app.paste(text);
            dirty = true;
            continue;
        }
        let action = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                keys.key(app.keymap(), app.mode(), &|a| app.applies(a), key)
            }
            Event::Mouse(mouse) => keys.mouse(app.mode(), mouse),
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            _ => None,
        };
        if let Some(action) = action {
            app.update(action);
            if let Some(text) = app.take_clipboard() {
                terminal::copy_to_clipboard(guard.terminal.backend_mut(), &text)?;
            }
            if action == Action::Background {
                guard.suspend()?;
            }
            dirty = true;
        }
        dirty |= app.tick() | pictures.poll();
    }
    Ok(())
}

/// Lets the end-to-end tests check that a crash restores the terminal: debug builds panic on
/// purpose when `GLOSS_DEBUG_PANIC` is set, and abort when `GLOSS_DEBUG_ABORT` is, once the
/// first screen is drawn.
fn deliberate_panic_for_tests() {
    if cfg!(debug_assertions) && std::env::var_os("GLOSS_DEBUG_PANIC").is_some() {
        panic!("deliberate panic (GLOSS_DEBUG_PANIC is set)");
    }
    if cfg!(debug_assertions) && std::env::var_os("GLOSS_DEBUG_ABORT").is_some() {
        std::process::abort();
    }
}
