#!/usr/bin/env bash
# Does a gateway's memory come back after many entitled sessions (docs/RELIABILITY.md, "Sessions end with their
# connection")? Starts a feed and a real `tickstream gateway` with CURVE and entitlements, then opens and drops
# sessions in batches with pyzmq (LOGIN, SUBSCRIBE, a few stream frames, close), twice N sessions, and prints the
# gateway's RSS from /proc: at the start, after each 1 000 sessions (all closed, the sessions gauge back to 0), and
# at the end. Needs python3 with pyzmq (apt-get install python3-zmq).
# Usage: perf/gateway-sessions/run.sh [sessions per round]   (default 10000)
set -euo pipefail
sessions=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
gateway_pid=""; feed_pid=""
trap 'kill -TERM $gateway_pid $feed_pid 2>/dev/null || true; rm -rf "$work"' EXIT
# NO_BUILD=1 runs the CLI as last built.
[ -n "${NO_BUILD:-}" ] || dotnet build "$root/clients/TickStream.Cli" -c Release -v q -nologo >/dev/null
cli="$root/clients/TickStream.Cli/bin/Release/net10.0/tickstream"
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
feed_port=$(port); pub_port=$(port); req_port=$(port); metrics_port=$(port)
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

"$cli" keygen "$work/server.key" >/dev/null
credential=$(/usr/bin/python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
echo "$credential AAPL MSFT" >"$work/entitlements"
server_key=$(sed -n 's/.*public-key = "\(.*\)".*/\1/p' "$work/server.key")

"$cli" feed --pub "tcp://127.0.0.1:$feed_port" --rate 30 --symbols AAPL MSFT NVDA --stats-interval 00:10:00 >"$work/feed.log" 2>&1 &
feed_pid=$!
"$cli" gateway --sub "tcp://127.0.0.1:$feed_port" --pub "tcp://127.0.0.1:$pub_port" --req "tcp://127.0.0.1:$req_port" \
  --curve-secret "$work/server.key_secret" --entitlements "$work/entitlements" --metrics-port "$metrics_port" \
  --stats-interval 00:10:00 >"$work/gateway.log" 2>&1 &
gateway_pid=$!
metrics="http://127.0.0.1:$metrics_port/metrics"
for _ in $(seq 100); do
  /usr/bin/python3 -c "import urllib.request; urllib.request.urlopen('$metrics', timeout=1)" 2>/dev/null && break
  sleep 0.1
done
echo "gateway RSS at the start: $(rss $gateway_pid) MiB"
for round in 1 2; do
  /usr/bin/python3 "$here/sessions.py" --connect "tcp://127.0.0.1:$req_port" --server-key "$server_key" --credential "$credential" \
    --metrics "$metrics" --pid "$gateway_pid" --sessions "$sessions" --label "round $round" AAPL MSFT \
    | awk -v every=1000 '{ match($0, /"sessions": [0-9]+/); n = substr($0, RSTART + 12, RLENGTH - 12); if (n % every == 0) print }'
done
echo "gateway RSS at the end: $(rss $gateway_pid) MiB"
# SIGTERM: a background job of a script ignores SIGINT.
kill -TERM $gateway_pid
wait $gateway_pid || true
gateway_pid=""
grep -o "logins [0-9]*.*limit refusals [0-9]*" "$work/gateway.log" | tail -1
