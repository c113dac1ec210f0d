#!/usr/bin/env bash
# Tests of monshin-wasm, run by tests/run-all.sh: setup (idempotent installs), build, the node
# tests of the API, the types and the npm package (packed, installed into an empty
# directory), and the headless Chromium tests of the reference page.
# Installs (setup.sh) and the build are never under a timeout: they show their own progress,
# and a slow machine must not kill a compile that is still going (a first run compiles
# wasm-bindgen-cli, and std for the size-optimised build). The test stages are bounded in time. Nothing is skipped: a stage that cannot run fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

echo "== wasm/setup.sh"
./setup.sh
echo "== wasm/build.sh"
./build.sh
echo "== node tests (API, types, npm package)"
timeout 300 node --test --test-timeout=120000 test/*.test.mjs
echo "== Chromium tests (reference page)"
timeout 420 node --test --test-timeout=240000 browser/*.test.mjs
echo "== screenshots in wasm/artifacts/"
