#!/bin/sh
# Started by tauri-driver (through WebKitWebDriver) in place of the app: loads the environment the
# current test wrote (its own data directory, fake viewer, idle timeout) and becomes the real app.
set -e
if [ -n "${CONFIDANT_E2E_ENV_FILE:-}" ] && [ -f "$CONFIDANT_E2E_ENV_FILE" ]; then
  . "$CONFIDANT_E2E_ENV_FILE"
fi
# WebKitWebDriver starts "browsers" with --automation; the app needs no such flag (tauri-driver
# turns automation on through the environment), so it is dropped and any other argument passed on.
for arg do
  shift
  [ "$arg" = "--automation" ] || set -- "$@" "$arg"
done
exec "${CONFIDANT_BIN:?CONFIDANT_BIN is not set}" "$@"
