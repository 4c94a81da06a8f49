#!/usr/bin/env bash
# GUI figures for `make bench`, on the release build under Xvfb:
#   start_to_unlock_ms  process start to the unlock screen painted (the page calls `ui_ready`)
#   idle_rss_mb         resident memory of the app and its web view processes, idle on that screen
#   idle_pss_mb         the same as proportional set size (shared pages counted once)
# and, through the window over WebDriver (tests/e2e/bench/*.bench.mjs, on a vault of 2,000 clients):
#   clients_search_p95_ms / clients_search_p50_ms   `clients_list` invoked from the page, as she types
#   client_list_first_paint_ms                      click on Clients to the first client rows painted
#   week_view_paint_ms / week_move_ms               click on Schedule to the week painted / the next or
#                                                   previous week painted (2,000 clients with the demo's schedule)
# BENCH_E2E_PORT (default 4460) keeps its tauri-driver apart from a test run's (4444).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${CONFIDANT_BIN:-target/release/confidant}
RUNS=${RUNS:-5}
work=$(mktemp -d -t confidant-bench.XXXXXX)
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

descendants() { local pid=$1; echo "$pid"; for c in $(pgrep -P "$pid" || true); do descendants "$c"; done; }
sum_kib() { # field: VmRSS (status) or Pss (smaps_rollup)
  local total=0
  for pid in $(descendants "$1"); do
    local kib
    if [ "$2" = Pss ]; then kib=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    else kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0); fi
    total=$((total + ${kib:-0}))
  done
  echo "$total"
}

starts=()
rss="" pss=""
for run in $(seq "$RUNS"); do
  data="$work/data$run"; mkdir -p "$data"
  # A real vault (the golden fixture), so the first screen is the unlock screen.
  cp src-tauri/core/tests/fixtures/golden-vault-v1/vault.{db,key} "$data/"
  ready="$work/ready$run"
  start=$(date +%s%3N)
  DISPLAY=$display CONFIDANT_DATA_DIR=$data CONFIDANT_READY_FILE=$ready "$BIN" >/dev/null 2>&1 &
  app=$!
  for _ in $(seq 600); do [ -s "$ready" ] && break; sleep 0.01; done
  [ -s "$ready" ] || { echo "the app did not report its first paint" >&2; kill "$app"; exit 1; }
  starts+=($(( $(cat "$ready") - start )))
  if [ "$run" = "$RUNS" ]; then
    sleep 5
    rss=$(sum_kib "$app" VmRSS); pss=$(sum_kib "$app" Pss)
  fi
  kill -TERM "$app"; wait "$app" 2>/dev/null || true
done
median=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
echo "start_to_unlock_ms runs: ${starts[*]}"
python3 - "$median" "$rss" "$pss" <<'PY'
import json, os, sys
median, rss, pss = (float(x) for x in sys.argv[1:4])
path = "target/bench/results.json"
os.makedirs(os.path.dirname(path), exist_ok=True)
try: results = json.load(open(path))
except Exception: results = []
new = [("start_to_unlock_ms", median, "ms"), ("idle_rss_mb", round(rss / 1024, 1), "MB"), ("idle_pss_mb", round(pss / 1024, 1), "MB")]
results = [r for r in results if r["name"] not in {n for n, _, _ in new}] + [{"name": n, "value": v, "unit": u} for n, v, u in new]
json.dump(results, open(path, "w"), indent=2)
for n, v, u in new: print(f"{n:<24} {v:>10.1f} {u}")
PY

# The client register through the window: search through the command layer, first paint of the list.
# The page-level figures reuse the end-to-end harness, on a port and screenshot folder of their own.
CONFIDANT_BIN="$BIN" E2E_PORT="${BENCH_E2E_PORT:-4460}" E2E_SCREENSHOTS=target/bench/screenshots \
  tests/e2e/run.sh tests/e2e/bench/*.bench.mjs
