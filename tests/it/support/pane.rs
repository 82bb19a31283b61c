//! A terminal of the test's own, as tmux's pane was: a pseudo-terminal running `sh`, whose
//! output a terminal emulator (vt100) turns into a screen of cells. Tests type into it, read
//! its screen (with or without colours), resize it, signal or hang up its programs, and check
//! its title, alternate screen and mouse mode. Nothing outside the test process is needed, and a
//! screen read is a lock, not a subprocess.

use std::io::Write;
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

use super::{GLOSS, eventually, shell_quote};

/// What the emulator keeps besides the cells: the window title programs set.
#[derive(Default)]
struct Titles {
    title: Vec<u8>,
    /// What programs put on the clipboard (OSC 52), still base64-encoded.
    clipboard: Vec<u8>,
}

impl vt100::Callbacks for Titles {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.title = title.to_vec();
    }

    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard = data.to_vec();
    }
}

type Emulator = Arc<Mutex<Terminal>>;

/// The emulated terminal, and the screen as it was when a synchronized update began (DEC mode
/// 2026): until the update ends, that is what is on display, as on terminals that support it,
/// so that a test never reads half a frame. Like them, it gives up waiting after a while: a
/// program killed in the middle of a frame never ends its update.
struct Terminal {
    parser: vt100::Parser<Titles>,
    frozen: Option<(vt100::Screen, Instant)>,
    /// It answers the kitty graphics query, as kitty, WezTerm and Ghostty do.
    kitty: bool,
    /// Images programs have sent it with the kitty graphics protocol.
    images_sent: usize,
}

/// How long an unfinished synchronized update keeps the screen as it was: long enough for a
/// frame on a loaded machine, short beside the tests' patience.
const UPDATE_PATIENCE: Duration = Duration::from_secs(2);

impl Terminal {
    fn shown(&self) -> &vt100::Screen {
        match &self.frozen {
            Some((screen, since)) if since.elapsed() < UPDATE_PATIENCE => screen,
            _ => self.parser.screen(),
        }
    }
}

const BEGIN_UPDATE: &[u8] = b"\x1b[?2026h";
const END_UPDATE: &[u8] = b"\x1b[?2026l";
/// The keyboard side of the terminal: the test types into it, and the emulator answers the
/// program's questions through it (where the cursor is).
type Writer = Arc<Mutex<Option<Box<dyn Write + Send>>>>;

/// vt100 leaves out U+FFFD (for it, the sign of bytes it could not decode), which a terminal
/// shows and gloss writes where a file's bytes were not UTF-8: it goes through the emulator as
/// this private-use character, of the same length, and is turned back when the screen is read.
const REPLACEMENT: &str = "\u{fffd}";
const STAND_IN: &str = "\u{e000}";

/// What the thread that owns the pty's master is asked to do.
enum Request {
    Resize(u16, u16),
    /// Close the master, as closing a terminal window does: its programs get SIGHUP.
    HangUp,
}

/// A terminal running `sh`, and a temporary folder for the database and files.
pub struct Pane {
    pub dir: tempfile::TempDir,
    emulator: Emulator,
    writer: Writer,
    requests: Sender<Request>,
    shell: u32,
}

impl Pane {
    /// A `width` x `height` terminal running `sh`, its prompt shown.
    pub fn new(width: u16, height: u16) -> Pane {
        let dir = tempfile::tempdir().unwrap();
        let pty = native_pty_system().openpty(size(width, height)).unwrap();
        let mut shell = CommandBuilder::new("sh");
        shell.env("PS1", "$ ");
        shell.env("TERM", "xterm-256color");
        // Colours are what some tests look at: a developer's NO_COLOR must not change them.
        shell.env_remove("NO_COLOR");
        // Nor may the terminal the tests run in say what this one draws: it answers for itself.
        for name in [
            "TMUX",
            "TERM_PROGRAM",
            "LC_TERMINAL",
            "KITTY_WINDOW_ID",
            "WEZTERM_EXECUTABLE",
            "KONSOLE_VERSION",
        ] {
            shell.env_remove(name);
        }
        // Nor may a developer's settings and keys: each test has its own (none, unless written).
        shell.env("GLOSS_CONFIG", dir.path().join("config.toml"));
        shell.cwd(dir.path());
        let child = pty.slave.spawn_command(shell).unwrap();
        drop(pty.slave);
        let emulator: Emulator = Arc::new(Mutex::new(Terminal {
            parser: vt100::Parser::new_with_callbacks(
                nonzero(height),
                nonzero(width),
                0,
                Titles::default(),
            ),
            frozen: None,
            kitty: false,
            images_sent: 0,
        }));
        let writer: Writer = Arc::new(Mutex::new(Some(pty.master.take_writer().unwrap())));
        let (requests, inbox) = channel();
        let (output, answers) = (emulator.clone(), writer.clone());
        std::thread::spawn(move || pump(pty.master, &output, &answers, &inbox));
        let pane = Pane {
            dir,
            emulator,
            writer,
            requests,
            shell: child.process_id().unwrap(),
        };
        pane.wait_for("$");
        pane
    }

    /// Makes the terminal answer the kitty graphics query, as terminals that draw pictures do.
    pub fn speak_kitty_graphics(&self) {
        self.emulator.lock().unwrap().kitty = true;
    }

    /// How many images programs have sent with the kitty graphics protocol.
    pub fn images_sent(&self) -> usize {
        self.emulator.lock().unwrap().images_sent
    }

    /// A viewer for `GLOSS_OPENER` that copies what it is given (a file, or an address
    /// written as a line) to `kept` in the pane's folder: the `GLOSS_OPENER=…` assignment.
    pub fn viewer(&self, kept: &str) -> String {
        let kept = self.dir.path().join(kept);
        let viewer = self.dir.path().join("viewer.sh");
        let script = format!(
            "#!/bin/sh\nif [ -f \"$1\" ]; then cp \"$1\" '{0}'; else echo \"$1\" > '{0}'; fi\n",
            kept.display()
        );
        std::fs::write(&viewer, script).unwrap();
        std::fs::set_permissions(&viewer, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        format!("GLOSS_OPENER={}", viewer.display())
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("gloss.db")
    }

    fn write(&self, bytes: &[u8]) {
        type_in(&self.writer, bytes);
    }

    /// Pastes `text` as a terminal does when the program asked for bracketed paste: between
    /// `ESC [ 200 ~` and `ESC [ 201 ~`.
    pub fn paste(&self, text: &str) {
        self.write(format!("\x1b[200~{text}\x1b[201~").as_bytes());
    }

    /// Types a command line into the shell and presses Enter.
    pub fn type_line(&self, line: &str) {
        self.write(line.as_bytes());
        self.write(b"\r");
    }

    /// Starts gloss with these arguments, on the test's database.
    pub fn gloss(&self, args: &[&str]) {
        self.gloss_env("", args);
    }

    /// Like [`Pane::gloss`], with extra environment variables (`A=1 B=2`).
    pub fn gloss_env(&self, env: &str, args: &[&str]) {
        let mut line = format!("{env} GLOSS_DB={} {}", shell_quote(&self.db()), GLOSS);
        for arg in args {
            line.push(' ');
            line.push_str(&shell_quote(Path::new(arg)));
        }
        self.type_line(line.trim_start());
    }

    /// Presses keys named as tmux names them (`Space`, `Enter`, `C-c`, `S-Right`, `q`...);
    /// after `-l`, the rest is typed literally.
    pub fn keys(&self, keys: &[&str]) {
        let mut literal = false;
        for key in keys {
            if !literal && *key == "-l" {
                literal = true;
                continue;
            }
            let bytes = if literal {
                key.as_bytes().to_vec()
            } else {
                key_bytes(key)
            };
            self.write(&bytes);
            if bytes == b"\x1b" {
                // A lone Escape is told from the start of a sequence by arriving alone, as a
                // person's does.
                std::thread::sleep(Duration::from_millis(30));
            }
        }
    }

    /// Turns the mouse wheel (`down`, else up) over column `col` and row `row` (from 1), as a
    /// terminal reports it in SGR mode.
    pub fn wheel(&self, down: bool, col: u16, row: u16) {
        let button = if down { 65 } else { 64 };
        self.write(format!("\x1b[<{button};{col};{row}M").as_bytes());
    }

    /// The screen as text: one line per row, trailing blanks trimmed.
    pub fn screen(&self) -> String {
        let emulator = self.emulator.lock().unwrap();
        let screen = emulator.shown();
        let (_, width) = screen.size();
        screen
            .rows(0, width.get())
            .map(|row| row.trim_end().replace(STAND_IN, REPLACEMENT) + "\n")
            .collect()
    }

    /// The screen with colour and attribute escapes (SGR, as `tmux capture-pane -e` writes
    /// them): each change of style starts with a reset and sets what the next cells have.
    pub fn screen_with_styles(&self) -> String {
        let emulator = self.emulator.lock().unwrap();
        let screen = emulator.shown();
        let (rows, cols) = screen.size();
        let mut out = String::new();
        for row in 0..rows.get() {
            let mut line = String::new();
            let mut style = String::new();
            for col in 0..cols.get() {
                let Some(cell) = screen.cell(row, col) else {
                    continue;
                };
                if cell.is_wide_continuation() {
                    continue;
                }
                let now = sgr(cell);
                if now != style {
                    line.push_str("\x1b[0m");
                    line.push_str(&now);
                    style = now;
                }
                line.push_str(if cell.has_contents() {
                    cell.contents()
                } else {
                    " "
                });
            }
            out.push_str(&line.trim_end_matches(' ').replace(STAND_IN, REPLACEMENT));
            out.push('\n');
        }
        out
    }

    /// Waits until the screen satisfies `done`; returns that screen.
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        eventually(what, || {
            let screen = self.screen();
            if done(&screen) {
                Ok(screen)
            } else {
                Err(format!("the screen is:\n{screen}"))
            }
        })
    }

    /// Like [`Pane::wait_until`], and the screen must then stay the same for a moment, so that
    /// a half-drawn frame is not taken for the next one. Gives up after the test's patience.
    pub fn wait_settled(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        eventually(&format!("{what}, settled"), || {
            let first = self.wait_until(what, &done);
            std::thread::sleep(Duration::from_millis(100));
            let second = self.screen();
            if second == first {
                Ok(second)
            } else {
                last = second;
                Err(format!("the screen kept changing:\n{last}"))
            }
        })
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    /// Resizes the terminal (the kernel tells its programs with SIGWINCH).
    pub fn resize(&self, width: u16, height: u16) {
        let mut emulator = self.emulator.lock().unwrap();
        emulator.frozen = None;
        emulator
            .parser
            .screen_mut()
            .set_size(nonzero(height), nonzero(width));
        drop(emulator);
        self.requests.send(Request::Resize(width, height)).unwrap();
    }

    /// The title programs set with OSC 0 or 2.
    /// What a program last put on the clipboard with OSC 52, as it was sent (base64).
    pub fn clipboard(&self) -> String {
        let emulator = self.emulator.lock().unwrap();
        String::from_utf8_lossy(&emulator.parser.callbacks().clipboard).into_owned()
    }

    pub fn title(&self) -> String {
        let emulator = self.emulator.lock().unwrap();
        String::from_utf8_lossy(&emulator.parser.callbacks().title).into_owned()
    }

    pub fn alternate_screen(&self) -> bool {
        self.emulator
            .lock()
            .unwrap()
            .parser
            .screen()
            .alternate_screen()
    }

    pub fn mouse_reporting(&self) -> bool {
        self.emulator
            .lock()
            .unwrap()
            .parser
            .screen()
            .mouse_protocol_mode()
            != vt100::MouseProtocolMode::None
    }

    /// Waits for gloss to exit and checks that the terminal is back to normal: main screen, no
    /// mouse reporting, cooked mode with echo.
    pub fn assert_terminal_restored(&self) {
        eventually("the main screen", || {
            if self.alternate_screen() {
                Err(format!("still on the alternate screen:\n{}", self.screen()))
            } else {
                Ok(())
            }
        });
        assert!(!self.mouse_reporting(), "mouse reporting left on");
        // Typed before gloss has exited (or stopped), the line would be read by gloss, not by
        // the shell.
        eventually("gloss to exit or stop", || match self.child_pid() {
            Some(pid) if process_state(pid).is_some_and(|state| state != 'T') => {
                Err(format!("process {pid} still runs"))
            }
            _ => Ok(()),
        });
        // Count the raw-mode flags (-icanon, -echo) that stty reports: 0 when the terminal is sane.
        self.type_line(
            "clear; echo RAW=$(stty -a | tr -s ' ;' '\\n\\n' | grep -c -x -e -icanon -e -echo)",
        );
        let screen = self.wait_until("the stty report", |s| {
            s.lines().any(|l| l.len() == 5 && l.starts_with("RAW="))
        });
        assert!(
            screen.lines().any(|l| l == "RAW=0"),
            "terminal left in raw mode:\n{screen}"
        );
    }

    /// Process id of the program running in the shell (gloss), if any.
    pub fn child_pid(&self) -> Option<u32> {
        children_of(self.shell).into_iter().next()
    }

    /// Closes the terminal, as closing its window does: its programs get SIGHUP.
    pub fn hang_up(&self) {
        self.writer.lock().unwrap().take();
        let _ = self.requests.send(Request::HangUp);
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        self.hang_up();
    }
}

/// Sends `signal` to process `pid`.
pub fn signal(pid: u32, signal: libc::c_int) {
    // SAFETY: kill has no memory effects; a wrong pid is an error it returns.
    let sent = unsafe { libc::kill(pid as libc::pid_t, signal) };
    assert_eq!(sent, 0, "kill({pid}, {signal})");
}

/// The processes whose parent is `pid`, from /proc.
/// The state letter of a process (`R`, `S`, `T` for stopped…), if it still exists.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .next()?
        .chars()
        .next()
}

fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut children: Vec<u32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&child| {
            std::fs::read_to_string(format!("/proc/{child}/stat")).is_ok_and(|stat| {
                // "1234 (gloss) S 1200 ...": the parent follows the state.
                stat.rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
                    == Some(pid)
            })
        })
        .collect();
    children.sort_unstable();
    children
}

fn type_in(writer: &Writer, bytes: &[u8]) {
    let mut writer = writer.lock().unwrap();
    let writer = writer.as_mut().expect("the terminal was hung up");
    writer.write_all(bytes).unwrap();
    writer.flush().unwrap();
}

/// The question a program asks for the cursor's place (DSR 6), answered `ESC [ row ; col R`.
const WHERE_IS_THE_CURSOR: &[u8] = b"\x1b[6n";

/// Questions a terminal answers about itself, with the answers of an xterm without sixels whose
/// cells are 10 by 20 pixels: its status (DSR 5), its attributes (DA1), its cells' size.
const ANSWERED: [(&[u8], &[u8]); 3] = [
    (b"\x1b[5n", b"\x1b[0n"),
    (b"\x1b[c", b"\x1b[?62;22c"),
    (b"\x1b[16t", b"\x1b[6;20;10t"),
];

/// The kitty graphics protocol's query (ratatui-image's id 31), answered OK by a terminal
/// that speaks it, and the start of an image's transmission.
const KITTY_QUERY: &[u8] = b"\x1b_Gi=31,";
const KITTY_OK: &[u8] = b"\x1b_Gi=31;OK\x1b\\";
const KITTY_IMAGE: &[u8] = b"\x1b_Gq=2,i=";

/// Owns the pty's master: feeds its output to the emulator (answering where the cursor is, as
/// a terminal does), resizes it, and closes it on request (or when the pane is gone).
fn pump(
    master: Box<dyn MasterPty + Send>,
    emulator: &Emulator,
    answers: &Writer,
    inbox: &Receiver<Request>,
) {
    let fd = master.as_raw_fd().expect("a unix pty");
    let mut reader = master.try_clone_reader().unwrap();
    let mut buffer = [0u8; 64 * 1024];
    // The start of a U+FFFD cut off at the end of a read, kept for the next.
    let mut carried: Vec<u8> = Vec::new();
    loop {
        loop {
            match inbox.try_recv() {
                Ok(Request::Resize(width, height)) => {
                    master.resize(size(width, height)).unwrap();
                }
                Ok(Request::HangUp) | Err(std::sync::mpsc::TryRecvError::Disconnected) => return,
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
            }
        }
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, owned by this frame.
        let ready = unsafe { libc::poll(&mut poll, 1, 20) };
        if ready <= 0 {
            continue;
        }
        match std::io::Read::read(&mut reader, &mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                carried.extend_from_slice(&buffer[..n]);
                let mut bytes = std::mem::take(&mut carried);
                // What may be the start of a sequence cut off at the end of the read waits for
                // the next.
                let keep = [
                    REPLACEMENT.as_bytes(),
                    WHERE_IS_THE_CURSOR,
                    BEGIN_UPDATE,
                    END_UPDATE,
                    KITTY_QUERY,
                    KITTY_IMAGE,
                ]
                .iter()
                .chain(ANSWERED.iter().map(|(question, _)| question))
                .flat_map(|s| (1..s.len()).filter(|&k| bytes.ends_with(&s[..k])))
                .max()
                .unwrap_or(0);
                carried = bytes.split_off(bytes.len() - keep);
                let mut at = 0;
                while let Some(i) = find(&bytes[at..], REPLACEMENT.as_bytes()) {
                    bytes[at + i..at + i + REPLACEMENT.len()].copy_from_slice(STAND_IN.as_bytes());
                    at += i + REPLACEMENT.len();
                }
                feed(&mut emulator.lock().unwrap(), &bytes, answers);
            }
        }
    }
}

/// Processes a program's output: freezes the shown screen through synchronized updates,
/// answers the questions a terminal answers and counts the images sent, each at its point in
/// the stream.
fn feed(terminal: &mut Terminal, bytes: &[u8], answers: &Writer) {
    let mut rest = bytes;
    let answer = |bytes: &[u8]| {
        if answers.lock().unwrap().is_some() {
            type_in(answers, bytes);
        }
    };
    loop {
        let next = [
            BEGIN_UPDATE,
            END_UPDATE,
            WHERE_IS_THE_CURSOR,
            KITTY_QUERY,
            KITTY_IMAGE,
        ]
        .into_iter()
        .chain(ANSWERED.iter().map(|(question, _)| *question))
        .filter_map(|s| find(rest, s).map(|i| (i, s)))
        .min_by_key(|&(i, _)| i);
        let Some((i, sequence)) = next else {
            terminal.parser.process(rest);
            return;
        };
        let end = i + sequence.len();
        terminal.parser.process(&rest[..end]);
        if sequence == BEGIN_UPDATE {
            terminal.frozen = Some((terminal.parser.screen().clone(), Instant::now()));
        } else if sequence == END_UPDATE {
            terminal.frozen = None;
        } else if sequence == WHERE_IS_THE_CURSOR {
            let (row, col) = terminal.parser.screen().cursor_position();
            answer(format!("\x1b[{};{}R", row + 1, col + 1).as_bytes());
        } else if sequence == KITTY_QUERY {
            if terminal.kitty {
                answer(KITTY_OK);
            }
        } else if sequence == KITTY_IMAGE {
            terminal.images_sent += 1;
        } else if let Some((_, reply)) = ANSWERED.iter().find(|(q, _)| *q == sequence) {
            answer(reply);
        }
        rest = &rest[end..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn size(width: u16, height: u16) -> PtySize {
    PtySize {
        rows: height,
        cols: width,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap()
}

/// The SGR parameters of a cell's style ("" for the default), as tmux writes them.
fn sgr(cell: &vt100::Cell) -> String {
    let mut codes: Vec<String> = Vec::new();
    if cell.bold() {
        codes.push("1".into());
    }
    if cell.dim() {
        codes.push("2".into());
    }
    if cell.italic() {
        codes.push("3".into());
    }
    if cell.underline() {
        codes.push("4".into());
    }
    if cell.inverse() {
        codes.push("7".into());
    }
    for (color, base) in [(cell.fgcolor(), 30), (cell.bgcolor(), 40)] {
        match color {
            vt100::Color::Default => {}
            vt100::Color::Idx(n) if n < 8 => codes.push((base + u32::from(n)).to_string()),
            vt100::Color::Idx(n) if n < 16 => {
                codes.push((base + 60 + u32::from(n) - 8).to_string())
            }
            vt100::Color::Idx(n) => codes.push(format!("{};5;{n}", base + 8)),
            vt100::Color::Rgb(r, g, b) => codes.push(format!("{};2;{r};{g};{b}", base + 8)),
        }
    }
    if codes.is_empty() {
        String::new()
    } else {
        format!("\x1b[{}m", codes.join(";"))
    }
}

/// The bytes a terminal sends for a key named as tmux names it; anything else is typed as is.
fn key_bytes(key: &str) -> Vec<u8> {
    let named: &[u8] = match key {
        "Enter" => b"\r",
        "Escape" => b"\x1b",
        "Space" => b" ",
        "BSpace" => b"\x7f",
        "Tab" => b"\t",
        "Up" => b"\x1b[A",
        "Down" => b"\x1b[B",
        "Right" => b"\x1b[C",
        "Left" => b"\x1b[D",
        "S-Up" => b"\x1b[1;2A",
        "S-Down" => b"\x1b[1;2B",
        "S-Right" => b"\x1b[1;2C",
        "S-Left" => b"\x1b[1;2D",
        "Home" => b"\x1b[H",
        "End" => b"\x1b[F",
        "C-Home" => b"\x1b[1;5H",
        "C-End" => b"\x1b[1;5F",
        "PageUp" | "PPage" => b"\x1b[5~",
        "PageDown" | "NPage" => b"\x1b[6~",
        _ => {
            let mut chars = key.chars();
            return match (key.strip_prefix("C-"), key.strip_prefix("M-")) {
                (Some(c), _) if c.len() == 1 => vec![c.as_bytes()[0].to_ascii_lowercase() & 0x1f],
                (_, Some(c)) if c.chars().count() == 1 => [b"\x1b", c.as_bytes()].concat(),
                _ if chars.next().is_some() => key.as_bytes().to_vec(),
                _ => Vec::new(),
            };
        }
    };
    named.to_vec()
}
