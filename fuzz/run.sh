#!/usr/bin/env bash
# Run every fuzz target for a bounded time: fuzz/run.sh [SECONDS_PER_TARGET] (default 60).
# Installs what is missing (fuzz/setup.sh), regenerates the seed corpora (make_seeds.py), and
# runs, with the pinned nightly of fuzz/rust-toolchain.toml,
#   cargo fuzz run TARGET corpus/TARGET seeds/TARGET -- -max_total_time=N
# New interesting inputs go to fuzz/corpus/TARGET (kept between runs), crashes to
# fuzz/artifacts/TARGET. Exits non-zero if any target crashed; every crash must become a file
# in fuzz/regressions/TARGET/ (replayed by `cargo test -p monshin-conformance --test
# fuzz_regressions` and by fuzz/smoke.sh), minimised first:
#   cargo fuzz tmin TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-60}
TARGETS=${TARGETS:-"definition expression answers reader wire diff"}

./setup.sh
python3 make_seeds.py >/dev/null

failed=()
for t in $TARGETS; do
  mkdir -p "corpus/$t"
  echo "== fuzz $t for ${SECS}s"
  if ! cargo fuzz run "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1; then
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz/run.sh: no crash in $TARGETS"
