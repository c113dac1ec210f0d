//! The session against whole-form validation: after any sequence of edits, the session's incrementally kept
//! findings equal `CompiledForm::validate` of the session's answer set, in both modes, and its
//! state equals that of a session loaded afresh from that answer set.

use monshin_core::{
    AnswerSet, AnswerStatus, AnswersDoc, CompiledForm, ItemDef, ItemType, Limits, Mode, Options,
};
use monshin_core::{Session, SessionForm};
use monshin_expr::Date;
use proptest::prelude::*;
use std::sync::Arc;

type FormModel = Arc<SessionForm>;

fn model(definition: &str) -> FormModel {
    let limits = Limits::default();
    let form = CompiledForm::from_json(definition.as_bytes(), &limits).expect("compiles");
    Arc::new(SessionForm::new(form))
}

fn date(s: &str) -> Date {
    Date::parse(s).expect("date")
}

/// Every item of the definition, group members included, in definition order.
fn items(form: &FormModel) -> Vec<ItemDef> {
    let mut out = Vec::new();
    for page in &form.compiled().definition().pages {
        for item in &page.items {
            out.push(item.clone());
            out.extend(item.items.iter().cloned());
        }
    }
    out
}

fn groups(form: &FormModel) -> Vec<String> {
    items(form)
        .into_iter()
        .filter(|i| i.item_type == ItemType::Group)
        .map(|i| i.id)
        .collect()
}

/// Candidate answer texts for an item: valid, invalid, and non-canonical ones.
fn candidates(item: &ItemDef, examples: &[AnswerSet]) -> Vec<String> {
    let mut out: Vec<String> = match item.item_type {
        ItemType::YesNo | ItemType::Consent => vec!["1", "0", "2", "はい"],
        ItemType::SingleChoice => vec!["99", ""],
        ItemType::MultiChoice => vec!["9", "1,1", "2,1", ""],
        ItemType::Integer => vec!["0", "3", "12", "250", "3000", "-1", "01", "１２", "99999"],
        ItemType::Decimal => vec!["36.5", "37.8", "36.55", "３６．５", "42.6", "0", "12.3"],
        ItemType::Date => vec![
            "平成31年5月1日",
            "2026-02-30",
            "2025-10-06",
            "2026-03-10",
            "2020-01-01",
            "2026-13-01",
            "2026/4/1",
            "令和8年4月1日",
            "2030-01-01",
            "1950-05-05",
        ],
        ItemType::YearMonth => vec!["2025-10", "2025-13", "2025/10", "2024-01"],
        ItemType::Text | ItemType::LongText => {
            vec![
                "鼻水",
                "",
                " 鼻水 ",
                "a\nb",
                "x",
                "\u{3000}",
                "\u{200B}",
                "a\u{202E}b",
            ]
        }
        ItemType::Time => vec!["20:30", "20時30分", "25:00", ""],
        ItemType::Kana => vec!["ヤマダ", "やまだ", "山田", " "],
        ItemType::Note | ItemType::Group => vec!["1"],
    }
    .into_iter()
    .map(String::from)
    .collect();
    let codes: Vec<&str> = item.options.iter().map(|o| o.code.as_str()).collect();
    out.extend(codes.iter().map(|c| c.to_string()));
    if item.item_type == ItemType::MultiChoice && codes.len() > 1 {
        out.push(codes.join(","));
        out.push(codes[..2].join(","));
    }
    if let Some(l) = item.options.first() {
        out.push(l.label.clone());
    }
    if matches!(item.item_type, ItemType::Text | ItemType::LongText) {
        out.push("長".repeat(item.max_length.unwrap_or(40) as usize + 1));
    }
    for set in examples {
        for a in set.answers.iter().filter(|a| a.id == item.id) {
            out.push(a.value.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The session's findings equal core's on its answer set, in both modes, for every page too.
fn assert_agrees(form: &FormModel, session: &Session, today: Date) {
    for (mode, status) in [
        (Mode::Draft, AnswerStatus::Draft),
        (Mode::Complete, AnswerStatus::Answered),
    ] {
        let set = session.answer_set(status);
        let expected = form
            .compiled()
            .validate(&AnswersDoc::from_set(&set), &Options { mode, today })
            .into_findings();
        let got = session.findings(mode, None);
        assert_eq!(got, expected, "mode {mode:?}");
        for page in form.compiled().pages() {
            let on_page: Vec<_> = expected
                .iter()
                .filter(|f| f.location.page == Some(page.number))
                .cloned()
                .collect();
            assert_eq!(
                session.findings(mode, Some(page.number.0)),
                on_page,
                "page {}",
                page.number.0
            );
        }
    }
    // Incremental state equals a fresh evaluation of the same answers (when they can be
    // loaded: an empty row between answered ones is a seq gap, which loading refuses).
    let Ok(fresh) = form.load(today, &session.answer_set(AnswerStatus::Draft)) else {
        return;
    };
    assert_eq!(
        session.page_states(None),
        fresh.page_states(None),
        "page visibility"
    );
    let ours = session.cell_states(None, Mode::Complete);
    let by_key: std::collections::HashMap<(&str, u32), &monshin_core::session::CellState> =
        ours.iter().map(|c| ((c.id, c.seq), c)).collect();
    for y in fresh.cell_states(None, Mode::Complete) {
        let x = by_key.get(&(y.id, y.seq)).expect("same cells");
        assert_eq!(x.enabled, y.enabled, "{} #{}", y.id, y.seq);
        assert_eq!(x.computed, y.computed, "{} #{}", y.id, y.seq);
        assert_eq!(x.required, y.required, "{} #{}", y.id, y.seq);
        assert_eq!(x.findings, y.findings, "{} #{}", y.id, y.seq);
    }
}

#[test]
fn bundled_examples_load_and_agree() {
    let today = date("2026-04-01");
    for bundled in monshin_forms::FORMS {
        let form = model(bundled.definition);
        for text in [bundled.complete_answers, bundled.draft_answers] {
            let set = AnswerSet::from_json(text.as_bytes(), &Limits::default()).expect("answers");
            let session = form.load(today, &set).expect("loads");
            assert_agrees(&form, &session, today);
            // The example sets are valid in the mode of their status.
            let mode = Mode::for_status(set.status);
            assert!(
                !session.findings(mode, None).iter().any(|f| f.is_error()),
                "{}: {:?}",
                bundled.name,
                session.findings(mode, None)
            );
        }
        assert_agrees(&form, &form.session(today), today);
    }
}

#[test]
fn uneditable_sets_are_refused_with_findings() {
    let bundled = monshin_forms::by_name("vaccination-pcv").expect("pcv");
    let form = model(bundled.definition);
    let invalid = bundled.invalid_answers.expect("invalid set");
    let set = AnswerSet::from_json(invalid.as_bytes(), &Limits::default()).expect("reads");
    let findings = form.load(date("2026-04-01"), &set).expect_err("refused");
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"answers.unknown-item"), "{codes:?}");
    assert!(codes.contains(&"answers.repeat-seq-gap"), "{codes:?}");
}

#[derive(Debug, Clone)]
enum Op {
    Set(usize, u32, usize),
    Clear(usize, u32),
    Add(usize),
    Remove(usize, u32),
}

fn seq() -> impl Strategy<Value = u32> {
    prop_oneof![3 => Just(1u32), 1 => 2u32..4]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (any::<usize>(), seq(), any::<usize>()).prop_map(|(i, s, v)| Op::Set(i, s, v)),
        2 => (any::<usize>(), seq()).prop_map(|(i, s)| Op::Clear(i, s)),
        2 => any::<usize>().prop_map(Op::Add),
        1 => (any::<usize>(), seq()).prop_map(|(g, s)| Op::Remove(g, s)),
    ]
}

fn run_ops(definition: &str, examples: &[&str], start: Option<&str>, ops: &[Op], today: Date) {
    let form = model(definition);
    let examples: Vec<AnswerSet> = examples
        .iter()
        .map(|t| AnswerSet::from_json(t.as_bytes(), &Limits::default()).expect("answers"))
        .collect();
    let answerable: Vec<ItemDef> = items(&form)
        .into_iter()
        .filter(|i| i.item_type.is_answerable())
        .collect();
    let values: Vec<Vec<String>> = answerable
        .iter()
        .map(|i| candidates(i, &examples))
        .collect();
    let groups = groups(&form);
    let mut session = match start {
        Some(t) => {
            let set = AnswerSet::from_json(t.as_bytes(), &Limits::default()).expect("answers");
            form.load(today, &set).expect("loads")
        }
        None => form.session(today),
    };
    for op in ops {
        match *op {
            Op::Set(i, seq, v) => {
                let item = &answerable[i % answerable.len()];
                let pool = &values[i % values.len()];
                let _ = session.set(&item.id, seq, &pool[v % pool.len()]);
            }
            Op::Clear(i, seq) => {
                let _ = session.clear(&answerable[i % answerable.len()].id, seq);
            }
            Op::Add(g) if !groups.is_empty() => {
                let _ = session.add_repetition(&groups[g % groups.len()]);
            }
            Op::Remove(g, seq) if !groups.is_empty() => {
                let _ = session.remove_repetition(&groups[g % groups.len()], seq);
            }
            _ => {}
        }
    }
    assert_agrees(&form, &session, today);
}

proptest! {
    // 48 cases by default; PROPTEST_CASES=n runs more.
    #![proptest_config(ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            ProptestConfig::default().cases
        } else {
            48
        },
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_edits_agree_with_core(
        form_index in 0usize..4,
        from_example in any::<bool>(),
        ops in prop::collection::vec(op(), 1..40),
        late in any::<bool>(),
    ) {
        let bundled = &monshin_forms::FORMS[form_index % monshin_forms::FORMS.len()];
        let today = if late { date("2029-06-01") } else { date("2026-04-01") };
        let examples = [bundled.complete_answers, bundled.draft_answers];
        let start = from_example.then_some(bundled.complete_answers);
        run_ops(bundled.definition, &examples, start, &ops, today);
    }

    #[test]
    fn random_edits_on_the_generated_form_agree_with_core(
        ops in prop::collection::vec(op(), 1..60),
    ) {
        let definition = include_str!("../../../wasm/test/fixtures/generated-200.form.json");
        run_ops(definition, &[], None, &ops, date("2026-04-01"));
    }
}
