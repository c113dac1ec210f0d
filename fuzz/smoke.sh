#!/usr/bin/env bash
# CI smoke test of the fuzz targets: install what is missing (fuzz/setup.sh: the pinned
# nightly and cargo-fuzz; fails if they cannot be had), build every target with libFuzzer and
# sanitizers, replay every file of fuzz/regressions/TARGET/ through its target, then run each
# target briefly from the seeds (FUZZ_SMOKE_SECONDS in total, default 20). fuzz/run.sh runs
# longer. The toolchain comes from fuzz/rust-toolchain.toml.
set -euo pipefail
cd "$(dirname "$0")"
TOTAL=${FUZZ_SMOKE_SECONDS:-20}
TARGETS="definition expression answers reader wire diff"
EACH=$(( TOTAL / 6 ))
[ "$EACH" -ge 1 ] || EACH=1

./setup.sh
python3 make_seeds.py >/dev/null
echo "== fuzz smoke: cargo fuzz build (release, address sanitizer)"
cargo fuzz build

for t in $TARGETS; do
  files=(regressions/"$t"/*)
  if [ ! -f "${files[0]}" ]; then
    echo "fuzz smoke: fuzz/regressions/$t/ holds no input" >&2
    exit 1
  fi
  echo "== fuzz smoke: replay ${#files[@]} regression inputs of $t"
  log=$(mktemp)
  # Files (not folders) as arguments: libFuzzer runs each once and writes nothing.
  if ! cargo fuzz run "$t" "${files[@]}" -- -rss_limit_mb=2048 -timeout=10 >"$log" 2>&1; then
    cat "$log" >&2
    echo "fuzz smoke: a regression input of $t fails" >&2
    exit 1
  fi
  ran=$(grep -c '^Running: ' "$log" || true)
  rm -f "$log"
  if [ "$ran" -ne "${#files[@]}" ]; then
    echo "fuzz smoke: $t replayed $ran of ${#files[@]} regression inputs" >&2
    exit 1
  fi
done

for t in $TARGETS; do
  echo "== fuzz smoke: $t for ${EACH}s"
  # Seeds only, into a throw-away corpus: CI leaves no files behind.
  scratch=$(mktemp -d)
  cargo fuzz run "$t" "$scratch" "seeds/$t" -- \
    -max_total_time="$EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=10
  rm -rf "$scratch"
done
echo "fuzz smoke: ok"
