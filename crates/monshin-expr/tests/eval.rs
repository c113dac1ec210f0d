//! Evaluation through the public API: three-valued logic, groups, null results, and the
//! `Program` accessors.

mod common;

use common::{date, show, Answer, TestEnv, TestSchema, FAM, MED};
use monshin_expr::{check, parse, CheckContext, Date, Env, Limits, Program, Type, Value};
use std::cell::RefCell;

fn compile_in(src: &str, group: Option<u32>) -> Program {
    let expr = parse(src, &Limits::default()).unwrap_or_else(|e| panic!("{src}: {e}"));
    let ctx = CheckContext {
        group,
        expected: None,
    };
    check(&expr, &TestSchema, &ctx).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

fn compile(src: &str) -> Program {
    compile_in(src, None)
}

fn eval(src: &str, env: &TestEnv) -> String {
    show(compile(src).eval(env, None))
}

fn tri(v: Option<bool>) -> Option<Answer> {
    v.map(Answer::Bool)
}

#[test]
fn kleene_truth_tables() {
    let values = [Some(true), Some(false), None];
    let show3 = |v: Option<bool>| v.map_or("null".to_owned(), |b| b.to_string());
    for a in values {
        for b in values {
            let mut env = TestEnv::empty();
            if let Some(x) = tri(a) {
                env.set("YN", 1, x);
            }
            if let Some(x) = tri(b) {
                env.set("YN2", 1, x);
            }
            let and = match (a, b) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            let or = match (a, b) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            };
            assert_eq!(eval("$YN and $YN2", &env), show3(and), "{a:?} and {b:?}");
            assert_eq!(eval("$YN or $YN2", &env), show3(or), "{a:?} or {b:?}");
            assert_eq!(eval("not $YN", &env), show3(a.map(|x| !x)), "not {a:?}");
        }
    }
}

#[test]
fn null_propagates_through_arithmetic_and_comparison() {
    let env = TestEnv::empty();
    for src in [
        "$NUM + 1",
        "-$NUM",
        "$NUM * 2 > 3",
        "$TXT = 'a'",
        "$DT + 1",
        "length($TXT)",
        "abs($NUM)",
        "round($NUM, 1)",
        "age_years($BIRTH, today())",
        "contains($CODES, '1')",
        "$CHOICE in ['1']",
    ] {
        assert_eq!(eval(src, &env), "null", "{src}");
    }
    assert_eq!(eval("answered($NUM)", &env), "false");
}

#[test]
fn undefined_results_are_null() {
    let mut env = TestEnv::empty();
    env.set("NUM", 1, Answer::Number(1e308))
        .set("NUM2", 1, Answer::Number(0.0))
        .set("DT", 1, Answer::Date(date("2026-04-01")));
    assert_eq!(eval("1 / 0", &env), "null");
    assert_eq!(eval("0 / 0", &env), "null");
    assert_eq!(eval("$NUM / $NUM2", &env), "null");
    assert_eq!(eval("$NUM2 / $NUM", &env), "0");
    assert_eq!(eval("$NUM * 10", &env), "null");
    assert_eq!(eval("$NUM + $NUM", &env), "null");
    assert_eq!(eval("-$NUM2", &env), "0");
    assert_eq!(eval("$DT + 100000000000000", &env), "null");
    assert_eq!(eval("$DT - 10000000", &env), "null");
    assert_eq!(eval("$DT + 1.5", &env), "null");
    assert_eq!(eval("$DT + 1", &env), "@2026-04-02");
    assert_eq!(eval("age_days($DT, @2026-03-31)", &env), "null");
    assert_eq!(eval("age_days(@2026-03-31, $DT)", &env), "1");
}

#[test]
fn strange_values_from_env_are_null() {
    struct Odd;
    impl Env for Odd {
        fn value(&self, slot: u32, _seq: Option<u32>) -> Value<'_> {
            match slot {
                0 => Value::Number(f64::NAN),
                1 => Value::Number(f64::INFINITY),
                _ => Value::Text("x"),
            }
        }
        fn repetitions(&self, _group: u32) -> u32 {
            2
        }
        fn today(&self) -> Date {
            date("2026-04-01")
        }
    }
    for src in [
        "$NUM + 1",
        "$NUM2 > 1",
        "$DT + 1",
        "$YN and true",
        "contains($CODES, '1')",
        "sum($FAM_AGE)",
        "any($FAM_SICK)",
    ] {
        let p = compile(src);
        let v = p.eval(&Odd, None);
        assert!(
            matches!(v, Value::Null) || src.starts_with("sum"),
            "{src}: {v:?}"
        );
    }
    // Non-numbers are skipped by sum.
    assert_eq!(
        compile("sum($FAM_AGE)").eval(&Odd, None),
        Value::Number(0.0)
    );
}

fn family(ages: &[Option<f64>], sick: &[Option<bool>]) -> TestEnv {
    let mut env = TestEnv::empty();
    let n = ages.len().max(sick.len());
    for (i, age) in ages.iter().enumerate() {
        if let Some(a) = age {
            env.set("FAM_AGE", i as u32 + 1, Answer::Number(*a));
        }
    }
    for (i, s) in sick.iter().enumerate() {
        if let Some(s) = s {
            env.set("FAM_SICK", i as u32 + 1, Answer::Bool(*s));
        }
    }
    env.reps.insert(FAM, n as u32);
    env
}

#[test]
fn group_functions() {
    let env = family(
        &[Some(40.0), None, Some(8.5)],
        &[Some(false), None, Some(false)],
    );
    assert_eq!(eval("count($FAM_AGE)", &env), "2");
    assert_eq!(eval("count($FAM_SICK)", &env), "2");
    assert_eq!(eval("count($FAM_REL)", &env), "0");
    assert_eq!(eval("sum($FAM_AGE)", &env), "48.5");
    assert_eq!(eval("any($FAM_SICK)", &env), "null");
    assert_eq!(eval("all(not $FAM_SICK)", &env), "null");
    assert_eq!(eval("any($FAM_AGE < 10)", &env), "true");
    assert_eq!(eval("all($FAM_AGE < 10)", &env), "false");
    assert_eq!(eval("all(answered($FAM_AGE) or true)", &env), "true");
    assert_eq!(
        eval("any(answered($FAM_SICK) and not $FAM_SICK)", &env),
        "true"
    );
    assert_eq!(eval("any($FAM_AGE > sum($FAM_AGE) / 2)", &env), "true");
    assert_eq!(eval("all($FAM_AGE > sum($FAM_AGE) / 2)", &env), "false");

    let empty = family(&[], &[]);
    assert_eq!(eval("count($FAM_AGE)", &empty), "0");
    assert_eq!(eval("sum($FAM_AGE)", &empty), "0");
    assert_eq!(eval("any($FAM_SICK)", &empty), "false");
    assert_eq!(eval("all($FAM_SICK)", &empty), "true");

    let huge = family(&[Some(1e308), Some(1e308)], &[]);
    assert_eq!(eval("sum($FAM_AGE)", &huge), "null");
}

#[test]
fn group_context_reads_the_given_repetition() {
    let env = family(&[Some(40.0), None, Some(8.0)], &[Some(true), None, None]);
    let p = compile_in("$FAM_AGE + 1", Some(FAM));
    assert_eq!(p.eval(&env, Some(1)), Value::Number(41.0));
    assert_eq!(p.eval(&env, Some(2)), Value::Null);
    assert_eq!(p.eval(&env, Some(3)), Value::Number(9.0));
    // Aggregates inside a group range over every repetition, whatever the current one.
    let p = compile_in("any($FAM_SICK) and count($FAM_AGE) = 2", Some(FAM));
    for seq in 1..=3 {
        assert_eq!(p.eval(&env, Some(seq)), Value::Bool(true));
    }
    // An aggregate over another group from inside a group.
    let mut env = env;
    env.reps.insert(MED, 2);
    env.set("MED_DOSE", 1, Answer::Number(2.0))
        .set("MED_DOSE", 2, Answer::Number(3.0));
    let p = compile_in(
        "$FAM_AGE > sum($MED_DOSE) and any($MED_DOSE = 3)",
        Some(FAM),
    );
    assert_eq!(p.eval(&env, Some(3)), Value::Bool(true));
}

#[test]
fn items_outside_groups_are_read_without_seq() {
    struct Recording(RefCell<Vec<(u32, Option<u32>)>>);
    impl Env for Recording {
        fn value(&self, slot: u32, seq: Option<u32>) -> Value<'_> {
            self.0.borrow_mut().push((slot, seq));
            Value::Number(1.0)
        }
        fn repetitions(&self, _group: u32) -> u32 {
            2
        }
        fn today(&self) -> Date {
            date("2026-04-01")
        }
    }
    let env = Recording(RefCell::new(Vec::new()));
    let p = compile_in("$FAM_AGE + $NUM + sum($MED_DOSE)", Some(FAM));
    assert_eq!(p.eval(&env, Some(7)), Value::Number(4.0));
    assert_eq!(
        env.0.borrow().as_slice(),
        &[(11, Some(7)), (0, None), (21, Some(1)), (21, Some(2))]
    );
}

#[test]
fn ages_through_expressions() {
    let mut env = TestEnv::empty();
    env.today = date("2021-02-28");
    env.set("BIRTH", 1, Answer::Date(date("2020-02-29")));
    assert_eq!(eval("age_years($BIRTH, today())", &env), "1");
    assert_eq!(eval("age_months($BIRTH, today())", &env), "12");
    assert_eq!(eval("age_days($BIRTH, today())", &env), "365");
    assert_eq!(eval("age_years($BIRTH, today() - 1)", &env), "0");
    assert_eq!(eval("age_months(@2026-01-31, @2026-02-28)", &env), "1");
    assert_eq!(eval("age_months(@2026-01-31, @2026-02-27)", &env), "0");
}

#[test]
fn program_accessors() {
    let p = compile("$TXT = 'a' and $NUM > 1 and $NUM < 3 and count($FAM_AGE) > 0");
    assert_eq!(p.dependencies(), &[0, 2, 11]);
    assert_eq!(p.result_type(), Type::Bool);
    assert!(!p.uses_today());
    assert_eq!(p.constant_value(), None);

    let p = compile("today() > @2020-01-01");
    assert!(p.uses_today());
    assert!(p.dependencies().is_empty());
    assert_eq!(p.constant_value(), None);

    assert_eq!(
        compile("1 + 2 * 3").constant_value(),
        Some(Value::Number(7.0))
    );
    assert_eq!(
        compile("'a' = 'a'").constant_value(),
        Some(Value::Bool(true))
    );
    assert_eq!(compile("'x'").constant_value(), Some(Value::Text("x")));
    assert_eq!(compile("1 / 0").constant_value(), Some(Value::Null));
    assert_eq!(
        compile("@2026-01-31 + 1").constant_value(),
        Some(Value::Date(date("2026-02-01")))
    );

    fn send_sync<T: Send + Sync + Clone + std::fmt::Debug>() {}
    send_sync::<Program>();
    send_sync::<monshin_expr::Expr>();
}

#[test]
fn expr_accessors() {
    let src = " ($NUM + $TXT) * count($FAM_AGE) + $NUM ";
    let expr = parse(src, &Limits::default()).unwrap();
    let refs: Vec<_> = expr
        .references()
        .map(|(id, span)| (id.to_owned(), span.start, span.len))
        .collect();
    assert_eq!(
        refs,
        vec![
            ("NUM".into(), 2, 4),
            ("TXT".into(), 9, 4),
            ("FAM_AGE".into(), 23, 8),
            ("NUM".into(), 35, 4)
        ]
    );
    assert_eq!((expr.span().start, expr.span().len), (1, 38));
    let again = parse(&expr.to_string(), &Limits::default()).unwrap();
    assert!(again.eq_ignoring_spans(&expr));
    assert_ne!(again, expr);
}

#[test]
fn check_reports_every_problem() {
    let expr = parse(
        "$NOPE > 1 and $FAM_AGE > 1 and foo() and abs('x') > 1 and $NUM",
        &Limits::default(),
    )
    .unwrap();
    let errors = check(&expr, &TestSchema, &CheckContext::default()).unwrap_err();
    let codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "expr.unknown-item",
            "expr.repeat-scope",
            "expr.unknown-function",
            "expr.type-mismatch",
            "expr.type-mismatch"
        ]
    );
}
