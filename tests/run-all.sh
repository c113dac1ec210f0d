#!/usr/bin/env bash
# Runs every test of the project; any stage that cannot run fails the whole run (nothing is
# skipped). Stages: formatting, lints, the Rust test suites (unit, corpus, property, golden,
# snapshot, tidy), the MSRV lint, the API docs with warnings denied, the WebAssembly package
# (wasm/test.sh: node and headless Chromium tests, the npm tarball), the Python package
# (crates/monshin-py/test.sh: fresh virtual environment, abi3 wheel, pytest) and the fuzz smoke
# test (fuzz/smoke.sh).
#
# A first run installs what is missing, with progress: wasm-bindgen-cli and cargo-fuzz (built
# from source by cargo install, several minutes each on 2 cores), npm packages, Chromium and
# fonts (apt, needs root), maturin, pytest and mypy (pip, into a fresh virtual environment), and
# links the pinned nightly (tests/ensure-nightly.sh). Installs are
# never under a stage timeout. See README.md for the times measured.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stage() { echo "== $* (+$(( $(date +%s) - start ))s)"; }

stage "cargo fmt --check"
cargo fmt --all -- --check
stage "cargo clippy (incompatible_msrv: no std API newer than the workspace rust-version)"
cargo clippy --workspace --all-targets --locked -- -D warnings -D clippy::incompatible_msrv
stage "MSRV: every crate declares it, no dependency needs a newer compiler (tests/msrv.sh)"
tests/msrv.sh
stage "cargo test"
cargo test --workspace --locked
stage "cargo doc (warnings denied)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked
stage "wasm/test.sh"
wasm/test.sh
stage "crates/monshin-py/test.sh"
crates/monshin-py/test.sh
stage "fuzz/smoke.sh"
fuzz/smoke.sh
stage "all stages passed"
