#!/usr/bin/env python3
"""Writes the ICD-10-CM codes Confidant ships (assets/icd10cm/codes.tsv) from the public-domain
CDC/NCHS tabular list that the PyPI package simple-icd-10-cm carries.

Only the codes a perinatal therapy practice records: the mental and behavioural chapter
(F01-F99), O99.34x (mental disorders complicating pregnancy, childbirth and the puerperium),
Z3A (weeks of gestation) and Z55-Z65 (social circumstances). Billable codes only (the leaves
of the tabular list). Run through scripts/icd10cm.sh, which installs the pinned package.

    icd10cm.py            prints the file
    icd10cm.py --check F  exits 1 (with a diff) unless F is exactly what it would print
"""

import difflib
import importlib.metadata
import pathlib
import re
import sys

import simple_icd_10_cm as cm

PACKAGE = "simple-icd-10-cm"


def wanted(code: str) -> bool:
    return code.startswith("F") or code.startswith("O99.34") or code.startswith("Z3A") or "Z55" <= code[:3] <= "Z65"


def tabular_file() -> str:
    data = pathlib.Path(cm.__file__).parent / "data"
    names = sorted(p.name for p in data.glob("icd10cm*tabular*.xml")) or sorted(p.name for p in data.glob("*tabular*.xml"))
    if len(names) != 1:
        sys.exit(f"expected one tabular list in {data}, found {names}")
    return names[0]


def fiscal_year(name: str) -> str:
    xml = (pathlib.Path(cm.__file__).parent / "data" / name).read_text(encoding="utf-8")
    found = re.search(r"<version>(\d{4})</version>", xml)
    if not found:
        sys.exit("the tabular list names no version")
    return found.group(1)


def render() -> str:
    codes = [c for c in cm.get_all_codes(with_dots=True) if cm.is_leaf(c) and wanted(c)]
    for code in codes:
        if cm.get_seven_chr_def(code, search_in_ancestors=True):
            sys.exit(f"{code} needs a seventh character, which this list does not carry")
    name = tabular_file()
    lines = [
        "# ICD-10-CM codes Confidant offers for diagnoses: F01-F99, O99.34x, Z3A, Z55-Z65 (billable codes only).",
        f"# Source: CDC/NCHS ICD-10-CM Tabular List, fiscal year {fiscal_year(name)} ({name}), public domain.",
        f"# Taken from the PyPI package {PACKAGE} {importlib.metadata.version(PACKAGE)} by scripts/icd10cm.sh.",
        f"# Codes: {len(codes)}",
    ]
    for code in codes:
        label = " ".join(cm.get_description(code).split())
        if "\t" in label or not label:
            sys.exit(f"{code} has an unusable label")
        lines.append(f"{code}\t{label}")
    return "\n".join(lines) + "\n"


def main() -> None:
    text = render()
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        shipped = pathlib.Path(sys.argv[2]).read_text(encoding="utf-8")
        if shipped != text:
            sys.stdout.writelines(
                difflib.unified_diff(shipped.splitlines(True), text.splitlines(True), "shipped", "regenerated", n=1)
            )
            sys.exit(1)
        print(f"{sys.argv[2]} matches {PACKAGE} {importlib.metadata.version(PACKAGE)}")
    elif len(sys.argv) == 1:
        sys.stdout.write(text)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
