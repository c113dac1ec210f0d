#!/usr/bin/env bash
# Makes the pinned nightly toolchain of fuzz/ and wasm/ available under the name their
# rust-toolchain.toml files give (monshin-nightly-DATE), or fails loudly. Idempotent.
#
# The pin is a rustc version string, not just "nightly": fuzzing (sanitizers, -Zbuild-std) and
# the size-optimised WebAssembly build (-Zbuild-std, -Cpanic=immediate-abort) use unstable
# flags that change between nightlies, and the 150,000 B WebAssembly budget was measured with
# this compiler. rustup cannot give a downloaded dated nightly a channel-like name, so the
# toolchain is registered with `rustup toolchain link` under a custom name:
#   1. if that name already resolves to the pinned rustc: nothing to do;
#   2. else if the installed `nightly` is the pinned rustc (offline machines): link it;
#   3. else install nightly-$DIST_DATE (its rustc is the pinned one) and link that.
# Any other rustc fails: changing the pin means editing PIN below and both toolchain files.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

PIN="1.97.0-nightly (e50aa6fba 2026-05-19)"
NAME="monshin-nightly-2026-05-19"
DIST_DATE="2026-05-20"

for f in "$root/fuzz/rust-toolchain.toml" "$root/wasm/rust-toolchain.toml"; do
  if ! grep -qx "channel = \"$NAME\"" "$f"; then
    echo "ensure-nightly: $f does not name $NAME" >&2
    exit 1
  fi
done

version_of() { rustc "+$1" --version 2>/dev/null | sed 's/^rustc //' || true; }

if [ "$(version_of "$NAME")" = "$PIN" ]; then
  : # already linked
elif [ "$(version_of nightly)" = "$PIN" ]; then
  echo "ensure-nightly: linking the installed nightly (rustc $PIN) as $NAME"
  rustup toolchain link "$NAME" "$(rustc +nightly --print sysroot)"
else
  echo "ensure-nightly: installed nightly is '$(version_of nightly)', the pin is '$PIN';" \
    "installing nightly-$DIST_DATE (download, about 300 MB)"
  rustup toolchain install "nightly-$DIST_DATE" --profile minimal \
    --component rust-src --target wasm32-unknown-unknown
  if [ "$(version_of "nightly-$DIST_DATE")" != "$PIN" ]; then
    echo "ensure-nightly: nightly-$DIST_DATE is '$(version_of "nightly-$DIST_DATE")', not '$PIN'" >&2
    exit 1
  fi
  rustup toolchain link "$NAME" "$(rustc "+nightly-$DIST_DATE" --print sysroot)"
fi
if [ "$(version_of "$NAME")" != "$PIN" ]; then
  echo "ensure-nightly: $NAME is '$(version_of "$NAME")', not '$PIN'" >&2
  exit 1
fi
echo "ensure-nightly: $NAME is rustc $PIN"
