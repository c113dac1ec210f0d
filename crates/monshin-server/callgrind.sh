#!/usr/bin/env bash
# Instructions per request of `monshin serve` (BENCHMARKS.md (i)): the release binary runs under
# callgrind on 127.0.0.1; after 50 warm-up requests the counters are zeroed, then N requests
# (default 1,000) of the bundled vaccination-pcv complete example go to
# `POST /v1/forms/vaccination-pcv/validate` over one keep-alive connection (Python's
# http.client), and the counters are dumped. Prints instructions per request (the server's
# threads; kernel time is not counted) and the file to annotate. Repeatable on a busy machine.
#
#   crates/monshin-server/callgrind.sh [REQUESTS] [BINARY]   (default: 1000, target/release/monshin)
set -euo pipefail
cd "$(dirname "$0")/../.."

requests="${1:-1000}"
binary="${2:-target/release/monshin}"
port="${MONSHIN_CG_PORT:-18083}"
command -v valgrind >/dev/null || { echo "callgrind: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
if [[ "$binary" == target/release/monshin ]]; then
    echo "== callgrind: cargo build --release -p monshin-cli"
    cargo build --release -p monshin-cli
fi

work="$(mktemp -d)"
pid=""
cleanup() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False, separators=(",", ":")), end="")' \
    crates/monshin-forms/examples/vaccination-pcv.complete.answers.json > "$work/body.json"
cat > "$work/client.py" <<'PY'
import http.client, sys
n, port, path, body = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], open(sys.argv[4], "rb").read()
c = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    c.request("POST", path, body, {"Content-Type": "application/json"})
    r = c.getresponse()
    answer = r.read()
    if r.status != 200 or b'"valid":true' not in answer:
        sys.exit(f"unexpected answer: {r.status}")
PY

echo "== callgrind: $binary serve on 127.0.0.1:$port under valgrind"
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out.%p" \
    "$binary" serve --addr "127.0.0.1:$port" --log warn > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; then break; fi
    sleep 0.5
done
curl -sf "http://127.0.0.1:$port/readyz" >/dev/null
path="/v1/forms/vaccination-pcv/validate?today=2026-04-01"
python3 "$work/client.py" 50 "$port" "$path" "$work/body.json"
callgrind_control -z "$pid" >/dev/null 2>&1
python3 "$work/client.py" "$requests" "$port" "$path" "$work/body.json"
callgrind_control -d "$pid" >/dev/null 2>&1
out="$work/cg.out.$pid.1"
for _ in $(seq 1 40); do [[ -s "$out" ]] && break; sleep 0.25; done
total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
kept="target/callgrind-serve.out"
mkdir -p target
cp "$out" "$kept"
echo "callgrind: $requests requests, $total instructions, $(( total / requests )) per request (annotate: callgrind_annotate $kept)"
