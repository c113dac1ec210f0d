//! Session edits on the bundled 小児用肺炎球菌 予診票: what each edit touches, repetitions added
//! and removed with renumbering, and refused edits with their codes and locations (never an
//! echo of free text).

use std::sync::Arc;

use monshin_core::{AnswerStatus, CompiledForm, FindingCode, Limits, Mode, Session, SessionForm};
use monshin_expr::Date;

fn pcv() -> Session {
    let bundled = monshin_forms::by_name("vaccination-pcv").expect("pcv");
    let form = CompiledForm::from_json(bundled.definition.as_bytes(), &Limits::default())
        .expect("compiles");
    Arc::new(SessionForm::new(form)).session(Date::from_ymd(2026, 4, 1).expect("date"))
}

#[test]
fn an_answer_touches_only_what_reads_it() {
    let mut s = pcv();
    let touched = s.set("PCV_UNWELL", 1, "1").expect("set");
    let ids: Vec<&str> = s
        .cell_states(Some(&touched), Mode::Complete)
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["PCV_UNWELL", "PCV_UNWELL_DETAIL"]);
    let detail = s
        .cell_states(Some(&touched), Mode::Complete)
        .into_iter()
        .nth(1)
        .expect("detail");
    assert!(detail.enabled && detail.required);
    assert_eq!(detail.findings[0].code, FindingCode::RequiredMissing);
    assert_eq!(s.last_page(), 2);

    // A birth date feeds the calculated age in months and the dose's age rules, nothing else.
    let touched = s.set("PCV_BIRTH", 1, "2025-10-06").expect("set");
    let cells = s.cell_states(Some(&touched), Mode::Draft);
    let age = cells
        .iter()
        .find(|c| c.id == "PCV_AGE_M")
        .expect("age re-evaluated");
    assert_eq!(age.computed.as_deref(), Some("5"));
    let mut ids: Vec<&str> = cells.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["PCV_AGE_M", "PCV_BIRTH", "PCV_DOSE"]);
}

#[test]
fn repetitions_are_added_filled_and_removed_with_renumbering() {
    let mut s = pcv();
    for (vaccine, date) in [
        ("1", "2025-12-08"),
        ("2", "2026-01-13"),
        ("3", "2026-03-10"),
    ] {
        let (seq, _) = s.add_repetition("PCV_HISTORY").expect("add");
        s.set("PCV_HIST_VACCINE", seq, vaccine).expect("vaccine");
        s.set("PCV_HIST_DATE", seq, date).expect("date");
    }
    let before = s.answer_set(AnswerStatus::Draft);
    assert_eq!(
        before
            .answers
            .iter()
            .filter(|a| a.id == "PCV_HIST_DATE")
            .count(),
        3
    );
    s.remove_repetition("PCV_HISTORY", 2).expect("remove");
    let after = s.answer_set(AnswerStatus::Draft);
    let dates: Vec<(u32, &str)> = after
        .answers
        .iter()
        .filter(|a| a.id == "PCV_HIST_DATE")
        .map(|a| (a.seq.0, a.value.as_str()))
        .collect();
    assert_eq!(dates, [(1, "2025-12-08"), (2, "2026-03-10")]);
    let group = s
        .group_states(None, Mode::Draft)
        .into_iter()
        .find(|g| g.id == "PCV_HISTORY")
        .expect("group");
    assert_eq!((group.rows, group.repetitions), (2, 2));
}

#[test]
fn refused_edits_have_codes_and_locations_without_values() {
    let mut s = pcv();
    let secret = "山田花子 東京都千代田区";
    let cases: Vec<(monshin_core::EditError, FindingCode)> = vec![
        (
            s.set(secret, 1, "1").expect_err("free text id"),
            FindingCode::SessionUnknownItem,
        ),
        (
            s.set("PCV_DOCTOR_NOTE", 1, secret).expect_err("note"),
            FindingCode::SessionNotAnswerable,
        ),
        (
            s.set("PCV_TEMP", 2, secret).expect_err("seq"),
            FindingCode::SessionUnexpectedRepeatSeq,
        ),
        (
            s.set("PCV_HIST_DATE", 1, secret).expect_err("no row"),
            FindingCode::SessionNoSuchRepetition,
        ),
        (
            s.add_repetition(secret).expect_err("not a group"),
            FindingCode::SessionNotAGroup,
        ),
        (
            s.remove_repetition("PCV_HISTORY", 1).expect_err("no row"),
            FindingCode::SessionNoSuchRepetition,
        ),
        (
            s.set_last_page(9).expect_err("page"),
            FindingCode::SessionLastPageOutOfRange,
        ),
    ];
    for (e, code) in &cases {
        assert_eq!(e.code, *code);
        for text in [e.to_string(), format!("{e:?}")] {
            assert!(!text.contains("山田") && !text.contains("東京"), "{text}");
        }
    }
    assert_eq!(cases[2].0.location.master_id.as_deref(), Some("PCV_TEMP"));
    assert_eq!(cases[0].0.location.master_id, None);
    for _ in 0..10 {
        s.add_repetition("PCV_HISTORY").expect("within maxRepeat");
    }
    let e = s.add_repetition("PCV_HISTORY").expect_err("maxRepeat 10");
    assert_eq!(e.code, FindingCode::SessionTooManyRepeats);
}
