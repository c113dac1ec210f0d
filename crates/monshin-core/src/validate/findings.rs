//! The findings about items and groups that both whole-form validation ([`super::table`]) and
//! form sessions ([`crate::session`]) report, built in one place so that both say exactly the
//! same: code, location and message (never an answer value).

use monshin_expr::{Env, Program, Value};

use crate::compile::{Constraint, Group, Item};
use crate::definition::model::ConstraintKind;
use crate::finding::{Finding, FindingCode, Location};
use crate::ids::RepeatSeq;

/// The location of (item, seq), with the answer's index in the set when it has one.
pub(crate) fn item_loc(item: &Item, seq: u32, answer: Option<u32>) -> Location {
    Location {
        page: Some(item.page),
        master_id: Some(item.id.to_string()),
        seq: Some(RepeatSeq(seq)),
        pointer: answer.map(|i| format!("/answers/{i}")),
        ..Location::default()
    }
}

/// Whether a condition holds; `null` counts as false, no condition as true.
#[cfg_attr(monshin_hot, optimize(speed))]
pub(crate) fn holds(program: Option<&Program>, env: &dyn Env, seq: Option<u32>) -> bool {
    program.is_none_or(|p| matches!(p.eval(env, seq), Value::Bool(true)))
}

pub(crate) fn calculated_mismatch(item: &Item, seq: u32, answer: Option<u32>) -> Finding {
    Finding::warning(
        FindingCode::CalculatedMismatch,
        item_loc(item, seq, answer),
        "the answer differs from the value the form calculates",
    )
}

pub(crate) fn answered_while_disabled(item: &Item, seq: u32, answer: Option<u32>) -> Finding {
    Finding::error(
        FindingCode::AnsweredWhileDisabled,
        item_loc(item, seq, answer),
        "the item is answered but its condition (enableWhen) is false",
    )
}

pub(crate) fn filled_by_clinic(item: &Item, seq: u32, answer: Option<u32>) -> Finding {
    Finding::error(
        FindingCode::FilledByClinic,
        item_loc(item, seq, answer),
        "this item is filled in by the clinic (医師記入欄), not by the person answering",
    )
}

pub(crate) fn required_missing(item: &Item, seq: u32) -> Finding {
    Finding::error(
        FindingCode::RequiredMissing,
        item_loc(item, seq, None),
        "a required item is not answered",
    )
}

/// Constraint `c` of `item` does not hold; severity and detail code are the author's.
pub(crate) fn constraint_failed(
    item: &Item,
    c: &Constraint,
    seq: u32,
    answer: Option<u32>,
) -> Finding {
    let mut loc = item_loc(item, seq, answer);
    loc.field = Some(format!("constraints[{}]", c.index));
    let message = c
        .message
        .clone()
        .unwrap_or_else(|| format!("constraint `{}` does not hold", c.code));
    let code = match c.kind {
        None => FindingCode::ConstraintFailed,
        Some(ConstraintKind::Fever) => FindingCode::EligibilityFever,
        Some(ConstraintKind::AgeOutsidePeriod) => FindingCode::EligibilityAgeOutsidePeriod,
        Some(ConstraintKind::IntervalTooShort) => FindingCode::EligibilityIntervalTooShort,
    };
    let mut f = Finding::error(code, loc, message).with_detail(c.code.clone());
    f.severity = c.severity;
    f
}

pub(crate) fn too_few_repeats(heading: &Item, group: &Group) -> Finding {
    Finding::error(
        FindingCode::TooFewRepeats,
        Location {
            seq: None,
            ..item_loc(heading, 1, None)
        },
        format!(
            "the group needs at least {} repetition(s)",
            group.min_repeat
        ),
    )
}

pub(crate) fn repeat_seq_gap(heading: &Item, gap: u32) -> Finding {
    Finding::error(
        FindingCode::RepeatSeqGap,
        item_loc(heading, gap, None),
        format!("repetitions must be numbered 1..n; seq {gap} is missing"),
    )
}
