//! Unit tests: the JSON path reported for serde_json errors in nested documents.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::*;

/// The path as a JSON Pointer, for short assertions.
fn pointer(path: &[Segment]) -> String {
    path.iter()
        .map(|s| match s {
            Segment::Key(k) => format!("/{k}"),
            Segment::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// Parses `json` as `T`, which must fail with a data error, and returns the error's path.
fn path_of<T: DeserializeOwned>(json: &str) -> String {
    path_with::<T>(json, None)
}

/// [`path_of`] with the focus given instead of taken from the message.
fn path_with<T: DeserializeOwned>(json: &str, focus: Option<Focus>) -> String {
    let err = match serde_json::from_str::<T>(json) {
        Ok(_) => panic!("{json} parsed"),
        Err(e) => e,
    };
    assert!(err.is_data(), "{json}: {err}");
    let focus = focus.unwrap_or_else(|| Focus::of_message(&err.to_string()));
    pointer(&path_of_error(
        json.as_bytes(),
        err.line(),
        err.column(),
        focus,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Item {
    n: u32,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    pos: Option<Positive>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    nested: Vec<Vec<Inner>>,
    #[serde(default)]
    flag: bool,
    #[serde(default)]
    short: Option<Short>,
    #[serde(default)]
    seqs: Vec<Positive>,
    #[serde(default)]
    bound: Option<Bound>,
    #[serde(default)]
    last: Option<Positive>,
    #[serde(default)]
    bounds: Vec<Bound>,
    #[serde(default)]
    kind: Option<Variant>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum Variant {
    Draft,
    Answered,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Inner {
    b: Vec<bool>,
}

/// A number ≥ 1, checked after it was read: serde_json gives the error no position of its
/// own, so it gets the one of the enclosing array or object.
#[derive(Debug)]
#[allow(dead_code)]
struct Positive(u32);

impl<'de> Deserialize<'de> for Positive {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u32::deserialize(d)?;
        if n == 0 {
            return Err(serde::de::Error::custom("must be at least 1"));
        }
        Ok(Positive(n))
    }
}

/// At most two strings, checked after the array was read.
#[derive(Debug)]
#[allow(dead_code)]
struct Short(Vec<String>);

impl<'de> Deserialize<'de> for Short {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<String>::deserialize(d)?;
        if v.len() > 2 {
            return Err(serde::de::Error::custom("too many"));
        }
        Ok(Short(v))
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Bound {
    Number(f64),
    Text(String),
}

#[test]
fn nested_arrays_and_objects() {
    assert_eq!(
        path_of::<Doc>(r#"{"nested": [[{"b": [true]}], [{"b": []}, {"b": [true, "x"]}]]}"#),
        "/nested/1/1/b/1"
    );
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1, "tags": ["a", 2]}]}"#),
        "/items/0/tags/1"
    );
}

#[test]
fn wrong_type_inside_an_array_of_objects() {
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1}, {"n": "two"}, {"n": 3}]}"#),
        "/items/1/n"
    );
    // The same, pretty-printed with CRLF line ends: line and column map back to the offset.
    let pretty =
        "{\r\n  \"items\": [\r\n    {\"n\": 1},\r\n    {\r\n      \"n\": null\r\n    }\r\n  ]\r\n}";
    assert_eq!(path_of::<Doc>(pretty), "/items/1/n");
}

#[test]
fn unread_containers_point_at_the_value_that_starts_there() {
    // An array where a number is expected: rejected by its first byte, never read.
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": [1, 2]}]}"#),
        "/items/0/n"
    );
    // An object as the first, and as a later, element of an array of strings.
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1, "tags": [{}]}]}"#),
        "/items/0/tags/0"
    );
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1, "tags": ["a", "b",  {"x": 1}]}]}"#),
        "/items/0/tags/2"
    );
    assert_eq!(path_of::<Doc>(r#"{"flag": {"x": [1]}}"#), "/flag");
}

#[test]
fn errors_at_the_first_byte() {
    // A map type given an array: rejected before anything is read.
    assert_eq!(path_of::<BTreeMap<String, u32>>("[1, 2]"), "");
    assert_eq!(path_of::<BTreeMap<String, u32>>("  [1, 2]"), "");
    // A string where an object is expected: read, then rejected.
    assert_eq!(path_of::<Doc>(r#""items""#), "");
    assert_eq!(path_at(b"{}", 0, Focus::Value), []);
    assert_eq!(path_at(b"", 0, Focus::Key), []);
}

#[test]
fn errors_at_the_end() {
    // A missing field is noticed after the closing brace, at the end of the document.
    assert_eq!(path_of::<Item>(r#"{"tags": []}"#), "");
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1}, {"tags": []}]}"#),
        "/items/1"
    );
    // A check after the last value of the document: the root member it belongs to.
    assert_eq!(path_of::<Doc>(r#"{"flag": true, "last": 0}"#), "/last");
    // Offsets past the end are the end.
    let doc = br#"{"a": [1, 2]}"#;
    assert_eq!(path_at(doc, usize::MAX, Focus::Value), []);
    assert_eq!(
        path_at(doc, usize::MAX, Focus::Array),
        [Segment::Key("a".into())]
    );
}

#[test]
fn unknown_and_duplicate_fields_end_with_the_member() {
    assert_eq!(path_of::<Doc>(r#"{"flag": true, "zzz": 1}"#), "/zzz");
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1}, {"n": 2, "extra" : 3}]}"#),
        "/items/1/extra"
    );
    assert_eq!(path_of::<Doc>(r#"{"flag": true, "flag": false}"#), "/flag");
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1,"n":2}]}"#),
        "/items/0/n"
    );
}

#[test]
fn checks_after_the_value_was_read() {
    // Last member of an object: the position is after the object's closing brace.
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1, "pos": 0}]}"#),
        "/items/0/pos"
    );
    // Not the last member: before the comma.
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"pos": 0 , "n": 1}]}"#),
        "/items/0/pos"
    );
    // In an array: after the comma that follows it, or after the closing bracket.
    assert_eq!(path_of::<Doc>(r#"{"seqs": [1, 0, 2]}"#), "/seqs/1");
    assert_eq!(path_of::<Doc>(r#"{"seqs": [1, 0 ,  2]}"#), "/seqs/1");
    assert_eq!(path_of::<Doc>(r#"{"seqs": [1, 2, 0]}"#), "/seqs/2");
    // An array checked as a whole, last member or not (the caller knows the check is about
    // an array).
    let array = Some(Focus::Array);
    assert_eq!(
        path_with::<Doc>(r#"{"short": ["a", "b", "c"]}"#, array),
        "/short"
    );
    assert_eq!(
        path_with::<Doc>(r#"{"short": ["a", "b", "c"],"flag": true}"#, array),
        "/short"
    );
}

#[test]
fn untagged_enums_that_match_no_variant() {
    // Scalars and containers, last member or not, in objects and in arrays.
    assert_eq!(path_of::<Doc>(r#"{"bound": true}"#), "/bound");
    assert_eq!(
        path_of::<Doc>(r#"{"bound": true, "flag": false}"#),
        "/bound"
    );
    assert_eq!(path_of::<Doc>(r#"{"bound": [1],"flag": false}"#), "/bound");
    assert_eq!(
        path_of::<Doc>(r#"{"bound": {"a": [1]} , "flag": false}"#),
        "/bound"
    );
    assert_eq!(path_of::<Doc>(r#"{"flag": false, "bound": [1]}"#), "/bound");
    assert_eq!(path_of::<Doc>(r#"{"bounds": [1, [1], 2]}"#), "/bounds/1");
    assert_eq!(path_of::<Doc>(r#"{"bounds": [1, "x", {}]}"#), "/bounds/2");
    assert_eq!(path_of::<Doc>(r#"{"bounds": [null]}"#), "/bounds/0");
    assert_eq!(
        path_of::<Doc>(r#"{"items": [{"n": 1}], "bounds": [false, 1]}"#),
        "/bounds/0"
    );
}

#[test]
fn unknown_variants() {
    assert_eq!(path_of::<Doc>(r#"{"kind": "deleted"}"#), "/kind");
    // Written as an object `{"variant": content}`: the enum, not the name of the variant.
    assert_eq!(path_of::<Doc>(r#"{"kind": {"deleted": 1}}"#), "/kind");
}

#[test]
fn invalid_length_is_the_container() {
    // A struct in its positional (array) form, one element short.
    assert_eq!(path_of::<Doc>(r#"{"items": [{"n": 1}, []]}"#), "/items/1");
}

#[test]
fn escaped_keys_are_decoded() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Seq {
        seq: u32,
    }
    let json = r#"{"k\"e\\y\u00e9": {"se\u0071": "x"}}"#;
    let err = serde_json::from_str::<BTreeMap<String, Seq>>(json).expect_err("wrong type");
    assert_eq!(
        path_of_error(json.as_bytes(), err.line(), err.column(), Focus::Value),
        [Segment::Key("k\"e\\yé".into()), Segment::Key("seq".into())]
    );
    // Keys that are not identifiers come back as written: hiding them is the caller's job.
    let json = r#"{"name with spaces": {"seq": true}}"#;
    assert_eq!(
        path_of::<BTreeMap<String, Seq>>(json),
        "/name with spaces/seq"
    );
}

#[test]
fn decode_key_handles_every_escape() {
    assert_eq!(
        decode_key(br#"a\"\\\/\b\f\n\r\t"#),
        "a\"\\/\u{8}\u{c}\n\r\t"
    );
    assert_eq!(decode_key(br"\u00e9\ud83d\ude00"), "é😀");
    // Lone surrogates, bad escapes, short hex and a trailing backslash do not panic.
    assert_eq!(decode_key(br"\ud83d"), "\u{fffd}");
    assert_eq!(decode_key(br"\ude00x"), "\u{fffd}x");
    assert_eq!(decode_key(br"\q"), "\u{fffd}");
    assert_eq!(decode_key(br"\u12"), "\u{fffd}12");
    assert_eq!(decode_key(b"a\\"), "a\u{fffd}");
    assert_eq!(decode_key(b"\xff"), "\u{fffd}");
}

#[test]
fn lexer_tokens() {
    let doc = br#" {"a\"b": [1.5e3, true , null], "c":"x\\"}"#;
    let toks: Vec<(TokenKind, &[u8])> = Lexer::new(doc)
        .map(|t| (t.kind, doc.get(t.start..t.end).unwrap_or_default()))
        .collect();
    let s = TokenKind::String { terminated: true };
    assert_eq!(
        toks,
        [
            (TokenKind::ObjectStart, &b"{"[..]),
            (s, br#""a\"b""#),
            (TokenKind::Colon, b":"),
            (TokenKind::ArrayStart, b"["),
            (TokenKind::Scalar, b"1.5e3"),
            (TokenKind::Comma, b","),
            (TokenKind::Scalar, b"true"),
            (TokenKind::Comma, b","),
            (TokenKind::Scalar, b"null"),
            (TokenKind::ArrayEnd, b"]"),
            (TokenKind::Comma, b","),
            (s, br#""c""#),
            (TokenKind::Colon, b":"),
            (s, br#""x\\""#),
            (TokenKind::ObjectEnd, b"}"),
        ]
    );
    let unterminated: Vec<Token> = Lexer::new(br#"["ab\"#).collect();
    assert_eq!(unterminated.len(), 2);
    assert_eq!(
        unterminated
            .get(1)
            .map(|t| (t.kind, t.end, t.content_len())),
        Some((TokenKind::String { terminated: false }, 5, 3))
    );
    assert_eq!(
        Lexer::new(br#""abc""#).next().map(|t| t.content_len()),
        Some(3)
    );
}

#[test]
fn offsets_from_line_and_column() {
    let doc = b"{\n  \"a\": 1,\n  \"b\": x\n}";
    assert_eq!(offset_of(doc, 1, 0), 0);
    assert_eq!(offset_of(doc, 1, 1), 1);
    assert_eq!(offset_of(doc, 2, 0), 2);
    assert_eq!(offset_of(doc, 3, 7), 19);
    assert_eq!(offset_of(doc, 3, 1000), doc.len());
    assert_eq!(offset_of(doc, 9, 1), doc.len());
    assert_eq!(offset_of(doc, 0, 5), 0);
}

#[test]
fn depth_beyond_the_cap_is_counted_not_stored() {
    let deep = format!(
        r#"{{"a": {}1{}, "b": "x"}}"#,
        "[".repeat(MAX_DEPTH * 2),
        "]".repeat(MAX_DEPTH * 2)
    );
    let end = deep.len() - 1;
    assert_eq!(
        path_at(deep.as_bytes(), end, Focus::Value),
        [Segment::Key("b".into())]
    );
    let inside = deep.find('1').unwrap_or(0) + 1;
    let path = path_at(deep.as_bytes(), inside, Focus::Value);
    assert!(path.len() <= MAX_DEPTH + 1, "{}", path.len());
    assert_eq!(path.first(), Some(&Segment::Key("a".into())));
}

#[test]
fn focus_of_serde_messages() {
    assert_eq!(
        Focus::of_message("unknown field `x`, expected `a`"),
        Focus::Key
    );
    assert_eq!(Focus::of_message("duplicate field `x`"), Focus::Key);
    assert_eq!(Focus::of_message("missing field `x`"), Focus::Object);
    assert_eq!(
        Focus::of_message("invalid length 1, expected struct Item with 3 elements"),
        Focus::Container
    );
    assert_eq!(
        Focus::of_message("invalid type: map, expected u32"),
        Focus::Unread
    );
    assert_eq!(
        Focus::of_message("invalid type: sequence, expected u32"),
        Focus::Unread
    );
    assert_eq!(
        Focus::of_message("invalid type: string \"x\", expected u32"),
        Focus::Value
    );
}

/// Every scalar of a document with its path, in document order (`serde_json::Map` iterates in
/// the order it serialises).
fn scalar_paths(v: &Value, at: &mut Vec<Segment>, out: &mut Vec<Vec<Segment>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                at.push(Segment::Key(k.clone()));
                scalar_paths(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(Segment::Index(i));
                scalar_paths(child, at, out);
                at.pop();
            }
        }
        _ => out.push(at.clone()),
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z\"\\\\/ é\u{1F600}\n]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z\"\\\\ \u{7f}é]{0,5}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arb_focus() -> impl Strategy<Value = Focus> {
    prop::sample::select(vec![
        Focus::Value,
        Focus::Key,
        Focus::Object,
        Focus::Array,
        Focus::Container,
        Focus::Unread,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_arbitrary_bytes(
        bytes in prop::collection::vec(
            prop_oneof![
                Just(b'{'), Just(b'}'), Just(b'['), Just(b']'), Just(b':'), Just(b','),
                Just(b'"'), Just(b'\\'), Just(b' '), Just(b'\n'), any::<u8>(),
            ],
            0..200,
        ),
        offset in any::<usize>(),
        small_offset in 0usize..220,
        line in 0usize..8,
        column in any::<usize>(),
        focus in arb_focus(),
    ) {
        let _ = path_at(&bytes, offset, focus);
        let _ = path_at(&bytes, small_offset, focus);
        let _ = path_of_error(&bytes, line, column, focus);
        prop_assert!(offset_of(&bytes, line, column) <= bytes.len());
        let mut previous_end = 0;
        for tok in Lexer::new(&bytes) {
            prop_assert!(previous_end <= tok.start && tok.start < tok.end && tok.end <= bytes.len());
            previous_end = tok.end;
        }
    }

    /// Just after each scalar of any document, compact or pretty, the path is that scalar's.
    #[test]
    fn the_path_after_a_scalar_is_its_path(v in arb_json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v)
        } else {
            serde_json::to_string(&v)
        };
        let text = text.unwrap_or_default();
        let mut expected = Vec::new();
        scalar_paths(&v, &mut Vec::new(), &mut expected);
        let mut ends = Vec::new();
        let mut tokens = Lexer::new(text.as_bytes()).peekable();
        while let Some(tok) = tokens.next() {
            let is_key = tokens.peek().is_some_and(|t| t.kind == TokenKind::Colon);
            if matches!(tok.kind, TokenKind::Scalar | TokenKind::String { .. }) && !is_key {
                ends.push(tok.end);
            }
        }
        prop_assert_eq!(ends.len(), expected.len());
        for (end, want) in ends.iter().zip(&expected) {
            prop_assert_eq!(&path_at(text.as_bytes(), *end, Focus::Value), want);
        }
    }
}
