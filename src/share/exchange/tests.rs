use super::*;

fn shared(uuid: &str, note: &str) -> Shared {
    Shared {
        uuid: uuid.into(),
        author_id: "6f1e2b4a-0000-4000-8000-000000000001".into(),
        author_name: "Ana".into(),
        created: 1_795_000_000,
        modified: 1_795_000_500,
        color: 2,
        note: note.into(),
        tags: vec!["comintern".into(), "stalin".into()],
        document_hash: "ab".repeat(32),
        document_title: "The Dissolution".into(),
        anchor: Anchor {
            start: 10,
            end: 19,
            quote: "Comintern".into(),
            prefix: "the ".into(),
            suffix: " in 1943".into(),
        },
        deleted: None,
    }
}

const ANA: &str = "6f1e2b4a-0000-4000-8000-000000000001";

#[test]
fn an_export_reads_back_the_same() {
    let a = shared(
        "0b0c6a2e-0000-4000-8000-00000000000a",
        "Key point.\nSecond line.",
    );
    let mut gone = shared("0b0c6a2e-0000-4000-8000-00000000000b", "");
    gone.deleted = Some(1_795_001_000);
    let text = write(ANA, "Ana", &[gone.clone(), a.clone()]);
    assert!(text.contains("\"TextQuoteSelector\""));
    assert!(text.contains("\"TextPositionSelector\""));
    assert!(text.contains("\"@context\": \"http://www.w3.org/ns/anno.jsonld\""));
    let back = read(text.as_bytes()).unwrap();
    assert_eq!(back.creator_id, ANA);
    assert_eq!(back.creator_name, "Ana");
    assert_eq!(back.annotations, [a, gone]);
    assert_eq!(back.cleaned, 0);
    // Deterministic: the same annotations, in any order, give the same file.
    let again = write(
        ANA,
        "Ana",
        &back.annotations.iter().rev().cloned().collect::<Vec<_>>(),
    );
    assert_eq!(again, text);
}

#[test]
fn bad_files_are_refused_whole_with_a_reason() {
    let good = write(
        ANA,
        "Ana",
        &[shared("0b0c6a2e-0000-4000-8000-00000000000a", "n")],
    );
    let cases: Vec<(String, &str)> = vec![
        ("{not json".into(), "not JSON"),
        (
            "{\"highlights\": []}".into(),
            "not a gloss annotation export",
        ),
        (
            good.replace("\"version\": 1", "\"version\": 7"),
            "newer gloss",
        ),
        (
            good.replace("\"version\": 1", "\"version\": \"one\""),
            "no valid \"version\"",
        ),
        (good.replace("urn:blake3:", "urn:sha1:"), "content hash"),
        (
            good.replace("\"exact\": \"Comintern\"", "\"exact\": \"\""),
            "TextQuoteSelector",
        ),
        (good.replace("2026", "20x6"), "not a date"),
        (
            good.replace("\"motivation\"", "\"motivation_typo\""),
            "missing field",
        ),
    ];
    for (text, reason) in cases {
        let err = read(text.as_bytes()).unwrap_err().to_string();
        assert!(err.contains(reason), "{err} (wanted {reason:?})");
        assert!(!err.contains('\n'), "one line: {err}");
    }
    let twice = {
        let one = shared("0b0c6a2e-0000-4000-8000-00000000000a", "n");
        write(ANA, "Ana", &[one.clone(), one])
    };
    assert!(
        read(twice.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("appears twice")
    );
    let huge = vec![b' '; MAX_BYTES as usize + 1];
    assert!(matches!(read(&huge), Err(ExchangeError::TooLarge(_))));
}

#[test]
fn escape_sequences_in_notes_are_removed() {
    let mut a = shared(
        "0b0c6a2e-0000-4000-8000-00000000000a",
        "bad \u{1b}[31mred\u{1b}[0m note\u{7}",
    );
    a.author_name = "Eve\u{1b}]0;pwned\u{7}".into();
    let text = write(ANA, "Eve\u{1b}]0;pwned\u{7}", &[a]);
    let back = read(text.as_bytes()).unwrap();
    assert_eq!(back.annotations[0].note, "bad red note");
    assert_eq!(back.creator_name, "Eve");
    assert!(back.cleaned >= 4);
}
