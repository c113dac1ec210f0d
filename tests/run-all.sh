#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, the Rust test suites (unit, corpus,
# property, golden), and the optional stages below when their directories exist.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
for extra in wasm/test.sh fuzz/smoke.sh; do
  if [ -x "$extra" ]; then
    echo "== $extra"
    "./$extra"
  fi
done
