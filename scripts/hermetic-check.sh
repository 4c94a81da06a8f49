#!/usr/bin/env bash
# Tests must never touch the real user's data directory, nor the folder WebKit would use for the
# web view by default (the app keeps that in memory). `start` fingerprints both, `end` fails the
# suite if anything in them changed.
set -euo pipefail
share="${XDG_DATA_HOME:-$HOME/.local/share}"
watched=("$share/confidant" "$share/org.confidant.app")
stamp="${TMPDIR:-/tmp}/confidant-hermetic-$(id -u).txt"
fingerprint() {
  for dir in "${watched[@]}"; do
    if [ -e "$dir" ]; then find "$dir" -printf '%p %s %T@\n' 2>/dev/null | sort; else echo "$dir absent"; fi
  done
}
case "${1:-}" in
  start) fingerprint > "$stamp" ;;
  end)
    if ! diff -q <(fingerprint) "$stamp" >/dev/null; then
      echo "FAIL: the test suite wrote to ${watched[*]}" >&2
      exit 1
    fi
    echo "hermetic: ${watched[*]} not touched" ;;
  *) echo "usage: $0 start|end" >&2; exit 2 ;;
esac
