"""Date benchmark: textkit beside JioNLP's time parser, on the same gold, in one run.

    .venv/bin/python benchmarks/bench_dates.py [--gold DIR] [--jionlp-python PATH] [--repeat 3] [--json-only]

Both systems read the same analysis text (``textkit.normalize.normalize`` of each gold document).

- textkit: the real pipeline's date stage, ``textkit.load(stages=["textkit_structure", "textkit_dates"])``
  (``doc._.tk_dates``).  Throughput is reported for that pipeline (its rjieba tokenizer included) and
  for the two stage functions alone (``find_structure`` then ``analyze_dates``, which is what the
  stages call).
- JioNLP: ``jionlp.ner.extract_time(text, time_base={year: Y, month: 1, day: 1}, with_parsing=True)``,
  run in a separate virtualenv (default ``scratch/bench-venv``) as a subprocess, so JioNLP is never a
  textkit dependency.  Y, the document's year, is given two ways: ``gold`` = the year of the
  document's first gold date (the most generous: it is the answer), falling back to textkit's year
  for documents with no gold date; ``textkit`` = the year textkit's date stage finds (JioNLP's own
  default, the current time, when textkit finds none).  Outputs become rows: ``time_point`` and
  ``time_span`` use ``detail.time``; ``time_period`` uses ``detail.time.point.time`` when it is a
  definite interval; ``time_delta`` and anything with an open end (``inf``) are dropped.  The
  granularity (day, xun, month, quarter, half, year, or "" for other spans) comes from the interval,
  so every kept JioNLP row is counted.  An extra line drops JioNLP's ``definition: blur`` rows too
  (its own "vague" flag, e.g. 三年来), to show how much they cost.

Scoring is ``shared/eval/score.py``'s: a gold date is found when an unused predicted row overlaps an
occurrence of its text and has the same start and end; predicted rows with granularity ``relative`` or
``period`` are left out; a document's ``range`` keeps predictions starting inside it; micro-averaged
over documents like ``agg.py``.  Throughput is characters per second over all gold texts, the median
of ``--repeat`` runs.  Prints a JSON report, then a small table.  Exits 0 with a message when
``shared/`` is absent; reports "jionlp not available" when the JioNLP interpreter is missing.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from textkit.evaluate import occurrences

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "gold"
DEFAULT_JIONLP = ROOT / "scratch" / "bench-venv" / "bin" / "python"
CALENDAR = {"", "day", "xun", "month", "quarter", "half", "year"}  # score.py's counted granularities

_JIONLP_SNIPPET = r"""
import json, sys, time
import jionlp as jio
job = json.load(sys.stdin)
jio.ner.extract_time("2009年3月中旬", time_base={"year": 2009, "month": 1, "day": 1}, with_parsing=True)
result = {}
for variant, years in job["years"].items():
    times, docs, errors = [], None, []
    for _ in range(job["repeat"]):
        out = []
        t = time.perf_counter()
        for text, year in zip(job["texts"], years):
            base = {"year": year, "month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0} if year else time.time()
            try:
                found = jio.ner.extract_time(text, time_base=base, with_parsing=True)
            except Exception as exc:  # a crash on one document must not lose the others
                errors.append(repr(exc)[:200])
                found = []
            out.append([{"text": m["text"], "offset": m["offset"], "type": m["type"],
                         "definition": (m.get("detail") or {}).get("definition", ""),
                         "time": (m.get("detail") or {}).get("time")} for m in found])
        times.append(time.perf_counter() - t)
        docs = out
    result[variant] = {"seconds": times, "docs": docs, "errors": errors[: 5]}
print()
print(json.dumps(result, ensure_ascii=False))
"""


def score(gold: dict, raw: str, rows: list[dict]) -> tuple[int, int, int]:
    """(true positives, counted predictions, gold dates) with score.py's date rules."""
    rng = gold.get("range")
    if rng:
        rows = [r for r in rows if rng[0] <= r["char_start"] < rng[1]]
    dates = [r for r in rows if r["granularity"] in CALENDAR]
    used: set[int] = set()
    tp = 0
    for g in gold.get("dates", []):
        spans = occurrences(raw, g["text"])
        for i, d in enumerate(dates):
            if i in used:
                continue
            s, e = d["char_start"], d["char_end"]
            if any(s < ge and gs < e for gs, ge in spans) and d["start"][:10] == g["start"] and d["end"][:10] == g["end"]:
                used.add(i)
                tp += 1
                break
    return tp, len(dates), len(gold.get("dates", []))


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """agg.py's micro P/R/F1 (precision 0 when nothing is predicted)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "tp": tp, "pred": n_pred, "gold": n_gold}


def granularity(start: dt.date, end: dt.date) -> str:
    """The calendar unit an interval covers: 2009-03-11..2009-03-20 → ``xun``; otherwise ``""``."""
    if start == end:
        return "day"
    last = calendar.monthrange(end.year, end.month)[1]
    if start.year == end.year and start.month == end.month:
        if (start.day, end.day) in ((1, 10), (11, 20), (21, last)):
            return "xun"
        if (start.day, end.day) == (1, last):
            return "month"
        return ""
    if start.year != end.year or start.day != 1 or end.day != last:
        return ""
    span = (start.month, end.month)
    if span == (1, 12):
        return "year"
    if span in ((1, 6), (7, 12)):
        return "half"
    if span in ((1, 3), (4, 6), (7, 9), (10, 12)):
        return "quarter"
    return ""


def jionlp_rows(found: list[dict], *, drop_blur: bool = False) -> list[dict]:
    """JioNLP extract_time results → date rows (text, offsets, ISO start/end, granularity)."""
    rows = []
    for m in found:
        t = m.get("time")
        if m["type"] == "time_delta" or (drop_blur and m.get("definition") == "blur"):
            continue
        if m["type"] == "time_period":
            t = ((t or {}).get("point") or {}).get("time") if isinstance(t, dict) else None
        if not isinstance(t, list) or len(t) != 2:
            continue
        try:
            start, end = dt.date.fromisoformat(str(t[0])[:10]), dt.date.fromisoformat(str(t[1])[:10])
        except ValueError:  # "inf" / "-inf": an open interval is not a definite date
            continue
        a, b = m["offset"]
        rows.append({"text": m["text"], "char_start": a, "char_end": b, "start": start.isoformat(),
                     "end": end.isoformat(), "granularity": granularity(start, end)})
    return rows


def _median_speed(n_chars: int, seconds: list[float]) -> int:
    med = statistics.median(seconds)
    return round(n_chars / med) if med > 0 else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--jionlp-python", type=Path, default=DEFAULT_JIONLP)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json-only", action="store_true", help="print only the JSON report")
    args = ap.parse_args(argv)
    golds = sorted(args.gold.glob("*.json")) if args.gold.is_dir() else []
    if not golds:
        print(f"skipped: no gold files in {args.gold}: is ../shared absent?")
        return 0
    sys.path.insert(0, str(ROOT))
    import textkit
    from textkit.dates import analyze_dates
    from textkit.normalize import normalize
    from textkit.structure import find_structure

    items = []
    for gp in golds:
        gold = json.loads(gp.read_text(encoding="utf-8"))
        raw = (gp.parent / gold["file"]).read_text(encoding="utf-8")
        items.append((gold, raw, normalize(raw)))
    texts = [t for _, _, t in items]
    n_chars = sum(map(len, texts))
    report: dict = {"date": time.strftime("%Y-%m-%d"), "gold_files": len(items), "gold_dates":
                    sum(len(g.get("dates", [])) for g, _, _ in items), "chars": n_chars, "repeat": args.repeat,
                    "systems": {}}

    # textkit: the pipeline's date stage
    nlp = textkit.load(stages=["textkit_structure", "textkit_dates"])
    nlp("2008年工作总结\n一、主要工作\n12月完成验收。")  # build the tokenizer and lexicons outside the timing
    docs = [nlp(t) for t in texts]
    tk_rows = [[{"text": m.text, "char_start": m.char_start, "char_end": m.char_end,
                 "start": m.start.isoformat() if m.start else "", "end": m.end.isoformat() if m.end else "",
                 "granularity": m.granularity} for m in d._.tk_dates] for d in docs]
    tk_years = [d._.tk_date_analysis.year for d in docs]
    pipe_s, func_s = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for t in texts:
            nlp(t)
        pipe_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for t in texts:
            st = find_structure(t)
            analyze_dates(t, title=st.title, signature=st.signature)
        func_s.append(time.perf_counter() - t0)
    counts = [score(g, raw, r) for (g, raw, _), r in zip(items, tk_rows)]
    report["systems"]["textkit"] = {
        "dates": prf(*map(sum, zip(*counts))),
        "per_doc": {g["doc"]: c for (g, _, _), c in zip(items, counts)},
        "chars_per_s": _median_speed(n_chars, pipe_s),
        "chars_per_s_stage_functions": _median_speed(n_chars, func_s),
    }

    # JioNLP, in its own virtualenv
    gold_years = [int(g["dates"][0]["start"][:4]) if g.get("dates") else y for (g, _, _), y in zip(items, tk_years)]
    report["jionlp_years"] = {g["doc"]: {"gold": gy, "textkit": ty} for (g, _, _), gy, ty in zip(items, gold_years, tk_years)}
    if not args.jionlp_python.exists():
        report["jionlp"] = f"jionlp not available (no interpreter at {args.jionlp_python})"
    else:
        proc = subprocess.run(
            [str(args.jionlp_python), "-c", _JIONLP_SNIPPET],
            input=json.dumps({"texts": texts, "years": {"gold": gold_years, "textkit": tk_years}, "repeat": args.repeat},
                             ensure_ascii=False),
            capture_output=True, text=True, timeout=1800,
        )
        if proc.returncode != 0:
            report["jionlp"] = "jionlp not available: " + (proc.stderr.strip().splitlines() or [str(proc.returncode)])[-1]
        else:
            res = json.loads(proc.stdout.strip().splitlines()[-1])  # jionlp prints a banner first
            for variant, label, drop_blur in (("gold", "jionlp (gold year)", False), ("textkit", "jionlp (textkit year)", False),
                                              ("gold", "jionlp (gold year, no blur)", True)):
                rows = [jionlp_rows(found, drop_blur=drop_blur) for found in res[variant]["docs"]]
                counts = [score(g, raw, r) for (g, raw, _), r in zip(items, rows)]
                report["systems"][label] = {
                    "dates": prf(*map(sum, zip(*counts))),
                    "per_doc": {g["doc"]: c for (g, _, _), c in zip(items, counts)},
                    "chars_per_s": _median_speed(n_chars, res[variant]["seconds"]),
                    "errors": res[variant]["errors"],
                }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.json_only:
        return 0
    print(f"\n{len(items)} gold files, {report['gold_dates']} gold dates, {n_chars} chars; speed = median of {args.repeat}")
    if "jionlp" in report:
        print(report["jionlp"])
    print(f"{'system':<28} {'P':>6} {'R':>6} {'F1':>6} {'tp/pred/gold':>13} {'chars/s':>9}")
    for name, s in report["systems"].items():
        d = s["dates"]
        counts = f"{d['tp']}/{d['pred']}/{d['gold']}"
        print(f"{name:<28} {d['P']:6.3f} {d['R']:6.3f} {d['F1']:6.3f} {counts:>13} {s['chars_per_s']:9d}")
    tk = report["systems"]["textkit"]
    print(f"(textkit stage functions alone, without the pipeline's tokenizer: {tk['chars_per_s_stage_functions']} chars/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
