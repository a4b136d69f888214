"""Wall time and peak memory of a new process's ``textkit extract one.txt`` (issue 17: at most 1.5 s).

Every run is a fresh process.  The first runs start from an empty ``TEXTKIT_CACHE_DIR`` (the compiled
section model and jieba's dictionary table are built and written), the next ones find the cache
warm (what every run but the first after an install sees).  The baseline, in the same session
because these machines are shared and noisy, is what the cheapest jieba user pays:
``python -c "import jieba; jieba.lcut('…')"``.  ``--against REV`` also times the textkit of a git
revision (checked out in a temporary worktree) on the same file, warm.

    .venv/bin/python benchmarks/bench_startup.py                       # 5 warm runs, 2 cold ones
    .venv/bin/python benchmarks/bench_startup.py --repeat 9 --against 8fbed44
    .venv/bin/python benchmarks/bench_startup.py --file corpora/sample/08_gov_report.txt --json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "corpora" / "sample" / "01_stage1_summary.txt"
JIEBA = "import jieba; jieba.lcut('区经委主任徐斌召开学习实践活动动员大会')"


def run(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{err}")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def textkit_command(source: Path | None = None) -> list[str]:
    """How to start textkit: this checkout's (the console script beside this Python), or a worktree's."""
    if source is None:
        script = Path(sys.executable).with_name("textkit")
        return [str(script)] if script.is_file() else [sys.executable, "-m", "textkit"]
    code = f"import sys; sys.path.insert(0, {str(source)!r}); from textkit.cli import main; main()"
    return [sys.executable, "-c", code]


def extract_times(command: list[str], one: Path, work: Path, cache: Path, n: int, *, cold: bool) -> list[tuple[float, int, float]]:
    out = []
    for i in range(n):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        target = work / f"out-{i}"
        shutil.rmtree(target, ignore_errors=True)
        env = {**os.environ, "TEXTKIT_CACHE_DIR": str(cache)}
        out.append(run([*command, "extract", str(one), "-o", str(target), "-q"], env, cwd=work))
    return out


def summary(name: str, times: list[tuple[float, int, float]], baseline: float | None) -> dict:
    wall = statistics.median(t for t, _, _ in times)
    row = {"name": name, "runs": len(times), "median_s": round(wall, 3), "min_s": round(min(t for t, _, _ in times), 3),
           "median_cpu_s": round(statistics.median(c for _, _, c in times), 3),
           "max_rss_mib": round(max(r for _, r, _ in times) / 1024, 1)}
    if baseline:
        row["x_jieba"] = round(wall / baseline, 2)
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the document to extract")
    ap.add_argument("--repeat", type=int, default=5, help="warm runs (and baseline runs)")
    ap.add_argument("--cold", type=int, default=2, help="runs from an empty cache")
    ap.add_argument("--against", metavar="REV", help="also time the textkit of this git revision (warm)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_startup_") as tmp:
        work = Path(tmp)
        one = work / "one.txt"
        shutil.copyfile(args.file, one)
        env = dict(os.environ)
        run([sys.executable, "-c", JIEBA], env)  # jieba's own cache (in the temp folder) is built once, untimed
        jieba_times = [run([sys.executable, "-c", JIEBA], env) for _ in range(args.repeat)]
        baseline = statistics.median(t for t, _, _ in jieba_times)
        rows.append(summary("python -c 'import jieba; jieba.lcut(…)'", jieba_times, baseline))

        command = textkit_command()
        rows.append(summary("textkit extract one.txt, empty cache", extract_times(
            command, one, work, work / "cache", args.cold, cold=True), baseline))
        extract_times(command, one, work, work / "cache", 1, cold=False)  # the cache is full from here on
        rows.append(summary("textkit extract one.txt, warm cache", extract_times(
            command, one, work, work / "cache", args.repeat, cold=False), baseline))

        if args.against:
            tree = work / "against"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), args.against], check=True)
            try:
                old = textkit_command(tree)
                extract_times(old, one, work, work / "cache-against", 1, cold=False)
                rows.append(summary(f"textkit {args.against} extract one.txt, warm cache", extract_times(
                    old, one, work, work / "cache-against", args.repeat, cold=False), baseline))
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)

    bytecode = "off (PYTHONDONTWRITEBYTECODE)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
    if args.json:
        print(json.dumps({"file": str(args.file), "bytecode_cache": bytecode, "rows": rows}, ensure_ascii=False, indent=1))
        return 0
    print(f"{args.file.name}, {args.repeat} warm runs, {args.cold} cold, bytecode cache {bytecode}")
    print(f"{'':52s} {'median s':>9s} {'min s':>7s} {'CPU s':>7s} {'max RSS MiB':>12s} {'× jieba':>8s}")
    for r in rows:
        print(f"{r['name']:52s} {r['median_s']:9.2f} {r['min_s']:7.2f} {r['median_cpu_s']:7.2f} {r['max_rss_mib']:12.1f}"
              f" {r.get('x_jieba', 0):8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
