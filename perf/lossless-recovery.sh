#!/usr/bin/env bash
# Lossless recovery with the real programs (docs/RELIABILITY.md, "Lossless recovery"): a feed handler on the
# synthetic market at 20 000 ticks/s (4 symbols) journaling every frame, a gateway in front of it, and
# `tickstream record --req` through the gateway as the subscriber. At the end the feed's journal and the recording
# are compared with `tickstream journal inspect` (Trade and Quote counts) beside the recorder's repair summary.
#
#   perf/lossless-recovery.sh pause          the recorder stopped 5 s (SIGSTOP, SIGCONT); gateway --hwm 1000
#   perf/lossless-recovery.sh gateway-kill   the gateway killed (SIGKILL) and restarted 2 s later with --journal
#   perf/lossless-recovery.sh feed-restart   the feed stopped after 5 s and a new one started on the same journal
#
# Environment: PORT_BASE (three ports from it; default a random one in 20000..28999), KEEP=1 keeps the directory.
# Every process it starts is stopped with SIGTERM at the end or on any exit. Exit code 0 when the counts match
# and the recorder lost nothing, 1 otherwise, 2 on bad use.
set -uo pipefail
cd "$(dirname "$0")/.."

scenario=${1:-pause}
case "$scenario" in pause|gateway-kill|feed-restart) ;; *) echo "usage: $0 pause|gateway-kill|feed-restart" >&2; exit 2 ;; esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
CLI=clients/TickStream.Cli/bin/Release/net10.0/tickstream.dll
if [ ! -f "$CLI" ]; then
  dotnet build clients/TickStream.Cli -c Release -v q -nologo > /dev/null || exit 2
fi

dir=$(mktemp -d -t tickstream-lossless.XXXXXX)
base=${PORT_BASE:-$((20000 + RANDOM % 9000))}
feed_ep=tcp://127.0.0.1:$base
pub=tcp://127.0.0.1:$((base + 1))
req=tcp://127.0.0.1:$((base + 2))
symbols=(AAPL MSFT SPY QQQ)
# What the feed waits for: the gateway's own I. and the recorder's T., Q., B. and I. of each symbol.
wait_subscribers=$((1 + 4 * ${#symbols[@]}))

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2> /dev/null; kill -TERM "$pid" 2> /dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null; done
  pids=()
  if [ "${KEEP:-0}" = 1 ]; then echo "kept: $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

n=0
start_feed() { # duration, subscribers to wait for
  n=$((n + 1))
  dotnet "$CLI" feed --source synthetic --rate 20000 --symbols "${symbols[@]}" --pub "$feed_ep" --journal "$dir/feed" \
    --heartbeat 00:00:00.1 --duration "$1" --wait-subscribers "$2" --stats-interval 00:00:01 > "$dir/feed.$n.log" 2>&1 &
  feed_pid=$!
  pids+=("$feed_pid")
}
start_gateway() {
  n=$((n + 1))
  dotnet "$CLI" gateway --sub "$feed_ep" --pub "$pub" --req "$req" --plain --stats-interval 00:00:05 "$@" > "$dir/gateway.$n.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
}
start_recorder() {
  dotnet "$CLI" record --connect "$pub" --req "$req" --out "$dir/recording" "${symbols[@]}" > "$dir/record.log" 2>&1 &
  recorder_pid=$!
  pids+=("$recorder_pid")
}
# Waits (at most 90 s) until the feed's journal holds at least $1 bytes: the feed is publishing.
wait_journal() {
  local deadline=$((SECONDS + 90))
  while [ "$(du -sb "$dir/feed" 2> /dev/null | cut -f1)" -lt "$1" ] 2> /dev/null || [ ! -d "$dir/feed" ]; do
    [ $SECONDS -ge $deadline ] && { echo "the feed did not start publishing" >&2; return 1; }
    sleep 0.2
  done
}
# Waits for a process to end, at most $2 seconds, then stops it with SIGTERM.
wait_bounded() {
  local deadline=$((SECONDS + $2))
  while kill -0 "$1" 2> /dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -TERM "$1" 2> /dev/null
  wait "$1" 2> /dev/null
}

mkdir -p "$dir/feed"
case "$scenario" in
  pause)
    start_gateway --hwm 1000
    start_recorder
    start_feed 00:00:15 "$wait_subscribers"
    wait_journal 2000000 || exit 1
    kill -STOP "$recorder_pid"; echo "recorder stopped"; sleep 5; kill -CONT "$recorder_pid"; echo "recorder continued"
    wait_bounded "$feed_pid" 120
    ;;
  gateway-kill)
    start_gateway --journal "$dir/feed"
    start_recorder
    start_feed 00:00:15 "$wait_subscribers"
    wait_journal 2000000 || exit 1
    kill -KILL "$gateway_pid"; echo "gateway killed"; sleep 2
    start_gateway --journal "$dir/feed"; echo "gateway restarted"
    wait_bounded "$feed_pid" 120
    ;;
  feed-restart)
    start_gateway --journal "$dir/feed"
    start_recorder
    start_feed 00:00:05 "$wait_subscribers"
    wait_bounded "$feed_pid" 120; echo "feed stopped"
    start_feed 00:00:08 0; echo "feed restarted"
    wait_bounded "$feed_pid" 120
    ;;
esac

# The recorder catches up (its recording stops growing for 3 s, at most 90 s), then writes its summary on SIGTERM.
deadline=$((SECONDS + 90)); last=-1; quiet=0
while [ $SECONDS -lt $deadline ] && [ $quiet -lt 3 ]; do
  size=$(du -sb "$dir/recording" 2> /dev/null | cut -f1)
  if [ "$size" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; fi
  last=$size
  sleep 1
done
wait_bounded "$recorder_pid" 0
count() { dotnet "$CLI" journal inspect "$1" | awk -v type="$2" '$1 == type { gsub(",", "", $2); print $2; exit }'; }
feed_trades=$(count "$dir/feed" Trade); feed_quotes=$(count "$dir/feed" Quote)
rec_trades=$(count "$dir/recording" Trade); rec_quotes=$(count "$dir/recording" Quote)
echo "scenario: $scenario"
grep -h "Final counters" "$dir"/feed.*.log | sed "s/.*Final counters: /feed: /"
cat "$dir/record.log" | grep -E "^(recorded|repair:)"
echo "feed journal: Trade ${feed_trades:-?}, Quote ${feed_quotes:-?}"
echo "recording:    Trade ${rec_trades:-?}, Quote ${rec_quotes:-?}"
if [ -n "$feed_quotes" ] && [ "$feed_trades" = "$rec_trades" ] && [ "$feed_quotes" = "$rec_quotes" ] \
  && grep -q "gaps lost 0 (0 frames)" "$dir/record.log"; then
  echo "lost 0: PASS"
  exit 0
fi
echo "lost $(( ${feed_trades:-0} + ${feed_quotes:-0} - ${rec_trades:-0} - ${rec_quotes:-0} )): FAIL"
KEEP=1
exit 1
