#!/usr/bin/env bash
# Run every fuzz target for a bounded time: fuzz/run.sh [SECONDS_PER_TARGET] (default 60).
# Installs cargo-fuzz if missing, regenerates the seed corpora (make_seeds.py), and runs
#   cargo +nightly fuzz run TARGET corpus/TARGET seeds/TARGET -- -max_total_time=N
# New interesting inputs go to fuzz/corpus/TARGET (kept between runs), crashes to
# fuzz/artifacts/TARGET. Exits non-zero if any target crashed; every crash must become a file
# in fuzz/regressions/TARGET/ (replayed by `cargo test -p monshin-bench --test fuzz_regressions`).
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-60}
TARGETS=${TARGETS:-"definition expression answers wire diff"}

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz/run.sh: a nightly toolchain is needed (rustup toolchain install nightly)" >&2
  exit 2
fi
python3 make_seeds.py >/dev/null

failed=()
for t in $TARGETS; do
  mkdir -p "corpus/$t"
  echo "== fuzz $t for ${SECS}s"
  if ! cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1; then
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz/run.sh: no crash in $TARGETS"
