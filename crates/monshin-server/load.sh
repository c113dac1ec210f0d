#!/usr/bin/env bash
# Load figures of `monshin serve` (BENCHMARKS.md): validate of the bundled vaccination-pcv
# complete example over HTTP keep-alive at concurrency 1, 8 and 64, with wrk (Debian's
# package), against a release build listening on 127.0.0.1.
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
printf '%-12s %12s %10s %10s %8s\n' concurrency "requests/s" p50 p99 errors
for c in 1 8 64; do
    threads=$(( c < 2 ? 1 : 2 ))
    wrk -t"$threads" -c"$c" -d"${DURATION}s" --latency -s "$work/post.lua" "$url" > "$work/wrk-$c.txt"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk-$c.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk-$c.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk-$c.txt")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$work/wrk-$c.txt")
    socket=$(awk -F'[ ,]+' '/Socket errors:/ {print $4+$6+$8+$10}' "$work/wrk-$c.txt")
    errors=$(( ${non2xx:-0} + ${socket:-0} ))
    printf '%-12s %12s %10s %10s %8s\n' "$c" "$rps" "$p50" "$p99" "$errors"
    if (( errors > 0 )); then
        cat "$work/wrk-$c.txt"
        echo "load: $errors errors at concurrency $c" >&2
        exit 1
    fi
done
echo "server peak RSS: $(awk '/^VmHWM:/ {print $2, $3}' "/proc/$server_pid/status")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
