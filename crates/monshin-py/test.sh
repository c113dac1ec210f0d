#!/usr/bin/env bash
# Tests of the Python package (crates/monshin-py), run by tests/run-all.sh and by hand:
#   1. cargo fmt --check and clippy of the crate (it is outside the workspace: see Cargo.toml);
#   2. a FRESH virtual environment in target/python/venv (removed first), into which pip
#      installs the pinned maturin, pytest and mypy (each printing its progress);
#   3. maturin builds the abi3 wheel (release) into target/python/wheels; pip installs it;
#   4. pytest runs tests/; mypy.stubtest compares python/monshin/_monshin.pyi with the built
#      module, and mypy --strict type-checks tests/typed_usage.py against the stubs.
# Nothing is skipped and nothing installs under a timeout: a first run downloads the three
# tools and compiles the engine in release mode (minutes on 2 cores); pip's cache makes later
# runs quicker. Needs python3 (>= 3.9) with the venv module.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
target="$root/target/python"
venv="$target/venv"
export CARGO_TARGET_DIR="$target"
export PYTHONDONTWRITEBYTECODE=1

MATURIN_VERSION="1.16.0"
PYTEST_VERSION="9.2.0"
MYPY_VERSION="2.4.1"

echo "== monshin-py: cargo fmt --check, clippy"
cargo fmt --manifest-path "$here/Cargo.toml" -- --check
cargo clippy --manifest-path "$here/Cargo.toml" --locked --all-targets -- \
  -D warnings -D clippy::incompatible_msrv

echo "== monshin-py: fresh virtual environment $venv"
rm -rf "$venv"
python3 -m venv "$venv"
py="$venv/bin/python"
"$py" -m pip install --disable-pip-version-check --progress-bar on \
  "maturin==$MATURIN_VERSION" "pytest==$PYTEST_VERSION" "mypy==$MYPY_VERSION"

echo "== monshin-py: maturin build (abi3 wheel, release)"
rm -rf "$target/wheels"
"$venv/bin/maturin" build --manifest-path "$here/Cargo.toml" --release --locked \
  --interpreter "$py" --out "$target/wheels"
wheel="$(ls "$target"/wheels/monshin-*-abi3-*.whl)"
echo "== monshin-py: pip install $(basename "$wheel")"
"$py" -m pip install --disable-pip-version-check --no-index --no-deps --force-reinstall "$wheel"

echo "== monshin-py: pytest"
# From the tests directory, so that `import monshin` is the installed wheel, not the sources.
(cd "$here/tests" && "$py" -m pytest -p no:cacheprovider -q .)

echo "== monshin-py: type stubs (mypy.stubtest, mypy --strict)"
# From a folder without Python sources, so that mypy reads the installed package only.
(cd "$target/wheels" && "$py" -m mypy.stubtest monshin)
(cd "$here/tests" && "$py" -m mypy --strict --no-incremental --cache-dir=/dev/null typed_usage.py)
echo "== monshin-py: ok"
