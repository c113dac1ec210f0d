"""The Python example of the top-level README.md, run as written: it is extracted from the
README's ```python block and executed in a directory holding the files it names
(answers.json: the PCV complete example; sets.ndjson: that set and an unreadable line)."""

import pathlib
import re

from conftest import example, one_line

README = pathlib.Path(__file__).resolve().parents[3] / "README.md"


def readme_block(lang: str) -> str:
    blocks = re.findall(r"^```" + lang + r"\n(.*?)^```$", README.read_text(encoding="utf-8"), re.S | re.M)
    assert len(blocks) == 1, f"README.md should have exactly one ```{lang} block"
    return blocks[0]


def test_the_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    complete = example("vaccination-pcv", "complete")
    (tmp_path / "answers.json").write_text(complete, encoding="utf-8")
    (tmp_path / "sets.ndjson").write_text(one_line(complete) + "\n{not json\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(readme_block("python"), str(README), "exec"), scope)
    out = capsys.readouterr().out
    # The example prints whether the set is valid, then its findings.
    assert out.startswith("True ["), out
    assert "RegisterQuestionnaireAnswer" in scope["body"], "a register body"
    assert scope["bad"] == [2], "the unreadable second line is the one bad line"
