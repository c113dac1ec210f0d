"""Errors are MonshinError subclasses with code and location; nothing raised or returned
carries an answer value, a typed text, an unknown key or ID (sentinel test)."""

import datetime
import json

import pytest

import monshin
from conftest import FORMS_DIR, TODAY, example

SENTINEL = "SENTINEL7f3a"


def text_of(obj) -> str:
    """Everything a caller could print or log of a result or an exception."""
    parts = [str(obj), repr(obj)]
    if isinstance(obj, BaseException):
        parts += [str(obj.args), getattr(obj, "code", "")]
        loc = getattr(obj, "location", None)
        if loc is not None:
            parts += [str(loc), repr(loc), json.dumps(loc.to_dict(), ensure_ascii=False)]
        for f in getattr(obj, "findings", []):
            parts.append(text_of(f))
    if isinstance(obj, monshin.Finding):
        parts += [obj.message, str(obj.location), json.dumps(obj.to_dict(), ensure_ascii=False)]
    if isinstance(obj, monshin.Report):
        parts += [text_of(f) for f in obj.findings]
    if isinstance(obj, monshin.BatchResult):
        parts += [text_of(f) for f in obj.findings]
        if obj.error is not None:
            parts.append(text_of(obj.error))
    if isinstance(obj, monshin.Normalized):
        parts += [repr(c) for c in obj.changes]
    return "\n".join(parts)


def poisoned_answers() -> dict:
    answers = json.loads(example("vaccination-pcv", "complete"))
    answers["answers"][0]["value"] = f"{SENTINEL}℃"  # a decimal item
    answers["answers"][2]["value"] = SENTINEL  # a single-choice item
    answers["answers"].append({"id": f"{SENTINEL}_ID", "seq": 1, "value": SENTINEL})
    return answers


def test_the_hierarchy():
    for cls in (
        monshin.DocumentError,
        monshin.ArgumentError,
        monshin.InputError,
        monshin.AnswersInvalidError,
        monshin.PayloadError,
    ):
        assert issubclass(cls, monshin.MonshinError)
    assert issubclass(monshin.DefinitionError, monshin.DocumentError)
    assert issubclass(monshin.MonshinError, Exception)
    assert monshin.MonshinError.__module__ == "monshin"


def test_unreadable_answers_raise_document_error_with_location():
    form = monshin.Form.bundled("vaccination-pcv")
    with pytest.raises(monshin.DocumentError) as info:
        form.validate('{"definition": "vaccination-pcv",\n "status": ', today=TODAY)
    e = info.value
    assert e.code == "document.json-syntax"
    assert e.location.line == 2
    assert e.findings == []
    with pytest.raises(monshin.DocumentError) as info:
        form.validate({"definition": "vaccination-pcv", "status": "draft", "answers": [{"id": 3}]})
    assert info.value.code == "document.json-shape"
    assert info.value.location.pointer == "/answers/0/id"


def test_a_bad_definition_raises_definition_error_with_findings():
    definition = json.loads((FORMS_DIR / "vaccination-pcv.form.json").read_text(encoding="utf-8"))
    definition["pages"][0]["items"][0]["enableWhen"] = "$NO_SUCH_ITEM = 1"
    with pytest.raises(monshin.DefinitionError) as info:
        monshin.Form.from_json(definition)
    e = info.value
    assert e.code == "document.invalid-definition"
    assert e.findings and all(f.severity == "error" for f in e.findings)


@pytest.mark.parametrize(
    "call, code",
    [
        (lambda f: f.validate("{}", mode="final"), "python.bad-argument"),
        (lambda f: f.validate("{}", today="2026/04/01"), "python.bad-argument"),
        (lambda f: f.validate("{}", today=datetime.datetime(2026, 4, 1, 9)), "python.bad-argument"),
        (lambda f: f.validate("{}", today=20260401), "python.bad-argument"),
        (lambda f: f.validate(object()), "python.bad-argument"),
        (lambda f: f.register_payload("{}", "Y-1", status="done"), "python.bad-argument"),
        (lambda f: f.validate_ndjson("not bytes"), "python.bad-argument"),
        (lambda f: monshin.Form.bundled("vaccination-flu2"), "python.unknown-form"),
        (lambda f: monshin.Form.from_json("{}", limits={"pages": 10**9}), "limit.above-ceiling"),
        (lambda f: monshin.Form.from_json("{}", limits={"no-such": 1}), "limit.unknown"),
    ],
)
def test_bad_arguments_raise_argument_error(call, code):
    form = monshin.Form.bundled("vaccination-pcv")
    with pytest.raises(monshin.ArgumentError) as info:
        call(form)
    assert info.value.code == code
    assert isinstance(info.value.location, monshin.Location)


def test_sentinel_never_reaches_findings_or_errors():
    form = monshin.Form.bundled("vaccination-pcv")
    seen = []
    # Findings of answer values, unknown IDs.
    report = form.validate(poisoned_answers(), mode="complete", today=TODAY)
    assert not report.valid
    seen.append(text_of(report))
    # The same in a batch, and lines that are not answer sets.
    lines = [
        json.dumps(poisoned_answers(), ensure_ascii=False),
        '{"definition": "x", "status": "draft", "answers": [], "' + SENTINEL + '": 1}',
        '{"' + SENTINEL + '": ',
        '{"definition": "vaccination-pcv", "status": "' + SENTINEL + '", "answers": []}',
    ]
    for r in form.validate_ndjson("\n".join(lines).encode("utf-8"), today=TODAY):
        seen.append(text_of(r))
    # Normalisation of values it refuses or does not know.
    seen.append(text_of(form.normalize(poisoned_answers())))
    # Errors.
    errors = []
    attempts = [
        lambda: form.validate('{"answers": [{"id": "' + SENTINEL + '", "seq": "' + SENTINEL + '"}]}'),
        lambda: form.validate('{"' + SENTINEL + '": 1, "definition": "vaccination-pcv"}'),
        lambda: form.validate("[" + SENTINEL),
        lambda: form.validate("{}", mode=SENTINEL),
        lambda: form.validate("{}", today=SENTINEL),
        lambda: form.register_payload(poisoned_answers(), "Y-PCV15-3", today=TODAY),
        lambda: form.register_payload("{}", "Y-1", status=SENTINEL),
        lambda: monshin.Form.bundled(SENTINEL),
        lambda: monshin.Form.from_json('{"id": "' + SENTINEL + '", "' + SENTINEL + '": 1}'),
        lambda: monshin.Form.from_json("{}", limits={SENTINEL: 1}),
        lambda: form.validate_ndjson_file(f"/nonexistent/{SENTINEL}.ndjson"),
    ]
    for attempt in attempts:
        with pytest.raises(monshin.MonshinError) as info:
            attempt()
        errors.append(info.value)
        seen.append(text_of(info.value))
    assert {type(e).__name__ for e in errors} >= {
        "DocumentError",
        "ArgumentError",
        "AnswersInvalidError",
        "InputError",
    }
    for text in seen:
        assert SENTINEL not in text, text
