//! The bodies of monshin's fuzz targets, shared by the cargo-fuzz binaries in
//! `fuzz/fuzz_targets/` and by the regression test that replays `fuzz/regressions/` on stable
//! (`crates/monshin-bench/tests/fuzz_regressions.rs` includes this file as a module).
//!
//! Besides "never panics", each target checks invariants the engine promises:
//! - `definition`: lint and compile any bytes; a compiled form validates answer sets and its
//!   JSON Schema export never panics;
//! - `expression`: parse, print, re-parse (the printed text parses back to the same tree),
//!   type-check against a small schema in several contexts, evaluate against two
//!   environments;
//! - `answers`: validate any bytes against every bundled form in both modes; normalisation
//!   of a parsed set is idempotent;
//! - `reader`: `AnswersDoc::from_json` (the fast reader of answer sets, falling back to serde)
//!   reads any bytes as serde alone reads them: the same document, or an error from both;
//! - `wire`: parse any bytes as each PMH document; a parsed document encodes and parses again;
//! - `diff`: up to three answer sets (separated by NUL bytes, after a byte choosing the bundled
//!   form): `apply(diff(a, b), a) == b`, `merge(b, x, b) == x` and `merge(b, b, y) == y` without
//!   conflicts, the merged last page does not depend on the side, and removing a repetition
//!   never panics.
//!
//! Each body returns whether the input got past parsing to the property checks, so the
//! regression replay can tell an input that exercises a property from one rejected at once.

use std::sync::OnceLock;

use monshin_core::{AnswerSet, AnswersDoc, CompiledForm, Limits, Options};
use monshin_expr::{CheckContext, Date, Env, ItemInfo, Schema, Type, Value};

/// The validation date (`None` never happens: 2026-04-01 is a real date).
fn today() -> Option<Date> {
    Date::from_ymd(2026, 4, 1)
}

fn bundled() -> &'static [CompiledForm] {
    static FORMS: OnceLock<Vec<CompiledForm>> = OnceLock::new();
    FORMS.get_or_init(|| {
        monshin_forms::FORMS
            .iter()
            .filter_map(|f| {
                CompiledForm::from_json(f.definition.as_bytes(), &Limits::default()).ok()
            })
            .collect()
    })
}

/// Definition bytes: lint, compile, validate, export the schema. `true` when the bytes read as
/// a definition (and so were linted and exported, not only rejected).
pub fn definition(data: &[u8]) -> bool {
    let limits = Limits::default();
    let _ = monshin_core::lint(data, &limits);
    let parsed = serde_json::from_slice::<monshin_core::Definition>(data);
    let reached = parsed.is_ok();
    if let Ok(def) = parsed {
        for rules in [
            monshin_jsonschema::Rules::Draft,
            monshin_jsonschema::Rules::Complete,
            monshin_jsonschema::Rules::ByStatus,
        ] {
            let options = monshin_jsonschema::SchemaOptions {
                rules,
                ..monshin_jsonschema::SchemaOptions::default()
            };
            let _ = monshin_jsonschema::export(&def, &options);
        }
    }
    let Ok(form) = CompiledForm::from_json(data, &limits) else {
        return reached;
    };
    let empty = format!(
        r#"{{"definition": {}, "status": "answered", "lastPage": 1, "answers": []}}"#,
        serde_json::to_string(form.definition_id()).unwrap_or_default()
    );
    let Some(today) = today() else {
        return reached;
    };
    let options = Options::complete(today);
    let _ = form.validate_json(empty.as_bytes(), &options);
    for f in monshin_forms::FORMS {
        let _ = form.validate_json(f.complete_answers.as_bytes(), &options);
    }
    let _ = form.item_summaries().count();
    for s in form.item_summaries() {
        let _ = form.dependencies_of(s.id);
    }
    reached
}

/// A small form for the expression checker: one item of each type, two in group 0.
struct Items;

impl Schema for Items {
    fn resolve(&self, id: &str) -> Option<ItemInfo> {
        let (slot, ty, group) = match id {
            "B" => (0, Type::Bool, None),
            "N" => (1, Type::Number, None),
            "T" => (2, Type::Text, None),
            "D" => (3, Type::Date, None),
            "C" => (4, Type::Codes, None),
            "GN" => (5, Type::Number, Some(0)),
            "GT" => (6, Type::Text, Some(0)),
            "GB" => (7, Type::Bool, Some(0)),
            _ => return None,
        };
        Some(ItemInfo { slot, ty, group })
    }
}

/// Answers for [`Items`]; `nulls` makes every item unanswered.
struct Answers {
    nulls: bool,
    today: Date,
}

impl Env for Answers {
    fn value(&self, slot: u32, seq: Option<u32>) -> Value<'_> {
        if self.nulls {
            return Value::Null;
        }
        match (slot, seq) {
            (0, _) => Value::Bool(true),
            (1, _) => Value::Number(36.5),
            (2, _) => Value::Text("1"),
            (3, _) => Date::from_ymd(2024, 2, 29).map_or(Value::Null, Value::Date),
            (4, _) => Value::Codes("1,3"),
            (5, Some(s)) if s <= 3 => Value::Number(f64::from(s) * 1.5),
            (6, Some(s)) if s <= 3 => Value::Text("x"),
            (7, Some(s)) if s <= 3 => Value::Bool(s % 2 == 0),
            _ => Value::Null,
        }
    }

    fn repetitions(&self, group: u32) -> u32 {
        if group == 0 && !self.nulls {
            3
        } else {
            0
        }
    }

    fn today(&self) -> Date {
        self.today
    }
}

/// Expression text: parse, print round trip, check, evaluate. `true` when the text parsed.
pub fn expression(data: &[u8]) -> bool {
    let Ok(src) = std::str::from_utf8(data) else {
        return false;
    };
    let limits = monshin_expr::Limits::default();
    let (Ok(expr), Some(today)) = (monshin_expr::parse(src, &limits), today()) else {
        return false;
    };
    let printed = expr.to_string();
    if printed.len() <= limits.max_len {
        match monshin_expr::parse(&printed, &limits) {
            Ok(again) => assert!(
                again.eq_ignoring_spans(&expr),
                "printed expression parses to another tree: {src:?} -> {printed:?}"
            ),
            Err(e) => panic!("printed expression does not parse: {src:?} -> {printed:?}: {e}"),
        }
    }
    let _ = expr.references().count();
    for group in [None, Some(0)] {
        for expected in [None, Some(Type::Bool), Some(Type::Number), Some(Type::Text)] {
            let ctx = CheckContext { group, expected };
            let Ok(program) = monshin_expr::check(&expr, &Items, &ctx) else {
                continue;
            };
            let _ = program.dependencies();
            for env in [
                Answers {
                    nulls: false,
                    today,
                },
                Answers { nulls: true, today },
            ] {
                let seqs: &[Option<u32>] = if group.is_some() {
                    &[Some(1), Some(3), Some(9)]
                } else {
                    &[None]
                };
                for &seq in seqs {
                    let v = program.eval(&env, seq);
                    if let Value::Number(n) = v {
                        assert!(
                            n.is_finite(),
                            "evaluation produced a non-finite number: {src:?}"
                        );
                    }
                }
            }
        }
    }
    true
}

/// Answer-set bytes against every bundled form; normalisation idempotence. `true` when the
/// bytes read as an answer set (so normalisation was checked).
pub fn answers(data: &[u8]) -> bool {
    let Some(today) = today() else {
        return false;
    };
    let mut reached = false;
    for form in bundled() {
        for options in [Options::draft(today), Options::complete(today)] {
            if let Ok(report) = form.validate_json(data, &options) {
                for f in report.findings() {
                    let _ = f.to_string();
                }
            }
        }
        if let Ok(set) = AnswerSet::from_json(data, &Limits::default()) {
            reached = true;
            let mut once = set.clone();
            form.normalize(&mut once);
            let mut twice = once.clone();
            let second = form.normalize(&mut twice);
            assert!(
                second.is_empty(),
                "normalisation is not idempotent: {second:?}"
            );
            assert!(once == twice, "normalisation is not idempotent");
            let _ = form.validate_for_status(set, today);
        }
    }
    reached
}

/// Whether two readings of a string are equal and both borrowed or both owned.
#[allow(clippy::ptr_arg)] // whether each is borrowed is part of what is compared
fn same_text(a: &std::borrow::Cow<'_, str>, b: &std::borrow::Cow<'_, str>) -> bool {
    use std::borrow::Cow::Borrowed;
    a == b && matches!(a, Borrowed(_)) == matches!(b, Borrowed(_))
}

/// Answer-set bytes read by `AnswersDoc::from_json` (fast reader, serde fallback) and by serde
/// alone: the same document (strings borrowed alike), or an error from both beyond the
/// limits. `true` when the bytes read as an answer set (and so were compared).
pub fn reader(data: &[u8]) -> bool {
    let limits = Limits::default();
    let read = AnswersDoc::from_json(data, &limits);
    let text = std::str::from_utf8(monshin_core::error::strip_bom(data));
    let serde = text.map(serde_json::from_str::<AnswersDoc<'_>>);
    match (read, serde) {
        (Ok(doc), Ok(Ok(alone))) => {
            assert!(doc == alone, "the fast reader reads otherwise than serde");
            assert!(same_text(&doc.definition, &alone.definition));
            for (a, b) in doc.answers.iter().zip(&alone.answers) {
                assert!(same_text(&a.id, &b.id) && same_text(&a.value, &b.value));
            }
            true
        }
        (Ok(_), _) => panic!("the fast reader reads what serde refuses"),
        (Err(e), Ok(Ok(alone))) => {
            let over =
                data.len() > limits.max_answers_bytes || alone.answers.len() > limits.max_answers;
            assert!(over, "serde reads what from_json refuses: {}", e.code());
            false
        }
        (Err(_), _) => false,
    }
}

fn wire_one<T: monshin_wire::WireDocument + std::fmt::Debug>(data: &[u8]) -> bool {
    match monshin_wire::parse::<T>(data) {
        Ok(doc) => {
            let _ = format!("{doc:?}");
            let bytes = monshin_wire::encode(&doc)
                .unwrap_or_else(|e| panic!("a parsed document does not encode: {e}"));
            if let Err(e) = monshin_wire::parse::<T>(&bytes) {
                panic!("an encoded document does not parse again: {e}");
            }
            true
        }
        Err(e) => {
            let _ = e.to_string();
            let _ = e.code();
            false
        }
    }
}

/// PMH document bytes, parsed as every read response and register body. `true` when some
/// kind parsed (and so was encoded and parsed again).
pub fn wire(data: &[u8]) -> bool {
    use monshin_wire as w;
    let parsed = [
        wire_one::<w::VaccinationList>(data),
        wire_one::<w::VaccinationFormList>(data),
        wire_one::<w::VaccinationFormAnswers>(data),
        wire_one::<w::RegisterQuestionnaireAnswer>(data),
        wire_one::<w::PrenatalCheckupList>(data),
        wire_one::<w::PrenatalVoucherList>(data),
        wire_one::<w::ChildCheckupList>(data),
        wire_one::<w::ChildFormAnswers>(data),
        wire_one::<w::RegisterChildQuestionnaireAnswer>(data),
        wire_one::<w::SubsidyCertificateList>(data),
    ];
    parsed.contains(&true)
}

/// An answer set with its answers sorted: merge and apply do not promise an order.
fn canonical(set: &AnswerSet) -> AnswerSet {
    let mut s = set.clone();
    s.answers.sort();
    s
}

/// Diff, apply, merge and repetition removal on answer sets of a bundled form. `true` when a
/// diff was made and applied (the first property).
pub fn diff(data: &[u8]) -> bool {
    use monshin_core::diff as d;
    let Some((&selector, rest)) = data.split_first() else {
        return false;
    };
    let forms = bundled();
    let sets: Vec<AnswerSet> = rest
        .split(|&b| b == 0)
        .filter_map(|p| AnswerSet::from_json(p, &Limits::default()).ok())
        .take(3)
        .collect();
    // The form the first answer set names, when it is bundled (so a saved input keeps its
    // form when forms are added), otherwise the one the selector byte picks.
    let named = sets
        .first()
        .and_then(|a| forms.iter().find(|f| f.definition().id == a.definition));
    let Some(form) = named.or_else(|| forms.get(usize::from(selector) % forms.len().max(1))) else {
        return false;
    };
    let (Some(a), Some(b)) = (sets.first(), sets.get(1).or(sets.first())) else {
        return false;
    };
    let c = sets.get(2).unwrap_or(a);
    let diffed = d::diff(form, a, b);
    let reached = diffed.is_ok();
    if let Ok(change) = diffed {
        let _ = format!("{change:?}");
        let _ = serde_json::to_string(&change);
        match d::apply(&change, a) {
            Ok(applied) => assert!(
                canonical(&applied) == canonical(b),
                "apply(diff(a, b), a) != b"
            ),
            Err(e) => panic!("apply of a fresh diff failed: {}", e.code()),
        }
    }
    if let Ok(m) = d::merge(form, a, b, a) {
        assert!(m.conflicts.is_empty(), "merge(b, x, b) has conflicts");
        assert!(canonical(&m.merged) == canonical(b), "merge(b, x, b) != x");
    }
    if let Ok(m) = d::merge(form, a, a, b) {
        assert!(m.conflicts.is_empty(), "merge(b, b, y) has conflicts");
        assert!(canonical(&m.merged) == canonical(b), "merge(b, b, y) != y");
    }
    if let (Ok(x), Ok(y)) = (d::merge(form, a, b, c), d::merge(form, a, c, b)) {
        assert!(
            x.merged.last_page == y.merged.last_page,
            "merged last page depends on the side"
        );
        let _ = format!("{x:?}");
    }
    for s in form
        .item_summaries()
        .filter(|s| s.item_type == monshin_core::ItemType::Group)
    {
        for seq in [0, 1, 2, 9] {
            let _ = d::remove_repetition(a, form, s.id, monshin_core::RepeatSeq(seq));
        }
    }
    reached
}
