//! Matching and refusals on tables of cases, and the common subset against `regex-lite`.

use crate::{Pattern, PatternErrorCode, MAX_DEPTH};
use proptest::prelude::*;

fn matches(pattern: &str, text: &str) -> bool {
    Pattern::new(pattern)
        .unwrap_or_else(|e| panic!("{pattern:?}: {e}"))
        .is_match(text)
}

#[test]
fn whole_text_matches() {
    let yes: &[(&str, &str)] = &[
        ("", ""),
        ("abc", "abc"),
        ("a|b|", ""),
        ("a|b|", "b"),
        ("[0-9]{3}-[0-9]{4}", "160-0023"),
        ("\\d{2,4}", "1234"),
        ("(?:ab)+", "ababab"),
        ("(ab)*?c", "abc"),
        ("a{0}", ""),
        ("a{2,}", "aaaaa"),
        ("x(?:)*y", "xy"),
        ("(?:a*)*b", "aaab"),
        ("^abc$", "abc"),
        ("(?:^)*a", "a"),
        ("\\bword\\b", "word"),
        ("a\\Bb", "ab"),
        ("a\\b ", "a "),
        ("[\\s]+", " \u{3000}\t\u{feff}"),
        ("\\S+", "あいう"),
        ("[ァ-ヶー]+", "ミホンハナコ"),
        ("[^]", "\n"),
        ("[\\b]", "\u{8}"),
        ("[\\-a]+", "-a-"),
        ("[a-]+", "a-"),
        ("[-a]+", "-a"),
        ("\\u3042\\u{1F600}\\x41", "あ😀A"),
        ("\\ud83d\\ude00", "😀"),
        ("\\cJ\\0", "\n\0"),
        (
            "\\^\\$\\\\\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\/",
            "^$\\.*+?()[]{}|/",
        ),
        (".", "\u{85}"),
        ("[^a-z\\d]", "A"),
        ("\\W", "ア"),
        ("\\D", "３"),
    ];
    for &(p, t) in yes {
        assert!(matches(p, t), "{p:?} should match {t:?}");
    }
    let no: &[(&str, &str)] = &[
        ("", "a"),
        ("abc", "abcd"),
        ("abc", "xabc"),
        ("[0-9]{3}-[0-9]{4}", "160-00234"),
        ("\\d{2,4}", "12345"),
        (".", "\n"),
        (".", "\r"),
        (".", "\u{2028}"),
        (".", "ab"),
        ("a$b", "ab"),
        ("a^b", "ab"),
        ("a\\bb", "ab"),
        ("a\\B ", "a "),
        ("\\w", "ア"),
        ("\\d", "３"),
        ("\\s", "\u{200b}"),
        ("[^a-z]", "q"),
        ("[]", "a"),
        ("(?:a|b)+", "abc"),
        ("A", "a"),
    ];
    for &(p, t) in no {
        assert!(!matches(p, t), "{p:?} should not match {t:?}");
    }
}

#[test]
fn refusals_have_codes_and_spans() {
    use PatternErrorCode::*;
    let cases: &[(&str, PatternErrorCode, usize, usize)] = &[
        ("a(?=b)", Unsupported, 1, 3),
        ("(?!b)", Unsupported, 0, 3),
        ("(?<=a)b", Unsupported, 0, 4),
        ("(?<!a)b", Unsupported, 0, 4),
        ("(?<n>a)", Unsupported, 0, 3),
        ("(?i)a", Unsupported, 0, 3),
        ("(a)\\1", Unsupported, 3, 2),
        ("\\k<n>", Unsupported, 0, 2),
        ("\\p{L}", Unsupported, 0, 2),
        ("[\\P{L}]", Unsupported, 1, 2),
        ("\\ud800", Unsupported, 0, 6),
        ("\\ud800\\u0041", Unsupported, 0, 6),
        ("*a", Syntax, 0, 1),
        ("a**", Syntax, 2, 1),
        ("a{2}{3}", Syntax, 4, 1),
        ("^*", Syntax, 1, 1),
        ("\\b+", Syntax, 2, 1),
        ("a{", Syntax, 1, 1),
        ("a{x}", Syntax, 1, 1),
        ("a{3,2}", Syntax, 1, 5),
        ("{", Syntax, 0, 1),
        ("}", Syntax, 0, 1),
        ("]", Syntax, 0, 1),
        ("(a", Syntax, 0, 1),
        ("a)", Syntax, 1, 1),
        ("[a", Syntax, 0, 1),
        ("[z-a]", Syntax, 1, 3),
        ("[\\d-z]", Syntax, 1, 4),
        ("[a-\\d]", Syntax, 1, 4),
        ("\\-", Syntax, 0, 2),
        ("\\a", Syntax, 0, 2),
        ("\\", Syntax, 0, 1),
        ("\\01", Syntax, 0, 2),
        ("\\c1", Syntax, 0, 2),
        ("\\x4", Syntax, 0, 2),
        ("\\u{110000}", Syntax, 0, 3),
        ("\\u{}", Syntax, 0, 3),
        ("\\u12", Syntax, 0, 2),
        ("a{99999999999}", TooLarge, 0, 14),
        ("(?:a{100}){100}", TooLarge, 0, 15),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(p, code, offset, length)| match Pattern::new(p) {
            Ok(_) => Some(format!("{p:?} was accepted")),
            Err(e) if (e.code, e.offset, e.length) != (code, offset, length) => {
                Some(format!("{p:?}: {:?} {}+{} {e}", e.code, e.offset, e.length))
            }
            Err(_) => None,
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    let deep = format!(
        "{}a{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    assert_eq!(Pattern::new(&deep).unwrap_err().code, TooDeep);
    let ok = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(matches(&ok, "a"));
    // An empty body costs nothing however often it is repeated.
    assert!(matches("(?:){4294967295}a", "a"));
}

#[test]
fn debug_and_errors_do_not_quote_the_pattern() {
    let p = Pattern::new("ミホン[0-9]+").unwrap();
    assert!(!format!("{p:?}").contains("ミホン"));
    let e = Pattern::new("ミホン(?=x)").unwrap_err();
    assert!(!format!("{e:?}{e}").contains("ミホン"));
}

#[test]
fn large_programs_run_off_the_stack() {
    // Over 256 instructions: the buffers are allocated.
    let p = Pattern::new("(?:[a-z]|[0-9]){0,300}").unwrap();
    assert!(p.is_match(&"a1".repeat(150)));
    assert!(!p.is_match(&"a1".repeat(151)));
}

/// Patterns from a small grammar that both this crate and `regex-lite` read alike.
fn pattern() -> impl Strategy<Value = String> {
    let atom = prop_oneof![prop::sample::select(vec![
        "a", "b", "あ", ".", "\\d", "\\w", "\\W", "[ab]", "[^a]", "[a-c\\d]", "\\.", "-"
    ])
    .prop_map(String::from),];
    atom.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|v| format!("(?:{})", v.join("|"))),
            (
                inner,
                prop::sample::select(vec!["*", "+", "?", "{2}", "{1,3}", "{0,}", "*?"])
            )
                .prop_map(|(a, q)| format!("(?:{a}){q}")),
        ]
    })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!['a', 'b', 'c', 'あ', '1', '.', '-', ' ']),
        0..8,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn agrees_with_regex_lite_on_the_common_subset(p in pattern(), texts in prop::collection::vec(text(), 1..8)) {
        let ours = Pattern::new(&p).unwrap();
        let theirs = regex_lite::Regex::new(&format!("^(?:{p})$")).unwrap();
        for t in &texts {
            prop_assert_eq!(ours.is_match(t), theirs.is_match(t), "{:?} on {:?}", p, t);
        }
    }

    #[test]
    fn never_panics(p in "[a-c()\\[\\]{}|*+?^$.\\\\0-9,:=!<>dDwWsSbBuxcpk-]{0,24}", t in ".{0,16}") {
        if let Ok(pattern) = Pattern::new(&p) {
            pattern.is_match(&t);
        }
    }
}
