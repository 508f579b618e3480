#!/usr/bin/env bash
# Runs the README's test command N times while K busy processes compete for the cores, then lists every test
# that failed with the number of runs it failed in.
#
#   tests/stress.sh [N] [K]        N runs (default 10), K busy processes (default 1)
#
# Environment: STRESS_TIMEOUT (seconds per run, default 900), STRESS_OUT (directory for the TRX results and the
# console logs, default a new temporary directory, kept at the end).
# Exit code 0 when every run passed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
busy=${2:-1}
per_run_timeout=${STRESS_TIMEOUT:-900}
out=${STRESS_OUT:-$(mktemp -d -t tickstream-stress.XXXXXX)}
case "$runs" in ''|*[!0-9]*) echo "N must be a number, got '$runs'" >&2; exit 2 ;; esac
case "$busy" in ''|*[!0-9]*) echo "K must be a number, got '$busy'" >&2; exit 2 ;; esac
mkdir -p "$out"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The busy processes: each one spins a core. Scripts' background jobs ignore SIGINT, so they are stopped with
# SIGTERM, at the end and on any exit.
busy_pids=()
stop_busy() {
  local pid
  for pid in "${busy_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${busy_pids[@]}"; do wait "$pid" 2>/dev/null; done
  busy_pids=()
}
trap stop_busy EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "stress: building once"
if ! dotnet build TickStream.sln -c Release -v q -nologo > "$out/build.log" 2>&1; then
  tail -n 30 "$out/build.log" >&2
  echo "stress: the build failed, see $out/build.log" >&2
  exit 2
fi

for ((i = 0; i < busy; i++)); do
  sh -c 'while :; do :; done' &
  busy_pids+=("$!")
done
echo "stress: $runs runs of 'dotnet test TickStream.sln -c Release --no-build' with $busy busy processes; results in $out"

failed_runs=0
for ((run = 1; run <= runs; run++)); do
  dir="$out/run-$run"
  mkdir -p "$dir"
  start=$(date +%s)
  timeout --kill-after=30 "$per_run_timeout" \
    dotnet test TickStream.sln -c Release --no-build --no-progress --no-ansi \
      --results-directory "$dir" --report-xunit-trx > "$dir/console.log" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))
  # One line per failed test of this run, from the TRX files (a test that failed is listed once per run).
  grep -ho '<UnitTestResult [^>]*outcome="Failed"' "$dir"/*.trx 2>/dev/null \
    | sed -E 's/.*testName="([^"]*)".*/\1/' | sort -u > "$dir/failed.txt"
  count=$(wc -l < "$dir/failed.txt")
  if [ "$status" -ne 0 ] || [ "$count" -ne 0 ]; then
    failed_runs=$((failed_runs + 1))
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
      echo "(run timed out after ${per_run_timeout} s)" >> "$dir/failed.txt"
    elif [ "$count" -eq 0 ]; then
      echo "(run failed with exit code $status and no failed test in its results; see $dir/console.log)" >> "$dir/failed.txt"
    fi
  fi
  totals=$(grep -E '^\s*(total|failed|succeeded|skipped):' "$dir/console.log" | tr -s ' ' | tr '\n' ' ')
  echo "stress: run $run/$runs: exit $status, ${seconds} s, $count failed test(s); $totals"
  sed 's/^/    /' "$dir/failed.txt"
done

stop_busy

echo
echo "stress: failures by test (runs failed out of $runs):"
if cat "$out"/run-*/failed.txt 2>/dev/null | grep -q .; then
  cat "$out"/run-*/failed.txt | sort | uniq -c | sort -rn
else
  echo "    none"
fi
echo "stress: $runs runs, $busy busy processes: $((runs - failed_runs)) passed, $failed_runs failed"
[ "$failed_runs" -eq 0 ]
