//! Pictures in the reader: the cells the terminal draws them in (none while they are shown as
//! their placeholders), which the readers lay out with, and Enter on a picture (or on a link to
//! an address), which hands it to the system's viewer on a thread of its own (reading it out of
//! a book or a PDF takes time).

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::app::reader::Reader;
use crate::app::{Action, App, Tone};
use crate::document::{Document, Picture};
use crate::viewer::{self, Shown};

/// A picture being handed to the viewer: what it was given, or why not.
pub(in crate::app) type Viewing = Receiver<Result<String, String>>;

impl App {
    /// A reader on `doc` at byte `anchor`, at the screen's size, pictures drawn as they are.
    pub(in crate::app) fn reader_on(&self, doc: Arc<Document>, anchor: usize) -> Reader {
        let g = self.geometry();
        let mut reader = Reader::new(doc, anchor, g.text_width, g.page_height);
        reader.set_picture_cells(self.picture_cell);
        reader
    }

    /// The terminal draws pictures in cells of `cell` pixels (width, height), or, with `None`,
    /// pictures are shown as their placeholders.
    pub fn set_picture_cells(&mut self, cell: Option<(u16, u16)>) {
        self.picture_cell = cell;
        if let Some(open) = self.open.as_mut() {
            open.reader.set_picture_cells(cell);
        }
    }

    /// The open text has pictures the terminal could draw (their size is known).
    pub fn has_pictures(&self) -> bool {
        self.reading()
            .is_some_and(|o| o.reader.doc().pictures.iter().any(|p| p.size.is_some()))
    }

    /// The picture under the cursor, or, without one there, the first on the page.
    pub(in crate::app) fn picture_here(&self, page_only: bool) -> Option<Picture> {
        let open = self.reading()?;
        let doc = open.reader.doc();
        let at = |offset: usize| {
            let block = &doc.blocks[doc.block_at(offset)];
            doc.picture_at(block.start())
        };
        if let Some(found) = open.reader.cursor().and_then(at) {
            return Some(found.clone());
        }
        if !page_only {
            return None;
        }
        let page = open.reader.page();
        let (first, last) = (page.first()?, page.last()?);
        let from = doc.pictures.partition_point(|p| p.at < first.start);
        doc.pictures[from..]
            .iter()
            .take_while(|p| p.at < last.end)
            .next()
            .cloned()
    }

    /// Hands `picture` to the system's viewer, in the background.
    pub(in crate::app) fn view_picture(&mut self, picture: Picture) {
        let Some(open) = self.reading() else {
            return;
        };
        let doc = Arc::clone(open.reader.doc());
        let file = open.file.clone();
        self.hand_to_viewer("the picture", move || {
            if crate::document::on_the_web(&picture.source) {
                return Ok(Shown::Address(picture.source.clone()));
            }
            file.ok_or_else(|| "this text has no file to read the picture from".to_string())
                .and_then(|file| doc.read_picture(&file, &picture))
                .map(Shown::Image)
        });
    }

    /// Enter on a link out of the text: the first time, says where it leads; again, opens it
    /// in the system's browser (in the background). Nothing leaves for the web unseen.
    pub(in crate::app) fn offer_address(&mut self, address: String) {
        if self.offered_address.as_deref() == Some(address.as_str()) {
            self.hand_to_viewer("the link", move || Ok(Shown::Address(address)));
            return;
        }
        let keys = self
            .keymap()
            .key_for(self.mode(), Action::ShowNote)
            .unwrap_or_else(|| "Enter".into());
        self.say(
            Tone::Info,
            format!("{address} · {keys} again opens it in the browser"),
        );
        self.offered_address = Some(address);
    }

    /// Hands what `get` gives to the system's viewer on a thread of its own (getting it may
    /// read a book or a PDF), saying so.
    fn hand_to_viewer(
        &mut self,
        what: &str,
        get: impl FnOnce() -> Result<Shown, String> + Send + 'static,
    ) {
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("gloss-viewer".into())
            .spawn(move || {
                let _ = tx.send(get().and_then(viewer::show));
            });
        match spawned {
            Ok(_) => {
                self.viewing = Some(rx);
                self.say(Tone::Info, format!("opening {what}…"));
            }
            Err(err) => self.say(Tone::Error, format!("cannot open {what}: {err}")),
        }
    }

    /// Picks up what became of a picture handed to the viewer; true if there is news.
    pub(in crate::app) fn poll_viewing(&mut self) -> bool {
        let Some(viewing) = &self.viewing else {
            return false;
        };
        let result = match viewing.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("the viewer could not be started".into()),
        };
        self.viewing = None;
        match result {
            Ok(shown) => self.say(Tone::Info, format!("opened in the viewer: {shown}")),
            Err(err) => self.say(Tone::Error, err),
        }
        true
    }
}
