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
        document_chars: Some(1000),
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
    let text = write(ANA, "Ana", &[gone.clone(), a.clone()], &[]);
    assert!(text.contains("\"TextQuoteSelector\""));
    assert!(text.contains("\"TextPositionSelector\""));
    assert!(text.contains("\"http://www.w3.org/ns/anno.jsonld\""));
    let back = read(text.as_bytes()).unwrap();
    assert_eq!(back.creator_id, ANA);
    assert_eq!(back.creator_name, "Ana");
    // The deleted one comes back as a tombstone: its id, times and text, nothing it said.
    let tombstone = Shared {
        color: 1,
        note: String::new(),
        tags: Vec::new(),
        anchor: Anchor {
            start: 0,
            end: 0,
            quote: "…".into(),
            prefix: String::new(),
            suffix: String::new(),
        },
        ..gone.clone()
    };
    assert_eq!(
        back.annotations,
        [tombstone, a],
        "a tombstone's place is the text's start"
    );
    assert_eq!(back.cleaned, 0);
    // Deterministic: the same annotations, in any order, give the same file.
    let again = write(
        ANA,
        "Ana",
        &back.annotations.iter().rev().cloned().collect::<Vec<_>>(),
        &[],
    );
    assert_eq!(again, text);
}

/// Every compact IRI (`prefix:term`) used as a key is defined by the object's `@context`;
/// `gloss:deleted` is a date-time; an annotation without a note has no `body` at all.
#[test]
fn the_json_ld_defines_every_term_it_uses() {
    let mut gone = shared("0b0c6a2e-0000-4000-8000-00000000000b", "");
    gone.deleted = Some(1_795_001_000);
    gone.tags.clear();
    let text = write(ANA, "Ana", &[gone], &[]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let annotation = &json["annotations"][0];
    let context = annotation["@context"]
        .as_array()
        .expect("an array @context");
    assert_eq!(context[0], "http://www.w3.org/ns/anno.jsonld");
    let own = context[1].as_object().unwrap();
    assert_eq!(
        own["gloss:deleted"]["@type"],
        "http://www.w3.org/2001/XMLSchema#dateTime"
    );
    fn keys(value: &serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    if key != "@context" {
                        found.push(key.clone());
                        keys(value, found);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, found)),
            _ => {}
        }
    }
    let mut used = Vec::new();
    keys(annotation, &mut used);
    let prefixed: Vec<&String> = used.iter().filter(|k| k.contains(':')).collect();
    // (A tombstone has no colour: gloss:deleted, gloss:title, gloss:length.)
    assert_eq!(prefixed.len(), 3, "{prefixed:?}");
    for key in prefixed {
        let prefix = key.split(':').next().unwrap();
        let iri = own[prefix]
            .as_str()
            .unwrap_or_else(|| panic!("{prefix} undefined"));
        assert!(iri.ends_with(':') || iri.ends_with('#') || iri.ends_with('/'));
    }
    assert!(
        annotation.get("body").is_none(),
        "no empty body: {annotation}"
    );
}

#[test]
fn version_1_files_still_import() {
    let mut a = shared("0b0c6a2e-0000-4000-8000-00000000000a", "");
    a.tags.clear();
    let text = write(ANA, "Ana", std::slice::from_ref(&a), &[]);
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["version"] = 1.into();
    let annotation = &mut json["annotations"][0];
    annotation["@context"] = "http://www.w3.org/ns/anno.jsonld".into();
    annotation["body"] = serde_json::json!([]);
    let old = serde_json::to_string_pretty(&json).unwrap();
    assert_eq!(read(old.as_bytes()).unwrap().annotations, [a]);
}

#[test]
fn bad_files_are_refused_whole_with_a_reason() {
    let good = write(
        ANA,
        "Ana",
        &[shared("0b0c6a2e-0000-4000-8000-00000000000a", "n")],
        &[],
    );
    let cases: Vec<(String, &str)> = vec![
        ("{not json".into(), "not JSON"),
        (
            "{\"highlights\": []}".into(),
            "not a gloss annotation export",
        ),
        (
            good.replace("\"version\": 2", "\"version\": 7"),
            "newer gloss",
        ),
        (
            good.replace("\"version\": 2", "\"version\": \"one\""),
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
        write(ANA, "Ana", &[one.clone(), one], &[])
    };
    assert!(
        read(twice.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("appears twice")
    );
    let huge = vec![b' '; MAX_BYTES as usize + 1];
    assert!(matches!(read(&huge), Err(ExchangeError::TooLarge)));
}

#[test]
fn every_part_has_a_limit_named_when_passed() {
    // Another program's file, past a limit: the second annotation's part at `pointer` set.
    let one = |pointer: &str, value: serde_json::Value| {
        let text = write(
            ANA,
            "Ana",
            &[
                shared("0b0c6a2e-0000-4000-8000-00000000000a", ""),
                shared("0b0c6a2e-0000-4000-8000-00000000000b", "n"),
            ],
            &[],
        );
        let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
        *json.pointer_mut(pointer).expect(pointer) = value;
        read(json.to_string().as_bytes())
    };
    fn long(n: usize) -> serde_json::Value {
        "é".repeat(n).into()
    }
    let quote = "/annotations/1/target/selector/0";
    let cases = [
        (
            format!("{quote}/exact"),
            long(limits::QUOTE_CHARS + 1),
            "annotation 2: its quote is 1000001 characters long; the most is 1000000",
        ),
        (
            format!("{quote}/prefix"),
            long(limits::CONTEXT_CHARS + 1),
            "annotation 2: the text before its quote is",
        ),
        (
            format!("{quote}/suffix"),
            long(limits::CONTEXT_CHARS + 1),
            "annotation 2: the text after its quote is",
        ),
        (
            "/annotations/1/body/0/value".to_string(),
            long(limits::NOTE_CHARS + 1),
            "annotation 2: its note is 100001 characters long",
        ),
        (
            "/annotations/1/target/gloss:title".to_string(),
            long(limits::TITLE_CHARS + 1),
            "annotation 2: its text's title is",
        ),
        (
            "/annotations/1/body".to_string(),
            (0..=limits::TAGS)
                .map(|n| serde_json::json!({"type": "TextualBody", "value": format!("t{n}"), "purpose": "tagging"}))
                .collect(),
            "annotation 2: 101 tags; the most is 100",
        ),
        (
            "/annotations/1/body/1/value".to_string(),
            long(limits::TAG_CHARS + 1),
            "annotation 2: a tag is",
        ),
        (
            "/annotations/1/target/selector/1/end".to_string(),
            (limits::POSITION + 1).into(),
            "annotation 2: its position",
        ),
        (
            "/creator/name".to_string(),
            long(limits::NAME_CHARS + 1),
            "the creator's name is 201 characters long",
        ),
    ];
    for (pointer, value, reason) in cases {
        let err = one(&pointer, value).unwrap_err().to_string();
        assert!(err.contains(reason), "{err} (wanted {reason:?})");
        assert!(!err.contains('\n'), "one line: {err}");
    }
    let many = format!(
        "{{\"format\": \"gloss-annotations\", \"version\": 2, \"creator\": {{\"id\": \"urn:uuid:{ANA}\", \"type\": \"Person\", \"name\": \"A\"}}, \"annotations\": [{}]}}",
        vec!["{}"; limits::ANNOTATIONS + 1].join(",")
    );
    // Too many is said before each one is looked into.
    let err = read(many.as_bytes()).unwrap_err().to_string();
    assert!(
        err.contains("100001 annotations; a file holds at most 100000"),
        "{err}"
    );
}

/// What gloss writes, gloss reads: every part past its limit is cut to it when written (a
/// book's title of 5,000 characters once made a member's whole file unreadable to the others).
#[test]
fn what_gloss_writes_is_within_what_it_reads() {
    fn long(n: usize) -> String {
        "é".repeat(n)
    }
    let mut a = shared("0b0c6a2e-0000-4000-8000-00000000000b", "");
    a.document_title = long(5_000);
    a.anchor.quote = long(limits::QUOTE_CHARS + 10);
    a.anchor.end = a.anchor.start + limits::QUOTE_CHARS + 10;
    a.anchor.prefix = format!("{}before", long(limits::CONTEXT_CHARS));
    a.anchor.suffix = format!("after{}", long(limits::CONTEXT_CHARS));
    a.note = long(limits::NOTE_CHARS + 1);
    a.tags = (0..=limits::TAGS).map(|n| format!("t{n}")).collect();
    a.tags[0] = long(limits::TAG_CHARS + 1);
    let r = reply(
        "0b0c6a2e-0000-4000-8000-00000000000c",
        &long(limits::NOTE_CHARS + 1),
    );
    // A member's hostile name, cut among its quotes, backslashes and markup: still valid
    // JSON to any reader of it.
    let hostile = "\"}\\</script>\u{1b}[31m ".repeat(limits::NAME_CHARS);
    let json: serde_json::Value = serde_json::from_str(&write(
        ANA,
        &hostile,
        std::slice::from_ref(&a),
        std::slice::from_ref(&r),
    ))
    .unwrap();
    let name = json["creator"]["name"].as_str().unwrap();
    assert_eq!(name.chars().count(), limits::NAME_CHARS);
    assert!(hostile.starts_with(name));
    let text = write(ANA, &long(limits::NAME_CHARS + 1), &[a], &[r]);
    let read = read(text.as_bytes()).unwrap();
    let back = &read.annotations[0];
    assert_eq!(back.document_title.chars().count(), limits::TITLE_CHARS);
    assert_eq!(back.anchor.quote.chars().count(), limits::QUOTE_CHARS);
    assert_eq!(back.anchor.end - back.anchor.start, limits::QUOTE_CHARS);
    assert!(
        back.anchor.prefix.ends_with("before"),
        "the context nearest the quote"
    );
    assert!(back.anchor.suffix.starts_with("after"));
    assert_eq!(back.note.chars().count(), limits::NOTE_CHARS);
    assert_eq!(back.tags.len(), limits::TAGS);
    assert_eq!(read.creator_name.chars().count(), limits::NAME_CHARS);
    assert_eq!(read.replies[0].body.chars().count(), limits::NOTE_CHARS);
}

#[test]
fn escape_sequences_in_notes_are_removed() {
    let mut a = shared(
        "0b0c6a2e-0000-4000-8000-00000000000a",
        "bad \u{1b}[31mred\u{1b}[0m note\u{7}",
    );
    a.author_name = "Eve\u{1b}]0;pwned\u{7}".into();
    let text = write(ANA, "Eve\u{1b}]0;pwned\u{7}", &[a], &[]);
    let back = read(text.as_bytes()).unwrap();
    assert_eq!(back.annotations[0].note, "bad red note");
    assert_eq!(back.creator_name, "Eve");
    assert!(back.cleaned >= 4);
}

fn reply(uuid: &str, body: &str) -> SharedReply {
    SharedReply {
        uuid: uuid.into(),
        author_id: ANA.into(),
        author_name: "Ana".into(),
        created: 1_795_000_600,
        modified: 1_795_000_700,
        parent: "0b0c6a2e-0000-4000-8000-00000000000a".into(),
        body: body.into(),
        deleted: None,
    }
}

/// A reply is a W3C annotation whose motivation is `replying` and whose target is the id of
/// the annotation answered; it reads back the same, tombstones included, and only a file with
/// replies needs the version that knows them.
#[test]
fn replies_are_annotations_targeting_an_annotation() {
    let a = shared("0b0c6a2e-0000-4000-8000-00000000000a", "Key point.");
    let answer = reply(
        "0b0c6a2e-0000-4000-8000-0000000000f1",
        "Not quite: <see> the 1935 congress & after.",
    );
    let mut gone = reply("0b0c6a2e-0000-4000-8000-0000000000f2", "withdrawn");
    gone.deleted = Some(1_795_000_800);
    let text = write(
        ANA,
        "Ana",
        std::slice::from_ref(&a),
        &[gone.clone(), answer.clone()],
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 3);
    let replying = &json["annotations"][1];
    assert_eq!(replying["motivation"], "replying");
    assert_eq!(
        replying["target"],
        "urn:uuid:0b0c6a2e-0000-4000-8000-00000000000a"
    );
    assert_eq!(replying["body"][0]["type"], "TextualBody");
    assert_eq!(replying["body"][0]["value"], answer.body);
    assert!(replying.get("gloss:color").is_none());
    let back = read(text.as_bytes()).unwrap();
    assert_eq!(back.annotations, std::slice::from_ref(&a));
    assert!(
        !text.contains("withdrawn"),
        "a deleted reply's words are not written"
    );
    let gone = SharedReply {
        body: String::new(),
        ..gone
    };
    assert_eq!(back.replies, [answer, gone]);
    let without: serde_json::Value = serde_json::from_str(&write(ANA, "Ana", &[a], &[])).unwrap();
    assert_eq!(without["version"], 2, "readable by a gloss without replies");
}

#[test]
fn a_reply_must_target_an_annotation_by_its_uuid() {
    let text = write(
        ANA,
        "Ana",
        &[],
        &[reply("0b0c6a2e-0000-4000-8000-0000000000f1", "x")],
    );
    let bad = text.replace(
        "\"target\": \"urn:uuid:0b0c6a2e-0000-4000-8000-00000000000a\"",
        "\"target\": \"http://example.com/elsewhere\"",
    );
    assert_ne!(bad, text);
    let err = read(bad.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("the annotation it replies to"), "{err}");
    let not_a_reply = text.replace(
        "\"motivation\": \"replying\"",
        "\"motivation\": \"commenting\"",
    );
    let err = read(not_a_reply.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("no reply"), "{err}");
}

#[test]
fn a_selector_of_an_unknown_type_or_without_its_fields_is_named() {
    let text = write(
        ANA,
        "Ana",
        &[shared("0b0c6a2e-0000-4000-8000-00000000000a", "n")],
        &[],
    );
    let unknown = text.replace("\"TextPositionSelector\"", "\"RangeSelector\"");
    let err = read(unknown.as_bytes()).unwrap_err().to_string();
    assert!(
        err.contains("unknown selector type \"RangeSelector\""),
        "{err}"
    );
    let no_exact = text.replace("\"exact\":", "\"inexact\":");
    let err = read(no_exact.as_bytes()).unwrap_err().to_string();
    assert!(
        err.contains("a TextQuoteSelector without \"exact\""),
        "{err}"
    );
}
