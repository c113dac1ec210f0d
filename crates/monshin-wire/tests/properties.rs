//! Property tests: value types round-trip, the check digit is unique, limits hold at their
//! boundary, arbitrary input never panics, and errors never echo injected values.

use monshin_wire::{
    encode, parse, parse_vaccination_form_list, AnswerValue, ErrorCode, LastPage, Limits, MasterId,
    MunicipalityCode, RegisterQuestionnaireAnswer, RegisterStatus, RepeatSeq,
    SubsidyCertificateList, VaccinationFormAnswers, VaccinationFormId, VaccinationList, WireAnswer,
    WireDate,
};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Arbitrary JSON whose strings are hiragana of 3+ characters (easy to search for).
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[ぁ-ん]{3,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn strings_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings_in(i, out)),
        Value::Object(m) => m.values().for_each(|i| strings_in(i, out)),
        _ => {}
    }
}

proptest! {
    #[test]
    fn dates_round_trip_through_text(y in 1u16..=9999, m in 1u8..=12, d in 1u8..=31) {
        match WireDate::new(y, m, d) {
            Ok(date) => {
                let text = date.to_string();
                prop_assert_eq!(text.len(), 10);
                prop_assert_eq!(text.parse::<WireDate>().ok(), Some(date));
                prop_assert_eq!((date.year(), date.month(), date.day()), (y, m, d));
            }
            Err(e) => {
                prop_assert!(d > 28);
                prop_assert_eq!(e.code(), ErrorCode::BadDate);
            }
        }
    }

    #[test]
    fn accepted_date_text_is_canonical(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}|\\PC{0,12}") {
        if let Ok(date) = s.parse::<WireDate>() {
            prop_assert_eq!(date.to_string(), s);
        }
    }

    #[test]
    fn exactly_one_check_digit_per_municipality(prefix in proptest::array::uniform5(0u8..10)) {
        let head: String = prefix.iter().map(|d| char::from(b'0' + d)).collect();
        let valid: Vec<u8> = (0u8..10)
            .filter(|c| format!("{head}{c}").parse::<MunicipalityCode>().is_ok())
            .collect();
        prop_assert_eq!(valid, vec![MunicipalityCode::check_digit(prefix)]);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse::<VaccinationList>(&bytes);
        let _ = parse::<VaccinationFormAnswers>(&bytes);
        let _ = parse::<SubsidyCertificateList>(&bytes);
    }

    #[test]
    fn depth_limit_is_exact(depth in 1usize..70) {
        let nested = (0..depth).fold(json!(0), |inner, _| json!([inner]));
        let doc = serde_json::to_vec(&json!({ "forms": [], "extension": nested })).unwrap();
        let result = parse_vaccination_form_list(&doc);
        // The root object is level 1.
        if depth < Limits::DEFAULT.max_depth() {
            prop_assert!(result.is_ok());
        } else {
            prop_assert_eq!(result.map(drop).map_err(|e| e.code()), Err(ErrorCode::TooDeep));
        }
    }

    #[test]
    fn errors_never_echo_values(
        field in prop::sample::select(vec!["formId", "title", "answerable", "status"]),
        value in arb_json(),
    ) {
        let doc = json!({ "forms": [ {
            "formId": "Y-1", "title": "予診票", "answerable": true, "status": "下書き",
        } ] });
        let mut doc = doc;
        doc["forms"][0][field] = value.clone();
        let bytes = serde_json::to_vec(&doc).unwrap();
        if let Err(err) = parse_vaccination_form_list(&bytes) {
            prop_assert_eq!(
                err.path().map(|p| p.to_pointer()),
                Some(format!("/forms/0/{field}"))
            );
            let mut secrets = Vec::new();
            strings_in(&value, &mut secrets);
            let shown = format!("{err} {err:?}");
            for s in secrets {
                prop_assert!(!shown.contains(&s), "{} shows {}", shown, s);
            }
        }
    }

    #[test]
    fn register_bodies_round_trip(
        answers in prop::collection::vec(
            ("[A-Za-z0-9_]{1,64}", 1u32..1000, any::<String>()),
            0..20,
        ),
        page in 1u32..50,
        answered in any::<bool>(),
    ) {
        let answers: Vec<WireAnswer> = answers
            .into_iter()
            .map(|(id, seq, value)| WireAnswer::new(
                MasterId::new(&id).unwrap(),
                RepeatSeq::new(seq).unwrap(),
                AnswerValue::new(value),
            ))
            .collect();
        let status = if answered { RegisterStatus::Answered } else { RegisterStatus::Draft };
        let body = RegisterQuestionnaireAnswer::from_parts(
            VaccinationFormId::new("Y-PCV15-1").unwrap(),
            status,
            LastPage::new(page).unwrap(),
            answers,
        );
        let bytes = encode(&body).unwrap();
        let back: RegisterQuestionnaireAnswer = parse(&bytes).unwrap();
        prop_assert_eq!(back, body);
    }
}
