//! Robustness: parsing, checking and evaluating arbitrary input never panics, and deep
//! nesting is rejected with `expr.too-deep` instead of overflowing the stack.

mod common;

use common::{TestEnv, TestSchema, FAM};
use monshin_expr::{check, parse, CheckContext, ExprErrorCode, Limits};
use proptest::prelude::*;

fn unlimited_len() -> Limits {
    Limits {
        max_len: usize::MAX,
        ..Limits::default()
    }
}

/// Runs `f` on a thread with a 2 MiB stack (the default for spawned threads), so that the
/// result does not depend on the main thread's larger stack.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic");
}

/// Parses, and when that succeeds prints, re-parses, checks and evaluates, in and out of a
/// group.
fn exercise(src: &str) {
    let Ok(expr) = parse(src, &Limits::default()) else {
        return;
    };
    let printed = expr.to_string();
    let again = parse(&printed, &unlimited_len()).expect("printed form parses");
    assert!(again.eq_ignoring_spans(&expr), "{src} -> {printed}");
    let _ = expr.references().count();
    let env = TestEnv::sample();
    for (group, seq) in [(None, None), (Some(FAM), Some(2))] {
        let ctx = CheckContext {
            group,
            expected: None,
        };
        if let Ok(program) = check(&expr, &TestSchema, &ctx) {
            let _ = program.eval(&env, seq);
            let _ = program.constant_value();
        }
    }
}

const PIECES: &[&str] = &[
    "$NUM",
    "$TXT",
    "$DT",
    "$YN",
    "$YN2",
    "$CODES",
    "$FAM_AGE",
    "$FAM_SICK",
    "$MED_DOSE",
    "$NOPE",
    "1",
    "0",
    "2.5",
    "'a'",
    "\"b\"",
    "@2026-04-01",
    "true",
    "false",
    "(",
    ")",
    "[",
    "]",
    ",",
    " and ",
    " or ",
    "not ",
    " in ",
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "count(",
    "sum(",
    "any(",
    "all(",
    "answered(",
    "today()",
    "age_years(",
    "age_months(",
    "age_days(",
    "length(",
    "contains(",
    "round(",
    "abs(",
    "foo(",
    " ",
    "'",
    "\\",
    "$",
    "@",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_strings_never_panic(src in any::<String>()) {
        exercise(&src);
    }

    #[test]
    fn ascii_soup_never_panics(src in "[ -~]{0,80}") {
        exercise(&src);
    }

    #[test]
    fn token_soup_never_panics(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40)) {
        exercise(&pieces.concat());
    }
}

fn assert_too_deep(src: &str, limits: &Limits) {
    match parse(src, limits) {
        Err(e) => assert_eq!(e.code, ExprErrorCode::TooDeep, "{}", e.message),
        Ok(_) => panic!("accepted {} bytes of deep nesting", src.len()),
    }
}

#[test]
fn deep_nesting_is_too_deep_not_a_stack_overflow() {
    on_small_stack(|| {
        let n = 10_000;
        let limits = unlimited_len();
        assert_too_deep(&"(".repeat(n), &limits);
        assert_too_deep(&format!("{}1{}", "(".repeat(n), ")".repeat(n)), &limits);
        assert_too_deep(&"not ".repeat(n), &limits);
        assert_too_deep(&format!("{}true", "not ".repeat(n)), &limits);
        assert_too_deep(&format!("{}1", "-".repeat(n)), &limits);
        assert_too_deep(&"abs(".repeat(n), &limits);
        assert_too_deep(&format!("{}1", "1 + ".repeat(n)), &limits);
        assert_too_deep(&format!("{}1", "$YN and ".repeat(n)), &limits);
        assert_too_deep(&"(not -".repeat(n), &limits);
        // Within the default length limit too.
        assert_too_deep(&"(".repeat(4000), &Limits::default());
        assert_too_deep(&"not ".repeat(1000), &Limits::default());
        // An absurd depth limit is capped.
        let absurd = Limits {
            max_len: usize::MAX,
            max_depth: usize::MAX,
            ..Limits::default()
        };
        assert_too_deep(&"(".repeat(100_000), &absurd);
        assert_too_deep(&format!("{}1", "1 * ".repeat(100_000)), &absurd);
    });
}

#[test]
fn the_deepest_accepted_trees_are_usable() {
    on_small_stack(|| {
        let absurd = Limits {
            max_len: usize::MAX,
            max_depth: usize::MAX,
            ..Limits::default()
        };
        let env = TestEnv::sample();
        for src in [
            format!("{}true", "not ".repeat(127)),
            format!("{}$NUM", "-".repeat(127)),
            format!("{}1{}", "abs(".repeat(127), ")".repeat(127)),
            format!("{}$NUM", "1 + ".repeat(127)),
            format!("{}$YN{}", "(".repeat(127), " or $YN)".repeat(127)),
        ] {
            let expr = parse(&src, &absurd).unwrap_or_else(|e| panic!("{e}"));
            let printed = expr.to_string();
            assert!(parse(&printed, &absurd).unwrap().eq_ignoring_spans(&expr));
            let program = check(&expr, &TestSchema, &CheckContext::default()).unwrap();
            assert!(!program.eval(&env, None).is_null());
        }
    });
}

#[test]
fn default_depth_limit_is_64() {
    let ok = format!("{}1{}", "(".repeat(64), ")".repeat(64));
    assert!(parse(&ok, &Limits::default()).is_ok());
    let deep = format!("{}1{}", "(".repeat(65), ")".repeat(65));
    assert_too_deep(&deep, &Limits::default());
    assert!(parse(&format!("{}$NUM", "1 + ".repeat(63)), &Limits::default()).is_ok());
    assert_too_deep(&format!("{}$NUM", "1 + ".repeat(64)), &Limits::default());
}

#[test]
fn too_long_is_checked_first_on_a_char_boundary() {
    let src = "あ".repeat(2000);
    let e = parse(&src, &Limits::default()).unwrap_err();
    assert_eq!(e.code, ExprErrorCode::TooLong);
    assert!(src.is_char_boundary(e.span.start as usize));
    assert!(e.span.start <= 4096 && e.span.end() as usize == src.len());
    let exactly = format!("'{}'", "a".repeat(4094));
    assert!(parse(&exactly, &Limits::default()).is_ok());
    let over = format!("'{}'", "a".repeat(4095));
    assert_eq!(
        parse(&over, &Limits::default()).unwrap_err().code,
        ExprErrorCode::TooLong
    );
}

#[test]
fn default_list_and_argument_limits() {
    let list = |n: usize| format!("$NUM in [{}]", vec!["1"; n].join(", "));
    assert!(parse(&list(256), &Limits::default()).is_ok());
    assert_eq!(
        parse(&list(257), &Limits::default()).unwrap_err().code,
        ExprErrorCode::ListTooLong
    );
    let call = |n: usize| format!("foo({})", vec!["1"; n].join(", "));
    assert!(parse(&call(16), &Limits::default()).is_ok());
    assert_eq!(
        parse(&call(17), &Limits::default()).unwrap_err().code,
        ExprErrorCode::TooManyArgs
    );
}

#[test]
fn messages_never_echo_string_literals() {
    let secret = "山田太郎";
    for src in [
        format!("$TXT = '{secret}"),
        format!("$TXT = '{secret}\\x'"),
        format!("'{secret}' + 1"),
        format!("$NUM = '{secret}'"),
        format!("length('{secret}') and 1"),
        format!("$NUM in [1, '{secret}']"),
        format!("foo('{secret}')"),
        format!("'{secret}' '{secret}'"),
        format!("$CODES = '{secret}'"),
    ] {
        let errors = match parse(&src, &Limits::default()) {
            Err(e) => vec![e],
            Ok(expr) => check(&expr, &TestSchema, &CheckContext::default()).unwrap_err(),
        };
        assert!(!errors.is_empty(), "{src}");
        for e in errors {
            assert!(!e.message.contains(secret), "{src}: {}", e.message);
            assert!(!e.to_string().contains(secret), "{src}: {e}");
        }
    }
}
