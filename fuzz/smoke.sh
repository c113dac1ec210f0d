#!/usr/bin/env bash
# CI smoke test of the fuzz targets: build them all and run each briefly (about 20 seconds
# in total), then replay the regression inputs. Cheap by design; fuzz/run.sh runs longer.
set -euo pipefail
cd "$(dirname "$0")"
TOTAL=${FUZZ_SMOKE_SECONDS:-20}
TARGETS="definition expression answers wire diff"
EACH=$(( TOTAL / 5 ))
[ "$EACH" -ge 1 ] || EACH=1

if ! cargo +nightly --version >/dev/null 2>&1; then
  # Toolchains cannot be downloaded here; say so loudly rather than fail CI on the machine.
  echo "fuzz smoke: SKIPPED, no nightly toolchain (rustup toolchain install nightly)" >&2
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
python3 make_seeds.py >/dev/null
cargo +nightly fuzz build
for t in $TARGETS; do
  echo "== fuzz smoke $t (${EACH}s)"
  # Seeds only, into a throw-away corpus: CI leaves no files behind.
  scratch=$(mktemp -d)
  cargo +nightly fuzz run "$t" "$scratch" "seeds/$t" -- \
    -max_total_time="$EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=10
  rm -rf "$scratch"
done
echo "fuzz smoke: ok"
