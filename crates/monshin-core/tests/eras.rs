//! Every day from 1873-01-01 (明治6年, the first Gregorian year in Japan) to 2030-12-31, written
//! in every era's notation, parses back to itself when it is a day of that era and is refused
//! as `date-outside-era` when it is not.

use monshin_core::normalize::{format_in_era, EraStyle, ERAS};
use monshin_core::{
    Answer, AnswerSet, AnswerStatus, CompiledForm, FindingCode, Limits, PageNumber, RepeatSeq,
};
use monshin_expr::Date;

const FORM: &str = r#"{ "formKind": "vaccination", "id": "era-1", "title": "t", "version": "1",
  "pages": [ { "number": 1, "label": "p", "items": [
    { "id": "BIRTH", "type": "date", "text": "生年月日" } ] } ] }"#;

fn form() -> CompiledForm {
    CompiledForm::from_json(FORM.as_bytes(), &Limits::default()).expect("form compiles")
}

/// The canonical text normalisation makes of `typed`, or the code validation reports for it.
fn read(form: &CompiledForm, typed: &str) -> Result<String, FindingCode> {
    if let Err(r) = form.check_answer("BIRTH", typed) {
        if r.code != FindingCode::NeedsNormalization {
            return Err(r.code);
        }
    }
    let mut set = AnswerSet {
        definition: "era-1".into(),
        status: AnswerStatus::Draft,
        last_page: Some(PageNumber(1)),
        answers: vec![Answer {
            id: "BIRTH".into(),
            seq: RepeatSeq(1),
            value: typed.into(),
        }],
    };
    form.normalize(&mut set);
    let text = set.answers.swap_remove(0).value;
    form.check_answer("BIRTH", &text).map_err(|r| r.code)?;
    Ok(text)
}

#[test]
fn every_day_round_trips_in_its_era_and_is_refused_outside() {
    let form = form();
    let first = Date::from_ymd(1873, 1, 1).expect("date");
    let last = Date::from_ymd(2030, 12, 31).expect("date");
    let (mut inside, mut outside) = (0u32, 0u32);
    let mut day = first;
    while day <= last {
        for era in &ERAS {
            for style in EraStyle::ALL {
                let Some(typed) = format_in_era(day, era, style) else {
                    continue;
                };
                let got = read(&form, &typed);
                if era.contains(day) {
                    assert_eq!(got, Ok(day.to_string()), "{typed}");
                    inside += 1;
                } else {
                    assert_eq!(got, Err(FindingCode::DateOutsideEra), "{typed} ({day})");
                    outside += 1;
                }
            }
        }
        day = day.add_days(1).expect("next day");
    }
    // 57,708 days, each in one era except the two accession days 1912-07-30 and 1926-12-25
    // that belong to two; five notations each.
    assert_eq!(inside, 5 * (57_708 + 2));
    assert!(outside > 500_000, "{outside}");
}

#[test]
fn meiji_before_the_gregorian_calendar_is_refused() {
    let form = form();
    for typed in ["明治5年12月2日", "M5.1.1", "明治元年10月23日"] {
        assert_eq!(
            read(&form, typed),
            Err(FindingCode::DateBeforeGregorian),
            "{typed}"
        );
    }
    assert_eq!(read(&form, "明治6年1月1日"), Ok("1873-01-01".into()));
}
