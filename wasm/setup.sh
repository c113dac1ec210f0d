#!/usr/bin/env bash
# Installs what building and testing monshin-wasm needs, each step only when it is missing:
# the wasm32 Rust target (on stable and, for the size-optimised build, on nightly with its
# rust-src so that std is rebuilt for size), wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock,
# the npm dev dependencies (npm ci, from the committed package-lock.json), Chromium and the
# Noto CJK fonts (Debian packages) for the browser tests. Safe to run again and again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
# rustup below must see the default toolchain, not wasm/rust-toolchain.toml's pinned nightly,
# which may not be linked yet (tests/ensure-nightly.sh links it, at the end of the nightly
# steps).
cd "$root"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# build.sh rebuilds std with nightly's -Zbuild-std (see there); MONSHIN_WASM_TOOLCHAIN=stable
# skips this and builds a larger module with the stable toolchain alone.
if [ "${MONSHIN_WASM_TOOLCHAIN:-nightly}" = nightly ]; then
  if ! rustup toolchain list | grep -q '^nightly-'; then
    echo "setup: installing the nightly toolchain (minimal profile)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
    echo "setup: adding rust-src to nightly"
    rustup component add rust-src --toolchain nightly
  fi
  if ! rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown; then
    echo "setup: adding the wasm32-unknown-unknown target to nightly"
    rustup target add wasm32-unknown-unknown --toolchain nightly
  fi
  # The name wasm/rust-toolchain.toml gives the pinned nightly (cargo run inside wasm/).
  "$root/tests/ensure-nightly.sh"
fi

want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
if [ -z "$want" ]; then
  echo "setup: wasm-bindgen is not in Cargo.lock" >&2
  exit 1
fi
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" != "$want" ]; then
  echo "setup: installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

stamp="$here/node_modules/.monshin-lock.sha256"
lock_sum="$(sha256sum "$here/package-lock.json" | awk '{ print $1 }')"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "setup: npm ci"
  (cd "$here" && npm ci --no-audit --no-fund)
  echo "$lock_sum" > "$stamp"
fi

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "setup: need root to install $* with apt-get" >&2
    exit 1
  fi
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}
if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing chromium"
  apt_install chromium chromium-driver
fi
if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  echo "setup: installing fonts-noto-cjk"
  apt_install fonts-noto-cjk
fi
echo "setup: ok (wasm-bindgen $want, $(node --version), $(/usr/bin/chromium --version 2>/dev/null | head -1))"
