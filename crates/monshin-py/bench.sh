#!/usr/bin/env bash
# Reading 100,000 answer sets from NDJSON through Python (`Form.validate_ndjson_file`, every
# result's findings turned into Python objects) against `monshin validate --batch` (release
# CLI) on the same file; the figures go to BENCHMARKS.md (section (i)). A measurement, not a
# test: run by hand after crates/monshin-py/test.sh (whose virtual environment and wheel it
# uses). Usage: crates/monshin-py/bench.sh [SETS] [RUNS] (defaults 100000 and 3; best run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
sets="${1:-100000}"
runs="${2:-3}"
py="$root/target/python/venv/bin/python"
if [ ! -x "$py" ] || ! "$py" -c "import monshin" 2>/dev/null; then
  echo "bench: run crates/monshin-py/test.sh first (it builds and installs the wheel)" >&2
  exit 1
fi

echo "bench: cargo build --release -p monshin-cli"
cargo build --manifest-path "$root/Cargo.toml" --release --locked -p monshin-cli
cli="$root/target/release/monshin"

work="$root/target/python/bench"
mkdir -p "$work"
input="$work/sets-$sets.ndjson"
# The three PCV example sets (complete, draft, invalid) in turn, one per line.
"$py" - "$root/crates/monshin-forms/examples" "$sets" "$input" <<'PY'
import json, pathlib, sys
examples, n, out = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lines = [json.dumps(json.loads((examples / f"vaccination-pcv.{k}.answers.json").read_text("utf-8")),
                    ensure_ascii=False) for k in ("complete", "draft", "invalid")]
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(lines[i % 3] + "\n")
PY
echo "bench: $(wc -l < "$input") answer sets, $(wc -c < "$input") bytes in $input"

now() { date +%s%N; }
best_cli=""
best_py=""
for i in $(seq "$runs"); do
  t0=$(now)
  "$cli" validate --batch vaccination-pcv --today 2026-04-01 < "$input" > "$work/cli.out" || true
  t1=$(now)
  "$py" - "$input" > "$work/py.out" <<'PY'
import sys, monshin
form = monshin.Form.bundled("vaccination-pcv")
valid = findings = 0
for r in form.validate_ndjson_file(sys.argv[1], today="2026-04-01"):
    valid += r.valid
    findings += len(r.findings)
print(valid, findings)
PY
  t2=$(now)
  cli_ms=$(( (t1 - t0) / 1000000 ))
  py_ms=$(( (t2 - t1) / 1000000 ))
  echo "bench: run $i: CLI $cli_ms ms, Python $py_ms ms"
  if [ -z "$best_cli" ] || [ "$cli_ms" -lt "$best_cli" ]; then best_cli=$cli_ms; fi
  if [ -z "$best_py" ] || [ "$py_ms" -lt "$best_py" ]; then best_py=$py_ms; fi
done
# Both read the same sets and agree on how many are valid.
cli_valid=$(grep -c '"valid":true' "$work/cli.out" || true)
read -r py_valid py_findings < "$work/py.out"
if [ "$cli_valid" != "$py_valid" ]; then
  echo "bench: CLI says $cli_valid valid sets, Python $py_valid" >&2
  exit 1
fi
echo "bench: $sets sets ($py_valid valid, $py_findings findings): CLI best $best_cli ms, Python best $best_py ms, ratio $(echo "scale=2; $best_py / $best_cli" | bc)"
