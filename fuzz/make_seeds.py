#!/usr/bin/env python3
"""Generate the seed corpora of the fuzz targets into fuzz/seeds/<target>/.

Sources: the bundled forms and example answer sets (crates/monshin-forms), every expression
they contain (enableWhen, requiredWhen, calculate, constraint expr), the conformance corpus
(tests/corpus: definitions, answer sets, raw texts), the PMH golden documents of monshin-wire
(crates/monshin-wire/tests/golden), and a few hand-written edge cases; the
`reader` target gets the `answers` seeds and shapes of its own. Idempotent: the folder
is rebuilt on every run. File names are content hashes, so seeds never collide.
"""
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
TARGETS = ["definition", "expression", "answers", "reader", "wire", "diff"]


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = hashlib.sha1(data).hexdigest()[:16]
    (SEEDS / target / name).write_bytes(data)


def expressions(item, out):
    for key in ("enableWhen", "requiredWhen", "calculate"):
        if isinstance(item.get(key), str):
            out.append(item[key])
    for c in item.get("constraints", []) or []:
        if isinstance(c, dict) and isinstance(c.get("expr"), str):
            out.append(c["expr"])
    for sub in item.get("items", []) or []:
        if isinstance(sub, dict):
            expressions(sub, out)


def definition_seeds(text):
    put("definition", text)
    try:
        d = json.loads(text)
    except ValueError:
        return
    exprs = []
    for page in d.get("pages", []) if isinstance(d, dict) else []:
        for item in page.get("items", []) if isinstance(page, dict) else []:
            if isinstance(item, dict):
                expressions(item, exprs)
    for e in exprs:
        put("expression", e)
    put("definition", json.dumps(d, ensure_ascii=False, separators=(",", ":")))


def main():
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    for t in TARGETS:
        (SEEDS / t).mkdir(parents=True)
    forms = ROOT / "crates" / "monshin-forms"
    for f in sorted((forms / "forms").glob("*.json")):
        definition_seeds(f.read_text(encoding="utf-8"))
    for f in sorted((forms / "examples").glob("*.json")):
        put("answers", f.read_bytes())
    # diff: a byte choosing the form (bundled order), then sets separated by NUL bytes.
    for i, name in enumerate(["vaccination-pcv", "vaccination-flu-elderly", "child-1y6m", "child-3y"]):
        ex = {k: (forms / "examples" / f"{name}.{k}.answers.json") for k in ("complete", "draft", "invalid")}
        texts = {k: p.read_bytes() for k, p in ex.items() if p.exists()}
        c, d = texts.get("complete"), texts.get("draft")
        if c and d:
            for combo in ([c, d, c], [d, c, d], [c, c, d], [d, d, c]):
                put("diff", bytes([i]) + b"\0".join(combo))
    corpus = ROOT / "tests" / "corpus"
    for f in sorted(corpus.rglob("*.json")):
        if "forms" in f.relative_to(corpus).parts[:1]:
            definition_seeds(f.read_text(encoding="utf-8"))
            continue
        try:
            case = json.loads(f.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if not isinstance(case, dict):
            continue
        if isinstance(case.get("definition"), dict):
            definition_seeds(json.dumps(case["definition"], ensure_ascii=False))
        if isinstance(case.get("definitionText"), str):
            put("definition", case["definitionText"])
        if isinstance(case.get("answers"), dict):
            put("answers", json.dumps(case["answers"], ensure_ascii=False))
        if isinstance(case.get("answersText"), str):
            put("answers", case["answersText"])
    golden = ROOT / "crates" / "monshin-wire" / "tests" / "golden"
    for f in sorted(golden.rglob("*.json")):
        put("wire", f.read_bytes())
    for e in ["$A = true and not ($B != '1' or $C in ['1', '2'])", "age_months(@2024-02-29, today()) >= 12",
              "count($GN) > 1 and sum($GN) < 10.5", "any($GB = true) or all($GN >= 0)",
              "round(-$N / 3, 1) = -12.2", "contains($C, '3') and length($T) <= 200",
              "((((((((($N))))))))) * 1e3", "'a\\'b' = \"c\\\"d\"", "-" * 70 + "1"]:
        put("expression", e)
    for a in ['{"definition":"vaccination-pcv","status":"unanswered"}', '{"definition":"vaccination-pcv","status":"draft","lastPage":1,"answers":[{"id":"PCV_TEMP","seq":1,"value":"３６．５"}]}',
              '[', '{"definition":"x","status":"draft","answers":[{"id":"a","seq":4294967295,"value":"\\u0000"}]}']:
        put("answers", a)
    # reader: every answer-set seed, and the shapes the fast reader declines.
    for f in sorted((SEEDS / "answers").iterdir()):
        put("reader", f.read_bytes())
    for a in ['\ufeff{"status":"DRAFT" , "definition":"F\\ud83d\\ude00","lastPage":null}',
              '{"definition":"F","status":"draft","status":"draft"}', '{"d\\u0065finition":"F","status":"draft"}',
              '{"definition":"F","status":"draft","answers":[{"id":"A","seq":4294967296,"value":"\\ud800"}]}']:
        put("reader", a)
    for w in ['{}', '{"forms":[]}', '[' * 200]:
        put("wire", w)
    for t in TARGETS:
        print(f"{t}: {len(list((SEEDS / t).iterdir()))} seeds")


if __name__ == "__main__":
    main()
