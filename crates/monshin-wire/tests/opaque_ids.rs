//! Master IDs are opaque on the wire: `01-002.3`, `問1`, `Q 12` read and write back as they are;
//! only an empty ID, a control character or more than 128 bytes is refused (`wire.bad-master-id`).

use monshin_wire::{MasterId, VaccinationFormAnswers};

fn read_with(id: &str) -> Result<VaccinationFormAnswers, monshin_wire::WireError> {
    let doc = serde_json::json!({
        "formId": "Y-PCV15-3", "title": "予診票", "answerable": true, "status": "下書き",
        "lastPage": 1,
        "basicFiveInfo": { "name": "架空 太郎", "nameKana": "カクウ タロウ",
            "address": "東京都架空区1-2-3", "dateOfBirth": "2025-10-06", "sex": "1" },
        "pageLabels": ["問診"],
        "answers": [ { "masterId": id, "seq": 1, "value": "1" } ]
    });
    monshin_wire::parse(&serde_json::to_vec(&doc).expect("json"))
}

#[test]
fn any_text_is_a_master_id() {
    for id in ["01-002.3", "問1", "Q 12", "a}b\\c", &"x".repeat(128)] {
        let read = read_with(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(read.answers[0].master_id.as_str(), id);
        let back = serde_json::to_string(&read).expect("encodes");
        assert!(
            back.contains(&serde_json::to_string(id).expect("json")[1..]),
            "{back}"
        );
    }
}

#[test]
fn empty_control_and_overlong_ids_are_refused_without_echo() {
    for id in ["", "TEMP\u{0}SENTINEL", "A\nSENTINEL", &"S".repeat(129)] {
        let e = read_with(id).expect_err(id);
        assert_eq!(e.code().as_str(), "wire.bad-master-id", "{id:?}");
        assert!(!e.to_string().contains("SENTINEL"), "{e}");
        assert!(MasterId::new(id).is_err());
    }
}
