use super::*;

fn find(text: &str, query: &str) -> Vec<String> {
    let q = Query::new(query).unwrap();
    let mut found = Vec::new();
    assert!(find_all(text, &q, &AtomicBool::new(false), |r| found
        .push(text[r].to_string())));
    found
}

#[test]
fn smart_case() {
    let text = "Stalin and stalinism; STALIN shouted.";
    assert_eq!(find(text, "stalin"), ["Stalin", "stalin", "STALIN"]);
    assert_eq!(find(text, "Stalin"), ["Stalin"]);
    assert!(Query::new("Stalin").unwrap().case_sensitive);
    assert!(!Query::new("stalin").unwrap().case_sensitive);
}

#[test]
fn typographic_quotes_match_ascii() {
    let text = "Stalin’s purge, the “Third Period” and ‘social fascism’.";
    assert_eq!(find(text, "stalin's"), ["Stalin’s"]);
    assert_eq!(find(text, "\"third period\""), ["“Third Period”"]);
    assert_eq!(find(text, "'social fascism'"), ["‘social fascism’"]);
    // And the other way round.
    assert_eq!(find("Stalin's", "Stalin’s"), ["Stalin's"]);
}

#[test]
fn accents_are_ignored() {
    let text = "José Díaz led the PCE; Diaz again; DÍAZ. Ce\u{301}sar (decomposed).";
    assert_eq!(find(text, "diaz"), ["Díaz", "Diaz", "DÍAZ"]);
    assert_eq!(find(text, "díaz"), ["Díaz", "Diaz", "DÍAZ"]);
    assert_eq!(find(text, "cesar"), ["Ce\u{301}sar"]);
    assert_eq!(find(text, "jose diaz"), ["José Díaz"]);
}

#[test]
fn blanks_and_line_breaks_are_one_space() {
    let text = "the permanent\nrevolution and the permanent   revolution";
    assert_eq!(
        find(text, "permanent revolution"),
        ["permanent\nrevolution", "permanent   revolution"]
    );
    assert!(Query::new("  \n ").is_none());
}

#[test]
fn matches_across_segments_are_found_once() {
    let unit = "filler text here. Socialism in one country! ";
    let text = unit.repeat(SEGMENT / unit.len() * 3);
    let found = find(&text, "socialism in one country");
    assert_eq!(
        found.len(),
        text.matches("Socialism in one country").count()
    );
    // Positions are increasing and each is the phrase.
    let q = Query::new("socialism in one country").unwrap();
    let mut starts = Vec::new();
    find_all(&text, &q, &AtomicBool::new(false), |r| starts.push(r.start));
    assert!(starts.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_cancelled_search_stops() {
    let text = "word ".repeat(SEGMENT);
    let q = Query::new("word").unwrap();
    assert!(!find_all(&text, &q, &AtomicBool::new(true), |_| {}));
}

proptest::proptest! {
    /// The matches are exactly those of a plain scan of the folded text, mapped back.
    #[test]
    fn agrees_with_a_plain_scan(words in proptest::collection::vec("[aAéb’' \n]{1,4}", 0..200),
                                query in "[aAéb’' ]{1,3}") {
        let text: String = words.concat();
        if let Some(q) = Query::new(&query) {
            let mut found = Vec::new();
            find_all(&text, &q, &AtomicBool::new(false), |r| found.push(r));
            let (folded, _) = fold(&text, q.case_sensitive);
            let expected = folded.match_indices(q.folded.as_str()).count();
            proptest::prop_assert_eq!(found.len(), expected);
            for r in found {
                let (f, _) = fold(&text[r], q.case_sensitive);
                proptest::prop_assert_eq!(f.trim(), q.folded.as_str());
            }
        }
    }
}
