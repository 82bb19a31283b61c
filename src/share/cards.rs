//! Exporting cards: to Anki's text import format, and to plain CSV.
//!
//! The Anki file is what File > Import reads as it is: tab-separated, with file headers
//! (`#separator:tab`, `#html:true`, `#guid column:1`, `#notetype column:2`, `#deck column:3`,
//! `#tags column:6`), one note per row. Question-and-answer cards are Basic notes
//! (Front, Back); the cards of one cloze text are one Cloze note (Text, Back Extra), which Anki
//! turns back into one card per blank. The passage a card came from is added to the back.

use std::collections::BTreeMap;

use crate::srs::card::{Card, CardKind};

/// Header lines of the Anki file, and the number of columns they describe.
pub const ANKI_HEADERS: [&str; 6] = [
    "#separator:tab",
    "#html:true",
    "#guid column:1",
    "#notetype column:2",
    "#deck column:3",
    "#tags column:6",
];
pub const ANKI_COLUMNS: usize = 6;

/// Text as an HTML field: escaped, line breaks as `<br>`, no tabs (the separator).
fn html(text: &str) -> String {
    super::escape_html(text)
        .replace('\t', " ")
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

/// The back of a card with its source passage and title (the passage once: not when the answer,
/// or a cloze's text with its blanks filled in, already is the passage).
pub fn with_passage(back: &str, card: &Card, title: &str) -> String {
    let mut field = html(back);
    let shown = match card.kind {
        CardKind::Basic => back.to_string(),
        CardKind::Cloze => crate::srs::cloze::answer(&card.front, 0).0,
    };
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if words(&shown) != words(&card.anchor.quote) {
        if !field.is_empty() {
            field.push_str("<br><br>");
        }
        field.push_str(&format!("<i>{}</i>", html(&card.anchor.quote)));
    }
    field.push_str(&format!("<br>— {}", html(title)));
    field
}

/// The Anki import file for `cards`; `title` names each card's text (it becomes the deck
/// `Gloss::Title`).
pub fn anki(cards: &[Card], title: impl Fn(&Card) -> String) -> String {
    // One row per note (a cloze's cards share one, however late a blank was added), in the
    // order of each note's first card.
    let mut notes: BTreeMap<&str, &Card> = BTreeMap::new();
    for card in cards {
        let first = notes.entry(card.note_uuid.as_str()).or_insert(card);
        if card.created_at < first.created_at {
            *first = card;
        }
    }
    let mut notes: Vec<&Card> = notes.into_values().collect();
    notes.sort_by_key(|c| (c.created_at, c.note_uuid.as_str()));
    let mut out = ANKI_HEADERS.join("\n");
    out.push('\n');
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_writer(Vec::new());
    for card in notes {
        let title = title(card);
        let deck = format!("Gloss::{}", title.replace("::", ":"));
        let mut tags = card.tags.clone();
        tags.push("gloss".into());
        // Basic: Front, Back. Cloze: Text (with its {{c1::…}} blanks), Back Extra.
        let notetype = match card.kind {
            CardKind::Basic => "Basic",
            CardKind::Cloze => "Cloze",
        };
        let (first, second) = (html(&card.front), with_passage(&card.back, card, &title));
        writer
            .write_record([
                card.note_uuid.as_str(),
                notetype,
                deck.as_str(),
                first.as_str(),
                second.as_str(),
                tags.join(" ").as_str(),
            ])
            .expect("writing to memory");
    }
    let rows = writer.into_inner().expect("writing to memory");
    out.push_str(&String::from_utf8(rows).expect("fields are UTF-8"));
    out
}

/// Plain CSV, one card per row, with a header row.
pub fn csv(cards: &[Card], title: impl Fn(&Card) -> String) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "id",
            "kind",
            "front",
            "back",
            "cloze",
            "tags",
            "document",
            "passage",
            "state",
            "due",
            "interval_days",
            "reps",
            "lapses",
            "suspended",
        ])
        .expect("writing to memory");
    for card in cards {
        let s = &card.schedule;
        writer
            .write_record([
                card.uuid.clone(),
                card.kind.as_str().to_string(),
                card.front.clone(),
                card.back.clone(),
                card.cloze.map(|n| n.to_string()).unwrap_or_default(),
                card.tags.join(" "),
                title(card),
                card.anchor.quote.clone(),
                s.phase.as_str().to_string(),
                s.due.to_string(),
                s.scheduled_days.to_string(),
                s.reps.to_string(),
                s.lapses.to_string(),
                card.suspended.to_string(),
            ])
            .expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8")
}
