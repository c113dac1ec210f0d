"""Fixtures of the monshin pytest suite: the bundled forms' example answer sets (read from
crates/monshin-forms/examples/) and a fixed validation date on which every example is valid."""

import datetime
import json
import pathlib

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "monshin-forms" / "examples"
FORMS_DIR = EXAMPLES.parent / "forms"
TODAY = datetime.date(2026, 4, 1)


def example(name: str, kind: str) -> str:
    return (EXAMPLES / f"{name}.{kind}.answers.json").read_text(encoding="utf-8")


def one_line(text: str) -> str:
    return json.dumps(json.loads(text), ensure_ascii=False)


@pytest.fixture
def today() -> datetime.date:
    return TODAY
