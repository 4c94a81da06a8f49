#!/usr/bin/env bash
# Regenerates assets/icd10cm/codes.tsv from the pinned PyPI package (`--check`: only compares).
# The package goes into a virtual environment under target/, with pip's cache there too, so
# nothing is written to the home folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="1.5.0"
venv="$root/target/icd10cm-venv-$version"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import simple_icd_10_cm" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  PIP_CACHE_DIR="$root/target/pip-cache" "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "simple-icd-10-cm==$version"
fi
asset="$root/assets/icd10cm/codes.tsv"
if [ "${1:-}" = "--check" ]; then
  exec "$venv/bin/python" "$root/scripts/icd10cm.py" --check "$asset"
fi
"$venv/bin/python" "$root/scripts/icd10cm.py" > "$asset.tmp"
mv "$asset.tmp" "$asset"
echo "wrote $asset"
