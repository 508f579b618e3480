#!/usr/bin/env bash
# How much a requester that never reads its replies costs the gateway (docs/RELIABILITY.md, "Retransmission and
# bounded replies"): a feed of N ticks is journaled and flows through a gateway with --journal and --cache-all (its
# window fills), then clients send 40 full-range REPLAY and 40 full-range RETRANSMIT requests and never read.
# Prints the gateway's RSS before and after each round (transfers idle out after 5 s between rounds). Needs python3 with pyzmq (apt-get install python3-zmq).
# Usage: perf/retransmit-memory/run.sh [ticks]   (default 1000000)
set -euo pipefail
ticks=${1:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'kill $gateway_pid 2>/dev/null || true; kill $feed_pid 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build "$root/clients/TickStream.Cli" -c Release -v q -nologo >/dev/null
cli="$root/clients/TickStream.Cli/bin/Release/net10.0/tickstream"
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
feed_port=$(port); pub_port=$(port); req_port=$(port)
symbols="AAPL MSFT NVDA AMZN GOOGL META TSLA JPM"
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }

"$cli" gateway --sub "tcp://127.0.0.1:$feed_port" --pub "tcp://127.0.0.1:$pub_port" --req "tcp://127.0.0.1:$req_port" \
  --plain --cache-all --journal "$work/journal" --transfer-idle-timeout 00:00:05 --stats-interval 00:01:00 >"$work/gateway.log" 2>&1 &
gateway_pid=$!
sleep 3
"$cli" feed --pub "tcp://127.0.0.1:$feed_port" --rate 200000 --max-ticks "$ticks" --symbols $symbols \
  --journal "$work/journal" --stats-interval 00:01:00 >"$work/feed.log" 2>&1 &
feed_pid=$!
wait $feed_pid || true
sleep 3
echo "ticks $ticks; gateway RSS after the feed (window filled): $(rss $gateway_pid) MiB"

round() {
  local name=$1 connections=$2 request=$3
  local before after
  before=$(rss $gateway_pid)
  /usr/bin/python3 "$here/unread_requests.py" --connect "tcp://127.0.0.1:$req_port" --count 40 --connections "$connections" --hold 8 "$request" &
  local client=$!
  sleep 6
  after=$(rss $gateway_pid)
  wait $client
  echo "$name, 40 requests on $connections connection(s), unread: RSS $before -> $after MiB (+$((after - before)))"
  # The clients are gone; their transfers expire after the idle timeout (5 s here) before the next round.
  sleep 7
}

round "REPLAY full range" 1 "REPLAY 0 9223372036854775807 $symbols"
round "REPLAY full range" 40 "REPLAY 0 9223372036854775807 $symbols"
round "RETRANSMIT full range" 1 "RETRANSMIT 1 * 1 $ticks"
round "RETRANSMIT full range" 40 "RETRANSMIT 1 * 1 $ticks"
sleep 2
echo "gateway RSS at the end: $(rss $gateway_pid) MiB"
# SIGTERM: a background job of a script ignores SIGINT.
kill -TERM $gateway_pid
wait $gateway_pid || true
grep -o "retransmit requests.*" "$work/gateway.log" | tail -1
