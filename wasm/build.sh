#!/usr/bin/env bash
# Builds the npm package in wasm/pkg/: cargo (release, wasm32), wasm-bindgen (web target, plus a
# node entry point), wasm-opt -Oz; prints raw and gzipped sizes. Run ./setup.sh first.
# MONSHIN_WASM_FEATURES=bench-codecs adds the codec switch bench/bench.mjs compares with;
# MONSHIN_WASM_OPT_LEVEL=s|z|3 changes rustc's opt-level (default z: smallest).
# MONSHIN_WASM_TOOLCHAIN=stable builds without nightly (a larger module, see below).
# MONSHIN_WASM_HOT_OPT=2 (or 3, s) builds the crates on the validation path (MONSHIN_WASM_HOT_CRATES,
# default monshin-core and monshin-wasm) at that opt-level and the rest at the size-first one.
# monshin-core gives most of the gain: it holds the validator and the answer reader (and
# serde's generic code, compiled in the crate that uses it); monshin-wasm, the crate the
# link-time optimisation runs for, adds a little more; serde_json no longer counts since the
# hand-written answer reader (each choice measured in BENCHMARKS.md (h)). Not the default: the
# size budget below is for the size-first build.
#
# The nightly build also sets `--cfg monshin_hot`: the validation path's functions, marked
# `#[cfg_attr(monshin_hot, optimize(speed))]` in monshin-core and monshin-expr, are then
# optimised for speed inside the size-first build (ARCHITECTURE.md, wasm/; measured in
# BENCHMARKS.md (h)).
#
# By default std is rebuilt from source with nightly's -Zbuild-std, optimised for size, with
# panics that abort at once (no panic message formatting: library code never panics, see
# ARCHITECTURE.md), no file/line in panic locations and `{:?}` compiled to nothing (nothing
# the engine returns is built from Debug output). Measured on the same tree: 14 % smaller
# gzip than the stable build. The result is checked against the size budget at the end.
#
# The wasm build uses its own target directory (target/wasm) and size-oriented profile settings
# given through the environment, so it neither needs profile changes in the workspace
# Cargo.toml nor invalidates anyone's host builds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
target_dir="$root/target/wasm"
out="$here/pkg"

export CARGO_PROFILE_RELEASE_OPT_LEVEL="${MONSHIN_WASM_OPT_LEVEL:-z}"
export CARGO_PROFILE_RELEASE_LTO=true
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_PANIC=abort
export CARGO_PROFILE_RELEASE_DEBUG=false
export CARGO_PROFILE_RELEASE_STRIP=false

toolchain="${MONSHIN_WASM_TOOLCHAIN:-nightly}"
profile_args=()
if [ -n "${MONSHIN_WASM_HOT_OPT:-}" ]; then
  level="$MONSHIN_WASM_HOT_OPT"
  case "$level" in [0-3]) ;; *) level="\"$level\"" ;; esac
  for crate in ${MONSHIN_WASM_HOT_CRATES:-monshin-core monshin-wasm}; do
    profile_args+=(--config "profile.release.package.\"$crate\".opt-level=$level")
  done
fi
features=()
if [ -n "${MONSHIN_WASM_FEATURES:-}" ]; then
  features=(--features "$MONSHIN_WASM_FEATURES")
fi
std_args=()
case "$toolchain" in
  nightly)
    std_args=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
    export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none --cfg monshin_hot"
    target_dir="$target_dir/nightly"
    ;;
  stable) ;;
  *)
    echo "build: MONSHIN_WASM_TOOLCHAIN must be nightly or stable, not $toolchain" >&2
    exit 2
    ;;
esac
echo "build: cargo +$toolchain build --release --target wasm32-unknown-unknown -p monshin-wasm"
cargo "+$toolchain" build --manifest-path "$root/Cargo.toml" --locked --release \
  --target wasm32-unknown-unknown -p monshin-wasm --target-dir "$target_dir" -j 2 \
  "${profile_args[@]}" "${std_args[@]}" "${features[@]}"

rm -rf "$out"
mkdir -p "$out"
echo "build: wasm-bindgen"
wasm-bindgen --target web --out-dir "$out" --out-name monshin_wasm \
  "$target_dir/wasm32-unknown-unknown/release/monshin_wasm.wasm"

# wasm-opt flags, shared by both modules. Rust's wasm32 target enables these proposals by
# default; wasm-opt must accept them. --low-memory-unused (measured: -1,104 B gzip,
# BENCHMARKS.md section (f)) assumes that no pointer + constant offset wraps around 2^32 into
# the lowest 1 KiB, the only case where folding the constant into the access's offset changes
# anything; no Rust pointer is that close to 2^32. Not used: --ignore-implicit-traps and
# --traps-never-happen, which let wasm-opt move a load ahead of the bounds check guarding it
# (measured: the FHIR module then reads out of bounds in fhirImport).
# The target_features section only tells tools which proposals the code uses; engines ignore it.
wasm_opt_args=(-Oz --converge --low-memory-unused
  --strip-debug --strip-producers --strip-target-features
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-multivalue --enable-reference-types)
echo "build: wasm-opt ${wasm_opt_args[*]}"
"$here/node_modules/.bin/wasm-opt" "${wasm_opt_args[@]}" \
  "$out/monshin_wasm_bg.wasm" -o "$out/monshin_wasm_bg.opt.wasm"
mv "$out/monshin_wasm_bg.opt.wasm" "$out/monshin_wasm_bg.wasm"

# node entry point: instantiate synchronously from the file next to it.
cat > "$out/node.js" <<'JS'
// node entry point of monshin-wasm: instantiates the module from the file beside it.
import { readFileSync } from "node:fs";
import { initSync } from "./monshin_wasm.js";

initSync({ module: readFileSync(new URL("./monshin_wasm_bg.wasm", import.meta.url)) });

export * from "./monshin_wasm.js";
JS
cat > "$out/node.d.ts" <<'TS'
export * from "./monshin_wasm.js";
TS

size() {
  local f="$1" raw gz
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '  %-28s %8d bytes raw  %8d bytes gzip -9  (%.1f KiB gz)\n' "$(basename "$f")" "$raw" "$gz" "$(echo "$gz / 1024" | bc -l)"
}
echo "build: sizes"
size "$out/monshin_wasm_bg.wasm"
size "$out/monshin_wasm.js"

# The size budget of the engine: 166,000 B of gzip -9 (150,000 B until the Japanese input
# normaliser, tolerant PMH reading and definition identity landed, 160,000 B until the
# eligibility codes, clinic pages and the single UTF-8 check, 163,000 B until the hand-written
# answer reader and the one document path; ARCHITECTURE.md, wasm/).
# Only the default build is held to it; bench builds carry the codec switch, the stable
# build lacks the std rebuild and MONSHIN_WASM_HOT_OPT builds trade size for speed on purpose.
budget=166000
gz=$(gzip -9 -c "$out/monshin_wasm_bg.wasm" | wc -c)
if [ "$toolchain" = nightly ] && [ -z "${MONSHIN_WASM_FEATURES:-}" ] && [ -z "${MONSHIN_WASM_HOT_OPT:-}" ]; then
  if [ "$gz" -gt "$budget" ]; then
    echo "build: monshin_wasm_bg.wasm is $gz bytes gzipped, over the budget of $budget" >&2
    exit 1
  fi
  echo "build: within the size budget ($gz of $budget bytes gzipped)"
fi

# The FHIR module (issue 20): the engine plus `fhirImport` and `fhirValidate` (cargo feature
# `fhir`), as a second package in wasm/pkg-fhir/, so that the engine module above never links
# monshin-fhir and its budget stays its own. Its size is printed, not held to that budget.
# MONSHIN_WASM_FHIR=0 skips it.
if [ "${MONSHIN_WASM_FHIR:-1}" != 0 ]; then
  fhir_out="$here/pkg-fhir"
  fhir_features="fhir${MONSHIN_WASM_FEATURES:+,$MONSHIN_WASM_FEATURES}"
  echo "build: cargo +$toolchain build … -p monshin-wasm --features $fhir_features"
  cargo "+$toolchain" build --manifest-path "$root/Cargo.toml" --locked --release \
    --target wasm32-unknown-unknown -p monshin-wasm --target-dir "$target_dir" -j 2 \
    "${profile_args[@]}" "${std_args[@]}" --features "$fhir_features"
  rm -rf "$fhir_out"
  mkdir -p "$fhir_out"
  wasm-bindgen --target web --out-dir "$fhir_out" --out-name monshin_wasm \
    "$target_dir/wasm32-unknown-unknown/release/monshin_wasm.wasm"
  "$here/node_modules/.bin/wasm-opt" "${wasm_opt_args[@]}" \
    "$fhir_out/monshin_wasm_bg.wasm" -o "$fhir_out/monshin_wasm_bg.opt.wasm"
  mv "$fhir_out/monshin_wasm_bg.opt.wasm" "$fhir_out/monshin_wasm_bg.wasm"
  cp "$out/node.js" "$out/node.d.ts" "$fhir_out/"
  echo "build: sizes of the FHIR module (pkg-fhir/, not held to the engine budget)"
  size "$fhir_out/monshin_wasm_bg.wasm"
fi
