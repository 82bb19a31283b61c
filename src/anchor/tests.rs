use proptest::prelude::*;

use super::*;

const ESSAY: &str = "The establishment of the Communist International in 1919 was an epoch-making event.\n\
    Stalin’s rise to power marked a sharp deviation from these principles.\n\
    The shift from internationalism to a narrow focus on the Soviet Union can be illustrated.\n\
    Stalin’s rise to power marked a sharp deviation from these principles.\n";

fn anchor_on(text: &str, quote: &str, nth: usize) -> Anchor {
    let start = text.match_indices(quote).nth(nth).unwrap().0;
    Anchor::new(
        text,
        start..start + quote.len(),
        text[..start].chars().count(),
    )
}

#[test]
fn anchors_carry_quote_context_and_char_offsets() {
    let a = anchor_on(ESSAY, "Communist International", 0);
    assert_eq!(a.quote, "Communist International");
    assert_eq!(a.prefix, "The establishment of the ");
    assert_eq!(a.suffix.chars().count(), STORED_CONTEXT_CHARS);
    assert_eq!(a.near_context().1.chars().count(), CONTEXT_CHARS);
    assert!(a.suffix.starts_with(" in 1919"));
    assert_eq!(a.start, 25);
    assert_eq!(a.end, 25 + 23);
}

#[test]
fn unchanged_text_places_exactly() {
    let a = anchor_on(ESSAY, "sharp deviation", 1);
    let r = Reanchorer::new(Some(ESSAY), ESSAY);
    let place = r.locate(&a).range().unwrap();
    assert_eq!(
        place.start,
        ESSAY.match_indices("sharp deviation").nth(1).unwrap().0
    );
}

#[test]
fn a_repeated_quote_is_told_apart_by_context_and_position() {
    // The second "Stalin’s rise" sentence, with the old text unknown: context decides.
    let a = anchor_on(ESSAY, "Stalin’s rise to power", 1);
    let edited = format!("A new opening line.\n{ESSAY}");
    let r = Reanchorer::new(None, &edited);
    let place = r.locate(&a);
    let second = edited
        .match_indices("Stalin’s rise to power")
        .nth(1)
        .unwrap()
        .0;
    assert_eq!(place, Placement::Exact(second..second + a.quote.len()));
}

#[test]
fn an_edited_quote_is_found_approximately() {
    let a = anchor_on(
        ESSAY,
        "The shift from internationalism to a narrow focus",
        0,
    );
    let edited = ESSAY.replace("narrow focus", "narrower focus");
    for old in [Some(ESSAY), None] {
        let r = Reanchorer::new(old, &edited);
        match r.locate(&a) {
            Placement::Approximate { range, errors } => {
                assert_eq!(
                    &edited[range],
                    "The shift from internationalism to a narrower focus"
                );
                assert_eq!(errors, 2);
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_passage_with_words_added_is_found_whole() {
    let text = "The crisis came. Nobody expected the sudden collapse of trade.\nThe next one.";
    let a = anchor_on(text, "Nobody expected the sudden collapse of trade.", 0);
    let edited = text.replace("of trade", "of world trade");
    match Reanchorer::new(None, &edited).locate(&a) {
        Placement::Approximate { range, errors } => {
            assert_eq!(
                &edited[range],
                "Nobody expected the sudden collapse of world trade."
            );
            assert_eq!(errors, 6);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_destroyed_quote_is_orphaned() {
    let a = anchor_on(ESSAY, "epoch-making event", 0);
    let edited = ESSAY.replace("an epoch-making event", "a turning point of history");
    let r = Reanchorer::new(Some(ESSAY), &edited);
    assert_eq!(r.locate(&a), Placement::Orphaned);
}

/// The longest bundled essay: long quotes come from it.
const STALINISM: &str =
    include_str!("../../texts/the-russian-revolution-and-the-rise-of-stalinism.txt");

/// A long stretch of the essay (about `chars` characters, whole words) and its anchor.
fn long_quote(text: &str, from: usize, chars: usize) -> Anchor {
    let start = text[..from].rfind(' ').map_or(0, |i| i + 1);
    let end = text[start..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| start + i);
    let end = start + text[start..end].rfind(' ').unwrap();
    Anchor::new(text, start..end, text[..start].chars().count())
}

fn placed<'t>(text: &'t str, anchor: &Anchor) -> (&'t str, usize) {
    match Reanchorer::new(None, text).locate(anchor) {
        Placement::Exact(range) => (&text[range], 0),
        Placement::Approximate { range, errors } | Placement::Unsure { range, errors } => {
            (&text[range], errors)
        }
        Placement::Orphaned => panic!("orphaned"),
    }
}

#[test]
fn a_long_quote_with_words_changed_is_found_by_its_pieces() {
    let a = long_quote(STALINISM, 20_000, 3_000);
    assert!(a.quote.chars().count() > LONG_QUOTE);
    let changed = a
        .quote
        .replacen(" the ", " THE ", 12)
        .replacen("revolution", "revolt", 3);
    let edited = STALINISM.replace(&a.quote, &changed);
    assert_ne!(edited, STALINISM);
    let (found, errors) = placed(&edited, &a);
    assert_eq!(found, changed);
    assert_eq!(errors, myers::distance(&changed, &a.quote));
}

#[test]
fn a_long_quote_keeps_its_place_when_a_paragraph_is_inserted_or_its_first_words_go() {
    let a = long_quote(STALINISM, 30_000, 6_000);
    let middle = a.quote.len() / 2;
    let middle = a.quote[middle..].find(' ').unwrap() + middle;
    let paragraph = STALINISM[1_000..2_000].to_string();
    let inserted = format!("{} {paragraph}{}", &a.quote[..middle], &a.quote[middle..]);
    let edited = STALINISM.replace(&a.quote, &inserted);
    let (found, _) = placed(&edited, &a);
    assert_eq!(found, inserted);

    let shortened = &a.quote[a.quote.find(". ").unwrap() + 2..];
    let edited = STALINISM.replace(&a.quote, shortened);
    let (found, errors) = placed(&edited, &a);
    assert_eq!(found, shortened);
    assert_eq!(errors, a.quote.chars().count() - shortened.chars().count());
}

#[test]
fn a_long_quote_that_is_gone_is_orphaned() {
    let a = long_quote(STALINISM, 10_000, 2_000);
    let edited = STALINISM.replace(&a.quote, "");
    assert_eq!(
        Reanchorer::new(None, &edited).locate(&a),
        Placement::Orphaned
    );
    // Its words, shuffled, are not the passage either.
    let mut words: Vec<&str> = a.quote.split(' ').collect();
    words.reverse();
    let edited = STALINISM.replace(&a.quote, &words.join(" "));
    assert_eq!(
        Reanchorer::new(None, &edited).locate(&a),
        Placement::Orphaned
    );
}

#[test]
fn a_long_passage_that_repeats_is_placed_by_its_context() {
    let a = long_quote(STALINISM, 40_000, 1_000);
    // The passage twice more before it, each slightly edited: the original still wins, and so
    // does its edited self over the intact copies elsewhere.
    let copy = a.quote.replacen(" the ", " a ", 1);
    let text = format!(
        "{copy}
{copy}
{STALINISM}"
    );
    let at = text.find(&a.quote).unwrap();
    let mut moved = a.clone();
    moved.start += 2 * (copy.chars().count() + 1);
    assert_eq!(
        Reanchorer::new(None, &text).locate(&moved),
        Placement::Exact(at..at + a.quote.len())
    );
    let edited = text.replacen(&a.quote, &a.quote.replacen(" a ", " one ", 2), 1);
    let found = Reanchorer::new(None, &edited)
        .locate(&moved)
        .range()
        .unwrap();
    assert_eq!(found.start, at);
}

fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-zé]{1,9}[.,]?", 30..160)
}

/// A document, a quote in it (by word indices), and the quote's byte range.
fn setup(words: &[String], from: usize, len: usize) -> (String, std::ops::Range<usize>) {
    let mut text = String::new();
    let mut range = 0..0;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            text.push(if i % 13 == 0 { '\n' } else { ' ' });
        }
        if i == from {
            range.start = text.len();
        }
        text.push_str(w);
        if i == from + len - 1 {
            range.end = text.len();
        }
    }
    (text, range)
}

/// Edits `quote` (words `from..from + len` of a text made of `words`) in up to `share` of its
/// length, and checks that it is found approximately, on the passage.
fn edited_quote_is_found(
    words: &[String],
    pick: f64,
    len: usize,
    edits: Vec<(f64, u8, String)>,
    with_old: bool,
    share: usize,
) -> Result<(), TestCaseError> {
    let from = ((words.len() - len) as f64 * pick) as usize;
    let (text, range) = setup(words, from, len);
    let anchor = Anchor::new(&text, range.clone(), text[..range.start].chars().count());
    let quote: Vec<char> = anchor.quote.chars().collect();
    let budget = quote.len() / share;
    let mut edited_quote = quote.clone();
    for (p, kind, s) in edits.into_iter().take(budget) {
        let at = ((edited_quote.len() as f64) * p) as usize;
        let c = s.chars().next().unwrap();
        match kind {
            0 => edited_quote.insert(at, c),
            1 if at < edited_quote.len() && edited_quote.len() > 1 => {
                edited_quote.remove(at);
            }
            _ if at < edited_quote.len() => edited_quote[at] = c,
            _ => edited_quote.push(c),
        }
    }
    let edited_quote: String = edited_quote.into_iter().collect();
    let edited = format!(
        "{}{}{}",
        &text[..range.start],
        edited_quote,
        &text[range.end..]
    );
    // The property is about a passage that is unique: an intact copy elsewhere rightly wins.
    prop_assume!(!edited.contains(anchor.quote.as_str()));
    let r = Reanchorer::new(with_old.then_some(text.as_str()), &edited);
    let found = r.locate(&anchor).range();
    prop_assert!(
        found.is_some(),
        "{:?} not found in {:?}",
        anchor.quote,
        edited_quote
    );
    let found = found.unwrap();
    // On the edited passage: overlapping it, and about as close to the quote as the edits.
    let passage = range.start..range.start + edited_quote.len();
    prop_assert!(
        found.start < passage.end && found.end > passage.start,
        "{:?} is not on {:?}",
        &edited[found.clone()],
        edited_quote
    );
    // About as close to the quote as the edits made it (word snapping may add a little).
    let accepted = (quote.len() as f64 * ACCEPTED_ERROR_SHARE).floor() as usize;
    prop_assert!(myers::distance(&edited[found], &anchor.quote) <= budget.max(accepted));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Insertions and deletions elsewhere never move an anchor off its quote (they orphan it only
    /// when they took all its context and it is short enough to occur by chance).
    #[test]
    fn edits_elsewhere_keep_the_exact_quote(
        words in words(),
        pick in 0.0f64..1.0,
        len in 3usize..12,
        edits in prop::collection::vec((0.0f64..1.0, any::<bool>(), "[a-z ]{1,40}"), 1..6),
        with_old in any::<bool>(),
    ) {
        let from = ((words.len() - len) as f64 * pick) as usize;
        let (text, range) = setup(&words, from, len);
        let anchor = Anchor::new(&text, range.clone(), text[..range.start].chars().count());
        // Apply edits outside the quote, from the back so earlier offsets stay valid.
        let mut edited = text.clone();
        let mut quote_at = range.clone();
        let mut points: Vec<(usize, bool, String)> = edits
            .into_iter()
            .map(|(p, insert, s)| ((p * text.len() as f64) as usize, insert, s))
            .collect();
        points.sort_by_key(|p| std::cmp::Reverse(p.0));
        for (at, insert, s) in points {
            let at = at.min(edited.len());
            // Letters glued to the quote's first or last word (inserted, or brought by a
            // deletion) change that word: that is not elsewhere.
            let inside = at >= quote_at.start && at <= quote_at.end;
            if !edited.is_char_boundary(at) || inside {
                continue;
            }
            if insert {
                edited.insert_str(at, &s);
                if at <= quote_at.start {
                    quote_at = quote_at.start + s.len()..quote_at.end + s.len();
                }
            } else {
                // Delete up to the next quote boundary or a few characters.
                // (Keeping the blank before the quote, so that no word is glued to it.)
                let limit = if at < quote_at.start { quote_at.start - 1 } else { edited.len() };
                let mut end = (at + s.len()).min(limit);
                while !edited.is_char_boundary(end) { end -= 1; }
                if end > at {
                    edited.replace_range(at..end, "");
                    if at < quote_at.start {
                        quote_at = quote_at.start - (end - at)..quote_at.end - (end - at);
                    }
                }
            }
        }
        prop_assert_eq!(&edited[quote_at.clone()], anchor.quote.as_str());
        let r = Reanchorer::new(with_old.then_some(text.as_str()), &edited);
        // On its words, marked for a check when the edits took its context away; or, a quote
        // short enough to occur by chance with no context left on either side, orphaned.
        let before = tail_chars(&edited[..quote_at.start], anchor.prefix.chars().count());
        let after = head_chars(&edited[quote_at.end..], anchor.suffix.chars().count());
        let context_gone = anchor.quote.chars().count() < CHANCE_CHARS
            && similarity(&anchor.prefix, before) < CONTEXT_AGREES
            && similarity(&anchor.suffix, after) < CONTEXT_AGREES;
        match r.locate(&anchor) {
            Placement::Exact(found) | Placement::Unsure { range: found, errors: 0 } => {
                prop_assert_eq!(&edited[found], anchor.quote.as_str())
            }
            Placement::Orphaned if context_gone => {}
            other => prop_assert!(false, "{:?}", other),
        }
    }

    /// Edits inside the quote of up to 20% of its length: found approximately, on the passage.
    #[test]
    fn small_edits_inside_the_quote_are_found_approximately(
        words in words(),
        pick in 0.0f64..1.0,
        len in 5usize..15,
        edits in prop::collection::vec((0.0f64..1.0, 0u8..3, "[a-z]"), 1..8),
        with_old in any::<bool>(),
    ) {
        edited_quote_is_found(&words, pick, len, edits, with_old, 5)?;
    }

    /// A long quote (found by its pieces) with edits in up to 2.5% of its length.
    #[test]
    fn long_quotes_with_edits_are_found_by_their_pieces(
        words in prop::collection::vec("[a-zé]{1,9}[.,]?", 150..400),
        pick in 0.0f64..1.0,
        len in 60usize..120,
        edits in prop::collection::vec((0.0f64..1.0, 0u8..3, "[a-z]"), 1..20),
        with_old in any::<bool>(),
    ) {
        edited_quote_is_found(&words, pick, len, edits, with_old, 40)?;
    }

    /// Whatever happens to the text, locating never fails: a place or an orphan.
    #[test]
    fn any_change_gives_a_place_or_an_orphan(
        words in words(),
        other in words(),
        pick in 0.0f64..1.0,
        len in 2usize..10,
    ) {
        let from = ((words.len() - len) as f64 * pick) as usize;
        let (text, range) = setup(&words, from, len);
        let anchor = Anchor::new(&text, range.clone(), text[..range.start].chars().count());
        let (replacement, _) = setup(&other, 0, 1);
        let r = Reanchorer::new(Some(&text), &replacement);
        let placement = r.locate(&anchor);
        if let Some(found) = placement.range() {
            let errors = myers::distance(&replacement[found.clone()], &anchor.quote);
            prop_assert!(errors as f64 <= anchor.quote.chars().count() as f64 * ACCEPTED_ERROR_SHARE,
                "{:?} for {:?} in {:?}: {:?}", placement, anchor, replacement, &replacement[found]);
        }
    }
}

#[test]
fn an_edited_repeated_word_stays_where_it_was() {
    // Issue 13's repro: "autocratic" twice; the second highlighted, then edited.
    let text = "The regime grew autocratic in its first years, and the party with it.\n\
        Later the state itself became autocratic, ruled by one man and his circle.\n";
    let a = anchor_on(text, "autocratic", 1);
    let edited = text.replacen("became autocratic", "became autokratic", 1);
    let second = edited.find("autokratic").unwrap();
    for old in [Some(text), None] {
        let placed = Reanchorer::new(old, &edited).locate(&a);
        assert_eq!(
            placed.range(),
            Some(second..second + "autokratic".len()),
            "{old:?}"
        );
    }
}

#[test]
fn deleted_short_quotes_are_not_put_on_look_alikes() {
    let text = "It was an event that changed everything for them.\n\
        The Movement grew, and a reevaluation of the party like no other began.\n";
    for quote in ["event", "reevaluation", "party like"] {
        let a = anchor_on(text, quote, 0);
        // The text that held it goes; look-alikes with other context come ("Movement",
        // "revolution", "Party live"): neither the 32 characters before nor after match.
        let edited = "Nobody saw the Movement coming. Workers made a revolution in the \
            streets. Long may the Party live on in memory, they sang.\n";
        for old in [Some(text), None] {
            assert_eq!(
                Reanchorer::new(old, edited).locate(&a),
                Placement::Orphaned,
                "{quote} {old:?}"
            );
        }
    }
}

/// Issue 31: a word of five letters or more with one letter edited, its neighbours rewritten,
/// stays where it was, on both paths.
#[test]
fn an_edited_word_whose_neighbours_were_rewritten_stays() {
    let text = "Workers in the factories read the pamphlet by candlelight every night.\n";
    let a = anchor_on(text, "pamphlet", 0);
    let edited = "Miners at their stations passed the pamphlat along each morning.\n";
    let at = edited.find("pamphlat").unwrap();
    for old in [Some(text), None] {
        assert_eq!(
            Reanchorer::new(old, edited).locate(&a).range(),
            Some(at..at + "pamphlat".len()),
            "{old:?}"
        );
    }
}

/// Issue 31: on another copy, a short word whose neighbours were rewritten goes to its nearest
/// copy when the text beyond them is still there; a copy inside a longer word ("is" in "his")
/// is none of its copies.
#[test]
fn a_short_word_goes_to_its_nearest_whole_copy_when_the_text_beyond_stays() {
    let text = "It was said at the congress of workers”. This idea of Soviet Power is seen as \
        uniting the IWW and Bolsheviks in one cause.\n";
    let mut a = anchor_on(text, "is", 1);
    // (As another tool keeps it: only the near context.)
    let (before, after) = a.near_context();
    (a.prefix, a.suffix) = (before.to_string(), after.to_string());
    assert_eq!(a.prefix, "ers”. This idea of Soviet Power ");
    let edited = "It was said at the congress of workers”. to and from t fight his is of a \
        racism centre due his Bolsheviks in one cause.\n";
    let at = edited.find(" is ").unwrap() + 1;
    let placed = Reanchorer::new(None, edited).locate(&a);
    assert_eq!(placed, Placement::Exact(at..at + 2));
    // With nothing of its context left around it, it is orphaned.
    let bare = "Nothing here: to and from t fight his is of a racism, the rest is new too.\n";
    assert_eq!(Reanchorer::new(None, bare).locate(&a), Placement::Orphaned);
}

/// Issue 31: on your own file, the diff says a short quote's words were deleted: a copy of them
/// close by is not it.
#[test]
fn a_deleted_word_is_not_moved_to_a_copy_the_diff_did_not_keep() {
    let text = "The party met in March. They voted for the strike at once. The rest went home.\n";
    let a = anchor_on(text, "the strike", 0);
    let edited = "The party met in March. The rest went home to the strike pay.\n";
    assert_eq!(
        Reanchorer::new(Some(text), edited).locate(&a),
        Placement::Orphaned
    );
}

/// Issue 31: another copy's length scales the position: the one copy of a word, both
/// neighbours rewritten, is near where it was in a text that doubled before it.
#[test]
fn a_position_is_scaled_by_the_other_copy_s_length() {
    let filler = |n: usize| "Another sentence of the new edition goes here. ".repeat(n);
    let text = format!(
        "{}In those years, as trade grew, the mercantile class rose quickly in every land.\n{}",
        filler(10),
        filler(10)
    );
    let a = anchor_on(&text, "mercantile", 0);
    let edited = format!(
        "{}By that decade, with ports open, a mercantile guild formed slowly on each coast.\n{}",
        filler(20),
        filler(20)
    );
    let at = edited.find("mercantile").unwrap();
    let r = Reanchorer::new(None, &edited);
    let old_chars = text.chars().count();
    assert_eq!(r.locate(&a), Placement::Orphaned);
    assert_eq!(
        r.locate_made_on(&a, Some(old_chars)).range(),
        Some(at..at + "mercantile".len())
    );
}

/// Issue 31: gloss keeps context beyond the 32 characters it weighs, so that on another copy a
/// short word whose neighbours were all rewritten stays where it was while the text beyond them
/// is still around it, on both sides; where that text went too, it is orphaned.
#[test]
fn a_short_word_whose_neighbours_were_rewritten_stays_while_the_text_beyond_them_does() {
    let opening = "The old delegates argued through the night about the terms of the treaty. ";
    let closing = " Nobody at the congress expected the vote to be so close in the end.\n";
    let text = format!(
        "{opening}At dawn the chair called for order and read out the old motion again before \
         the hall.{closing}"
    );
    let a = anchor_on(&text, "old", 1);
    let (near_before, near_after) = a.near_context();
    let edited = format!(
        "{opening}At dawn the chair called, then quietly held up an old paper that all \
         watched.{closing}"
    );
    assert!(!edited.contains(near_before) && !edited.contains(near_after));
    let at = edited.rfind(" old ").unwrap() + 1;
    assert_eq!(
        Reanchorer::new(None, &edited).locate(&a),
        Placement::Exact(at..at + 3)
    );
    let rewritten = "The old delegates argued until dawn over every clause. Then quietly the chair \
        held up an old paper that all watched, and they went home.\n";
    assert_eq!(
        Reanchorer::new(None, rewritten).locate(&a),
        Placement::Orphaned
    );
}
