//! Differential tests of the fast answer-set reader against serde: on every answer set of the
//! corpus and the bundled examples, on hand-written edge cases and on generated and mutated
//! documents, the scanner either declines or reads exactly what serde reads (strings borrowed
//! exactly when serde borrows them), and `AnswersDoc::from_json` gives serde's result or error.

use std::borrow::Cow;
use std::path::Path;

use proptest::prelude::*;

use super::{check_count, AnswersDoc};
use crate::error::{parse_json, Document, Error};
use crate::limits::Limits;

/// The reader as it was before the scanner: serde, then the count.
fn by_serde<'a>(bytes: &'a [u8], limits: &Limits) -> Result<AnswersDoc<'a>, Error> {
    let doc: AnswersDoc<'a> = parse_json(Document::Answers, bytes, limits.max_answers_bytes)?;
    check_count(doc.answers.len(), limits)?;
    Ok(doc)
}

#[allow(clippy::ptr_arg)] // whether each is borrowed is part of what is compared
fn same_cow(a: &Cow<'_, str>, b: &Cow<'_, str>) -> bool {
    a == b && matches!(a, Cow::Borrowed(_)) == matches!(b, Cow::Borrowed(_))
}

/// The differential property; `true` when the scanner read the document.
fn agrees(bytes: &[u8], limits: &Limits) -> bool {
    let serde = by_serde(bytes, limits);
    assert_eq!(
        AnswersDoc::from_json(bytes, limits),
        serde,
        "from_json differs from serde on {:?}",
        String::from_utf8_lossy(bytes)
    );
    let Some(fast) = AnswersDoc::scan(bytes, limits) else {
        return false;
    };
    let text = String::from_utf8_lossy(bytes);
    let Ok(slow) = serde else {
        panic!("the scanner read what serde refuses: {text:?}");
    };
    assert_eq!(
        fast, slow,
        "the scanner reads otherwise than serde: {text:?}"
    );
    assert!(same_cow(&fast.definition, &slow.definition), "{text:?}");
    for (f, s) in fast.answers.iter().zip(&slow.answers) {
        assert!(
            same_cow(&f.id, &s.id) && same_cow(&f.value, &s.value),
            "{text:?}"
        );
    }
    true
}

/// Every answer set of `tests/corpus` (objects written compact and pretty, raw texts) and
/// every bundled example file.
fn documents() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut docs = Vec::new();
    let mut folders = vec![root.join("tests/corpus")];
    while let Some(dir) = folders.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpus folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("corpus file");
            let Ok(case) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            if let Some(answers) = case.get("answers").filter(|a| a.is_object()) {
                docs.push(serde_json::to_vec(answers).expect("serialises"));
                docs.push(serde_json::to_vec_pretty(answers).expect("serialises"));
            }
            if let Some(raw) = case.get("answersText").and_then(|t| t.as_str()) {
                docs.push(raw.as_bytes().to_vec());
            }
        }
    }
    let examples = root.join("crates/monshin-forms/examples");
    for entry in std::fs::read_dir(examples).expect("examples folder") {
        let path = entry.expect("entry").path();
        if path.to_string_lossy().ends_with(".answers.json") {
            docs.push(std::fs::read(path).expect("example"));
        }
    }
    docs
}

#[test]
fn corpus_and_examples_read_alike() {
    let limits = Limits::default();
    let docs = documents();
    let read = docs.iter().filter(|d| agrees(d, &limits)).count();
    // Every answer set that parses at all is plain: the scanner must read nearly all of them
    // (those it declines are the malformed cases).
    let parsed = docs.iter().filter(|d| by_serde(d, &limits).is_ok()).count();
    assert!(docs.len() > 300, "{} documents", docs.len());
    assert_eq!(read, parsed, "the scanner declined plain answer sets");
}

#[test]
fn every_bundled_example_takes_the_fast_path() {
    for f in monshin_forms::FORMS {
        for text in [f.complete_answers, f.draft_answers] {
            assert!(agrees(text.as_bytes(), &Limits::default()), "{}", f.name);
        }
    }
}

#[test]
fn edge_cases_read_alike_or_are_declined() {
    let read = [
        r#"{"definition":"F","status":"draft"}"#,
        "\u{feff} {\r\n\t\"status\" : \"DRAFT\" ,\"definition\":\"F\" } \n",
        r#"{"definition":"F","status":"下書き","lastPage":null,"answers":[]}"#,
        r#"{"answers":[{"value":"x","seq":4294967295,"id":"A"}],"lastPage":0,"status":"answered","definition":"F"}"#,
        r#"{"definition":"F\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t","status":"dr\u0061ft","answers":[{"id":"\u0041","seq":1,"value":"a\u0000b"}]}"#,
        r#"{"definition":"F","status":"draft","lastPage":2,"answers":[{"id":"A","seq":10,"value":"長い日本語のテキスト、引用符\"付き"}]}"#,
    ];
    for text in read {
        assert!(
            agrees(text.as_bytes(), &Limits::default()),
            "declined: {text}"
        );
    }
    let declined = [
        "",
        "[\"F\", \"draft\"]",
        r#"{"definition":"F","status":"draft","status":"draft"}"#,
        r#"{"definition":"F","status":"done"}"#,
        r#"{"definition":"F","status":"draft","lastPage":4294967296}"#,
        r#"{"definition":"F","status":"draft","lastPage":01}"#,
        r#"{"definition":"F","status":"draft","lastPage":1.0}"#,
        r#"{"definition":"F","status":"draft","lastPage":1e2}"#,
        r#"{"definition":"F","status":"draft","lastPage":-0}"#,
        r#"{"definition":"F","status":"draft","answers":null}"#,
        r#"{"definition":"F","status":"draft","answers":[{"id":"A","seq":1}]}"#,
        r#"{"definition":"F","status":"draft","answers":[{"id":"A","seq":1,"value":"x","id":"B"}]}"#,
        r#"{"definition":"F","status":"draft","answers":[{"id":"A","seq":1,"value":"\ud800"}]}"#,
        r#"{"definition":"F","status":"draft","answers":[{"id":"A","seq":1,"value":"\udc00\ud800"}]}"#,
        r#"{"definition":"F","status":"draft","answers":[{"id":"A","seq":1,"value":"\ud800\u0041"}]}"#,
        r#"{"definition":"F","status":"draft","answers":[{"id":"A","seq":1,"value":"\ud800\ue000"}]}"#,
        "{\"definition\":\"F\",\"status\":\"draft\",\"answers\":[{\"id\":\"A\",\"seq\":1,\"value\":\"a\tb\"}]}",
        r#"{"definition":"F","status":"draft","answers":[],}"#,
        r#"{"definition":"F","status":"draft"} x"#,
        r#"{"d\u0065finition":"F","status":"draft"}"#,
        r#"{"definition":"F","status":"draft","extra":1}"#,
        r#"{"definition":"F","status":"draft","answers":[{"id":"A","seq":1,"value":"x\q"}]}"#,
    ];
    for text in declined {
        assert!(!agrees(text.as_bytes(), &Limits::default()), "read: {text}");
    }
}

#[test]
fn limits_are_serdes() {
    let text = br#"{"definition":"F","status":"draft","answers":[{"id":"A","seq":1,"value":"x"},{"id":"B","seq":1,"value":"y"}]}"#;
    let few = Limits {
        max_answers: 1,
        ..Limits::default()
    };
    assert!(!agrees(text, &few));
    assert!(matches!(
        AnswersDoc::from_json(text, &few),
        Err(Error::TooMany { count: 2, .. })
    ));
    let small = Limits {
        max_answers_bytes: text.len() - 1,
        ..Limits::default()
    };
    assert!(!agrees(text, &small));
    assert!(matches!(
        AnswersDoc::from_json(text, &small),
        Err(Error::TooLarge { .. })
    ));
}

/// JSON whitespace, often none.
fn ws() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "", "", " ", "\n  ", "\t", "\r\n"])
}

/// A JSON string token: plain text, every escape, valid and lone surrogates, raw control
/// characters, quotes.
fn string_token() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9 _.,:-]{0,6}",
        2 => "[あ-ん亜-腕ア-ン😀é]{0,4}",
        1 => prop::sample::select(vec![
            "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00E9",
            "\\u3042", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\udc00", "\\ud800\\u0041",
            "\\ud800\\ue000", "\\udbff\\udfff", "\\ud800\\ud800", "\\u12", "\\x", "\t", "\u{1}", "\\u0000",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..4).prop_map(|p| format!("\"{}\"", p.concat()))
}

/// A number token: mostly plain, sometimes one the scanner must decline.
fn number_token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0u32..50).prop_map(|n| n.to_string()),
        1 => any::<u32>().prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec![
            "4294967295", "4294967296", "99999999999999999999", "01", "00", "1.0", "1e3", "1E3",
            "-1", "-0", "0.5", "null", "\"1\"", "true",
        ])
        .prop_map(str::to_string),
    ]
}

fn status_token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "\"draft\"", "\"answered\"", "\"unanswered\"", "\"Draft\"", "\"下書き\"", "\"回答済み\"",
            "\"未回答\"", "\"dr\\u0061ft\"", "\"done\"", "null", "1",
        ])
        .prop_map(str::to_string),
        1 => string_token(),
    ]
}

/// Members `(key, value)` joined into an object in the given order, with whitespace.
fn object(members: Vec<(String, String)>, spaces: Vec<&str>) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in members.iter().enumerate() {
        let s = |j: usize| spaces.get((i * 4 + j) % spaces.len().max(1)).copied();
        if i > 0 {
            out.push(',');
        }
        out.push_str(s(0).unwrap_or(""));
        out.push_str(k);
        out.push_str(s(1).unwrap_or(""));
        out.push(':');
        out.push_str(s(2).unwrap_or(""));
        out.push_str(v);
        out.push_str(s(3).unwrap_or(""));
    }
    out.push('}');
    out
}

/// Keys as written: mostly right, sometimes missing, repeated, unknown or escaped.
fn members(
    fields: Vec<(&'static str, String)>,
    odd: Option<(usize, u8)>,
) -> impl Strategy<Value = Vec<(String, String)>> {
    let mut m: Vec<(String, String)> = fields
        .into_iter()
        .map(|(k, v)| (format!("\"{k}\""), v))
        .collect();
    let n = m.len().max(1);
    match odd {
        Some((i, 0)) if i < m.len() => {
            m.remove(i);
        }
        Some((i, 1)) => {
            if let Some(dup) = m.get(i % n).cloned() {
                m.push(dup);
            }
        }
        Some((_, 2)) => m.push(("\"extra\"".into(), "1".into())),
        Some((i, _)) => {
            // The first letter as a \u escape: the same key to serde, declined by the scanner.
            if let Some((key, _)) = m.get_mut(i % n) {
                let first = key.chars().nth(1).map_or(0, u32::from);
                *key = format!("\"\\u{first:04x}{}", key.get(2..).unwrap_or(""));
            }
        }
        None => {}
    }
    Just(m).prop_shuffle()
}

fn answer_text() -> impl Strategy<Value = String> {
    (
        string_token(),
        number_token(),
        string_token(),
        prop::option::weighted(0.1, (0usize..4, 0u8..4)),
        prop::collection::vec(ws(), 4..8),
    )
        .prop_flat_map(|(id, seq, value, odd, spaces)| {
            members(vec![("id", id), ("seq", seq), ("value", value)], odd)
                .prop_map(move |m| object(m, spaces.clone()))
        })
}

fn document_text() -> impl Strategy<Value = String> {
    (
        string_token(),
        status_token(),
        prop::option::of(number_token()),
        prop::option::weighted(0.9, prop::collection::vec(answer_text(), 0..5)),
        prop::option::weighted(0.1, (0usize..4, 0u8..4)),
        prop::collection::vec(ws(), 4..8),
    )
        .prop_flat_map(|(definition, status, page, answers, odd, spaces)| {
            let mut fields = vec![("definition", definition), ("status", status)];
            if let Some(p) = page {
                fields.push(("lastPage", p));
            }
            if let Some(a) = answers {
                fields.push(("answers", format!("[{}]", a.join(","))));
            }
            members(fields, odd).prop_map(move |m| object(m, spaces.clone()))
        })
}

/// A byte flip, a truncation or an inserted byte at a position (modulo the length).
fn mutate(text: &str, how: Option<(u8, usize, u8)>) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let Some((kind, at, byte)) = how else {
        return bytes;
    };
    let at = at % (bytes.len() + 1);
    match kind % 3 {
        0 if at < bytes.len() => bytes[at] ^= byte.max(1),
        1 => bytes.truncate(at),
        _ => bytes.insert(at, byte),
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_and_mutated_documents_read_alike(
        text in document_text(),
        how in prop::option::weighted(0.3, (any::<u8>(), any::<usize>(), any::<u8>())),
    ) {
        agrees(&mutate(&text, how), &Limits::default());
    }

    #[test]
    fn mutated_examples_read_alike(
        which in 0usize..64,
        how in (any::<u8>(), any::<usize>(), any::<u8>()),
    ) {
        let f = &monshin_forms::FORMS[which % monshin_forms::FORMS.len()];
        let text = if which % 2 == 0 { f.complete_answers } else { f.draft_answers };
        agrees(&mutate(text, Some(how)), &Limits::default());
    }
}

#[test]
fn generated_documents_mostly_take_the_fast_path() {
    // The generator must reach the scanner's reading, not only its refusals.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = document_text();
    let mut read = 0;
    for _ in 0..500 {
        let text = strategy
            .new_tree(&mut runner)
            .expect("a document")
            .current();
        if agrees(text.as_bytes(), &Limits::default()) {
            read += 1;
        }
    }
    assert!(
        read > 100,
        "only {read} of 500 generated documents were read"
    );
}
