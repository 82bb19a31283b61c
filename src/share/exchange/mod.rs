//! The JSON exchange format between the members of a reading group: one reader's annotations,
//! as W3C Web Annotation objects (a TextQuoteSelector and a TextPositionSelector on the text,
//! named by its content hash and title), in a versioned envelope.
//!
//! A reply is an annotation too, with motivation `replying`, whose target is the id of the
//! annotation it answers and whose body is its text.
//!
//! Exports are deterministic (sorted, pretty-printed, no export time) so that a shared folder
//! kept in git shows meaningful diffs. Deleted annotations are exported as tombstones
//! (`"gloss:deleted"`), so that other members drop them too: their id and times only, never
//! again the words, note or tags they had.
//!
//! Reading is strict and safe: any malformed part rejects the whole file with a one-line
//! reason; text is stripped of control characters and escape sequences.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::anchor::Anchor;
use crate::annotation::COLORS;

pub const FORMAT: &str = "gloss-annotations";
/// Version 3 adds replies; version 2 defines its own terms in each annotation's `@context` and
/// leaves an empty `body` out; version 1 files (a plain W3C context) are read as well.
pub const VERSION: u32 = 3;
/// The version written when a file holds no reply, so that a member whose gloss predates
/// replies still reads it.
const WITHOUT_REPLIES: u32 = 2;
const OLDEST_READ: u64 = 1;
/// Largest file read, so that a wrong or hostile file cannot exhaust memory.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Limits on each part of a file, so that no field makes reading or placing it slow; each is
/// far beyond what reading and annotating produce (a quote may hold a whole long chapter).
pub mod limits {
    pub const ANNOTATIONS: usize = 100_000;
    pub const QUOTE_CHARS: usize = 1_000_000;
    /// The text before and after a quote (gloss keeps 64 characters, Hypothesis 32; other tools may keep more).
    pub const CONTEXT_CHARS: usize = 1_000;
    pub const NOTE_CHARS: usize = 100_000;
    pub const TAGS: usize = 100;
    pub const TAG_CHARS: usize = 100;
    pub const TITLE_CHARS: usize = 1_000;
    pub const NAME_CHARS: usize = 200;
    /// A position in characters: texts are at most 1 GiB.
    pub const POSITION: usize = 1 << 32;
}
const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// The motivation of a reply, and the purpose of its body.
const REPLYING: &str = "replying";
/// Where gloss's own terms (`gloss:color`, `gloss:title`, `gloss:deleted`) expand to.
const NAMESPACE: &str = "urn:gloss:";

/// The W3C Web Annotation context, then gloss's own terms: the `gloss` prefix, and the type of
/// a tombstone's time.
fn context() -> serde_json::Value {
    serde_json::json!([
        CONTEXT,
        {
            "gloss": NAMESPACE,
            "gloss:deleted": { "@type": "http://www.w3.org/2001/XMLSchema#dateTime" }
        }
    ])
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub format: String,
    pub version: u32,
    pub creator: Creator,
    pub annotations: Vec<WebAnnotation>,
}

/// An annotation's `@context`: written as [`context`]; skipped when read, as reading needs
/// nothing from it (a version 1 file has the W3C context alone, as a string), and a group's
/// sync reads a hundred thousand of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Context;

impl Serialize for Context {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        context().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Context, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer)?;
        Ok(Context)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creator {
    /// `urn:uuid:…`, stable for a reader.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebAnnotation {
    #[serde(rename = "@context")]
    pub context: Context,
    /// `urn:uuid:…`, stable for an annotation.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub creator: Creator,
    /// RFC 3339, UTC.
    pub created: String,
    pub modified: String,
    /// `highlighting`, or `commenting` for one with a note.
    pub motivation: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<Body>,
    pub target: Targeted,
    /// A highlight's colour (a reply has none).
    #[serde(
        rename = "gloss:color",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub color: Option<String>,
    /// When the annotation was deleted: a tombstone.
    #[serde(
        rename = "gloss:deleted",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deleted: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    /// `commenting` (the note) or `tagging` (one tag).
    pub purpose: String,
}

/// What an annotation is on: a passage of a text, or (for a reply) another annotation. Read by
/// what the JSON holds (an object or a string), without buffering it as an untagged enum would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Targeted {
    Text(Target),
    /// `urn:uuid:…` of the annotation replied to.
    Annotation(String),
}

impl<'de> Deserialize<'de> for Targeted {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Targeted, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Targeted;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a target: a text's source and selectors, or an annotation's id")
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<Targeted, E> {
                Ok(Targeted::Annotation(id.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Targeted, A::Error> {
                Target::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Targeted::Text)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// `urn:blake3:…`: the content hash of the annotator's copy of the text.
    pub source: String,
    #[serde(rename = "gloss:title")]
    pub title: String,
    /// Characters in the annotator's copy, so that another copy scales the position by the
    /// difference (a gloss from before ignores it: a target may carry fields it does not know).
    #[serde(
        rename = "gloss:length",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub length: Option<usize>,
    pub selector: Vec<Selector>,
}

/// Read through [`RawSelector`]: a tagged enum would be read by buffering each selector first,
/// which costs more than anything else when a sync reads a hundred thousand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", try_from = "RawSelector")]
pub enum Selector {
    TextQuoteSelector {
        exact: String,
        #[serde(default)]
        prefix: String,
        #[serde(default)]
        suffix: String,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// A selector as written: its type, and the fields of any type.
#[derive(Deserialize)]
struct RawSelector {
    #[serde(rename = "type")]
    kind: String,
    exact: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    start: Option<usize>,
    end: Option<usize>,
}

impl TryFrom<RawSelector> for Selector {
    type Error = String;

    fn try_from(raw: RawSelector) -> Result<Selector, String> {
        let RawSelector {
            kind,
            exact,
            prefix,
            suffix,
            start,
            end,
        } = raw;
        let missing = |field: &str| format!("a {kind} without \"{field}\"");
        match kind.as_str() {
            "TextQuoteSelector" => Ok(Selector::TextQuoteSelector {
                exact: exact.ok_or_else(|| missing("exact"))?,
                prefix: prefix.unwrap_or_default(),
                suffix: suffix.unwrap_or_default(),
            }),
            "TextPositionSelector" => Ok(Selector::TextPositionSelector {
                start: start.ok_or_else(|| missing("start"))?,
                end: end.ok_or_else(|| missing("end"))?,
            }),
            other => Err(format!(
                "unknown selector type {other:?} (TextQuoteSelector or TextPositionSelector)"
            )),
        }
    }
}

/// An annotation as the group needs it, in plain terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub uuid: String,
    pub author_id: String,
    pub author_name: String,
    pub created: i64,
    pub modified: i64,
    pub color: u8,
    pub note: String,
    pub tags: Vec<String>,
    pub document_hash: String,
    pub document_title: String,
    /// Characters in the annotator's copy, when the anchor is on it (not orphaned).
    pub document_chars: Option<usize>,
    pub anchor: Anchor,
    pub deleted: Option<i64>,
}

/// A reply as the group needs it, in plain terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedReply {
    pub uuid: String,
    pub author_id: String,
    pub author_name: String,
    pub created: i64,
    pub modified: i64,
    /// The uuid of the annotation answered.
    pub parent: String,
    pub body: String,
    pub deleted: Option<i64>,
}

fn time(unix: i64) -> String {
    jiff::Timestamp::from_second(unix)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

fn parse_time(text: &str, what: &str) -> Result<i64, ExchangeError> {
    text.parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|_| ExchangeError::Invalid(format!("{what} is not a date and time: {text:?}")))
}

/// The export of `annotations` and `replies` written by `creator` (sorted for stable diffs).
pub fn write(
    creator_id: &str,
    creator_name: &str,
    annotations: &[Shared],
    replies: &[SharedReply],
) -> String {
    let creator = Creator {
        id: format!("urn:uuid:{creator_id}"),
        kind: "Person".into(),
        name: first_chars(creator_name, limits::NAME_CHARS),
    };
    let mut sorted: Vec<&Shared> = annotations.iter().collect();
    // By what is written: a tombstone's place is 0.
    let start = |s: &Shared| {
        if s.deleted.is_some() {
            0
        } else {
            s.anchor.start
        }
    };
    sorted.sort_by(|a, b| {
        (&a.document_title, &a.document_hash, start(a), &a.uuid).cmp(&(
            &b.document_title,
            &b.document_hash,
            start(b),
            &b.uuid,
        ))
    });
    let mut replies_sorted: Vec<&SharedReply> = replies.iter().collect();
    replies_sorted
        .sort_by(|a, b| (&a.parent, a.created, &a.uuid).cmp(&(&b.parent, b.created, &b.uuid)));
    let version = if replies.is_empty() {
        WITHOUT_REPLIES
    } else {
        VERSION
    };
    let annotations = sorted
        .into_iter()
        .map(|s| {
            let mut body = Vec::new();
            if !s.note.is_empty() {
                body.push(Body {
                    kind: "TextualBody".into(),
                    value: first_chars(&s.note, limits::NOTE_CHARS),
                    purpose: "commenting".into(),
                });
            }
            body.extend(s.tags.iter().take(limits::TAGS).map(|t| Body {
                kind: "TextualBody".into(),
                value: first_chars(t, limits::TAG_CHARS),
                purpose: "tagging".into(),
            }));
            // A quote past the limit keeps its start: the passage's beginning is marked.
            let quote = first_chars(&s.anchor.quote, limits::QUOTE_CHARS);
            let end = match quote.len() == s.anchor.quote.len() {
                true => s.anchor.end,
                false => s.anchor.start + limits::QUOTE_CHARS,
            };
            let annotation = WebAnnotation {
                context: Context,
                id: format!("urn:uuid:{}", s.uuid),
                kind: "Annotation".into(),
                creator: creator.clone(),
                created: time(s.created),
                modified: time(s.modified),
                motivation: if s.note.is_empty() {
                    "highlighting"
                } else {
                    "commenting"
                }
                .into(),
                body,
                target: Targeted::Text(Target {
                    source: format!("urn:blake3:{}", s.document_hash),
                    title: first_chars(&s.document_title, limits::TITLE_CHARS),
                    length: s.document_chars,
                    selector: vec![
                        Selector::TextQuoteSelector {
                            exact: quote,
                            prefix: last_chars(&s.anchor.prefix, limits::CONTEXT_CHARS),
                            suffix: first_chars(&s.anchor.suffix, limits::CONTEXT_CHARS),
                        },
                        Selector::TextPositionSelector {
                            start: s.anchor.start,
                            end,
                        },
                    ],
                }),
                color: Some(COLORS[usize::from(s.color.clamp(1, 5) - 1)].into()),
                deleted: None,
            };
            match s.deleted {
                Some(deleted) => tombstone(annotation, deleted),
                None => annotation,
            }
        })
        .chain(replies_sorted.into_iter().map(|r| WebAnnotation {
            context: Context,
            id: format!("urn:uuid:{}", r.uuid),
            kind: "Annotation".into(),
            creator: creator.clone(),
            created: time(r.created),
            modified: time(r.modified),
            motivation: REPLYING.into(),
            // A deleted reply's words are not written again.
            body: match r.deleted {
                Some(_) => Vec::new(),
                None => vec![Body {
                    kind: "TextualBody".into(),
                    value: first_chars(&r.body, limits::NOTE_CHARS),
                    purpose: REPLYING.into(),
                }],
            },
            target: Targeted::Annotation(format!("urn:uuid:{}", r.parent)),
            color: None,
            deleted: r.deleted.map(time),
        }))
        .collect();
    let export = Export {
        format: FORMAT.into(),
        version,
        creator,
        annotations,
    };
    let mut text = serde_json::to_string_pretty(&export).expect("plain data serializes");
    text.push('\n');
    text
}

/// What stays of a deleted annotation: its id, its times and its text (by content hash and
/// title), so that the other members drop it too; never the words it was on, its note or its
/// tags. (The quote is `…`, not empty: a gloss that predates tombstones refuses a file with an
/// empty quote.)
fn tombstone(mut a: WebAnnotation, deleted: i64) -> WebAnnotation {
    a.motivation = "highlighting".into();
    a.body.clear();
    a.color = None;
    a.deleted = Some(time(deleted));
    if let Targeted::Text(target) = &mut a.target {
        target.selector = vec![
            Selector::TextQuoteSelector {
                exact: TOMBSTONE_QUOTE.into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            Selector::TextPositionSelector { start: 0, end: 0 },
        ];
    }
    a
}

/// The quote of a tombstone.
const TOMBSTONE_QUOTE: &str = "…";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExchangeError {
    #[error("too large to be an annotation export (the limit is 64 MB)")]
    TooLarge,
    #[error("not JSON ({0})")]
    NotJson(String),
    #[error("not a gloss annotation export (no \"format\": \"gloss-annotations\")")]
    Foreign,
    #[error(
        "made by a newer gloss (format version {0}); this one reads versions 1 to 3: update gloss"
    )]
    Newer(u64),
    #[error("not a valid annotation export: {0}")]
    Invalid(String),
}

/// What an export says about itself, whatever else it holds.
#[derive(Deserialize)]
struct Envelope {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
    #[serde(default)]
    annotations: Count,
}

/// The number of items of a list, each skipped unread; 0 for anything else.
#[derive(Default)]
struct Count(usize);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct Counter;
        impl<'de> serde::de::Visitor<'de> for Counter {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("anything")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut items: A,
            ) -> Result<Count, A::Error> {
                let mut n = 0;
                while items.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(Count(n))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Count, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Count(0))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_str<E>(self, _: &str) -> Result<Count, E> {
                Ok(Count(0))
            }
            fn visit_unit<E>(self) -> Result<Count, E> {
                Ok(Count(0))
            }
        }
        d.deserialize_any(Counter)
    }
}

/// The reader's name and the annotations of an export file, checked through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub creator_id: String,
    pub creator_name: String,
    pub annotations: Vec<Shared>,
    pub replies: Vec<SharedReply>,
    /// Control characters and escape sequences removed from the file's text.
    pub cleaned: usize,
}

/// Reads an export: all of it, or nothing with the reason.
pub fn read(bytes: &[u8]) -> Result<Read, ExchangeError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ExchangeError::TooLarge);
    }
    // The envelope first, skimmed (the annotations only counted), for a clear reason before the
    // whole file is read into its types.
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ExchangeError::Foreign,
        _ => ExchangeError::NotJson(e.to_string()),
    })?;
    if envelope.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ExchangeError::Foreign);
    }
    match envelope
        .version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
    {
        Some(v) if (OLDEST_READ..=u64::from(VERSION)).contains(&v) => {}
        Some(v) if v > u64::from(VERSION) => return Err(ExchangeError::Newer(v)),
        _ => return Err(ExchangeError::Invalid("no valid \"version\"".into())),
    }
    if envelope.annotations.0 > limits::ANNOTATIONS {
        return Err(ExchangeError::Invalid(format!(
            "{} annotations; a file holds at most {}",
            envelope.annotations.0,
            limits::ANNOTATIONS
        )));
    }
    let export: Export =
        serde_json::from_slice(bytes).map_err(|e| ExchangeError::Invalid(e.to_string()))?;
    within(
        &export.creator.name,
        limits::NAME_CHARS,
        "the creator's name",
    )?;
    let mut cleaned = 0;
    let mut clean = |s: &str| -> String {
        let (text, removed) = crate::document::sanitize::clean_text(s);
        cleaned += removed;
        text
    };
    let creator_id = uuid_of(&export.creator.id, "the creator's id")?;
    let creator_name = clean(&export.creator.name);
    let mut seen = HashSet::new();
    let mut annotations = Vec::with_capacity(export.annotations.len());
    let mut replies = Vec::new();
    for (n, a) in export.annotations.iter().enumerate() {
        let at = |what: &str| format!("annotation {}: {what}", n + 1);
        check_limits(a, &at)?;
        let uuid = uuid_of(&a.id, &at("its id"))?;
        if !seen.insert(uuid.clone()) {
            return Err(ExchangeError::Invalid(format!(
                "the id {} appears twice",
                a.id
            )));
        }
        if a.creator.id != export.creator.id {
            return Err(ExchangeError::Invalid(at(
                "written by someone else than the file's creator",
            )));
        }
        let created = parse_time(&a.created, &at("its creation time"))?;
        let modified = parse_time(&a.modified, &at("its modification time"))?;
        let deleted = match &a.deleted {
            Some(t) => Some(parse_time(t, &at("its deletion time"))?),
            None => None,
        };
        let target = match &a.target {
            Targeted::Text(target) => target,
            Targeted::Annotation(parent) => {
                if a.motivation != REPLYING {
                    return Err(ExchangeError::Invalid(at(
                        "its target is an annotation, but it is no reply",
                    )));
                }
                let body = a
                    .body
                    .iter()
                    .filter(|b| b.purpose != "tagging")
                    .map(|b| clean(&b.value))
                    .collect::<Vec<_>>()
                    .join("\n\n");
                replies.push(SharedReply {
                    uuid,
                    author_id: creator_id.clone(),
                    author_name: creator_name.clone(),
                    created,
                    modified,
                    parent: uuid_of(parent, &at("the annotation it replies to"))?,
                    body,
                    deleted,
                });
                continue;
            }
        };
        let (mut quote, mut prefix, mut suffix, mut position) =
            (None, String::new(), String::new(), None);
        for s in &target.selector {
            match s {
                Selector::TextQuoteSelector {
                    exact,
                    prefix: p,
                    suffix: q,
                } => {
                    quote = Some(clean(exact));
                    prefix = clean(p);
                    suffix = clean(q);
                }
                Selector::TextPositionSelector { start, end } if start <= end => {
                    position = Some((*start, *end))
                }
                Selector::TextPositionSelector { .. } => {
                    return Err(ExchangeError::Invalid(at(
                        "a position that ends before it starts",
                    )));
                }
            }
        }
        let quote = quote.filter(|q| !q.is_empty()).ok_or_else(|| {
            ExchangeError::Invalid(at("no TextQuoteSelector with the quoted text"))
        })?;
        let (start, end) = position.unwrap_or((0, quote.chars().count()));
        let hash = target
            .source
            .strip_prefix("urn:blake3:")
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| {
                ExchangeError::Invalid(at("the text is not named by its content hash"))
            })?;
        let color = COLORS
            .iter()
            .position(|c| Some(*c) == a.color.as_deref())
            .map_or(1, |i| i as u8 + 1);
        let note = a
            .body
            .iter()
            .filter(|b| b.purpose == "commenting")
            .map(|b| clean(&b.value))
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut tags: Vec<String> = a
            .body
            .iter()
            .filter(|b| b.purpose == "tagging")
            .map(|b| {
                clean(&b.value)
                    .trim()
                    .trim_start_matches('#')
                    .to_lowercase()
            })
            .filter(|t| !t.is_empty() && !t.contains(char::is_whitespace))
            .collect();
        tags.sort();
        tags.dedup();
        annotations.push(Shared {
            uuid,
            author_id: creator_id.clone(),
            author_name: creator_name.clone(),
            created,
            modified,
            color,
            note,
            tags,
            document_hash: hash.to_ascii_lowercase(),
            document_title: clean(&target.title),
            document_chars: target.length.filter(|&n| n <= limits::POSITION),
            anchor: Anchor {
                start,
                end,
                quote,
                prefix,
                suffix,
            },
            deleted,
        });
    }
    Ok(Read {
        creator_id,
        creator_name,
        annotations,
        replies,
        cleaned,
    })
}

/// Refuses an annotation with a part beyond its limit, naming the annotation and the part.
fn check_limits(a: &WebAnnotation, at: &dyn Fn(&str) -> String) -> Result<(), ExchangeError> {
    let selectors = match &a.target {
        Targeted::Text(target) => {
            within(&target.title, limits::TITLE_CHARS, &at("its text's title"))?;
            &target.selector[..]
        }
        Targeted::Annotation(parent) => {
            within(
                parent,
                limits::NAME_CHARS,
                &at("the annotation it replies to"),
            )?;
            &[]
        }
    };
    within(
        &a.creator.name,
        limits::NAME_CHARS,
        &at("its creator's name"),
    )?;
    for s in selectors {
        match s {
            Selector::TextQuoteSelector {
                exact,
                prefix,
                suffix,
            } => {
                within(exact, limits::QUOTE_CHARS, &at("its quote"))?;
                within(
                    prefix,
                    limits::CONTEXT_CHARS,
                    &at("the text before its quote"),
                )?;
                within(
                    suffix,
                    limits::CONTEXT_CHARS,
                    &at("the text after its quote"),
                )?;
            }
            Selector::TextPositionSelector { start, end } => {
                if (*start).max(*end) > limits::POSITION {
                    return Err(ExchangeError::Invalid(at(&format!(
                        "its position {start}..{end} is beyond any text (the most is {})",
                        limits::POSITION
                    ))));
                }
            }
        }
    }
    let note: usize = a
        .body
        .iter()
        .filter(|b| b.purpose != "tagging")
        .map(|b| b.value.chars().count())
        .sum();
    if note > limits::NOTE_CHARS {
        return Err(ExchangeError::Invalid(at(&format!(
            "its note is {note} characters long; the most is {}",
            limits::NOTE_CHARS
        ))));
    }
    let tags: Vec<&Body> = a.body.iter().filter(|b| b.purpose == "tagging").collect();
    if tags.len() > limits::TAGS {
        return Err(ExchangeError::Invalid(at(&format!(
            "{} tags; the most is {}",
            tags.len(),
            limits::TAGS
        ))));
    }
    for tag in tags {
        within(&tag.value, limits::TAG_CHARS, &at("a tag"))?;
    }
    Ok(())
}

/// `text` cut to its first `most` characters: what gloss writes is within the limits it reads
/// with (a book's title of 5,000 characters once made a member's whole file unreadable).
fn first_chars(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((end, _)) => text[..end].to_string(),
        None => text.to_string(),
    }
}

/// `text` cut to its last `most` characters (the context before a quote ends at the quote).
fn last_chars(text: &str, most: usize) -> String {
    let count = text.chars().count();
    match text.char_indices().nth(count.saturating_sub(most)) {
        Some((start, _)) if count > most => text[start..].to_string(),
        _ => text.to_string(),
    }
}

/// Refuses `text` (`what`) if longer than `most` characters.
fn within(text: &str, most: usize, what: &str) -> Result<(), ExchangeError> {
    // Bytes bound characters from above: most texts are checked without counting.
    if text.len() <= most {
        return Ok(());
    }
    let chars = text.chars().count();
    if chars <= most {
        return Ok(());
    }
    Err(ExchangeError::Invalid(format!(
        "{what} is {chars} characters long; the most is {most}"
    )))
}

/// The uuid in `urn:uuid:…`.
fn uuid_of(urn: &str, what: &str) -> Result<String, ExchangeError> {
    urn.strip_prefix("urn:uuid:")
        .and_then(|u| uuid::Uuid::parse_str(u).ok())
        .map(|u| u.to_string())
        .ok_or_else(|| ExchangeError::Invalid(format!("{what} is not a urn:uuid: {urn:?}")))
}

#[cfg(test)]
mod tests;
