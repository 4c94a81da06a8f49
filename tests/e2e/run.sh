#!/usr/bin/env bash
# Runs the end-to-end tests against the real app window.
#
#   CONFIDANT_BIN   the app binary, built with the bundled UI (`make app`); default target/debug/confidant
#   E2E_PORT        the port for tauri-driver (the next one is WebKitWebDriver's); default 4444
#   E2E_SCREENSHOTS where screenshots go (emptied first); default target/e2e-screenshots
#   E2E_OFFLINE=1   run inside a network namespace of our own with only loopback (`unshare -n`):
#                   the suite then proves the app needs no network; `make test` runs it this way
#   extra arguments are test files (default: every tests/e2e/*.test.mjs)
#
# Needs Xvfb, tauri-driver (cargo install tauri-driver --locked), WebKitWebDriver (webkit2gtk-driver),
# and xwd and xdotool for screenshots.
# Screenshots of each test's screens end up in target/e2e-screenshots/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bin="${CONFIDANT_BIN:-$root/target/debug/confidant}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
port="${E2E_PORT:-4444}"
shots="${E2E_SCREENSHOTS:-$root/target/e2e-screenshots}"

fail() { echo "e2e: $*" >&2; exit 1; }

if [ "${E2E_OFFLINE:-}" = 1 ] && [ -z "${CONFIDANT_E2E_NETNS:-}" ]; then
  command -v unshare >/dev/null || fail "E2E_OFFLINE=1 needs unshare (util-linux)"
  command -v ip >/dev/null || fail "E2E_OFFLINE=1 needs ip (iproute2)"
  # A new network namespace needs root, or else an unprivileged user namespace mapped to root.
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(--map-root-user)
  unshare --net "${as_root[@]}" true 2>/dev/null ||
    fail "E2E_OFFLINE=1: cannot create a network namespace here (needs root, or unprivileged user namespaces)"
  exec env CONFIDANT_E2E_NETNS=1 unshare --net "${as_root[@]}" -- \
    bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
if [ -n "${CONFIDANT_E2E_NETNS:-}" ]; then
  interfaces="$(awk -F: 'NR > 2 { gsub(/ /, "", $1); printf "%s ", $1 }' /proc/net/dev)"
  [ "$interfaces" = "lo " ] || fail "expected a network namespace with loopback only, found: $interfaces"
  echo "e2e: offline, in a network namespace with loopback only"
fi

[ -x "$bin" ] || fail "no app binary at $bin (build it with: make app)"
command -v tauri-driver >/dev/null || fail "tauri-driver is not on PATH (cargo install tauri-driver --locked)"
command -v WebKitWebDriver >/dev/null || fail "WebKitWebDriver is missing (apt-get install webkit2gtk-driver)"
command -v Xvfb >/dev/null || fail "Xvfb is missing (apt-get install xvfb)"
command -v xwd >/dev/null || fail "xwd is missing (apt-get install x11-apps)"
command -v xdotool >/dev/null || fail "xdotool is missing (apt-get install xdotool)"
if [ ! -d "$here/node_modules/webdriverio" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

run_dir="$(mktemp -d "${TMPDIR:-/tmp}/confidant-e2e.XXXXXX")"
rm -rf "$shots"
mkdir -p "$shots"

xvfb_pid=""
driver_pid=""
cleanup() {
  local status=$?
  # SIGTERM only: tauri-driver then stops WebKitWebDriver itself. A SIGKILLed driver leaves
  # WebKitWebDriver orphaned, holding our output pipe open for minutes.
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then
    kill -TERM "$driver_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$driver_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -n "$xvfb_pid" ] && kill -0 "$xvfb_pid" 2>/dev/null; then
    kill -TERM "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$run_dir"
  echo "e2e: screenshots in $shots"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A display of our own: the first free number from 99 up.
display=99
while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x900x24 -nolisten tcp >"$run_dir/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display}" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X${display}" ] || { cat "$run_dir/xvfb.log" >&2; fail "Xvfb did not start"; }
export DISPLAY=":$display"
unset WAYLAND_DISPLAY

# tauri-driver starts launch-app.sh, which reads the current test's environment from this file.
export CONFIDANT_BIN="$bin"
export CONFIDANT_E2E_RUN_DIR="$run_dir"
export CONFIDANT_E2E_ENV_FILE="$run_dir/current.env"
export CONFIDANT_E2E_SCREENSHOTS="$shots"
export CONFIDANT_E2E_DRIVER_PORT="$port"
# Never let a test near the real data directory, even if a test forgets to set its own.
export CONFIDANT_DATA_DIR="$run_dir/unused-data-dir"
export NO_AT_BRIDGE=1

tauri-driver --port "$port" --native-port "$((port + 1))" >"$run_dir/tauri-driver.log" 2>&1 &
driver_pid=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$driver_pid" 2>/dev/null || { cat "$run_dir/tauri-driver.log" >&2; fail "tauri-driver exited"; }
  sleep 0.1
done

if [ "$#" -gt 0 ]; then files=("$@"); else files=("$here"/*.test.mjs); fi
set +e
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
status=$?
set -e
if [ "$status" -ne 0 ] && [ -s "$run_dir/tauri-driver.log" ]; then
  echo "---- tauri-driver log (last 40 lines) ----" >&2
  tail -n 40 "$run_dir/tauri-driver.log" >&2
fi
# An app that cannot open the display fails with "Failed to initialize GTK"; the X server says why.
if [ "$status" -ne 0 ] && [ -s "$run_dir/xvfb.log" ]; then
  echo "---- Xvfb log (last 20 lines) ----" >&2
  tail -n 20 "$run_dir/xvfb.log" >&2
fi
exit "$status"
