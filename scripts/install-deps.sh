#!/usr/bin/env bash
# Installs what building, running and testing Confidant needs on Debian/Ubuntu, skipping what is
# already there. Used by `make run`, `make test` and CI.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_BUILD=(libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libayatana-appindicator3-dev librsvg2-dev
  libssl-dev build-essential pkg-config xdg-utils)
# iproute2: the offline end-to-end run (`ip link set lo up`); desktop-file-utils, file: the package test.
# enchant-2, hunspell-en-us, aspell-en: the spell checker's tests (Debian's Enchant checks English with Aspell).
# x11-apps (xwd), xdotool: end-to-end screenshots read from the display (tests/e2e/lib/screen.mjs).
# fonts-noto-core, fonts-noto-cjk, fonts-symbola: the system fonts papers fall back to for other scripts and
# emoji (the .deb recommends them; src-tauri/core/tests/forms_every_script.rs).
# dbus, python3-gi: a private bus with a stand-in for logind's sleep inhibitors (tests/e2e/oslock.test.mjs).
# python3-venv: scripts/icd10cm.sh checks the shipped ICD-10-CM list against its PyPI package.
APT_TEST=(xvfb xauth webkit2gtk-driver poppler-utils qpdf age sqlite3 ripgrep iproute2 desktop-file-utils file
  enchant-2 hunspell-en-us aspell-en x11-apps xdotool fonts-noto-core fonts-noto-cjk fonts-symbola dbus python3-gi
  python3-venv)
# `make bench` compares the consent packet with LibreOffice converting the same text.
APT_BENCH=(libreoffice-writer-nogui)

mode="${1:-}"
want=("${APT_BUILD[@]}")
case "$mode" in
  --test) want+=("${APT_TEST[@]}") ;;
  --bench) want+=("${APT_TEST[@]}" "${APT_BENCH[@]}") ;;
esac

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Please install: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "Rust is needed: https://rustup.rs (then run this again)" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20 or newer with npm is needed" >&2; exit 1; }

npm_install() {
  # Reinstall only when the lock file changed since the last install.
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules/.installed"
  fi
}
npm_install ui

if [ "$mode" = "--test" ] || [ "$mode" = "--bench" ]; then
  npm_install tests/e2e
  if ! tauri-driver --help >/dev/null 2>&1; then
    echo "Installing tauri-driver 2.x"
    cargo install tauri-driver --locked --version "^2" --quiet
  fi
fi
