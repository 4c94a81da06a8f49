#!/usr/bin/env bash
# Installs the .deb on this machine the way a user would (`apt-get install ./file.deb`, apt resolving
# its dependencies), checks what it put where, starts the installed app and drives its window, then
# removes the package again.
#
#   scripts/package-test.sh target/release/bundle/deb/Confidant_<version>_amd64.deb   (`make test-package`)
#
# Needs root or sudo for apt-get. Refuses to run if Confidant is already installed, rather than
# replace (and then remove) a real installation. The app only ever sees throwaway data directories.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "package-test: $*"; }
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

[ "$#" -eq 1 ] || { echo "usage: $0 FILE.deb" >&2; exit 2; }
[ -f "$1" ] || fail "no package at $1 (build it with: make package)"
deb="$(realpath "$1")"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

pkg="$(dpkg-deb -f "$deb" Package)"
version="$(dpkg-deb -f "$deb" Version)"
installed() { dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; }
if installed; then
  fail "$pkg is already installed here; this test installs and removes it, so remove it first (apt-get remove $pkg)"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/confidant-package-test.XXXXXX")"
we_installed=""
cleanup() {
  local status=$?
  if [ -n "$we_installed" ] && installed; then
    $SUDO apt-get remove --purge -y -qq "$pkg" >/dev/null || echo "package-test: could not remove $pkg" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# ---- The package file ----
size="$(stat -c %s "$deb")"
say "installer $(basename "$deb"): $(awk -v b="$size" 'BEGIN { printf "%.1f MiB", b / 1048576 }')"
[ "$size" -lt $((20 * 1024 * 1024)) ] || fail "the installer is $size bytes, over the 20 MiB budget"

entry="$work/Confidant.desktop"
dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*usr/share/applications/Confidant.desktop' >"$entry" ||
  fail "the package has no usr/share/applications/Confidant.desktop"
desktop-file-validate --no-hints "$entry" || fail "the desktop entry does not follow the specification"
# Only these keys: anything new (a URL, a scheme handler, D-Bus activation...) must be reviewed here.
keys="$(sed -n 's/^\([A-Za-z0-9-]*\)\(\[[^]]*\]\)\{0,1\}=.*/\1/p' "$entry" | sort -u | tr '\n' ' ')"
[ "$keys" = "Categories Comment Exec GenericName Icon Keywords Name StartupWMClass Terminal Type " ] ||
  fail "unexpected keys in the desktop entry: $keys"
for line in "Name=Confidant" "Exec=confidant" "Icon=confidant" "Terminal=false" "Categories=Office;MedicalSoftware;"; do
  grep -qx "$line" "$entry" || fail "the desktop entry lacks $line"
done

# ---- Installed by apt, as a user would ----
say "apt-get install $deb"
we_installed=1
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get could not install the package"; }
installed || fail "$pkg is not installed after apt-get install"

bin=/usr/bin/confidant
[ -x "$bin" ] || fail "no executable $bin"
[ -f /usr/share/applications/Confidant.desktop ] || fail "no desktop entry in /usr/share/applications"
for size_dir in 32x32 128x128 256x256 512x512; do
  icon="/usr/share/icons/hicolor/$size_dir/apps/confidant.png"
  file "$icon" | grep -q "PNG image data, ${size_dir/x/ x }," || fail "$icon is not a ${size_dir} PNG"
done

# Every library the binary loads directly comes from a package the .deb depends on, so apt installs
# it on a machine that has never seen a development package.
depends=" $(dpkg-deb -f "$deb" Depends | sed -E 's/ *\([^)]*\)//g; s/,/ /g') "
owner_of() {
  local path=$1 alt
  case "$path" in /usr/*) alt="${path#/usr}" ;; *) alt="/usr$path" ;; esac
  { dpkg -S "$path" 2>/dev/null || dpkg -S "$alt" 2>/dev/null || true; } | head -n 1 | cut -d: -f1
}
for lib in $(objdump -p "$bin" | awk '$1 == "NEEDED" { print $2 }'); do
  # ldd prints "libfoo.so.1 => /path (...)", and the dynamic loader as "/path/ld-linux... (...)".
  path="$(ldd "$bin" | awk -v lib="$lib" '$1 == lib { print $3 } $1 ~ ("/" lib "$") { print $1 }')"
  [ -n "$path" ] && [ "$path" != "not" ] || fail "$lib, needed by $bin, is not found"
  owner="$(owner_of "$path")"
  [ -n "$owner" ] || fail "no package owns $path ($lib)"
  case "$depends" in *" $owner "*) ;; *) fail "$bin needs $lib from $owner, which the package does not depend on" ;; esac
done

[ "$(CONFIDANT_DATA_DIR="$work/unused" "$bin" --version)" = "confidant $version" ] ||
  fail "'confidant --version' does not print 'confidant $version'"

# Developer tools: wry only calls into WebKit's inspector when Tauri's `devtools` feature (or a debug
# build) compiled them in, so a release binary must not import those functions.
if nm -D --undefined-only "$bin" | grep -q 'webkit_web_inspector\|webkit_web_view_get_inspector'; then
  fail "the installed binary can open the web inspector (devtools are compiled in)"
fi

# ---- The installed app runs: its window paints, offline, and nothing leaves the machine ----
say "starting the installed app under Xvfb, offline"
# The harness gives each test its own data directory; the XDG folders keep WebKit's own files
# (cache, local storage) out of the real home as well.
XDG_DATA_HOME="$work/xdg/data" XDG_CACHE_HOME="$work/xdg/cache" XDG_CONFIG_HOME="$work/xdg/config" \
  CONFIDANT_BIN="$bin" E2E_OFFLINE=1 E2E_SCREENSHOTS="$PWD/target/package-test-screenshots" \
  tests/e2e/run.sh tests/e2e/offline.test.mjs || fail "the installed app's window tests failed"

# ---- Removed again, leaving the machine as it was ----
$SUDO apt-get remove --purge -y -qq "$pkg" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get could not remove the package"; }
installed && fail "$pkg is still installed after apt-get remove"
[ ! -e "$bin" ] || fail "$bin is still there after apt-get remove"
say "ok: installed, started and removed $pkg $version"
