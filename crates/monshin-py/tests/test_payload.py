"""register_payload: PMH register bodies from validated answer sets, and their refusals."""

import json

import pytest

import monshin
from conftest import TODAY, example


def test_a_complete_set_gives_the_body_of_its_form_kind():
    form = monshin.Form.bundled("child-3y")
    payload = form.register_payload(example("child-3y", "complete"), "C-2028-3Y-0311", today=TODAY)
    assert payload.process_type == "RegisterChildQuestionnaireAnswer"
    body = json.loads(payload.body)
    assert body == payload.document
    assert body["status"] == "回答済み"
    # The body carries the PMH ID given, never the definition's id.
    assert body["checkupId"] == "C-2028-3Y-0311"
    assert all(isinstance(w, monshin.Finding) for w in payload.warnings)


def test_vaccination_body_with_status_and_last_page_replaced():
    form = monshin.Form.bundled("vaccination-pcv")
    payload = form.register_payload(
        example("vaccination-pcv", "draft"), "Y-PCV15-3", status="draft", last_page=2, today=TODAY
    )
    assert payload.process_type == "RegisterQuestionnaireAnswer"
    doc = payload.document
    assert (doc["formId"], doc["status"], doc["lastPage"]) == ("Y-PCV15-3", "下書き", 2)
    assert all(set(a) == {"masterId", "seq", "value"} for a in doc["answers"])
    assert repr(payload).startswith("RegisterPayload(RegisterQuestionnaireAnswer, answers=")


def test_a_draft_cannot_be_registered_as_answered():
    form = monshin.Form.bundled("vaccination-pcv")
    with pytest.raises(monshin.AnswersInvalidError) as info:
        form.register_payload(
            example("vaccination-pcv", "draft"), "Y-PCV15-3", status="answered", today=TODAY
        )
    e = info.value
    assert isinstance(e, monshin.MonshinError)
    assert e.code == "python.answers-invalid"
    assert "answers.required-missing" in {f.code for f in e.findings}


def test_the_last_page_must_be_a_page_of_the_form():
    form = monshin.Form.bundled("vaccination-pcv")
    for page in (0, 99):
        with pytest.raises(monshin.AnswersInvalidError) as info:
            form.register_payload(
                example("vaccination-pcv", "draft"), "Y-PCV15-3", last_page=page, today=TODAY
            )
        assert "answers.last-page-out-of-range" in {f.code for f in info.value.findings}


def test_a_register_needs_a_last_page():
    form = monshin.Form.bundled("vaccination-pcv")
    answers = json.loads(example("vaccination-pcv", "complete"))
    del answers["lastPage"]
    with pytest.raises(monshin.AnswersInvalidError) as info:
        form.register_payload(answers, "Y-PCV15-3", today=TODAY)
    assert [f.code for f in info.value.findings] == ["answers.last-page-missing"]
    # Given as an argument, the same set registers.
    assert form.register_payload(answers, "Y-PCV15-3", last_page=5, today=TODAY).body


def test_unanswered_is_never_registered():
    form = monshin.Form.bundled("vaccination-pcv")
    empty = {"definition": "vaccination-pcv", "status": "unanswered", "lastPage": 1, "answers": []}
    with pytest.raises(monshin.AnswersInvalidError) as info:
        form.register_payload(empty, "Y-PCV15-3", today=TODAY)
    assert "answers.status-mismatch" in {f.code for f in info.value.findings}
