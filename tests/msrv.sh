#!/usr/bin/env bash
# The minimum supported Rust version (workspace `rust-version` in Cargo.toml) checked offline:
# this machine has no toolchain of that version and cannot download one, so instead of building with it:
#   1. every workspace crate declares `rust-version.workspace = true`, so that clippy's
#      `incompatible_msrv` lint (denied by the clippy stage of tests/run-all.sh) rejects any std
#      API stabilised after the MSRV;
#   2. every dependency in Cargo.lock that declares a rust-version declares one <= the MSRV.
# What this does not catch: language syntax stabilised after the MSRV (rare in edition 2021)
# and a dependency that needs a newer compiler without saying so. Building with the MSRV
# toolchain itself (`cargo +1.88 check --workspace`) is the full check where it can be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

msrv="$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml)"
[ -n "$msrv" ] || { echo "msrv: no rust-version in Cargo.toml" >&2; exit 1; }
# crates/monshin-py is outside the workspace (its own Cargo.lock): it states the same value.
standalone=crates/monshin-py/Cargo.toml
missing=$(grep -L '^rust-version.workspace = true' $(ls crates/*/Cargo.toml wasm/Cargo.toml | grep -vx "$standalone") || true)
if ! grep -qx "rust-version = \"$msrv\"" "$standalone"; then
  missing="$missing $standalone"
fi
if [ -n "${missing// /}" ]; then
  echo "msrv: these crates do not declare the rust-version $msrv: $missing" >&2
  exit 1
fi
for manifest in Cargo.toml "$standalone"; do
  echo "msrv: dependencies' declared rust-version <= $msrv ($manifest)"
  cargo metadata --manifest-path "$manifest" --format-version 1 --locked | python3 -c '
import json, sys
msrv = tuple(int(x) for x in sys.argv[1].split("."))
def parse(v):
    return tuple(int(x) for x in (v.split(".") + ["0", "0"])[:3])
meta = json.load(sys.stdin)
members = set(meta["workspace_members"])
deps = [p for p in meta["packages"] if p["id"] not in members]
too_new = sorted(
    "%s %s needs %s" % (p["name"], p["version"], p["rust_version"])
    for p in deps
    if p.get("rust_version") and parse(p["rust_version"]) > parse(sys.argv[1])
)
if too_new:
    sys.exit("msrv: dependencies newer than the MSRV:\n  " + "\n  ".join(too_new))
print("msrv: %d dependencies checked" % len(deps))
' "$msrv"
done
