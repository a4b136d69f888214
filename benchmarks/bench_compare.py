"""Time and peak memory of ``compare``'s reuse detection on archives of templated documents.

An archive of N documents from one template (deterministic): each document keeps most of 40 template
sentences, with its own place name and figures written in, and adds 10 sentences of its own, so every
document shares most of its text with every other one (the worst case for pairwise reuse).  Each
measurement runs in a fresh process (peak RSS is that process's) and is repeated ``--repeat`` times; the
median is reported:

Wall time and CPU time (user + system, which a shared, loaded machine inflates less) are both reported.

- ``capped``: ``reuse_tables`` with the default caps (20 partners per document, 50 passages per pair);
- ``uncapped``: the same code without caps (every pair), the baseline of the same implementation;
- ``baseline-rev``: with ``--baseline-rev REV``, ``reuse_tables`` of ``textkit/compare.py`` at that git
  revision (for example the one before the caps), on the same corpus, up to ``--baseline-max`` documents.

    python benchmarks/bench_compare.py --docs 100 400 1000 3000 --repeat 3 --baseline-rev 28c50b4
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACES = "东南西北中青白红金银山水河湖林田新安平和兴华明光长永"
TEMPLATE = [
    "{p}坚持把{k}摆在突出位置，成立由主要负责同志任组长的工作专班，制定实施方案，明确责任分工和完成时限",
    "围绕{k}，{p}组织开展专题调研{n}次，召开座谈会听取基层干部群众意见建议，形成问题清单和整改台账",
    "{p}建立健全{k}长效机制，完善考核评价办法，把工作成效纳入年度目标管理考核，确保各项任务落到实处",
    "全年{p}投入{k}专项资金{n}万元，实施重点项目{m}个，完成年度计划的百分之{q}，群众满意度明显提升",
    "{p}加强{k}宣传引导，通过专栏、简报、新媒体等形式推广经验做法，营造了全社会共同参与的良好氛围",
]
TOPICS = ["安全生产", "乡村振兴", "营商环境", "生态环境保护", "基层党建", "民生实事", "疫情防控", "项目建设"]


def make_documents(n: int, *, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (doc_id, text) pairs from one template of 40 sentences (5 patterns × 8 topics)."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        p = PLACES[i % len(PLACES)] + PLACES[(i * 7 + 3) % len(PLACES)] + "镇"
        lines = [f"{p}2023年工作总结"]
        for k in TOPICS:
            for pattern in TEMPLATE:
                if rng.random() < 0.9:
                    lines.append(pattern.format(p=p, k=k, n=rng.randint(3, 900), m=rng.randint(2, 40),
                                                q=rng.randint(80, 120)) + "。")
            if rng.random() < 0.6:
                lines.append(f"{p}{rng.choice(TOPICS)}第{rng.randint(1, 99)}号工作台账显示，"
                             f"{rng.randint(10, 999)}户群众的{rng.choice(TOPICS)}诉求已于{rng.randint(1, 12)}月办结。")
        for _ in range(10):
            lines.append(f"{p}{rng.choice('一二三四五六七八九')}村新修通村道路{rng.randint(1, 30)}公里，"
                         f"改造危旧房屋{rng.randint(1, 99)}户，发展特色种植{rng.randint(100, 9999)}亩。")
        docs.append((f"d{i:05d}.txt", "\n".join(lines) + "\n"))
    return docs


def corpus_of(docs, compare_module):
    import pandas as pd

    from textkit.normalize import normalize

    order = [("bench", d) for d, _ in docs]
    documents = pd.DataFrame({"run": ["bench"] * len(docs), "doc_id": [d for d, _ in docs],
                              "title": [t.split("\n", 1)[0] for _, t in docs]})
    return compare_module.Corpus({"documents": documents}, {("bench", d): normalize(t) for d, t in docs},
                                 {("bench", d): t for d, t in docs}, order)


def load_revision(rev: str):
    """``textkit/compare.py`` at git revision ``rev`` as a module of the textkit package."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:textkit/compare.py"], check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("textkit._compare_at_rev")
    module.__package__ = "textkit"
    sys.modules[module.__name__] = module
    exec(compile(source, f"{rev}:textkit/compare.py", "exec"), module.__dict__)
    return module


def worker(n: int, mode: str, rev: str | None) -> dict:
    """One measurement in this process: build the corpus, time reuse_tables, report peak RSS."""
    from textkit import compare as current

    module = load_revision(rev) if mode == "baseline-rev" else current
    docs = make_documents(n)
    corpus = corpus_of(docs, module)
    chars = sum(len(t) for _, t in docs)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_start = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    if mode == "uncapped":
        out = current.reuse_tables(corpus, max_pairs_per_document=None, max_passages_per_pair=None)
    else:
        out = module.reuse_tables(corpus)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_start
    reuse, pairs = out[0], out[1]
    result = {"docs": n, "mode": mode, "chars": chars, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "rss_before_mb": round(rss_before / 1024, 1), "passages": len(reuse), "pairs": len(pairs)}
    if len(out) > 2:
        result["capped_documents"] = len(out[2])
        result["passages_dropped"] = int(pairs["n_passages_dropped"].sum()) if len(pairs) else 0
    return result


def measure(n: int, mode: str, rev: str | None, repeat: int, timeout: float) -> dict:
    runs = []
    for _ in range(repeat):
        cmd = [sys.executable, __file__, "--worker", str(n), mode] + (["--baseline-rev", rev] if rev else [])
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return {"docs": n, "mode": mode, "seconds": None, "note": f"over {timeout:g} s (stopped)"}
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = dict(runs[0])
    best["seconds"] = statistics.median(r["seconds"] for r in runs)
    best["cpu_seconds"] = statistics.median(r["cpu_seconds"] for r in runs)
    best["peak_rss_mb"] = statistics.median(r["peak_rss_mb"] for r in runs)
    best["repeat"] = repeat
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[100, 400, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--uncapped-max", type=int, default=1000, help="largest N run without caps")
    parser.add_argument("--baseline-rev", default=None, help="git revision whose reuse_tables is the baseline")
    parser.add_argument("--baseline-max", type=int, default=400, help="largest N run with the baseline revision")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--worker", nargs=2, metavar=("N", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(int(args.worker[0]), args.worker[1], args.baseline_rev)))
        return 0
    results = []
    for n in args.docs:
        modes = ["capped"] + (["uncapped"] if n <= args.uncapped_max else [])
        modes += ["baseline-rev"] if args.baseline_rev and n <= args.baseline_max else []
        for mode in modes:
            r = measure(n, mode, args.baseline_rev, args.repeat, args.timeout)
            results.append(r)
            print(json.dumps(r, ensure_ascii=False), flush=True)
    by = {(r["docs"], r["mode"]): r for r in results}
    for n in args.docs:
        capped = by.get((n, "capped"), {}).get("seconds")
        for other in ("uncapped", "baseline-rev"):
            o = by.get((n, other), {}).get("seconds")
            if capped and o:
                print(f"N={n}: {other} / capped time = {o / capped:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
