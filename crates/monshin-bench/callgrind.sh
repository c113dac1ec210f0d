#!/usr/bin/env bash
# Repeatable instruction counts (valgrind --tool=callgrind) for benchmarks (a) and (b):
#   (a) bytes → findings (complete mode) vs a bare serde_json::Value parse of the same bytes;
#   (b) monshin vs the jsonschema crate on the exported schema (is_valid and all errors).
# Each case runs ITER times inside `cg_measure` of the monshin-cg binary; collection is toggled
# on that function only, so compiling the form or the schema is not counted.
#
# Usage: crates/monshin-bench/callgrind.sh            # table of instructions and ratios
#        ITER=500 crates/monshin-bench/callgrind.sh
#        ANNOTATE=1 crates/monshin-bench/callgrind.sh  # also the hot spots of validation
set -euo pipefail
cd "$(dirname "$0")/../.."

ITER=${ITER:-200}
OUT=${OUT:-target/callgrind}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

cargo build --quiet --profile bench -p monshin-bench --bin monshin-cg
BIN=target/release/monshin-cg
mkdir -p "$OUT"

declare -A IR
for variant in "" "-invalid"; do
  for c in parse-value validate monshin-is-valid jsonschema-is-valid jsonschema-errors; do
    case="$c$variant"
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*cg_measure*' \
      --callgrind-out-file="$OUT/$case.out" "$BIN" "$case" "$ITER" >"$OUT/$case.log" 2>&1
    total=$(awk '/^(summary|totals):/ {print $2; exit}' "$OUT/$case.out")
    IR[$case]=$((total / ITER))
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "instructions per answer set (callgrind, $ITER iterations, $(valgrind --version))"
printf '%-28s %14s %14s\n' case valid invalid
for c in parse-value validate monshin-is-valid jsonschema-is-valid jsonschema-errors; do
  printf '%-28s %14d %14d\n' "$c" "${IR[$c]}" "${IR[$c-invalid]}"
done
echo
echo "(a) validate / serde_json Value parse:   valid $(ratio "${IR[validate]}" "${IR[parse-value]}")x   invalid $(ratio "${IR[validate-invalid]}" "${IR[parse-value-invalid]}")x   (target <= 2x)"
echo "(b) jsonschema is_valid / monshin is_valid: valid $(ratio "${IR[jsonschema-is-valid]}" "${IR[monshin-is-valid]}")x   invalid $(ratio "${IR[jsonschema-is-valid-invalid]}" "${IR[monshin-is-valid-invalid]}")x   (target >= 2x)"
echo "(b) jsonschema all errors / monshin all findings: valid $(ratio "${IR[jsonschema-errors]}" "${IR[validate]}")x   invalid $(ratio "${IR[jsonschema-errors-invalid]}" "${IR[validate-invalid]}")x"
echo "    (jsonschema runs on an already parsed Value; monshin's counts include parsing the bytes)"

if [ -n "${ANNOTATE:-}" ]; then
  echo
  echo "== hot spots of validate (exclusive instructions)"
  callgrind_annotate --inclusive=no "$OUT/validate.out" 2>/dev/null | sed -n '1,60p'
fi
