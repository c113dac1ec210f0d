//! Tests of diff, apply, merge and repetition removal: examples, error codes, redaction, and
//! proptest properties (`apply(diff(a, b), a) == b`, merge identities and symmetry).

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::answers::{Answer, AnswerSet};
use crate::compile::CompiledForm;
use crate::ids::{AnswerStatus, PageNumber, RepeatSeq};
use crate::limits::Limits;

/// Two pages; page 2 holds the repeatable group `G` (members `G_X`, `G_Y`) and `C`.
const FORM: &str = r#"{
  "formKind": "vaccination", "id": "T1", "title": "test", "version": "1",
  "pages": [
    { "number": 1, "label": "one", "items": [
      { "id": "A", "type": "text", "text": "a" },
      { "id": "B", "type": "text", "text": "b" } ] },
    { "number": 2, "label": "two", "items": [
      { "id": "G", "type": "group", "text": "g", "minRepeat": 0, "maxRepeat": 5, "items": [
        { "id": "G_X", "type": "text", "text": "x" },
        { "id": "G_Y", "type": "text", "text": "y" } ] },
      { "id": "C", "type": "text", "text": "c" } ] }
  ]
}"#;

const SENTINEL: &str = "SENTINEL-体温-36.9";

fn form() -> CompiledForm {
    CompiledForm::from_json(FORM.as_bytes(), &Limits::default()).expect("test form compiles")
}

fn set(status: AnswerStatus, last_page: Option<u32>, answers: &[(&str, u32, &str)]) -> AnswerSet {
    AnswerSet {
        definition: "T1".into(),
        status,
        last_page: last_page.map(PageNumber),
        answers: answers
            .iter()
            .map(|&(id, seq, value)| Answer {
                id: id.into(),
                seq: RepeatSeq(seq),
                value: value.into(),
            })
            .collect(),
    }
}

fn draft(answers: &[(&str, u32, &str)]) -> AnswerSet {
    set(AnswerStatus::Draft, Some(1), answers)
}

/// The set with its answers sorted: answer sets are compared up to answer order.
fn canon(s: &AnswerSet) -> AnswerSet {
    let mut s = s.clone();
    s.answers.sort();
    s
}

#[test]
fn diff_groups_changes_by_page_in_definition_order() {
    let a = draft(&[
        ("C", 1, "c"),
        ("A", 1, "a"),
        ("ZZ", 1, "z"),
        ("G_X", 2, "x2"),
    ]);
    let b = set(
        AnswerStatus::Answered,
        Some(2),
        &[
            ("A", 1, "a2"),
            ("B", 1, "b"),
            ("G_X", 1, "x1"),
            ("G_X", 2, "x2"),
        ],
    );
    let d = diff(&form(), &a, &b).expect("diff");
    assert_eq!(
        serde_json::to_value(&d).expect("serialises"),
        json!({
            "definition": "T1",
            "status": { "from": "draft", "to": "answered" },
            "lastPage": { "from": 1, "to": 2 },
            "pages": [
                { "page": 1, "changes": [
                    { "change": "changed", "id": "A", "seq": 1, "before": "a", "after": "a2" },
                    { "change": "added", "id": "B", "seq": 1, "after": "b" } ] },
                { "page": 2, "changes": [
                    { "change": "added", "id": "G_X", "seq": 1, "after": "x1" },
                    { "change": "removed", "id": "C", "seq": 1, "before": "c" } ] },
                { "page": null, "changes": [
                    { "change": "removed", "id": "ZZ", "seq": 1, "before": "z" } ] }
            ]
        })
    );
    assert_eq!(d.changed_pages(), vec![PageNumber(1), PageNumber(2)]);
    let back: AnswerDiff = serde_json::from_value(serde_json::to_value(&d).expect("json"))
        .expect("a serialised diff reads back");
    assert_eq!(back, d);
    assert_eq!(canon(&apply(&d, &a).expect("applies")), canon(&b));
}

#[test]
fn diff_of_equal_sets_is_empty() {
    let a = draft(&[("A", 1, "a"), ("B", 1, "b")]);
    let b = draft(&[("B", 1, "b"), ("A", 1, "a")]);
    let d = diff(&form(), &a, &b).expect("diff");
    assert!(d.is_empty());
    assert_eq!(d.changes().count(), 0);
}

#[test]
fn diff_refuses_other_forms_and_duplicate_keys() {
    let mut other = draft(&[]);
    other.definition = "OTHER".into();
    let err = diff(&form(), &draft(&[]), &other).expect_err("other form");
    assert_eq!(err.code().as_str(), "diff.form-id-mismatch");
    assert!(matches!(
        err,
        DiffError::FormIdMismatch {
            role: SetRole::After,
            ..
        }
    ));

    let dup = draft(&[("A", 1, SENTINEL), ("A", 1, SENTINEL)]);
    let err = diff(&form(), &dup, &draft(&[])).expect_err("duplicate");
    assert_eq!(err.code().as_str(), "diff.duplicate-answer");
    assert_eq!(err.location().page, Some(PageNumber(1)));
    assert_eq!(err.location().master_id.as_deref(), Some("A"));
    assert!(!err.to_string().contains(SENTINEL));
}

#[test]
fn apply_refuses_a_base_the_diff_was_not_made_from() {
    let f = form();
    let a = draft(&[("A", 1, "a"), ("B", 1, "b")]);
    let b = set(
        AnswerStatus::Answered,
        Some(2),
        &[("A", 1, "a2"), ("C", 1, "c")],
    );
    let d = diff(&f, &a, &b).expect("diff");

    let expect = |base: &AnswerSet, expected: BaseExpectation| {
        let err = apply(&d, base).expect_err("mismatch");
        assert_eq!(err.code().as_str(), "diff.base-mismatch");
        assert!(
            matches!(err, DiffError::BaseMismatch { expected: e, .. } if e == expected),
            "{err:?}"
        );
        err
    };
    // Status and last page first.
    expect(
        &set(AnswerStatus::Unanswered, Some(1), &[]),
        BaseExpectation::Status,
    );
    expect(
        &set(AnswerStatus::Draft, Some(2), &[]),
        BaseExpectation::LastPage,
    );
    // `A` changed but the base holds another value; `B` removed but absent; `C` added but
    // present.
    let err = expect(
        &draft(&[("A", 1, SENTINEL), ("B", 1, "b")]),
        BaseExpectation::SameValue,
    );
    assert_eq!(err.location().master_id.as_deref(), Some("A"));
    assert_eq!(err.location().page, Some(PageNumber(1)));
    assert!(!err.to_string().contains(SENTINEL));
    assert!(!format!("{err:?}").contains(SENTINEL));
    expect(&draft(&[("A", 1, "a")]), BaseExpectation::Present);
    expect(
        &draft(&[("A", 1, "a"), ("B", 1, "b"), ("C", 1, "c")]),
        BaseExpectation::Absent,
    );

    let mut other = a.clone();
    other.definition = "OTHER".into();
    assert_eq!(
        apply(&d, &other).expect_err("form").code().as_str(),
        "diff.form-id-mismatch"
    );
    let dup = draft(&[("A", 1, "a"), ("A", 1, "a")]);
    assert_eq!(
        apply(&d, &dup).expect_err("dup").code().as_str(),
        "diff.duplicate-answer"
    );
}

#[test]
fn apply_refuses_a_hand_written_diff_that_repeats_a_key() {
    let d: AnswerDiff = serde_json::from_value(json!({
        "definition": "T1",
        "pages": [ { "page": 1, "changes": [
            { "change": "added", "id": "A", "seq": 1, "after": "1" },
            { "change": "added", "id": "A", "seq": 1, "after": "2" } ] } ]
    }))
    .expect("reads");
    let err = apply(&d, &draft(&[])).expect_err("second add");
    assert!(matches!(
        err,
        DiffError::BaseMismatch {
            expected: BaseExpectation::Absent,
            ..
        }
    ));
}

#[test]
fn merge_takes_one_sided_changes_and_reports_conflicts() {
    let f = form();
    let base = draft(&[
        ("A", 1, "a"),
        ("B", 1, "b"),
        ("C", 1, "c"),
        ("G_X", 1, "x"),
        ("G_Y", 1, "y"),
    ]);
    let ours = set(
        AnswerStatus::Draft,
        Some(2),
        &[
            ("A", 1, "ours"),
            ("B", 1, "b2"),
            ("G_X", 1, "x-ours"),
            ("G_Y", 1, "y"),
        ],
    );
    let theirs = set(
        AnswerStatus::Draft,
        Some(1),
        &[
            ("A", 1, "theirs"),
            ("B", 1, "b2"),
            ("C", 1, "c"),
            ("G_X", 1, "x-theirs"),
            ("G_Y", 1, "y"),
        ],
    );
    let out = merge(&f, &base, &ours, &theirs).expect("merge");
    // A: both changed (theirs kept); B: same change; C: ours removed, theirs unchanged → removed;
    // G_X: the one row edited on both sides, differently (theirs kept).
    assert_eq!(
        out.merged,
        set(
            AnswerStatus::Draft,
            Some(2),
            &[
                ("A", 1, "theirs"),
                ("B", 1, "b2"),
                ("G_X", 1, "x-theirs"),
                ("G_Y", 1, "y")
            ]
        )
    );
    let kinds: Vec<(&str, AnswerConflictKind)> = out
        .conflicts
        .iter()
        .filter_map(|c| match c {
            Conflict::Answer(a) => Some((a.id.as_str(), a.kind)),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("A", AnswerConflictKind::BothChanged),
            ("G_X", AnswerConflictKind::BothChanged),
        ]
    );
    assert_eq!(out.conflicts.len(), 2);
    let Some(Conflict::Answer(gx)) = out.conflicts.get(1) else {
        panic!("an answer conflict")
    };
    let one = RepeatSeq(1);
    assert_eq!(
        gx.row,
        Some(RowSeqs {
            base: one,
            ours: one,
            theirs: one
        })
    );
    // Plain keys: one side removed what the other changed.
    let removed = draft(&[("A", 1, "a")]);
    let changed = draft(&[("A", 1, "a2")]);
    let out = merge(&f, &base_a(), &removed_a(&removed), &changed).expect("merge");
    assert!(out
        .conflicts
        .iter()
        .any(|c| matches!(c, Conflict::Answer(a) if a.kind == AnswerConflictKind::RemovedByOurs)));
}

fn base_a() -> AnswerSet {
    draft(&[("A", 1, "a")])
}

fn removed_a(s: &AnswerSet) -> AnswerSet {
    let mut s = s.clone();
    s.answers.clear();
    s
}

#[test]
fn merge_reports_a_status_conflict_and_keeps_theirs() {
    let f = form();
    let base = set(AnswerStatus::Unanswered, None, &[]);
    let ours = set(AnswerStatus::Draft, Some(1), &[("A", 1, "a")]);
    let theirs = set(AnswerStatus::Answered, Some(2), &[("A", 1, "a")]);
    let out = merge(&f, &base, &ours, &theirs).expect("merge");
    assert_eq!(
        out.conflicts,
        vec![Conflict::Status(StatusConflict {
            base: AnswerStatus::Unanswered,
            ours: AnswerStatus::Draft,
            theirs: AnswerStatus::Answered,
        })]
    );
    assert_eq!(out.merged.status, AnswerStatus::Answered);
    assert_eq!(out.merged.last_page, Some(PageNumber(2)));
    let json = serde_json::to_value(&out).expect("serialises");
    assert_eq!(
        json["conflicts"][0],
        json!({ "conflict": "status", "base": "unanswered", "ours": "draft", "theirs": "answered" })
    );
    let back: MergeOutcome = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, out);
}

#[test]
fn merge_refuses_sets_of_other_forms() {
    let mut other = draft(&[]);
    other.definition = "OTHER".into();
    let err = merge(&form(), &draft(&[]), &draft(&[]), &other).expect_err("other");
    assert!(matches!(
        err,
        DiffError::FormIdMismatch {
            role: SetRole::Theirs,
            ..
        }
    ));
    let dup = draft(&[("A", 1, "a"), ("A", 1, "b")]);
    let err = merge(&form(), &draft(&[]), &dup, &draft(&[])).expect_err("dup");
    assert!(matches!(
        err,
        DiffError::DuplicateAnswer {
            role: SetRole::Ours,
            ..
        }
    ));
}

#[test]
fn remove_repetition_drops_one_row_and_renumbers_the_rest() {
    let f = form();
    let s = draft(&[
        ("A", 2, "not a member: seq untouched"),
        ("G_X", 1, "x1"),
        ("G_Y", 1, "y1"),
        ("G_X", 2, "x2"),
        ("G_X", 3, "x3"),
        ("G_Y", 3, "y3"),
    ]);
    let out = remove_repetition(&s, &f, "G", RepeatSeq(2)).expect("removes");
    assert_eq!(
        out,
        draft(&[
            ("A", 2, "not a member: seq untouched"),
            ("G_X", 1, "x1"),
            ("G_Y", 1, "y1"),
            ("G_X", 2, "x3"),
            ("G_Y", 2, "y3"),
        ])
    );
    let first = remove_repetition(&s, &f, "G", RepeatSeq(1)).expect("removes");
    assert_eq!(first.get("G_X", RepeatSeq(1)), Some("x2"));
    assert_eq!(first.get("G_Y", RepeatSeq(2)), Some("y3"));
    assert_eq!(first.get("G_X", RepeatSeq(3)), None);
}

#[test]
fn remove_repetition_errors() {
    let f = form();
    let s = draft(&[("G_X", 1, "x1"), ("A", 1, "a")]);
    let err = remove_repetition(&s, &f, "A", RepeatSeq(1)).expect_err("not a group");
    assert_eq!(err.code().as_str(), "diff.not-a-group");
    assert_eq!(err.location().master_id.as_deref(), Some("A"));
    let err = remove_repetition(&s, &f, "G_X", RepeatSeq(1)).expect_err("a member");
    assert_eq!(err.code().as_str(), "diff.not-a-group");
    for seq in [0, 2, u32::MAX] {
        let err = remove_repetition(&s, &f, "G", RepeatSeq(seq)).expect_err("no such row");
        assert_eq!(err.code().as_str(), "diff.repetition-not-found");
        assert_eq!(err.location().page, Some(PageNumber(2)));
        assert_eq!(err.location().seq, Some(RepeatSeq(seq)));
    }
    let dup = draft(&[("G_X", 1, "x1"), ("G_X", 1, "x1")]);
    let err = remove_repetition(&dup, &f, "G", RepeatSeq(1)).expect_err("dup");
    assert!(matches!(
        err,
        DiffError::DuplicateAnswer {
            role: SetRole::Input,
            ..
        }
    ));
    let mut other = s.clone();
    other.definition = "OTHER".into();
    let err = remove_repetition(&other, &f, "G", RepeatSeq(1)).expect_err("form");
    assert!(matches!(
        err,
        DiffError::FormIdMismatch {
            role: SetRole::Input,
            ..
        }
    ));
}

#[test]
fn debug_and_display_never_show_answer_values() {
    let f = form();
    let a = draft(&[("A", 1, SENTINEL), ("B", 1, SENTINEL)]);
    let b = draft(&[("A", 1, "SENTINEL-after"), ("C", 1, SENTINEL)]);
    let c = draft(&[("A", 1, "SENTINEL-theirs"), ("B", 1, "SENTINEL-b")]);
    let d = diff(&f, &a, &b).expect("diff");
    let m = merge(&f, &a, &b, &c).expect("merge");
    assert!(!m.conflicts.is_empty());
    let texts = [
        format!("{d:?}"),
        format!("{d:#?}"),
        format!("{m:?}"),
        format!("{:?}", m.conflicts),
        format!("{:?}", d.changes().collect::<Vec<_>>()),
    ];
    for text in texts {
        assert!(!text.contains("SENTINEL"), "value leaked: {text}");
    }
    // The key is still there, so Debug stays useful.
    assert!(format!("{d:?}").contains("\"A\""));
    // Error messages built from every variant.
    let errors = [
        apply(&d, &c).expect_err("mismatch"),
        remove_repetition(&a, &f, "G", RepeatSeq(1)).expect_err("no row"),
        diff(&f, &draft(&[("A", 1, SENTINEL), ("A", 1, SENTINEL)]), &a).expect_err("dup"),
    ];
    for e in errors {
        assert!(!e.to_string().contains("SENTINEL"), "{e}");
        assert!(!format!("{e:?}").contains("SENTINEL"), "{e:?}");
    }
}

// ---- properties ------------------------------------------------------------------------------

/// Master IDs of the test form plus one it does not have; each may be answered at seq 1..=3.
/// Conflicts without the positions that depend on which side's rows the merged set kept.
fn without_merged_seqs(conflicts: &[Conflict]) -> Vec<Conflict> {
    conflicts
        .iter()
        .cloned()
        .map(|c| match c {
            Conflict::Answer(mut a) if a.row.is_some() => {
                a.seq = RepeatSeq(0);
                Conflict::Answer(a)
            }
            Conflict::Rows(mut r) => {
                r.merged.clear();
                Conflict::Rows(r)
            }
            other => other,
        })
        .collect()
}

const IDS: [&str; 6] = ["A", "B", "G_X", "G_Y", "C", "ZZ_UNKNOWN"];
const SEQS: u32 = 3;
const VALUES: [&str; 3] = ["v1", "v2", "SENTINEL-v3"];

fn status_strategy() -> impl Strategy<Value = AnswerStatus> {
    prop_oneof![
        Just(AnswerStatus::Unanswered),
        Just(AnswerStatus::Draft),
        Just(AnswerStatus::Answered),
    ]
}

/// Answer sets over a small key space with few values, so that equal values, shared keys and
/// conflicts are all frequent.
fn set_strategy() -> impl Strategy<Value = AnswerSet> {
    let cells = IDS.len() * SEQS as usize;
    (
        status_strategy(),
        prop::option::of(1u32..4),
        prop::collection::vec(prop::option::weighted(0.5, 0..VALUES.len()), cells),
        any::<bool>(),
    )
        .prop_map(|(status, last_page, cells, reversed)| {
            let mut answers: Vec<Answer> = cells
                .into_iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let value = VALUES.get(v?)?;
                    let id = IDS.get(i / SEQS as usize)?;
                    let seq = (i % SEQS as usize) as u32 + 1;
                    Some(Answer {
                        id: (*id).into(),
                        seq: RepeatSeq(seq),
                        value: (*value).into(),
                    })
                })
                .collect();
            if reversed {
                answers.reverse();
            }
            AnswerSet {
                definition: "T1".into(),
                status,
                last_page: last_page.map(PageNumber),
                answers,
            }
        })
}

proptest! {
    #[test]
    fn apply_of_diff_gives_the_second_set(a in set_strategy(), b in set_strategy()) {
        let f = form();
        let d = diff(&f, &a, &b).expect("diff");
        prop_assert_eq!(canon(&apply(&d, &a).expect("applies")), canon(&b));
        // And through JSON.
        let json = serde_json::to_string(&d).expect("serialises");
        let back: AnswerDiff = serde_json::from_str(&json).expect("reads back");
        prop_assert_eq!(&back, &d);
        prop_assert_eq!(d.is_empty(), canon(&a) == canon(&b));
    }

    #[test]
    fn merge_with_unchanged_theirs_is_ours(base in set_strategy(), x in set_strategy()) {
        let out = merge(&form(), &base, &x, &base).expect("merge");
        prop_assert!(out.conflicts.is_empty());
        prop_assert_eq!(canon(&out.merged), canon(&x));
    }

    #[test]
    fn merge_with_unchanged_ours_is_theirs(base in set_strategy(), y in set_strategy()) {
        let out = merge(&form(), &base, &base, &y).expect("merge");
        prop_assert!(out.conflicts.is_empty());
        prop_assert_eq!(canon(&out.merged), canon(&y));
    }

    #[test]
    fn merge_of_equal_sides_is_that_side(base in set_strategy(), x in set_strategy()) {
        let out = merge(&form(), &base, &x, &x).expect("merge");
        prop_assert!(out.conflicts.is_empty());
        prop_assert_eq!(canon(&out.merged), canon(&x));
    }

    #[test]
    fn merge_is_symmetric_up_to_conflict_sides(
        base in set_strategy(), x in set_strategy(), y in set_strategy()
    ) {
        let f = form();
        let xy = merge(&f, &base, &x, &y).expect("merge");
        let yx = merge(&f, &base, &y, &x).expect("merge");
        let swapped: Vec<Conflict> = yx.conflicts.iter().map(Conflict::swapped).collect();
        prop_assert_eq!(without_merged_seqs(&xy.conflicts), without_merged_seqs(&swapped));
        // Same last page; the same status unless it conflicts (each keeps its theirs).
        prop_assert_eq!(xy.merged.last_page, yx.merged.last_page);
        let status_conflict = xy.conflicts.iter().any(|c| matches!(c, Conflict::Status(_)));
        prop_assert_eq!(status_conflict, xy.merged.status != yx.merged.status);
        // Outside conflicting keys (and outside the group when its rows conflict) the answers
        // agree; on conflicting keys each holds its own `theirs`.
        let group_conflict = xy.conflicts.iter().any(|c| match c {
            Conflict::Rows(_) => true,
            Conflict::Answer(a) => a.row.is_some(),
            Conflict::Status(_) => false,
        });
        let conflicting: Vec<(String, RepeatSeq)> = xy
            .conflicts
            .iter()
            .filter_map(|c| match c {
                Conflict::Answer(a) if a.row.is_none() => Some((a.id.clone(), a.seq)),
                _ => None,
            })
            .collect();
        let outside = |s: &AnswerSet| {
            let mut s = canon(s);
            s.answers.retain(|a| !conflicting.contains(&(a.id.clone(), a.seq)));
            s.answers.retain(|a| !(group_conflict && a.id.starts_with("G_")));
            s.answers
        };
        prop_assert_eq!(outside(&xy.merged), outside(&yx.merged));
        for (id, seq) in &conflicting {
            prop_assert_eq!(xy.merged.get(id, *seq), y.get(id, *seq));
            prop_assert_eq!(yx.merged.get(id, *seq), x.get(id, *seq));
        }
    }

    #[test]
    fn merged_answers_come_from_one_of_the_sides(
        base in set_strategy(), x in set_strategy(), y in set_strategy()
    ) {
        let out = merge(&form(), &base, &x, &y).expect("merge");
        for a in &out.merged.answers {
            let v = Some(a.value.as_str());
            if a.id.starts_with("G_") {
                // Rows are matched by identity and renumbered: same item, any seq.
                let any = |s: &AnswerSet| s.answers.iter().any(|b| b.id == a.id && b.value == a.value);
                prop_assert!(any(&x) || any(&y));
            } else {
                prop_assert!(x.get(&a.id, a.seq) == v || y.get(&a.id, a.seq) == v);
            }
        }
        let debug = format!("{out:?}");
        prop_assert!(!debug.contains("SENTINEL"));
        let json = serde_json::to_string(&out).expect("serialises");
        let back: MergeOutcome = serde_json::from_str(&json).expect("reads back");
        prop_assert_eq!(back, out);
    }

    #[test]
    fn removing_a_repetition_keeps_the_rows_contiguous(
        rows in prop::collection::vec((any::<bool>(), any::<bool>()), 1..6),
        pick in any::<prop::sample::Index>(),
    ) {
        // Repetition `i + 1` answers G_X and/or G_Y (at least one of them), plus an item
        // outside the group.
        let mut answers = vec![("A", 1, "outside".to_owned())];
        for (i, (x, y)) in rows.iter().enumerate() {
            let seq = i as u32 + 1;
            if *x || !*y {
                answers.push(("G_X", seq, format!("x{seq}")));
            }
            if *y {
                answers.push(("G_Y", seq, format!("y{seq}")));
            }
        }
        let borrowed: Vec<(&str, u32, &str)> =
            answers.iter().map(|(id, seq, v)| (*id, *seq, v.as_str())).collect();
        let before = draft(&borrowed);
        let k = pick.index(rows.len()) as u32 + 1;
        let after = remove_repetition(&before, &form(), "G", RepeatSeq(k)).expect("removes");
        prop_assert_eq!(after.get("A", RepeatSeq(1)), Some("outside"));
        let mut seqs: Vec<u32> = after
            .answers
            .iter()
            .filter(|a| a.id.starts_with("G_"))
            .map(|a| a.seq.0)
            .collect();
        seqs.sort_unstable();
        seqs.dedup();
        prop_assert_eq!(seqs, (1..rows.len() as u32).collect::<Vec<_>>());
        // Row j > k moved to j - 1 with its values; rows before k are untouched.
        for a in after.answers.iter().filter(|a| a.id.starts_with("G_")) {
            let original = if a.seq.0 >= k { a.seq.0 + 1 } else { a.seq.0 };
            prop_assert_eq!(before.get(&a.id, RepeatSeq(original)), Some(a.value.as_str()));
        }
    }
}
