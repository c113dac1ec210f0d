//! Fixtures shared by monshin's benchmarks, callgrind drivers and property tests.
//!
//! - [`largest_bundled`]: the bundled form with the largest definition and its complete answers;
//! - [`generated_form`] / [`generated_answers`]: a synthetic form of any size (a realistic mix
//!   of item types, conditions and one repeatable group per page) and a complete, valid answer
//!   set for it, for cost-growth and memory measurements;
//! - [`with_errors`]: an answer set with a few typical mistakes, for error-path costs;
//! - [`peer`]: the peer harness's inputs (the same forms and answers for monshin, jsonschema-rs
//!   and ajv).
//!
//! Nothing here panics: generators are total and return strings.

pub mod peer;

use std::fmt::Write as _;

use monshin_expr::Date;
use monshin_forms::BundledForm;

/// Items per page of a generated form.
pub const ITEMS_PER_PAGE: usize = 50;

/// The validation date of every benchmark (the bundled examples are valid on it).
pub const TODAY: &str = "2026-04-01";

/// [`TODAY`] as a date.
pub fn today() -> Option<Date> {
    Date::parse(TODAY)
}

/// The bundled form with the largest definition (the most work per answer set).
pub fn largest_bundled() -> Option<&'static BundledForm> {
    monshin_forms::FORMS
        .iter()
        .max_by_key(|f| f.definition.len())
}

/// What the `i`-th generated item is.
#[derive(Clone, Copy)]
enum Kind {
    YesNo,
    Choice,
    Integer,
    Decimal,
    Date,
    Text,
    Multi,
    /// A follow-up enabled by the yes-no item just before it.
    FollowUp,
}

const CYCLE: [Kind; 8] = [
    Kind::YesNo,
    Kind::FollowUp,
    Kind::Choice,
    Kind::Integer,
    Kind::Decimal,
    Kind::Date,
    Kind::Text,
    Kind::Multi,
];

fn kind(i: usize) -> Kind {
    CYCLE[i % CYCLE.len()]
}

/// Members of the repeatable group closing each page (counted in the page's items).
const GROUP_MEMBERS: usize = 3;
/// Repetitions answered in each group.
const GROUP_REPS: usize = 2;

/// A form definition with `items` items (group headings and members included, at least 1),
/// `ITEMS_PER_PAGE` per page; each page of 50 ends with a group of 3 members.
pub fn generated_form(items: usize) -> String {
    let items = items.max(1);
    let mut out = String::from(
        r#"{"formKind":"vaccination","id":"GEN","title":"generated","version":"1","pages":["#,
    );
    let pages = items.div_ceil(ITEMS_PER_PAGE);
    let mut n = 0usize;
    for p in 0..pages {
        if p > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"number":{},"label":"page {}","items":["#,
            p + 1,
            p + 1
        );
        let on_page = (items - n).min(ITEMS_PER_PAGE);
        let with_group = on_page == ITEMS_PER_PAGE;
        let plain = if with_group {
            on_page - GROUP_MEMBERS - 1
        } else {
            on_page
        };
        for k in 0..plain {
            if k > 0 {
                out.push(',');
            }
            write_item(&mut out, n + k, k);
        }
        n += plain;
        if with_group {
            let _ = write!(
                out,
                r#",{{"id":"G{n}","type":"group","text":"group","minRepeat":1,"maxRepeat":5,"items":[{{"id":"G{n}_REL","type":"single-choice","text":"rel","required":true,"options":[{{"code":"1","label":"a"}},{{"code":"2","label":"b"}}]}},{{"id":"G{n}_AGE","type":"integer","text":"age","min":0,"max":120}},{{"id":"G{n}_NOTE","type":"text","text":"note","maxLength":100}}]}}"#
            );
            n += 1 + GROUP_MEMBERS;
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}

fn write_item(out: &mut String, i: usize, on_page: usize) {
    let id = format!("Q{i}");
    let _ = match kind(i) {
        Kind::YesNo => write!(
            out,
            r#"{{"id":"{id}","type":"yes-no","text":"q","required":true}}"#
        ),
        Kind::FollowUp if on_page > 0 => write!(
            out,
            r#"{{"id":"{id}","type":"text","text":"detail","maxLength":200,"required":true,"enableWhen":"$Q{} = true"}}"#,
            i - 1
        ),
        Kind::FollowUp | Kind::Text => {
            write!(
                out,
                r#"{{"id":"{id}","type":"text","text":"q","maxLength":200}}"#
            )
        }
        Kind::Choice => write!(
            out,
            r#"{{"id":"{id}","type":"single-choice","text":"q","required":true,"options":[{{"code":"1","label":"a"}},{{"code":"2","label":"b"}},{{"code":"3","label":"c"}},{{"code":"4","label":"d"}},{{"code":"5","label":"e"}}]}}"#
        ),
        Kind::Integer => write!(
            out,
            r#"{{"id":"{id}","type":"integer","text":"q","min":0,"max":5000,"required":true}}"#
        ),
        Kind::Decimal => write!(
            out,
            r#"{{"id":"{id}","type":"decimal","text":"q","precision":1,"min":34,"max":42,"constraints":[{{"code":"c{i}","expr":"$Q{i} < 41","severity":"warning"}}]}}"#
        ),
        Kind::Date => write!(
            out,
            r#"{{"id":"{id}","type":"date","text":"q","min":"1900-01-01","max":"2100-12-31"}}"#
        ),
        Kind::Multi => write!(
            out,
            r#"{{"id":"{id}","type":"multi-choice","text":"q","options":[{{"code":"1","label":"a"}},{{"code":"2","label":"b"}},{{"code":"3","label":"c"}},{{"code":"4","label":"d"}}]}}"#
        ),
    };
}

/// A complete, valid answer set (status answered) for [`generated_form`]`(items)`.
pub fn generated_answers(items: usize) -> String {
    let items = items.max(1);
    let pages = items.div_ceil(ITEMS_PER_PAGE);
    let mut out =
        format!(r#"{{"definition":"GEN","status":"answered","lastPage":{pages},"answers":["#);
    let mut first = true;
    let mut push = |out: &mut String, id: &str, seq: usize, value: &str| {
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(out, r#"{{"id":"{id}","seq":{seq},"value":"{value}"}}"#);
    };
    let mut n = 0usize;
    for _ in 0..pages {
        let on_page = (items - n).min(ITEMS_PER_PAGE);
        let with_group = on_page == ITEMS_PER_PAGE;
        let plain = if with_group {
            on_page - GROUP_MEMBERS - 1
        } else {
            on_page
        };
        for k in 0..plain {
            let i = n + k;
            let id = format!("Q{i}");
            let value = match kind(i) {
                Kind::YesNo => "1",
                Kind::FollowUp | Kind::Text => "鼻水が出ています",
                Kind::Choice => "3",
                Kind::Integer => "3250",
                Kind::Decimal => "36.5",
                Kind::Date => "2024-06-21",
                Kind::Multi => "1,3",
            };
            push(&mut out, &id, 1, value);
        }
        n += plain;
        if with_group {
            for seq in 1..=GROUP_REPS {
                push(&mut out, &format!("G{n}_REL"), seq, "2");
                push(&mut out, &format!("G{n}_AGE"), seq, "34");
                push(&mut out, &format!("G{n}_NOTE"), seq, "同居");
            }
            n += 1 + GROUP_MEMBERS;
        }
    }
    out.push_str("]}");
    out
}

/// The same answer set with typical mistakes: the first answer's value in full-width digits,
/// the second's replaced by a word, a master ID the form lacks, and the last answer repeated.
/// Input that is not an answer set object is returned unchanged.
pub fn with_errors(answers: &str) -> String {
    let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(answers) else {
        return answers.to_string();
    };
    if let Some(list) = doc.get_mut("answers").and_then(|a| a.as_array_mut()) {
        if let Some(a) = list.get_mut(0) {
            a["value"] = "３６．５".into();
        }
        if let Some(a) = list.get_mut(1) {
            a["value"] = "unknown".into();
        }
        let last = list.last().cloned();
        list.push(serde_json::json!({ "id": "NOT_IN_FORM", "seq": 1, "value": "1" }));
        list.extend(last);
    }
    serde_json::to_string(&doc).unwrap_or_else(|_| answers.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use monshin_core::{CompiledForm, Limits, Options};

    #[test]
    fn generated_forms_compile_and_their_answers_are_valid() {
        for n in [1, 7, 49, 50, 51, 120, 1000, 5000] {
            let def = generated_form(n);
            let form = CompiledForm::from_json(def.as_bytes(), &Limits::default())
                .unwrap_or_else(|e| panic!("{n}: {e}"));
            assert_eq!(form.item_count(), n, "{n}");
            let report = form
                .validate_json(
                    generated_answers(n).as_bytes(),
                    &Options::complete(today().expect("date")),
                )
                .unwrap_or_else(|e| panic!("{n}: {e}"));
            assert!(report.is_valid(), "{n}: {:?}", report.findings());
            let bad = with_errors(&generated_answers(n));
            let report = form
                .validate_json(bad.as_bytes(), &Options::complete(today().expect("date")))
                .unwrap_or_else(|e| panic!("{n}: {e}"));
            assert!(!report.is_valid(), "{n}");
        }
    }

    #[test]
    fn largest_bundled_is_found() {
        assert!(largest_bundled().is_some());
    }
}
