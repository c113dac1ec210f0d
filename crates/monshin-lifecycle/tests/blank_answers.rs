//! A blank answer (spaces, U+3000, zero-width characters only) is no answer: a set holding one
//! validates as if it were absent, and the register payload leaves it out.

mod common;

use monshin_core::{Answer, RepeatSeq};
use monshin_lifecycle::RegisterPayload;

use common::{answers, bundled, compile, validated};

#[test]
fn blank_answers_never_reach_a_register_payload() {
    let name = "vaccination-pcv";
    let form = compile(name);
    let mut set = answers(bundled(name).draft_answers);
    let before = set.answers.len();
    let blanked = ["PCV_GEST_WEEKS", "PCV_CHECKUP_ABN"];
    set.answers.retain(|a| !blanked.contains(&a.id.as_str()));
    for (id, blank) in blanked.iter().zip(["\u{3000}\u{3000}", " \u{200B} "]) {
        set.answers.push(Answer {
            id: (*id).to_string(),
            seq: RepeatSeq(1),
            value: blank.to_string(),
        });
    }
    assert!(set.answers.len() >= before);
    let v = validated(&form, set);
    let payload = RegisterPayload::from_validated(&v, "Y-V1-1").expect("payload builds");
    let json = String::from_utf8(payload.to_json().expect("encodes")).expect("UTF-8");
    for id in blanked {
        assert!(!json.contains(id), "{id} is in the payload");
    }
    assert!(!json.contains('\u{3000}') && !json.contains('\u{200B}'));
    assert!(!payload.answers().is_empty());
}
