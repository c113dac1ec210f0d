"""Type-checked with mypy --strict against the stubs by test.sh (not a pytest module): the
README's use of the package must type-check as written."""

import datetime
from typing import Optional

import monshin


def first_error_code(form: monshin.Form, answers: str) -> Optional[str]:
    report: monshin.Report = form.validate(answers, mode="complete", today=datetime.date(2026, 4, 1))
    for finding in report.findings:
        location: monshin.Location = finding.location
        page: Optional[int] = location.page
        del page
        if finding.severity == "error":
            return finding.code
    return None


def batch_errors(form: monshin.Form, data: bytes) -> list[int]:
    return [r.line for r in form.validate_ndjson(data, today="2026-04-01") if not r.valid]


def body(form: monshin.Form, answers: dict[str, object]) -> str:
    try:
        return form.register_payload(answers, "Y-PCV15-3").body
    except monshin.AnswersInvalidError as e:
        return ", ".join(f.code for f in e.findings)
    except monshin.MonshinError as e:
        return f"{e.code} at {e.location}"


pcv = monshin.Form.bundled("vaccination-pcv")
print(first_error_code(pcv, "{}"), monshin.forms(), monshin.catalogue()["version"])
