#!/usr/bin/env bash
# Tests must never touch the real user's data directory. `start` fingerprints it, `end` fails
# the suite if anything in it changed.
set -euo pipefail
real="${XDG_DATA_HOME:-$HOME/.local/share}/confidant"
stamp="${TMPDIR:-/tmp}/confidant-hermetic-$(id -u).txt"
fingerprint() {
  if [ -e "$real" ]; then find "$real" -printf '%p %s %T@\n' 2>/dev/null | sort; else echo "absent"; fi
}
case "${1:-}" in
  start) fingerprint > "$stamp" ;;
  end)
    if ! diff -q <(fingerprint) "$stamp" >/dev/null; then
      echo "FAIL: the test suite wrote to the real data directory $real" >&2
      exit 1
    fi
    echo "hermetic: the real data directory was not touched" ;;
  *) echo "usage: $0 start|end" >&2; exit 2 ;;
esac
