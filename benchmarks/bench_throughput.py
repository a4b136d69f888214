"""Throughput, scaling and memory of ``textkit extract``, beside bare jieba on the same text.

Builds a corpus of N documents by recombining the paragraphs of the bundled sample
corpus (deterministic), then measures, in the same run on the same text:

- jieba.lcut (jieba's default dictionary) and jieba.posseg.lcut: the baselines;
- ``textkit extract`` in one process and with ``--jobs 2`` (characters/s, documents/s; the time
  includes loading the pipeline once per process, as a user's run does);
- peak memory (max RSS) of the main process and of each worker;
- the wall time of ``textkit extract one.txt`` in a new process;
- ``--long``: long government work reports (the dev corpus's, 28–67 k characters each, when ../shared
  is there; else long documents recombined from the sample corpus), analysed in one process with the
  pipeline loaded, beside jieba.lcut on the same texts: the issue's "≈ 1.9× bare jieba.lcut" figure.
  The entity stage is also timed alone, with and without its trained model; ``--against REV``
  also times the entity stage of git revision REV (its ``textkit/`` unpacked as a package ``tk_base``),
  interleaved with this checkout's in the same process and timed in CPU time (e.g. ``--against 28c50b4``, the stage before the
  candidates rebuild, which tagged the text again itself).

Each timing is repeated ``--repeat`` times and the median is reported, with ratios
against the baselines measured in the same run (the machines are shared and noisy).

    python benchmarks/bench_throughput.py --docs 1000 10000 --repeat 3
    python benchmarks/bench_throughput.py --long --repeat 5 [--against 28c50b4]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_corpus(folder: Path, n_docs: int, *, seed: int = 0) -> int:
    """Write ``n_docs`` UTF-8 documents made of sample-corpus paragraphs; returns total characters."""
    texts = sorted((ROOT / "corpora" / "gold" / "sample" / "texts").glob("*.txt"))
    paragraphs = [p for t in texts for p in t.read_text(encoding="utf-8").split("\n") if len(p) > 30]
    headings = ["一、", "二、", "三、", "四、", "五、"]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n_docs):
        lines = [f"{2000 + i % 25}年第{i % 4 + 1}季度工作总结", rng.choice(paragraphs)]
        for h in headings[: rng.randint(2, 5)]:
            lines.append(h + rng.choice(["主要工作", "存在问题", "下一步打算", "组织领导", "工作成效"]))
            lines.extend(rng.sample(paragraphs, 2))
        text = "\n".join(lines) + "\n"
        total += len(text)
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return total


def time_baselines(folder: Path) -> dict:
    import logging

    import jieba
    import jieba.posseg

    logging.getLogger("jieba").setLevel(logging.WARNING)
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    jieba.lcut("预热")
    jieba.posseg.lcut("预热")
    out = {}
    for name, fn in (("jieba.lcut", jieba.lcut), ("jieba.posseg", jieba.posseg.lcut)):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        out[name] = time.perf_counter() - start
    return out


def run_extract(folder: Path, jobs: int, backend: str) -> tuple[float, dict]:
    out = Path(tempfile.mkdtemp(prefix="tk-bench-out-"))
    code = (
        "import json, resource, sys, time\n"
        "from textkit.batch import run_extract\n"
        # the clock includes loading the pipeline, once per process: in this one, or in each worker
        "t = time.perf_counter()\n"
        f"s = run_extract([{str(folder)!r}], {str(out)!r}, jobs={jobs}, backend={backend!r}, write_texts=False)\n"
        "e = time.perf_counter() - t\n"
        "print(json.dumps({'seconds': e, 'ok': s.n_ok, 'failed': s.n_failed, 'chars': s.n_chars,\n"
        "  'rss_self_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
        "  'rss_worker_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result["seconds"], result


def time_one_file(folder: Path, backend: str) -> float:
    one = next(iter(sorted(folder.glob("*.txt"))))
    out = tempfile.mkdtemp(prefix="tk-bench-one-")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "textkit", "-q", "extract", str(one), "-o", out, "--backend", backend], check=True)
    return time.perf_counter() - start


def long_reports() -> list[str]:
    """Long government work reports: the dev corpus's when ../shared is there, else recombined samples."""
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    texts = [p.read_text(encoding="utf-8") for p in sorted(dev.glob("*.txt")) if p.stat().st_size > 25_000]
    if texts:
        return texts
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "gold" / "sample" / "texts").glob("*.txt"))]
    return ["\n".join(samples[i:] + samples[:i]) * 4 for i in range(3)]


def base_entities(rev: str):
    """``find_entities`` of git revision ``rev``, imported as the package ``tk_base`` from a temporary folder."""
    import io
    import tarfile

    folder = Path(tempfile.mkdtemp(prefix="tk-base-"))
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "textkit"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(folder, filter="data")
    (folder / "textkit").rename(folder / "tk_base")
    (folder / "tk_base" / "__init__.py").write_text("", encoding="utf-8")  # no pipeline, no spaCy registrations
    sys.path.insert(0, str(folder))
    from tk_base.entities import find_entities

    return find_entities


def time_long(repeat: int, backend: str, against: str | None = None) -> dict:
    """Seconds per long report, median of ``repeat``: jieba.lcut, the whole analysis, the entity stage."""
    import logging

    import jieba

    from textkit.analysis import analyze
    from textkit.entities import entity_model, find_entities
    from textkit.normalize import normalize
    from textkit.pipeline import shared_pipeline
    from textkit.tokenizer import load_segmenter, tag_text

    logging.getLogger("jieba").setLevel(logging.WARNING)
    texts = long_reports()
    nlp = shared_pipeline(backend)
    jieba.lcut("预热")
    analyze(texts[0][:2000], nlp=nlp)
    taggings = [tag_text(normalize(t), load_segmenter(backend)) for t in texts]
    model = entity_model("default")

    def clock(fn) -> float:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    chars = sum(len(t) for t in texts)
    out = {"long reports": len(texts), "chars": chars}
    base = clock(lambda: [jieba.lcut(t) for t in texts])
    whole = clock(lambda: [analyze(t, nlp=nlp) for t in texts])
    rules = clock(lambda: [find_entities(tg.text, tagging=tg, model=None) for tg in taggings])
    out["jieba.lcut chars/s"] = round(chars / base)
    out["textkit analyze chars/s"] = round(chars / whole)
    out["textkit / jieba.lcut time"] = round(whole / base, 2)
    out["entities, rules only: s per 100k chars"] = round(rules / chars * 1e5, 3)
    if model is not None:
        full = clock(lambda: [find_entities(tg.text, tagging=tg, model=model) for tg in taggings])
        out["entities, rules + model: s per 100k chars"] = round(full / chars * 1e5, 3)
    if against:
        old = base_entities(against)
        old(texts[0][:2000])
        runs_old, runs_new = [], []
        for _ in range(repeat):  # interleaved, in CPU time: the same load for both, other processes left out
            start = time.process_time()
            [old(tg.text) for tg in taggings]
            runs_old.append(time.process_time() - start)
            start = time.process_time()
            [find_entities(tg.text, tagging=tg, model=model) for tg in taggings]
            runs_new.append(time.process_time() - start)
        out[f"entities at {against}: CPU s per 100k chars"] = round(statistics.median(runs_old) / chars * 1e5, 3)
        out[f"entities now / at {against} (interleaved, CPU time)"] = round(statistics.median(runs_new) / statistics.median(runs_old), 2)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backend", default="rjieba", choices=["jieba", "rjieba"])
    parser.add_argument("--long", action="store_true", help="only the long-report case")
    parser.add_argument("--against", default=None, help="with --long: also time the entity stage of this git revision")
    args = parser.parse_args(argv)
    if args.long:
        print(json.dumps(time_long(args.repeat, args.backend, args.against), ensure_ascii=False, indent=1))
        return
    report = {"backend": args.backend, "runs": []}
    for n in args.docs:
        folder = Path(tempfile.mkdtemp(prefix=f"tk-bench-{n}-"))
        chars = build_corpus(folder, n)
        rows = {"docs": n, "chars": chars}
        base = [time_baselines(folder) for _ in range(args.repeat)]
        for name in ("jieba.lcut", "jieba.posseg"):
            rows[f"{name} chars/s"] = round(chars / statistics.median(b[name] for b in base))
        for jobs in (1, 2):
            runs = [run_extract(folder, jobs, args.backend) for _ in range(args.repeat)]
            seconds = statistics.median(r[0] for r in runs)
            rows[f"textkit jobs={jobs} chars/s"] = round(chars / seconds)
            rows[f"textkit jobs={jobs} docs/s"] = round(n / seconds, 1)
            rows[f"textkit jobs={jobs} peak MB (main, worker)"] = [
                round(max(r[1]["rss_self_mb"] for r in runs)), round(max(r[1]["rss_worker_mb"] for r in runs))
            ]
            rows[f"textkit jobs={jobs} failed"] = runs[0][1]["failed"]
        rows["textkit / jieba.lcut (jobs=1)"] = round(rows["textkit jobs=1 chars/s"] / rows["jieba.lcut chars/s"], 2)
        rows["jobs=2 / jobs=1"] = round(rows["textkit jobs=2 chars/s"] / rows["textkit jobs=1 chars/s"], 2)
        rows["extract one file, new process (s, median)"] = round(
            statistics.median(time_one_file(folder, args.backend) for _ in range(args.repeat)), 2
        )
        report["runs"].append(rows)
        print(json.dumps(rows, ensure_ascii=False), flush=True)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
