"""Statistics benchmark: textkit beside JioNLP's money extraction, on the same gold, in one run.

    .venv/bin/python benchmarks/bench_statistics.py [--gold DIR] [--jionlp-python PATH]

textkit is scored on all statistics and on the money subset (gold unit 元/美元/欧元...);
JioNLP (``jionlp.ner.extract_money``) only extracts money: it is scored on all statistics (what a
researcher would get from it) and on the money subset.
Matching follows ``shared/eval/score.py``: the k-th gold text against its k-th occurrence,
overlap, value within 1e-6 relative, same unit; predictions overlapping only optional gold
spans are not counted.  JioNLP is never a textkit dependency: it runs in a separate virtualenv
(default ``scratch/bench-venv``) as a subprocess of this script; when that is missing, only
textkit is reported.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from textkit.evaluate import occurrences

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "gold"
MONEY_UNITS = {"元", "美元", "欧元", "日元", "港元", "英镑"}

_JIONLP_SNIPPET = r"""
import json, sys, time
import jionlp as jio
docs = json.load(sys.stdin)
jio.ner.extract_money("预热100元")
t = time.perf_counter()
out = []
for text in docs:
    rows = []
    for m in jio.ner.extract_money(text, with_parsing=True):
        a, b = m["offset"]
        d = m.get("detail") or {}
        rows.append({"text": m["text"], "char_start": a, "char_end": b, "value": d.get("num"), "unit": d.get("case", "")})
    out.append(rows)
print()
print(json.dumps({"seconds": time.perf_counter() - t, "docs": out}, ensure_ascii=False))
"""


def _num(x: object) -> float | None:
    try:
        return float(str(x).replace(",", ""))
    except ValueError:
        return None


def score(gold: dict, raw: str, preds: list[dict], money_only: bool) -> tuple[int, int, int]:
    """(true positives, counted predictions, gold) with score.py's statistics rules."""
    rng = gold.get("range")
    if rng:
        preds = [p for p in preds if rng[0] <= int(p["char_start"]) < rng[1]]
    gs = [g for g in gold.get("stats", []) if not money_only or g["unit"] in MONEY_UNITS]
    opt = [g for g in gold.get("stats_optional", [])]
    other = [g for g in gold.get("stats", []) if money_only and g["unit"] not in MONEY_UNITS]
    # in the money subset, a prediction on a non-money gold stat is neither right nor wrong
    opt_spans = [sp for g in opt + other for sp in occurrences(raw, g["text"])]
    used: set[int] = set()
    taken: dict[str, int] = defaultdict(int)
    tp = 0
    for g in gs:
        spans = occurrences(raw, g["text"])
        k = taken[g["text"]]
        taken[g["text"]] += 1
        spans = spans[k : k + 1] if len(spans) > k else spans
        for i, p in enumerate(preds):
            if i in used:
                continue
            a, b = int(p["char_start"]), int(p["char_end"])
            v = _num(p["value"])
            if v is None or not any(a < ge and gs_ < b for gs_, ge in spans):
                continue
            if abs(v - g["value"]) <= 1e-6 * max(1, abs(g["value"])) and (p.get("unit") or "") in (g["unit"], g["unit"] + "s"):
                used.add(i)
                tp += 1
                break
    n_pred = sum(
        1
        for i, p in enumerate(preds)
        if i in used or not any(int(p["char_start"]) < oe and os_ < int(p["char_end"]) for os_, oe in opt_spans)
    )
    return tp, n_pred, len(gs)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--jionlp-python", type=Path, default=ROOT / "scratch" / "bench-venv" / "bin" / "python")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from textkit.normalize import normalize
    from textkit.statistics import find_statistics

    golds = sorted(args.gold.glob("*.json"))
    if not golds:
        print(f"no gold files in {args.gold}")
        return 1
    items = []
    for gp in golds:
        gold = json.loads(gp.read_text(encoding="utf-8"))
        raw = (gp.parent / gold["file"]).read_text(encoding="utf-8")
        items.append((gold, raw))
    texts = [normalize(raw) for _, raw in items]
    n_chars = sum(map(len, texts))

    find_statistics("预热100元")  # load lexicons and the segmenter outside the timing
    t0 = time.perf_counter()
    tk_docs = [
        [dict(text=s.text, char_start=s.char_start, char_end=s.char_end, value=str(s.value), unit=s.unit) for s in find_statistics(t)]
        for t in texts
    ]
    tk_seconds = time.perf_counter() - t0

    rows = []
    all_tk = [sum(x) for x in zip(*(score(g, raw, p, False) for (g, raw), p in zip(items, tk_docs)))]
    money_tk = [sum(x) for x in zip(*(score(g, raw, [q for q in p if q["unit"] in MONEY_UNITS], True) for (g, raw), p in zip(items, tk_docs)))]
    rows.append(("textkit", "all statistics", all_tk, tk_seconds))
    rows.append(("textkit", "money", money_tk, tk_seconds))

    if args.jionlp_python.exists():
        proc = subprocess.run(
            [str(args.jionlp_python), "-c", _JIONLP_SNIPPET],
            input=json.dumps(texts, ensure_ascii=False),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode == 0:
            res = json.loads(proc.stdout.strip().splitlines()[-1])  # jionlp prints a banner first
            jio_all = [sum(x) for x in zip(*(score(g, raw, p, False) for (g, raw), p in zip(items, res["docs"])))]
            rows.append(("jionlp extract_money", "all statistics", jio_all, res["seconds"]))
            jio_money = [sum(x) for x in zip(*(score(g, raw, p, True) for (g, raw), p in zip(items, res["docs"])))]
            rows.append(("jionlp extract_money", "money", jio_money, res["seconds"]))
        else:
            print("jionlp run failed:", proc.stderr.strip().splitlines()[-1:] or proc.returncode)
    else:
        print(f"(no JioNLP virtualenv at {args.jionlp_python}: textkit only)")

    print(f"{len(golds)} gold files, {n_chars} characters\n")
    print(f"{'system':<22} {'subset':<16} {'P':>6} {'R':>6} {'F1':>6} {'tp/pred/gold':>14} {'chars/s':>10}")
    for name, subset, (tp, n_pred, n_gold), secs in rows:
        p, r, f = prf(tp, n_pred, n_gold)
        speed = n_chars / secs if secs > 0 else float("inf")
        print(f"{name:<22} {subset:<16} {p:6.3f} {r:6.3f} {f:6.3f} {f'{tp}/{n_pred}/{n_gold}':>14} {speed:10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
