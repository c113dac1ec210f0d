"""Form, validate and normalize on the bundled forms and their example answer sets."""

import concurrent.futures
import datetime
import json

import pytest

import monshin
from conftest import FORMS_DIR, TODAY, example


def test_every_bundled_form_validates_its_examples():
    names = monshin.forms()
    # Every routine vaccination's 予診票 and the three standard check-ups are bundled.
    assert {"vaccination-pcv", "vaccination-flu-elderly", "vaccination-hpv", "child-3-4m",
            "child-1y6m", "child-3y"} <= set(names)
    assert len(names) >= 18
    for name in names:
        form = monshin.Form.bundled(name)
        assert form.id == name
        assert form.kind in ("vaccination", "child-checkup")
        assert form.page_count >= 1
        for kind in ("complete", "draft"):
            report = form.validate(example(name, kind), today=TODAY)
            assert report.valid, (name, kind, report.findings)
            assert not report.errors


def test_from_json_equals_bundled():
    text = (FORMS_DIR / "vaccination-pcv.form.json").read_text(encoding="utf-8")
    for definition in (text, text.encode("utf-8"), json.loads(text)):
        form = monshin.Form.from_json(definition)
        assert (form.id, form.version) == ("vaccination-pcv", "2026.1")
        assert repr(form) == "Form(vaccination-pcv 2026.1)"


def test_invalid_answers_give_typed_findings():
    form = monshin.Form.bundled("vaccination-pcv")
    report = form.validate(example("vaccination-pcv", "invalid"), today=TODAY)
    assert not report.valid
    assert len(report) == len(report.findings) >= 1
    first = report.findings[0]
    assert isinstance(first, monshin.Finding)
    assert (first.code, first.severity, first.is_error) == ("answers.out-of-range", "error", True)
    assert isinstance(first.location, monshin.Location)
    loc = first.location
    assert (loc.page, loc.master_id, loc.seq, loc.pointer) == (1, "PCV_TEMP", 1, "/answers/0")
    assert loc.line is None and loc.span is None
    assert first.message == "must be at most 42"
    assert first.to_dict() == {
        "code": "answers.out-of-range",
        "severity": "error",
        "location": {"page": 1, "masterId": "PCV_TEMP", "seq": 1, "pointer": "/answers/0"},
        "message": "must be at most 42",
    }
    codes = {f.code for f in report.errors}
    assert "answers.needs-normalization" in codes
    assert report.to_dict()["valid"] is False


def test_inputs_as_text_bytes_and_dict_agree():
    form = monshin.Form.bundled("vaccination-pcv")
    text = example("vaccination-pcv", "invalid")
    reports = [
        form.validate(a, today=TODAY) for a in (text, text.encode("utf-8"), json.loads(text))
    ]
    assert all(r.to_dict() == reports[0].to_dict() for r in reports)


def test_mode_defaults_to_the_status_and_can_be_overridden():
    form = monshin.Form.bundled("vaccination-pcv")
    draft = example("vaccination-pcv", "draft")
    assert form.validate(draft, today=TODAY).valid
    assert form.validate(draft, mode="draft", today=TODAY).valid
    complete = form.validate(draft, mode="complete", today=TODAY)
    assert not complete.valid
    assert "answers.required-missing" in {f.code for f in complete.errors}
    answered = json.loads(draft)
    answered["status"] = "answered"
    assert not form.validate(answered, today=TODAY).valid


def test_today_as_date_or_text():
    form = monshin.Form.bundled("vaccination-pcv")
    text = example("vaccination-pcv", "complete")
    a = form.validate(text, today=datetime.date(2026, 4, 1)).to_dict()
    b = form.validate(text, today="2026-04-01").to_dict()
    assert a == b
    # From 2030-10-06 the PCV child is past 5 years old: a warning, still valid.
    late = form.validate(text, today="2031-01-01")
    assert late.valid
    assert any(f.severity == "warning" for f in late.findings)
    # No date: today's local date, the same as passing it.
    assert form.validate(text).to_dict() == form.validate(text, today=datetime.date.today()).to_dict()


def test_normalize_rewrites_recognisable_input():
    form = monshin.Form.bundled("vaccination-pcv")
    answers = json.loads(example("vaccination-pcv", "complete"))
    answers["answers"][0]["value"] = "３６．５"
    answers["answers"][1]["value"] = "令和7年10月6日"
    answers["answers"].append({"id": "NOT_AN_ITEM", "seq": 1, "value": "x"})
    result = form.normalize(answers)
    values = [a["value"] for a in result.answers["answers"]]
    assert values[:2] == ["36.5", "2025-10-06"]
    assert [c.location.master_id for c in result.changes] == ["PCV_TEMP", "PCV_BIRTH"]
    assert "full-width" in result.changes[0].rules
    assert result.unknown_answers == [len(values) - 1]
    assert json.loads(result.to_json()) == result.answers
    # Normalised (and without the unknown answer) the set validates; as typed it does not.
    assert not form.validate(answers, today=TODAY).valid
    cleaned = result.answers
    cleaned["answers"] = [a for a in cleaned["answers"] if a["id"] != "NOT_AN_ITEM"]
    assert form.validate(cleaned, today=TODAY).valid
    # Applying it twice changes nothing the second time.
    assert form.normalize(result.to_json()).changes == []


def test_catalogue_maps_pmh_entries_to_definitions():
    cat = monshin.catalogue()
    pcv = [e for e in cat["vaccinations"] if e["definition"]["id"] == "vaccination-pcv"]
    assert sorted(e["dose"] for e in pcv) == [1, 2, 3, 4]
    assert all(e["params"]["dose"] == str(e["dose"]) for e in pcv)
    assert any("1歳6か月児健康診査" in e["names"] for e in cat["childCheckups"])
    # Every definition the catalogue names is bundled.
    named = {e["definition"]["id"] for e in cat["vaccinations"] + cat["childCheckups"]}
    assert named <= set(monshin.forms())


def test_one_form_serves_many_threads():
    form = monshin.Form.bundled("child-3y")
    sets = [example("child-3y", "complete"), example("child-3y", "draft")] * 50
    expected = [form.validate(s, mode="complete", today=TODAY).to_dict() for s in sets]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda s: form.validate(s, mode="complete", today=TODAY).to_dict(), sets))
    assert got == expected
    assert expected[0]["valid"] and not expected[1]["valid"]


def test_version():
    assert monshin.__version__ == "0.1.0"


@pytest.mark.parametrize("name", ["vaccination-pcv", "child-1y6m"])
def test_warnings_of_bundled_definitions_are_findings(name):
    form = monshin.Form.bundled(name)
    assert all(isinstance(w, monshin.Finding) and w.severity == "warning" for w in form.warnings)
