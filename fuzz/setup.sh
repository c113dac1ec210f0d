#!/usr/bin/env bash
# Installs what fuzzing needs, each step only when missing, with the installer's own progress:
# the pinned nightly (tests/ensure-nightly.sh) and cargo-fuzz at CARGO_FUZZ_VERSION. Fails
# when either cannot be had: a fuzz stage never skips.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
CARGO_FUZZ_VERSION=0.13.2

"$here/../tests/ensure-nightly.sh"
have="$(cargo fuzz --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" != "$CARGO_FUZZ_VERSION" ]; then
  echo "fuzz setup: installing cargo-fuzz $CARGO_FUZZ_VERSION (found: ${have:-none}); a first build takes a few minutes"
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" --force
fi
echo "fuzz setup: ok (cargo-fuzz $CARGO_FUZZ_VERSION, $(cd "$here" && rustc --version))"
