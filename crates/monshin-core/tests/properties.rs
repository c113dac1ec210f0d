//! Property tests over every bundled form: validation never panics on arbitrary answer sets
//! and is deterministic; normalisation is idempotent (normalising twice equals normalising
//! once, and the second pass reports no change); `is_valid_json`, which stops at the first
//! error, agrees with `validate_json` on generated sets, arbitrary bytes, and every example
//! answer set of the bundled forms with one answer taken out or changed.
//!
//! Answer sets are generated structurally: master IDs drawn from the form (notes and group
//! headings included) or made up, sequence numbers around the interesting range plus any
//! `u32`, values from a pool of near-canonical texts plus arbitrary strings with full-width
//! characters and control characters.

use std::sync::OnceLock;

use monshin_core::{Answer, RepeatSeq};
use monshin_core::{
    AnswerSet, AnswerStatus, AnswersDoc, CompiledForm, Limits, Mode, Options, PageNumber,
};
use proptest::prelude::*;

fn forms() -> &'static [(CompiledForm, Vec<String>)] {
    static FORMS: OnceLock<Vec<(CompiledForm, Vec<String>)>> = OnceLock::new();
    FORMS.get_or_init(|| {
        monshin_forms::FORMS
            .iter()
            .map(|f| {
                let form = CompiledForm::from_json(f.definition.as_bytes(), &Limits::default())
                    .expect("bundled form compiles");
                let ids = form.item_summaries().map(|s| s.id.to_string()).collect();
                (form, ids)
            })
            .collect()
    })
}

/// Texts close to canonical encodings, and classic troublemakers.
const POOL: &[&str] = &[
    "",
    "0",
    "1",
    "2",
    "3",
    "-1",
    "-0",
    "01",
    "+1",
    "1.",
    ".5",
    "36.5",
    "36.55",
    "１",
    "３６．５",
    "－１",
    "1,2",
    "2,1",
    "1,1",
    "1,2,3,4,5,6,7,8",
    " 1 ",
    "1e3",
    "NaN",
    "inf",
    "99999999999999999999999999999999999999",
    "2026-04-01",
    "2026-02-29",
    "2024-02-29",
    "2026/4/1",
    "令和8年4月1日",
    "R8.4.1",
    "平成元年1月8日",
    "昭和64年1月7日",
    "2026-4-1",
    "2025-10",
    "2025-13",
    "0999-12-31",
    "はい",
    "いいえ",
    "同意する",
    "男",
    "女",
    "鼻水",
    "\u{0}",
    "a\u{7}b",
    "line\nbreak",
    "line\r\nbreak",
    "\u{3000}全角スペース\u{3000}",
    "\u{FEFF}1",
    "𠮷野家",
    "é",
    "e\u{301}",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(POOL).prop_map(str::to_string),
        1 => "\\PC{0,12}",
        1 => "[０-９．－，／年月日令和平成]{0,10}",
        1 => "[\\x00-\\x1f\\x7f-\\x9f a1]{0,6}",
        1 => any::<String>(),
    ]
}

fn seq() -> impl Strategy<Value = u32> {
    prop_oneof![8 => 0u32..=10, 1 => any::<u32>()]
}

fn answer_set(form: usize) -> impl Strategy<Value = AnswerSet> {
    let (compiled, ids) = &forms()[form];
    let definition = compiled.definition_id().to_string();
    let ids = ids.clone();
    let id = prop_oneof![
        6 => proptest::sample::select(ids),
        1 => "[A-Z_0-9]{1,10}",
        1 => "\\PC{0,8}",
    ];
    let answers = proptest::collection::vec((id, seq(), value()), 0..40);
    let status = prop_oneof![
        Just(AnswerStatus::Unanswered),
        Just(AnswerStatus::Draft),
        Just(AnswerStatus::Answered)
    ];
    let definition = prop_oneof![8 => Just(definition), 1 => "\\PC{0,6}"];
    let last_page = proptest::option::of(prop_oneof![0u32..8, any::<u32>()]);
    (definition, status, last_page, answers).prop_map(|(definition, status, last_page, answers)| {
        AnswerSet {
            definition,
            status,
            last_page: last_page.map(PageNumber),
            answers: answers
                .into_iter()
                .map(|(id, seq, value)| Answer {
                    id,
                    seq: RepeatSeq(seq),
                    value,
                })
                .collect(),
        }
    })
}

fn any_form_set() -> impl Strategy<Value = (usize, AnswerSet)> {
    (0..monshin_forms::FORMS.len()).prop_flat_map(|i| answer_set(i).prop_map(move |s| (i, s)))
}

fn options(mode: Mode) -> Options {
    Options {
        mode,
        today: monshin_expr::Date::from_ymd(2026, 4, 1).expect("date"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn validation_never_panics((form, set) in any_form_set(), complete in any::<bool>()) {
        let (compiled, _) = &forms()[form];
        let opts = options(if complete { Mode::Complete } else { Mode::Draft });
        let doc = AnswersDoc::from_set(&set);
        let report = compiled.validate(&doc, &opts);
        // Deterministic, and the JSON path agrees with the parsed path.
        let again = compiled.validate(&doc, &opts);
        prop_assert_eq!(report.findings(), again.findings());
        let bytes = serde_json::to_vec(&set).expect("serialises");
        let from_json = compiled.validate_json(&bytes, &opts).expect("own output parses");
        prop_assert_eq!(report.findings(), from_json.findings());
        // The early-exit check is an oracle-checked shortcut of the full validation.
        prop_assert_eq!(compiled.is_valid_json(&bytes, &opts), from_json.is_valid());
        // Validating for the status never panics either.
        let _ = compiled.validate_for_status(set, opts.today);
    }

    #[test]
    fn normalisation_is_idempotent((form, set) in any_form_set()) {
        let (compiled, _) = &forms()[form];
        let mut once = set.clone();
        compiled.normalize(&mut once);
        let mut twice = once.clone();
        let second = compiled.normalize(&mut twice);
        prop_assert!(second.is_empty(), "second pass changed {:?}", second);
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), form in 0usize..4) {
        let (compiled, _) = &forms()[form % forms().len()];
        let opts = options(Mode::Complete);
        let full = compiled.validate_json(&bytes, &opts);
        prop_assert_eq!(
            compiled.is_valid_json(&bytes, &opts),
            full.is_ok_and(|r| r.is_valid())
        );
    }
}

/// `is_valid_json(x) == validate_json(x).is_valid()` on every example answer set of every
/// bundled form, as given and with each answer in turn removed or given another value, in
/// both modes; both outcomes must occur, or the comparison proves nothing.
#[test]
fn is_valid_json_agrees_with_validate_json_on_edited_examples() {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for (bundled, (compiled, _)) in monshin_forms::FORMS.iter().zip(forms()) {
        let examples = [bundled.complete_answers, bundled.draft_answers]
            .into_iter()
            .chain(bundled.invalid_answers);
        for example in examples {
            let set =
                AnswerSet::from_json(example.as_bytes(), &Limits::default()).expect("example");
            let mut variants = vec![set.clone()];
            for i in 0..set.answers.len() {
                let mut removed = set.clone();
                removed.answers.remove(i);
                variants.push(removed);
                for value in ["", "2", "x", "２", "2026-13-01"] {
                    let mut changed = set.clone();
                    if let Some(a) = changed.answers.get_mut(i) {
                        a.value = value.into();
                    }
                    variants.push(changed);
                }
            }
            for variant in &variants {
                let bytes = serde_json::to_vec(variant).expect("serialises");
                for mode in [Mode::Draft, Mode::Complete] {
                    let opts = options(mode);
                    let full = compiled
                        .validate_json(&bytes, &opts)
                        .is_ok_and(|r| r.is_valid());
                    assert_eq!(
                        compiled.is_valid_json(&bytes, &opts),
                        full,
                        "{} ({mode:?})",
                        bundled.name
                    );
                    if full {
                        valid += 1;
                    } else {
                        invalid += 1;
                    }
                }
            }
        }
    }
    assert!(
        valid > 100 && invalid > 1000,
        "valid {valid}, invalid {invalid}"
    );
}
