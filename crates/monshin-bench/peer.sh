#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of monshin beside its peers on the peer
# harness's inputs (BENCHMARKS.md section (h)): for every size, in one run,
#   serde_json::from_slice::<Value> of monshin's answer document,
#   monshin bytes -> all findings (mode from the set's status),
#   jsonschema-rs on its fastest encoding (`grouped`): parse the neutral document + iter_errors;
# then the batch row: the harness's 1,000-line NDJSON batch, one result line each.
# Collection is toggled on `cg_measure` of monshin-cg, so compiling forms and schemas is not
# counted.
#
# Usage: crates/monshin-bench/peer.sh DIR [SIZE...]    # DIR = output of gen.py + to_monshin.py
#        ITER=50 crates/monshin-bench/peer.sh DIR n0050
#        ANNOTATE=1 crates/monshin-bench/peer.sh DIR n0050   # also monshin's hot spots
set -euo pipefail
cd "$(dirname "$0")/../.."

dir=${1:?usage: peer.sh DIR [SIZE...] (DIR: gen.py --out DIR; to_monshin.py --data DIR)}
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(n0050 n0200 n1000 n5000)
OUT=${OUT:-target/callgrind/peer}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -f "$dir/monshin/doc-${sizes[0]}.json" ] || {
  echo "no peer inputs in $dir: run gen.py --out $dir, then to_monshin.py --data $dir" >&2
  exit 2
}

echo "peer: cargo build --profile bench -p monshin-bench --bin monshin-cg"
cargo build --quiet --profile bench -p monshin-bench --bin monshin-cg
BIN=target/release/monshin-cg
mkdir -p "$OUT"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

echo "instructions per document (callgrind, $(valgrind --version))"
printf '%-6s %6s %14s %14s %14s %16s %16s\n' size iter serde_Value monshin jsonschema \
  'monshin/Value' 'jsonschema/monshin'
for size in "${sizes[@]}"; do
  n=$((10#${size#n}))
  # About 2 M answers' worth of work per case, at least 3 iterations.
  iter=${ITER:-$(( n >= 2000 ? 3 : 2000 / n * 3 ))}
  declare -A ir=()
  for c in parse-value validate jsonschema-errors; do
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*cg_measure*' \
      --callgrind-out-file="$OUT/$size.$c.out" "$BIN" "peer-$c" "$iter" "$dir" "$size" \
      >"$OUT/$size.$c.log" 2>&1 || { cat "$OUT/$size.$c.log" >&2; exit 1; }
    total=$(awk '/^(summary|totals):/ {print $2; exit}' "$OUT/$size.$c.out")
    ir[$c]=$((total / iter))
  done
  printf '%-6s %6d %14d %14d %14d %15sx %15sx\n' "$size" "$iter" "${ir[parse-value]}" \
    "${ir[validate]}" "${ir[jsonschema-errors]}" "$(ratio "${ir[validate]}" "${ir[parse-value]}")" \
    "$(ratio "${ir[jsonschema-errors]}" "${ir[validate]}")"
done
echo "(monshin/Value: goal <= 0.33x; jsonschema/monshin: goal >= 5x)"

# The batch row: the harness's 1,000-line NDJSON batch of the 50-answer form, one thread, one
# result line written per set (monshin-batch's reader and check vs a jsonschema-rs line loop);
# both first checked against the harness's expected validity of every line.
size=n0050
declare -A ir=()
for c in batch jsonschema-batch; do
  valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*cg_measure*' \
    --callgrind-out-file="$OUT/$size.$c.out" "$BIN" "peer-$c" 1 "$dir" "$size" \
    >"$OUT/$size.$c.log" 2>&1 || { cat "$OUT/$size.$c.log" >&2; exit 1; }
  total=$(awk '/^(summary|totals):/ {print $2; exit}' "$OUT/$size.$c.out")
  ir[$c]=$((total / 1000))
done
echo "batch, $size, instructions per answer set: monshin ${ir[batch]}, jsonschema-rs ${ir[jsonschema-batch]}," \
  "jsonschema/monshin $(ratio "${ir[jsonschema-batch]}" "${ir[batch]}")x (goal: keep >= 3x)"

if [ -n "${ANNOTATE:-}" ]; then
  echo
  echo "== hot spots of monshin, ${sizes[0]} (exclusive instructions)"
  callgrind_annotate --inclusive=no "$OUT/${sizes[0]}.validate.out" 2>/dev/null | sed -n '1,45p'
fi
