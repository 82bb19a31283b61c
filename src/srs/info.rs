//! What one card is and has been (Anki's Card Info): its schedule, its memory and the chance of
//! recalling it now, every answer it was given, and its siblings (the other blanks of its
//! cloze). Read by `gloss cards show` and by `i` in the review and the card browser.

use super::card::{Card, CardKind, LoggedAnswer};
use super::{Days, Phase, Schedule};

/// A card, with what is known about it.
#[derive(Debug, Clone)]
pub struct CardInfo {
    pub card: Card,
    /// The title of its text.
    pub title: String,
    /// Its answers, oldest first.
    pub answers: Vec<LoggedAnswer>,
    /// The other cards of its note.
    pub siblings: Vec<Card>,
    /// The chance of recalling it now (FSRS), once it has a memory.
    pub retrievability: Option<f32>,
}

impl CardInfo {
    /// `answers` and `siblings` may hold other cards': only the card's are kept.
    pub fn new(
        card: Card,
        title: String,
        answers: &[LoggedAnswer],
        siblings: &[Card],
        now: i64,
        days: Days,
        decay: f32,
    ) -> CardInfo {
        let mut own: Vec<LoggedAnswer> = answers
            .iter()
            .filter(|a| a.card == card.id)
            .copied()
            .collect();
        own.sort_by_key(|a| a.at);
        let siblings = siblings
            .iter()
            .filter(|s| s.note_uuid == card.note_uuid && s.id != card.id)
            .cloned()
            .collect();
        CardInfo {
            retrievability: retrievability(&card.schedule, now, days, decay),
            card,
            title,
            answers: own,
            siblings,
        }
    }

    /// The card as lines of text, `date` writing a time.
    pub fn lines(&self, now: i64, date: &dyn Fn(i64) -> String) -> Vec<String> {
        let card = &self.card;
        let s = &card.schedule;
        let mut lines = Vec::new();
        // (A value of several lines keeps them under its first.)
        let mut row = |label: &str, value: String| {
            lines.push(format!(
                "{label:<10} {}",
                value.replace('\n', "\n           ")
            ))
        };
        match card.kind {
            CardKind::Basic => {
                row("Question", card.front.clone());
                row("Answer", card.back.clone());
            }
            CardKind::Cloze => {
                let number = card.cloze.unwrap_or(1);
                row("Cloze", format!("{} (blank {number})", card.front));
                if !card.back.is_empty() {
                    row("Extra", card.back.clone());
                }
            }
        }
        row("Text", self.title.clone());
        row("Passage", format!("“{}”", card.anchor.quote));
        let mut state = s.phase.as_str().to_string();
        if card.suspended {
            state.push_str(", suspended");
        }
        if s.phase != Phase::New {
            state.push_str(&format!(
                " · due {} ({})",
                date(s.due),
                from_now(s.due - now)
            ));
        }
        if s.scheduled_days > 0 {
            state.push_str(&format!(" · interval {}", days_said(s.scheduled_days)));
        }
        row("State", state);
        row("Answers", format!("{} · lapses {}", s.reps, s.lapses));
        if let Some(m) = s.memory {
            let mut memory = format!(
                "stability {:.1} days · difficulty {:.1} of 10",
                m.stability, m.difficulty
            );
            if let Some(r) = self.retrievability {
                memory.push_str(&format!(" · recall now {:.0}%", r * 100.0));
            }
            row("Memory", memory);
        }
        for sibling in &self.siblings {
            let which = sibling
                .cloze
                .map_or_else(|| "sibling".to_string(), |n| format!("blank {n}"));
            let due = match sibling.schedule.phase {
                Phase::New => String::new(),
                _ => format!(", due {}", date(sibling.schedule.due)),
            };
            row(
                "Sibling",
                format!("{which}: {}{due}", sibling.schedule.phase.as_str()),
            );
        }
        if !self.answers.is_empty() {
            lines.push(String::new());
            lines.push("When               Grade   Then       Took".to_string());
            for a in &self.answers {
                let then = match a.interval {
                    0 => from_now(a.wait).trim_start_matches("in ").to_string(),
                    n => days_said(n),
                };
                let took = a.seconds.map_or_else(String::new, |s| format!("{s} s"));
                lines.push(format!(
                    "{:<18} {:<7} {:<10} {took}",
                    date(a.at),
                    a.grade.name(),
                    then
                ));
            }
        }
        lines
    }
}

/// The chance of recalling a card now, from its memory and the time since its last answer
/// (whole days for a card in review, as Anki counts them).
pub fn retrievability(s: &Schedule, now: i64, days: Days, decay: f32) -> Option<f32> {
    let memory = s.memory?;
    let last = s.last_review?;
    let elapsed = match s.phase {
        Phase::Review => (days.day(now) - days.day(last)) as f32,
        _ => (now - last).max(0) as f32 / 86_400.0,
    };
    let state = fsrs::MemoryState {
        stability: memory.stability,
        difficulty: memory.difficulty,
    };
    Some(fsrs::current_retrievability(state, elapsed.max(0.0), decay))
}

fn days_said(n: u32) -> String {
    match n {
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    }
}

/// `in 3 days`, `in 10 min`, `2 days ago`.
fn from_now(seconds: i64) -> String {
    let span = seconds.unsigned_abs();
    let said = match span {
        0..60 => format!("{span} s"),
        60..3_600 => format!("{} min", span / 60),
        3_600..86_400 => format!("{} h", span / 3_600),
        _ => days_said((span / 86_400) as u32),
    };
    match seconds < 0 {
        true => format!("{said} ago"),
        false => format!("in {said}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::browse::tests::card;
    use crate::srs::card::CardId;
    use crate::srs::{Grade, Memory};

    const DAYS: Days = Days {
        utc_offset: 0,
        start_hour: 4,
    };

    #[test]
    fn a_card_says_its_history_memory_and_siblings() {
        let day = 86_400;
        let now = 100 * day + 12 * 3600;
        let mut c = card(
            1,
            "Who led the Red Army?",
            &[],
            Phase::Review,
            now + 2 * day,
        );
        c.schedule.scheduled_days = 12;
        c.schedule.reps = 2;
        c.schedule.last_review = Some(now - 10 * day);
        c.schedule.memory = Some(Memory {
            stability: 10.0,
            difficulty: 5.5,
        });
        let mut sibling = card(2, "x", &[], Phase::New, 0);
        sibling.note_uuid = c.note_uuid.clone();
        sibling.cloze = Some(2);
        let answer = |card: i64, at: i64, grade: Grade, interval: u32, wait: i64| LoggedAnswer {
            card: CardId(card),
            at,
            grade,
            interval,
            last_interval: 0,
            phase_before: Phase::New,
            wait,
            seconds: Some(4),
        };
        let answers = [
            answer(1, now - 10 * day, Grade::Good, 12, 12 * day),
            answer(1, now - 11 * day, Grade::Again, 0, 600),
            answer(7, now, Grade::Easy, 3, 3 * day),
        ];
        let info = CardInfo::new(
            c,
            "An Essay".into(),
            &answers,
            &[sibling, card(3, "y", &[], Phase::New, 0)],
            now,
            DAYS,
            fsrs::FSRS6_DEFAULT_DECAY,
        );
        assert_eq!(info.answers.len(), 2, "its own, oldest first");
        assert_eq!(info.answers[0].grade, Grade::Again);
        assert_eq!(info.siblings.len(), 1);
        let r = info.retrievability.unwrap();
        assert!((r - 0.9).abs() < 0.001, "{r}: ten days at stability 10");
        let text = info.lines(now, &|t| format!("day {}", t / day)).join("\n");
        for said in [
            "Question   Who led the Red Army?",
            "State      review · due day 102 (in 2 days) · interval 12 days",
            "Memory     stability 10.0 days · difficulty 5.5 of 10 · recall now 90%",
            "Sibling    blank 2: new",
            "day 89             Again   10 min     4 s",
            "day 90             Good    12 days    4 s",
        ] {
            assert!(text.contains(said), "{said}\n{text}");
        }
    }
}
