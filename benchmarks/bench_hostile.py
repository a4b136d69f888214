"""Time and peak memory of ``textkit extract`` on each case of the hostile archive (issue 15).

Every case is generated here, deterministically, by the generators of ``tests/test_hostile.py`` (and
a few larger ones below), then extracted by ``textkit extract`` in a new process. For each case the
script reports the median wall time over ``--repeat`` runs, the peak memory (max RSS of the process
and of any worker it started, from ``wait4``), the exit status, and whether every document ended as
expected (``ok`` or an ``errors`` row). The baseline is one small good document, run in the same
session: ratios are against it, because these machines are shared and noisy.

    .venv/bin/python benchmarks/bench_hostile.py                  # every case, 3 repeats
    .venv/bin/python benchmarks/bench_hostile.py --repeat 1 --only line_1mb pdf_2000_pages
    .venv/bin/python benchmarks/bench_hostile.py --json
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_hostile as cases  # noqa: E402  (the generators of the hostile suite)


@dataclass
class Case:
    """One hostile input: how to lay it out in a folder, the extract arguments, and what must come out."""

    name: str
    build: Callable[[Path], list[str]]  # writes the case under the folder, returns extract's arguments
    expect: dict[str, str]  # doc_id (or "-") -> "ok" or an error_type
    note: str = ""
    env: dict[str, str] = field(default_factory=dict)
    stdin: str | None = None


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _good(folder: Path) -> list[str]:
    _write(folder, "good.txt", cases.GOOD.encode())
    return [str(folder)]


def _one(name: str, data: Callable[[], bytes], *options: str) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        _write(folder, name, data())
        return [str(folder), *options]

    return build


def _fifo_and_zero(folder: Path) -> list[str]:
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    _write(folder, "good.txt", cases.GOOD.encode())
    return [str(folder / "fifo.txt"), str(folder / "zero.txt"), str(folder / "good.txt")]


def _stdin_zero(folder: Path) -> list[str]:
    return ["-", "--max-bytes", "1000000"]


def _killed_worker(folder: Path) -> list[str]:
    hook = folder.parent / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(cases._KILLER, encoding="utf-8")
    for name in ("a.txt", "b-kill-me.txt", "c.txt", "d.txt"):
        _write(folder, name, cases.GOOD.encode())
    return [str(folder), "--jobs", "2"]


def _pdf_pages(pages: int) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    lines = cases.GOOD.strip().split("\n") + cases.GOOD_2.strip().split("\n")
    for page in range(pages):
        c.setFont("STSong-Light", 11)
        c.drawString(72, 800, f"第{page + 1}页")
        for i in range(36):
            c.drawString(72, 780 - 20 * i, lines[(page + i) % len(lines)])
        c.showPage()
    c.save()
    return buf.getvalue()


def _big_pdf(pages: int) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        _write(folder, f"report_{pages}.pdf", _pdf_pages(pages))
        return [str(folder), "--timeout", "30", "--max-chars", "20000000"]

    return build


def _archive(folder: Path) -> list[str]:
    cases._write_archive(folder)
    return [str(folder), "--jobs", "2"]


PROSE_NO_STOP = "区经委认真组织学习实践活动，深入基层调查研究，广泛征求意见建议，切实解决突出问题，"


def _line(n_bytes: int, clause: str = cases.LINE_NO_STOP) -> Callable[[], bytes]:
    """A single line of about ``n_bytes`` bytes of UTF-8 without 。！？: ``clause`` repeated (by default
    the hostile suite's, four figures in every 40 characters)."""
    n = int(n_bytes / (len(clause.encode()) / len(clause)))
    return lambda: (clause * (n // len(clause) + 1))[:n].encode("utf-8")


def cases_list(pdf_pages: int) -> list[Case]:
    ok = "ok"
    return [
        Case("baseline", _good, {"good.txt": ok}, "one small good .txt"),
        Case("docx_everywhere", _one("d.docx", cases.gen_docx_everywhere), {"d.docx": ok},
             ".docx with sdt, ins, smartTag, a table in a cell"),
        Case("gbk_stray", _one("g.txt", cases.gen_gbk_stray), {"g.txt": ok}, "GBK with one stray byte"),
        Case("gbk_cut", _one("g.txt", cases.gen_gbk_cut), {"g.txt": ok}, "GBK cut inside its last character"),
        Case("utf16_short", _one("u.txt", cases.gen_utf16_short), {"u.txt": ok}, "UTF-16 without BOM, one byte short"),
        Case("line_90kb", _one("l.txt", _line(90_000)), {"l.txt": ok}, "90 kB line without 。 (321 MB of output before)"),
        Case("line_1mb", _one("l.txt", _line(1 << 20)), {"l.txt": ok}, "1 MB line without 。 (exhausted memory before)"),
        Case("line_10mb", _one("l.txt", _line(10 << 20, PROSE_NO_STOP), "--timeout", "0"), {"l.txt": ok},
             "10 MB single line of prose, --timeout 0 (regex timed out before)"),
        Case("line_10mb_figures", _one("l.txt", _line(10 << 20)), {"l.txt": "limit_exceeded"},
             "10 MB single line, four figures in every 40 characters: over the default --timeout 120"),
        Case("long_doc_id", _one("长" * 83 + ".txt", lambda: cases.GOOD.encode()), {},
             "83 Han characters in the name (File name too long before)"),
        Case("nested_folders", _one("/".join(["文" * 15] * 5) + "/深.txt", lambda: cases.GOOD.encode()), {},
             "five nested folders of 15 Han characters"),
        Case("numeral_overflow", _one("n.txt", lambda: ("投资1" + "亿" * 130_000 + "元。").encode()), {"n.txt": ok},
             "投资1亿亿亿…元 (decimal.Overflow outside the guard before)"),
        Case("fifo_and_dev_zero", _fifo_and_zero, {"fifo.txt": "read_error", "zero.txt": "read_error", "good.txt": ok},
             "a FIFO and a link to /dev/zero named on the command line (hung before)"),
        Case("stdin_dev_zero", _stdin_zero, {"-": "limit_exceeded"}, "endless standard input, --max-bytes 1000000 (hung before)",
             stdin="/dev/zero"),
        Case("killed_worker", _killed_worker, {"a.txt": ok, "b-kill-me.txt": "internal_error", "c.txt": ok, "d.txt": ok},
             "a worker SIGKILLed mid-document, --jobs 2 (BrokenProcessPool before)"),
        Case(f"pdf_{pdf_pages}_pages", _big_pdf(pdf_pages), {}, f"{pdf_pages}-page PDF, --timeout 30 (150–220 s before)"),
        Case("archive", _archive, {}, "the whole hostile archive of tests/test_hostile.py, --jobs 2"),
    ]


def run_case(case: Case, repeat: int) -> dict:
    times, peaks, statuses, outcome = [], [], [], {}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix=f"hostile-{case.name}-") as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            args = case.build(folder)
            env = dict(os.environ)
            if case.name == "killed_worker":
                env["PYTHONPATH"] = os.pathsep.join([str(Path(tmp) / "hook"), *filter(None, [env.get("PYTHONPATH")])])
            out = Path(tmp) / "out"
            cmd = [sys.executable, "-m", "textkit", "-q", "extract", *args, "-o", str(out)]
            stdin = open(case.stdin, "rb") if case.stdin else subprocess.DEVNULL
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            if case.stdin:
                stdin.close()
            proc.returncode = os.waitstatus_to_exitcode(status)
            stderr = proc.stderr.read().decode("utf-8", "replace")
            proc.stderr.close()
            times.append(elapsed)
            peaks.append(usage.ru_maxrss / 1024)  # KiB; the largest of the process and the workers it waited for
            statuses.append(proc.returncode)
            outcome = _outcome(out)
            outcome["traceback"] = "Traceback" in stderr
    return {
        "case": case.name, "note": case.note, "seconds": statistics.median(times), "peak_mib": max(peaks),
        "exit": statuses[-1], "documents": outcome.get("documents", 0), "errors": outcome.get("errors", {}),
        "as_expected": all(outcome.get("status", {}).get(k, "").startswith(v) for k, v in case.expect.items())
        and (bool(case.expect) or "internal_error" not in outcome.get("errors", {})),
        "traceback": outcome.get("traceback", False), "output_mib": outcome.get("output_mib", 0.0),
    }


def _outcome(out: Path) -> dict:
    if not (out / "documents.csv").exists():
        return {}
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as f:
        docs = list(csv.DictReader(f))
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as f:
        errors = list(csv.DictReader(f))
    status = {d["doc_id"].lstrip("'"): "ok" if d["status"] == "ok" else d["error"] for d in docs}
    for e in errors:
        if e["path"].lstrip("'") == "-":
            status["-"] = e["error_type"]
    size = sum(p.stat().st_size for p in out.glob("*.csv"))
    by_type: dict[str, int] = {}
    for e in errors:
        by_type[e["error_type"]] = by_type.get(e["error_type"], 0) + 1
    return {"documents": len(docs), "errors": by_type, "status": status, "output_mib": size / (1 << 20)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="case names")
    parser.add_argument("--pdf-pages", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for case in cases_list(args.pdf_pages):
        if args.only and case.name not in args.only and case.name != "baseline":
            continue
        rows.append(run_case(case, args.repeat))
        if not args.json:
            r = rows[-1]
            print(f"{r['case']:<20} {r['seconds']:7.1f} s  {r['peak_mib']:7.0f} MiB  exit {r['exit']}  "
                  f"docs {r['documents']:>3}  errors {r['errors']}  out {r['output_mib']:.1f} MiB  "
                  f"{'ok' if r['as_expected'] and not r['traceback'] else 'UNEXPECTED'}  {r['note']}", flush=True)
    base = rows[0]
    for r in rows:
        r["time_ratio"] = round(r["seconds"] / base["seconds"], 2)
        r["memory_ratio"] = round(r["peak_mib"] / base["peak_mib"], 2)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print("\nratios to the baseline (same session):")
        for r in rows:
            print(f"  {r['case']:<20} time ×{r['time_ratio']:<6} memory ×{r['memory_ratio']}")


if __name__ == "__main__":
    main()
