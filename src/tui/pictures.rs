//! Pictures drawn in the terminal, through ratatui-image: which graphics protocol the terminal
//! speaks (asked once, when a text with pictures is first shown), the pictures decoded and
//! fitted to their cells on a thread of their own, and the few last ones kept.
//!
//! A picture not ready yet shows its placeholder; one that cannot be read or decoded keeps it.
//! The page never waits for a picture.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Rect, Size};
use ratatui_image::picker::{Picker, ProtocolType, cap_parser::QueryStdioOptions};
use ratatui_image::protocol::Protocol;
use ratatui_image::{Image, Resize};

use crate::app::App;
use crate::config::Images;
use crate::document::{Document, Picture};

/// How long the terminal is given to say what it can draw: terminals answer at once (the last
/// question is one every terminal answers).
const QUERY_PATIENCE: Duration = Duration::from_millis(500);

/// Pictures kept fitted and encoded (a screen's worth, and the pages either side).
const KEPT: usize = 12;

/// The largest picture decoded, in pixels a side, and the memory its decoding may take.
const MOST_SIDE: u32 = 16_384;
const MOST_DECODING_BYTES: u64 = 512 << 20;

/// A picture of a text, fitted to a number of cells.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    text: String,
    at: usize,
    size: (u16, u16),
}

enum Slot {
    Loading,
    Ready(Protocol),
    Failed,
}

/// A picture to decode and fit.
struct Job {
    key: Key,
    doc: Arc<Document>,
    file: Option<PathBuf>,
    picture: Picture,
    picker: Picker,
}

/// Where a picture is drawn on the screen: every row of it is on the page.
pub struct PicturePlace {
    /// Where the picture is drawn.
    pub rect: Rect,
    /// Its rows across the text column: cleared of the placeholder before it is drawn.
    pub rows: Rect,
    /// Where its block starts in the text.
    pub at: usize,
}

pub struct Pictures {
    choice: Images,
    /// The protocol the terminal speaks, once asked; `None` before, or when it draws none.
    picker: Option<Picker>,
    asked: bool,
    kept: Vec<(Key, Slot)>,
    jobs: Option<Sender<Job>>,
    done: Receiver<(Key, Result<Protocol, String>)>,
}

impl Pictures {
    pub fn new(choice: Images) -> Pictures {
        let (done_tx, done) = mpsc::channel();
        let (jobs, inbox) = mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new()
            .name("gloss-pictures".into())
            .spawn(move || {
                // The newest first: paging fast through a comic asks for many pictures, and
                // the page on screen is the last asked for.
                while let Ok(first) = inbox.recv() {
                    let mut jobs = vec![first];
                    jobs.extend(inbox.try_iter());
                    for job in jobs.into_iter().rev() {
                        let fitted = fit(&job);
                        if done_tx.send((job.key, fitted)).is_err() {
                            return;
                        }
                    }
                }
            });
        Pictures {
            choice,
            picker: None,
            asked: choice == Images::Off,
            kept: Vec::new(),
            jobs: spawned.is_ok().then_some(jobs),
            done,
        }
    }

    /// Asks the terminal what it draws, the first time a text with pictures is shown, and
    /// tells the app the cells pictures take. Called between frames, with no key waiting: the
    /// answer comes on the keyboard's side.
    pub fn ask_once(&mut self, app: &mut App, keys_waiting: bool) {
        if self.asked || keys_waiting || !app.has_pictures() {
            return;
        }
        self.asked = true;
        let picker = match self.choice {
            Images::Off => None,
            Images::Blocks => Some(Picker::halfblocks()),
            Images::Auto if tmux_stops_graphics() => None,
            Images::Auto => {
                let options = QueryStdioOptions {
                    timeout: QUERY_PATIENCE,
                    ..Default::default()
                };
                Picker::from_query_stdio_with_options(options)
                    .ok()
                    .filter(|p| p.protocol_type() != ProtocolType::Halfblocks)
            }
        };
        app.set_picture_cells(picker.as_ref().map(|p| {
            let font = p.font_size();
            (font.width, font.height)
        }));
        self.picker = picker;
    }

    /// Draws the pictures that are ready where they stand, over their placeholders.
    pub fn draw(&self, frame: &mut Frame, text: &str, placed: &[PicturePlace]) {
        for place in placed {
            let key = Key {
                text: text.to_string(),
                at: place.at,
                size: (place.rect.width, place.rect.height),
            };
            if let Some(Slot::Ready(protocol)) = self.slot(&key) {
                frame.render_widget(ratatui::widgets::Clear, place.rows);
                frame.render_widget(Image::new(protocol), place.rect);
            }
        }
    }

    /// Starts fitting the placed pictures that are not kept yet.
    pub fn request(&mut self, app: &App, placed: &[PicturePlace]) {
        let (Some(picker), Some(jobs), Some(open)) =
            (self.picker.clone(), self.jobs.clone(), app.reading())
        else {
            return;
        };
        let doc = open.reader.doc();
        for place in placed {
            let key = Key {
                text: doc.hash.clone(),
                at: place.at,
                size: (place.rect.width, place.rect.height),
            };
            if self.kept.iter().any(|(k, _)| *k == key) {
                continue;
            }
            let Some(picture) = doc.picture_at(place.at) else {
                continue;
            };
            let job = Job {
                key: key.clone(),
                doc: Arc::clone(doc),
                file: open.file.clone(),
                picture: picture.clone(),
                picker: picker.clone(),
            };
            if jobs.send(job).is_ok() {
                self.keep(key, Slot::Loading);
            }
        }
    }

    /// Picks up fitted pictures; true if one arrived (the screen is drawn again).
    pub fn poll(&mut self) -> bool {
        let mut arrived = false;
        while let Ok((key, fitted)) = self.done.try_recv() {
            // A picture no longer waited for (paged past, and let go of) is not kept.
            if !matches!(self.slot(&key), Some(Slot::Loading)) {
                continue;
            }
            let slot = match fitted {
                Ok(protocol) => Slot::Ready(protocol),
                Err(_) => Slot::Failed,
            };
            self.keep(key, slot);
            arrived = true;
        }
        arrived
    }

    /// Pictures are being fitted.
    pub fn busy(&self) -> bool {
        self.kept.iter().any(|(_, s)| matches!(s, Slot::Loading))
    }

    fn slot(&self, key: &Key) -> Option<&Slot> {
        self.kept.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }

    /// Keeps `slot` as the newest, dropping the oldest past [`KEPT`].
    fn keep(&mut self, key: Key, slot: Slot) {
        self.kept.retain(|(k, _)| *k != key);
        self.kept.push((key, slot));
        if self.kept.len() > KEPT {
            self.kept.remove(0);
        }
    }
}

/// Inside tmux, pictures reach the terminal only through its passthrough, which is off unless
/// the user turned it on: then the question would go nowhere, and the reader wait for nothing.
fn tmux_stops_graphics() -> bool {
    if std::env::var_os("TMUX").is_none() {
        return false;
    }
    let said = std::process::Command::new("tmux")
        .args(["show", "-Apv", "allow-passthrough"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    !said.is_ok_and(|out| matches!(out.stdout.trim_ascii(), b"on" | b"all"))
}

/// Reads, decodes and fits a picture to its cells.
fn fit(job: &Job) -> Result<Protocol, String> {
    let file = job
        .file
        .as_deref()
        .ok_or("no file to read the picture from")?;
    let bytes = job.doc.read_picture(file, &job.picture)?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| err.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MOST_SIDE);
    limits.max_image_height = Some(MOST_SIDE);
    limits.max_alloc = Some(MOST_DECODING_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|err| err.to_string())?;
    let (cols, rows) = job.key.size;
    job.picker
        .new_protocol(image, Size::new(cols, rows), Resize::Fit(None))
        .map_err(|err| err.to_string())
}
