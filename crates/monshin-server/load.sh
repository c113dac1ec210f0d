#!/usr/bin/env bash
# Load figures of `monshin serve` (BENCHMARKS.md (i)): validate of the bundled vaccination-pcv
# complete example over HTTP keep-alive at concurrency 1, 8 and 64, with wrk (Debian's
# package), against a release build listening on 127.0.0.1; then the same set 1,000 times per
# request through the NDJSON batch route at concurrency 2 (validations/s = requests/s × 1,000).
#
#   crates/monshin-server/load.sh [SECONDS_PER_RUN]    (default 10)
#
# Idempotent: installs wrk only when missing (apt, needs root), builds the release binary
# (cargo decides what is stale), starts the server, runs the three loads, prints requests/s,
# p50/p99 latency, errors (non-2xx answers and socket errors) and the server's peak resident
# set (VmHWM), then stops the server it started. No stage is skipped: a failure ends the run.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION="${1:-10}"
PORT="${MONSHIN_LOAD_PORT:-18080}"

echo "== load: wrk"
if ! command -v wrk >/dev/null; then
    echo "installing wrk (apt-get)…"
    apt-get update
    apt-get install -y wrk
fi
wrk --version 2>&1 | head -1 || true

echo "== load: release build of monshin (cargo build --release -p monshin-cli)"
cargo build --release -p monshin-cli

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False, separators=(",", ":")), end="")' \
    crates/monshin-forms/examples/vaccination-pcv.complete.answers.json > "$work/body.json"
for _ in $(seq 1 1000); do cat "$work/body.json"; echo; done > "$work/batch.ndjson"
cat > "$work/batch.lua" <<LUA
local f = assert(io.open("$work/batch.ndjson", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/x-ndjson"
LUA
cat > "$work/post.lua" <<LUA
local f = assert(io.open("$work/body.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
LUA

echo "== load: starting monshin serve on 127.0.0.1:$PORT"
target/release/monshin serve --addr "127.0.0.1:$PORT" --log warn \
    --serve-limit concurrency=1024 &
server_pid=$!
for _ in $(seq 1 200); do
    if curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then break; fi
    sleep 0.05
done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null
url="http://127.0.0.1:$PORT/v1/forms/vaccination-pcv/validate?today=2026-04-01"
# The answer is a validation report with no error finding.
curl -sf -H 'Content-Type: application/json' --data-binary "@$work/body.json" "$url" | grep -q '"valid":true'

echo "== load: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# One wrk run: prints its row, fails on any error answer or socket error.
measure() { # NAME CONCURRENCY SCRIPT URL
    local name="$1" c="$2" script="$3" target="$4" threads out rps p50 p99 non2xx socket errors
    threads=$(( c < 2 ? 1 : 2 ))
    out="$work/wrk-$name-$c.txt"
    wrk -t"$threads" -c"$c" -d"${DURATION}s" --latency -s "$script" "$target" > "$out"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p50=$(awk '$1 == "50%" {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
    socket=$(awk -F'[ ,]+' '/Socket errors:/ {print $4+$6+$8+$10}' "$out")
    errors=$(( ${non2xx:-0} + ${socket:-0} ))
    printf '%-10s %-12s %12s %10s %10s %8s\n' "$name" "$c" "$rps" "$p50" "$p99" "$errors"
    if (( errors > 0 )); then
        cat "$out"
        echo "load: $errors errors at $name concurrency $c" >&2
        exit 1
    fi
}

printf '%-10s %-12s %12s %10s %10s %8s\n' route concurrency "requests/s" p50 p99 errors
for c in 1 8 64; do
    measure validate "$c" "$work/post.lua" "$url"
done
batch_url="http://127.0.0.1:$PORT/v1/validate/batch?form=vaccination-pcv&today=2026-04-01"
# Every line of a batch answer is a valid report.
lines=$(curl -sf -H 'Content-Type: application/x-ndjson' --data-binary "@$work/batch.ndjson" "$batch_url" \
    | grep -c '"valid":true')
if [[ "$lines" != 1000 ]]; then
    echo "load: the batch answered $lines valid lines of 1000" >&2
    exit 1
fi
measure batch 2 "$work/batch.lua" "$batch_url"
echo "batch: each request validates 1,000 answer sets"
echo "server peak RSS: $(awk '/^VmHWM:/ {print $2, $3}' "/proc/$server_pid/status")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
