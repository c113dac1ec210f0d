//! Tests of row identity in merge: the household regression (a row deleted and renumbered on
//! one side, the next row edited on the other) and a property test against a model in which
//! every row has a hidden identity: random inserts, deletes, moves and edits on both sides
//! never lose an edit and never attach one row's answers to another row.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;
use crate::answers::{Answer, AnswerSet};
use crate::compile::CompiledForm;
use crate::ids::{AnswerStatus, PageNumber, RepeatSeq};
use crate::limits::Limits;
use crate::validate::Mode;

/// A household table: relationship and age per row, plus one item outside the group.
const FORM: &str = r#"{
  "formKind": "vaccination", "id": "H1", "title": "household", "version": "1",
  "pages": [
    { "number": 1, "label": "family", "items": [
      { "id": "NOTE", "type": "text", "text": "note" },
      { "id": "HH", "type": "group", "text": "household", "minRepeat": 0, "maxRepeat": 20,
        "items": [
          { "id": "HH_NAME", "type": "text", "text": "name" },
          { "id": "HH_REL", "type": "text", "text": "relationship", "required": true },
          { "id": "HH_AGE", "type": "text", "text": "age" } ] } ] }
  ]
}"#;

fn form() -> CompiledForm {
    CompiledForm::from_json(FORM.as_bytes(), &Limits::default()).expect("test form compiles")
}

fn household(rows: &[(&str, &str)]) -> AnswerSet {
    let mut answers = vec![Answer {
        id: "NOTE".into(),
        seq: RepeatSeq(1),
        value: "n".into(),
    }];
    for (i, (rel, age)) in rows.iter().enumerate() {
        let seq = RepeatSeq(u32::try_from(i).expect("few rows") + 1);
        answers.push(Answer {
            id: "HH_REL".into(),
            seq,
            value: (*rel).into(),
        });
        answers.push(Answer {
            id: "HH_AGE".into(),
            seq,
            value: (*age).into(),
        });
    }
    AnswerSet {
        definition: "H1".into(),
        status: AnswerStatus::Draft,
        last_page: Some(PageNumber(1)),
        answers,
    }
}

fn canon(s: &AnswerSet) -> AnswerSet {
    let mut s = s.clone();
    s.answers.sort();
    s
}

#[test]
fn a_deleted_row_and_an_edit_of_the_next_merge_onto_the_right_row() {
    let f = form();
    let base = household(&[("father", "40"), ("mother", "38"), ("sister", "6")]);
    // Ours deletes the father; the others move up (renumbered).
    let ours = remove_repetition(&base, &f, "HH", RepeatSeq(1)).expect("removes");
    assert_eq!(
        canon(&ours),
        canon(&household(&[("mother", "38"), ("sister", "6")]))
    );
    // Theirs changes the mother's age, in row 2.
    let theirs = household(&[("father", "40"), ("mother", "39"), ("sister", "6")]);

    let want = household(&[("mother", "39"), ("sister", "6")]);
    for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
        let out = merge(&f, &base, o, t).expect("merge");
        assert_eq!(out.conflicts, vec![]);
        assert_eq!(canon(&out.merged), canon(&want));
        let report = f.validate(
            &crate::answers::AnswersDoc::from_set(&out.merged),
            &crate::validate::Options {
                mode: Mode::Complete,
                today: monshin_expr::Date::from_ymd(2026, 4, 1).expect("date"),
            },
        );
        assert!(report.is_valid(), "{:?}", report.findings());
    }
}

#[test]
fn an_edit_of_a_row_the_other_side_deleted_is_a_conflict() {
    let f = form();
    let base = household(&[("father", "40"), ("mother", "38"), ("sister", "6")]);
    let ours = household(&[("mother", "38"), ("sister", "6")]);
    let theirs = household(&[("father", "41"), ("mother", "38"), ("sister", "6")]);
    let out = merge(&f, &base, &ours, &theirs).expect("merge");
    let [Conflict::Rows(c)] = out.conflicts.as_slice() else {
        panic!("one rows conflict, got {:?}", out.conflicts)
    };
    assert_eq!(c.kind, RowsConflictKind::RemovedByOurs);
    assert_eq!(c.group, "HH");
    assert_eq!(c.merged, vec![RepeatSeq(1)]);
    assert!(c.ours.is_empty());
    assert_eq!(c.base.len(), 2);
    // Theirs kept: the father stays, with their edit; the mother is not touched.
    assert_eq!(canon(&out.merged), canon(&theirs));
    let json = serde_json::to_value(&out).expect("serialises");
    assert_eq!(json["conflicts"][0]["conflict"], "rows");
    assert_eq!(json["conflicts"][0]["kind"], "removed-by-ours");
    let back: MergeOutcome = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, out);
}

#[test]
fn one_row_replaced_by_two_against_an_edit_of_it_is_a_conflict() {
    let f = form();
    let base = household(&[("father", "40"), ("mother", "38"), ("sister", "6")]);
    // Ours: the mother's row split into two other people (identity unknown).
    let ours = household(&[
        ("father", "40"),
        ("aunt", "50"),
        ("uncle", "52"),
        ("sister", "6"),
    ]);
    let theirs = household(&[("father", "40"), ("mother", "39"), ("sister", "6")]);
    let out = merge(&f, &base, &ours, &theirs).expect("merge");
    assert!(matches!(
        out.conflicts.as_slice(),
        [Conflict::Rows(RowsConflict {
            kind: RowsConflictKind::BothRearranged,
            ..
        })]
    ));
    assert_eq!(canon(&out.merged), canon(&theirs));
}

/// A model row: hidden identity and its answers (the name is never edited; the age may be
/// unanswered).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ModelRow {
    id: u32,
    name: String,
    rel: String,
    age: Option<String>,
}

impl ModelRow {
    fn new(id: u32, origin: &str, with_age: bool) -> ModelRow {
        ModelRow {
            id,
            name: format!("r{id}.name.{origin}"),
            rel: format!("r{id}.rel.{origin}"),
            age: with_age.then(|| format!("r{id}.age.{origin}")),
        }
    }

    /// How many answers the two share, and how many items either answers.
    fn overlap(&self, other: &ModelRow) -> (usize, usize) {
        let shared = usize::from(self.name == other.name)
            + usize::from(self.rel == other.rel)
            + usize::from(self.age.is_some() && self.age == other.age);
        let union = 2 + usize::from(self.age.is_some() || other.age.is_some());
        (shared, union)
    }
}

/// Rows a side changed beyond recognition (fewer than half of their answers kept: the
/// documented limit of identity without row keys) become new rows: a plain answer set cannot
/// tell them from a deletion and an insertion, so the model does not either.
fn reidentify(base: &[ModelRow], side: &mut [ModelRow], offset: u32) {
    for row in side {
        if let Some(b) = base.iter().find(|b| b.id == row.id) {
            let (shared, union) = row.overlap(b);
            if shared * 2 < union {
                row.id += offset;
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Insert(prop::sample::Index, bool),
    Delete(prop::sample::Index),
    Move(prop::sample::Index, prop::sample::Index),
    EditRel(prop::sample::Index),
    EditAge(prop::sample::Index),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<bool>()).prop_map(|(i, a)| Op::Insert(i, a)),
        any::<prop::sample::Index>().prop_map(Op::Delete),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Op::Move(a, b)),
        any::<prop::sample::Index>().prop_map(Op::EditRel),
        any::<prop::sample::Index>().prop_map(Op::EditAge),
    ]
}

/// Applies `ops` with fresh values tagged by `side`: every value names its row identity
/// (`r{id}.…`) and is unique, so the merged set shows which row each answer came from.
fn apply_ops(rows: &[ModelRow], ops: &[Op], side: &str, first_id: u32) -> Vec<ModelRow> {
    let mut rows = rows.to_vec();
    let mut next_id = first_id;
    for (k, op) in ops.iter().enumerate() {
        let fresh = |id: u32, what: &str| format!("r{id}.{what}.{side}{k}");
        match op {
            Op::Insert(at, with_age) => {
                let id = next_id;
                next_id += 1;
                let row = ModelRow::new(id, &format!("{side}{k}"), *with_age);
                rows.insert(at.index(rows.len() + 1), row);
            }
            Op::Delete(at) if !rows.is_empty() => {
                rows.remove(at.index(rows.len()));
            }
            Op::Move(from, to) if !rows.is_empty() => {
                let row = rows.remove(from.index(rows.len()));
                rows.insert(to.index(rows.len() + 1), row);
            }
            Op::EditRel(at) if !rows.is_empty() => {
                let i = at.index(rows.len());
                rows[i].rel = fresh(rows[i].id, "rel");
            }
            Op::EditAge(at) if !rows.is_empty() => {
                let i = at.index(rows.len());
                rows[i].age = Some(fresh(rows[i].id, "age"));
            }
            _ => {}
        }
    }
    rows
}

fn to_set(rows: &[ModelRow]) -> AnswerSet {
    let mut set = household(&[]);
    for (i, row) in rows.iter().enumerate() {
        let seq = RepeatSeq(u32::try_from(i).expect("few rows") + 1);
        set.answers.push(Answer {
            id: "HH_NAME".into(),
            seq,
            value: row.name.clone(),
        });
        set.answers.push(Answer {
            id: "HH_REL".into(),
            seq,
            value: row.rel.clone(),
        });
        if let Some(age) = &row.age {
            set.answers.push(Answer {
                id: "HH_AGE".into(),
                seq,
                value: age.clone(),
            });
        }
    }
    set
}

/// The row identity a value belongs to.
fn identity(value: &str) -> Option<u32> {
    value.strip_prefix('r')?.split('.').next()?.parse().ok()
}

/// A merged row: name, relationship, age.
type Cells = (Option<String>, Option<String>, Option<String>);

/// The merged rows by seq.
fn merged_rows(set: &AnswerSet) -> BTreeMap<RepeatSeq, Cells> {
    let mut rows: BTreeMap<RepeatSeq, Cells> = BTreeMap::new();
    for a in set.answers.iter().filter(|a| a.id.starts_with("HH_")) {
        let row = rows.entry(a.seq).or_default();
        match a.id.as_str() {
            "HH_NAME" => row.0 = Some(a.value.clone()),
            "HH_REL" => row.1 = Some(a.value.clone()),
            _ => row.2 = Some(a.value.clone()),
        }
    }
    rows
}

/// What a merge by true identity gives when nothing conflicts, as a set of rows; `None` when
/// by identity the sides conflict (an edit of a row the other side deleted, or both sides
/// editing one answer differently).
fn model_merge(
    base: &[ModelRow],
    ours: &[ModelRow],
    theirs: &[ModelRow],
) -> Option<BTreeSet<ModelRow>> {
    let by_id = |rows: &[ModelRow]| -> BTreeMap<u32, ModelRow> {
        rows.iter().map(|r| (r.id, r.clone())).collect()
    };
    let (b, o, t) = (by_id(base), by_id(ours), by_id(theirs));
    let mut out = BTreeSet::new();
    for (id, rb) in &b {
        match (o.get(id), t.get(id)) {
            (Some(ro), Some(rt)) => {
                let rel = three_way(&rb.rel, &ro.rel, &rt.rel)?;
                let age = three_way(&rb.age, &ro.age, &rt.age)?;
                out.insert(ModelRow {
                    id: *id,
                    name: rb.name.clone(),
                    rel,
                    age,
                });
            }
            (None, Some(r)) | (Some(r), None) if r != rb => return None,
            _ => {}
        }
    }
    for (id, r) in o.iter().chain(&t) {
        if !b.contains_key(id) {
            out.insert(r.clone());
        }
    }
    Some(out)
}

fn three_way<T: PartialEq + Clone>(b: &T, o: &T, t: &T) -> Option<T> {
    if o == t || t == b {
        Some(o.clone())
    } else if o == b {
        Some(t.clone())
    } else {
        None
    }
}

/// Every value of a conflict (base, ours, theirs).
fn conflict_values(conflicts: &[Conflict]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in conflicts {
        match c {
            Conflict::Answer(a) => out.extend([&a.ours, &a.theirs].into_iter().flatten().cloned()),
            Conflict::Rows(r) => {
                out.extend(r.ours.iter().chain(&r.theirs).map(|a| a.value.clone()))
            }
            Conflict::Status(_) => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn merge_never_loses_or_misattaches_an_edit(
        ages in prop::collection::vec(any::<bool>(), 0..6),
        ours_ops in prop::collection::vec(op(), 0..4),
        theirs_ops in prop::collection::vec(op(), 0..4),
    ) {
        let base: Vec<ModelRow> = ages
            .iter()
            .zip(0u32..)
            .map(|(with_age, id)| ModelRow::new(id, "base", *with_age))
            .collect();
        let mut ours = apply_ops(&base, &ours_ops, "o", 100);
        let mut theirs = apply_ops(&base, &theirs_ops, "t", 200);
        reidentify(&base, &mut ours, 1000);
        reidentify(&base, &mut theirs, 2000);
        let (sb, so, st) = (to_set(&base), to_set(&ours), to_set(&theirs));
        let out = merge(&form(), &sb, &so, &st).expect("merge");
        let rows = merged_rows(&out.merged);

        // Never misattached: each merged row holds the answers of one row identity.
        for (name, rel, age) in rows.values() {
            let ids: BTreeSet<Option<u32>> =
                [name, rel, age].into_iter().flatten().map(|v| identity(v)).collect();
            prop_assert_eq!(ids.len(), 1, "a merged row mixes rows");
        }
        // Never lost: every new value of either side is merged or shown in a conflict.
        let merged_values: BTreeSet<&str> =
            out.merged.answers.iter().map(|a| a.value.as_str()).collect();
        let in_conflicts = conflict_values(&out.conflicts);
        let base_values: BTreeSet<&str> = sb.answers.iter().map(|a| a.value.as_str()).collect();
        for a in so.answers.iter().chain(&st.answers) {
            let v = a.value.as_str();
            prop_assert!(
                base_values.contains(v) || merged_values.contains(v) || in_conflicts.contains(v),
                "an edit was lost"
            );
        }
        // Without a conflict, the merge is the merge by identity.
        if out.conflicts.is_empty() {
            let want = model_merge(&base, &ours, &theirs);
            prop_assert!(want.is_some(), "the sides conflict by identity, and no conflict was reported");
            let got: BTreeSet<Cells> = rows.values().cloned().collect();
            let want: BTreeSet<Cells> = want
                .unwrap_or_default()
                .into_iter()
                .map(|r| (Some(r.name), Some(r.rel), r.age))
                .collect();
            prop_assert_eq!(got, want);
            prop_assert_eq!(rows.len(), rows.values().collect::<BTreeSet<_>>().len());
        }
    }
}
