#!/usr/bin/env python3
"""Build ``textkit/resources/regions.tsv``, the gazetteer of Chinese administrative divisions.

    pip download --no-deps cpca==0.5.5 -d /tmp/cpca && unzip -o /tmp/cpca/cpca-0.5.5-py3-none-any.whl -d /tmp/cpca
    python corpora/build_regions.py /tmp/cpca/cpca/resources/adcodes.csv

The source is the table of division codes (GB/T 2260, as published by the Ministry of Civil Affairs and
the National Bureau of Statistics; public facts) shipped in the MIT-licensed ``cpca`` package, a 2020
snapshot: 34 provincial-level divisions, their prefectures and their counties and districts. Only codes,
names and the hierarchy are kept (no coordinates). Placeholder rows (市辖区, 县, 省直辖县级行政区划) are
dropped and their children hung on the province, so 海淀区's parent is 北京市 and 仙桃市's is 湖北省.

Columns: ``code`` (6 digits), ``name``, ``level`` (provincial, prefectural, county), ``parent`` (code or
empty). Rows are sorted by code, so the output is the same on every run.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "textkit" / "resources" / "regions.tsv"
PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划")


def build(source: Path) -> list[tuple[str, str, str, str]]:
    rows = {}
    with open(source, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            code = rec["adcode"][:6]
            rows[code] = rec["name"].strip()
    out = []
    for code, name in sorted(rows.items()):
        if name in PLACEHOLDERS:
            continue
        if code.endswith("0000"):
            level, parent = "provincial", ""
        elif code.endswith("00"):
            level, parent = "prefectural", code[:2] + "0000"
        else:
            level = "county"
            parent = code[:4] + "00"
            if parent not in rows or rows[parent] in PLACEHOLDERS:
                parent = code[:2] + "0000"
        out.append((code, name, level, parent))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    rows = build(Path(argv[1]))
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Chinese administrative divisions (GB/T 2260 codes, 2020 snapshot; public facts).\n")
        f.write("# Built by corpora/build_regions.py from the division table of the MIT-licensed cpca package.\n")
        f.write("# code\tname\tlevel\tparent\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} divisions -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
