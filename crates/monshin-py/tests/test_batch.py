"""validate_ndjson / validate_ndjson_file: one result per non-blank line, in input order."""

import json

import pytest

import monshin
from conftest import FORMS_DIR, TODAY, example, one_line


def mixed_input(n: int) -> bytes:
    good = one_line(example("vaccination-pcv", "draft"))
    lines = []
    for i in range(n):
        lines.append(
            [
                good,
                "{not json",
                '{"definition": "vaccination-pcv", "status": "draft", "lastPage": 99}',
                "",
            ][i % 4]
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def check_mixed(results, n):
    assert len(results) == n * 3 // 4
    expect_line = 1
    for r in results:
        assert r.line == expect_line
        kind = expect_line % 4
        if kind == 1:
            assert r.valid and r.error is None
        elif kind == 2:
            assert not r.valid and r.findings == []
            assert r.error.code == "document.json-syntax"
            assert r.error.location.line == 1
        else:
            assert not r.valid
            assert r.findings[0].code == "answers.last-page-out-of-range"
        expect_line += 2 if expect_line % 4 == 3 else 1


def test_order_and_malformed_lines_across_chunks():
    form = monshin.Form.bundled("vaccination-pcv")
    # More than one chunk of lines (4,096).
    results = list(form.validate_ndjson(mixed_input(10_000), mode="draft", today=TODAY))
    check_mixed(results, 10_000)


def test_file_input_gives_the_same_results(tmp_path):
    form = monshin.Form.bundled("vaccination-pcv")
    path = tmp_path / "sets.ndjson"
    path.write_bytes(mixed_input(400).replace(b"\n", b"\r\n"))
    check_mixed(list(form.validate_ndjson_file(path, mode="draft", today=TODAY)), 400)
    check_mixed(list(form.validate_ndjson_file(str(path), mode="draft", today=TODAY)), 400)


def test_mode_comes_from_each_sets_status_unless_overridden():
    form = monshin.Form.bundled("vaccination-pcv")
    draft = one_line(example("vaccination-pcv", "draft"))
    answered = draft.replace('"status": "draft"', '"status": "answered"', 1)
    assert answered != draft
    complete = one_line(example("vaccination-pcv", "complete"))
    data = "\n".join([draft, answered, complete]).encode("utf-8")

    def valid(mode):
        return [r.valid for r in form.validate_ndjson(data, mode=mode, today=TODAY)]

    assert valid(None) == [True, False, True]
    assert valid("draft") == [True, True, True]
    assert valid("complete") == [False, False, True]


def test_batch_results_equal_single_validation():
    form = monshin.Form.bundled("vaccination-pcv")
    sets = [example("vaccination-pcv", k) for k in ("complete", "draft", "invalid")]
    data = "\n".join(one_line(s) for s in sets).encode("utf-8")
    for r, s in zip(form.validate_ndjson(data, today=TODAY), sets):
        single = form.validate(s, today=TODAY)
        assert [f.to_dict() for f in r.findings] == [f.to_dict() for f in single.findings]
        assert r.valid == single.valid


def test_a_line_over_the_limit_is_reported_not_stored():
    form = monshin.Form.from_json(example_definition(), limits={"answers-bytes": 2000})
    small = '{"definition": "vaccination-pcv", "status": "draft", "lastPage": 1, "answers": []}'
    big = one_line(example("vaccination-pcv", "complete"))
    assert len(big.encode("utf-8")) > 2000
    results = list(form.validate_ndjson(f"{small}\n{big}\n{small}".encode("utf-8"), today=TODAY))
    assert [r.line for r in results] == [1, 2, 3]
    assert results[1].error.code == "document.too-large"
    assert results[0].valid and results[2].valid


def example_definition() -> str:
    return (FORMS_DIR / "vaccination-pcv.form.json").read_text(encoding="utf-8")


def test_a_missing_file_is_an_input_error(tmp_path):
    form = monshin.Form.bundled("vaccination-pcv")
    with pytest.raises(monshin.InputError) as info:
        form.validate_ndjson_file(tmp_path / "missing.ndjson")
    assert info.value.code == "python.io"
    assert "missing" not in str(info.value)


def test_empty_input_yields_nothing():
    form = monshin.Form.bundled("vaccination-pcv")
    assert list(form.validate_ndjson(b"", today=TODAY)) == []
    assert list(form.validate_ndjson(b"\n \n\r\n", today=TODAY)) == []
