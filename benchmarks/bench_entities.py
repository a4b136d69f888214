"""Entity benchmark: textkit beside jieba.posseg, on the dev gold and on CLUENER2020 dev, in one run.

    .venv/bin/python benchmarks/bench_entities.py [--gold DIR] [--cluener FILE] [--repeat 3] [--json-only] [--no-ner]

Then, in the same run, ``bench_ner.py`` (unless ``--no-ner``): the entity model, the whole entity stage
and jieba.posseg on People's Daily test, MSRA test and CLUENER dev, the model's gate, its speed, and the
dev gold through ``textkit extract`` + ``textkit evaluate``.

Systems (both read the same analysis text, ``textkit.normalize.normalize`` of each input):

- textkit: ``textkit.entities.find_entities(text)``; labels PERSON, ORG_COMPANY, ORG_GOV.
- jieba.posseg: a private ``jieba.posseg.POSTokenizer(jieba.Tokenizer())`` with jieba's own
  dictionary; ``nr``/``nrfg``/``nrt`` tokens → PER (consecutive ones merged into one name),
  ``nt`` → ORG_GOV.  jieba has no company tag, so its company scores are reported as ``null`` (n/a).

Scores:

- gold (``shared/eval/gold/*.json``), as ``shared/eval/score.py`` + ``agg.py``: persons and companies are
  unique strings per document (``persons_optional`` neither rewarded nor penalised), micro-averaged
  over documents; government bodies are recall of ``gov_orgs_core`` (a gold string is found when a
  predicted ORG_GOV equals or contains it); a document's ``range`` keeps predictions starting inside it.
- CLUENER2020 dev (``shared/data/ner/cluener-dev.jsonl``): strict mention match (same start, end and
  label) for PER, ORG_COMPANY and ORG_GOV, micro P/R/F1 per label.
- throughput: characters per second, median of ``--repeat`` runs, each system on the same single
  string (every gold text and every CLUENER sentence joined with newlines); models and dictionaries
  are loaded before the clock starts.

Prints a JSON report, then a small table.  Exits 0 with a message when ``shared/`` is absent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = SHARED / "eval" / "gold"
DEFAULT_CLUENER = SHARED / "data" / "ner" / "cluener-dev.jsonl"
CLUENER_LABELS = ("PER", "ORG_COMPANY", "ORG_GOV")
TO_CLUENER = {"PERSON": "PER", "ORG_COMPANY": "ORG_COMPANY", "ORG_GOV": "ORG_GOV"}

Row = tuple[str, int, int, str]  # (label, start, end, text); labels in the CLUENER scheme
Extractor = Callable[[str], list[Row]]


def textkit_extractor() -> Extractor:
    """find_entities on the analysis text, labels mapped to PER / ORG_COMPANY / ORG_GOV."""
    from textkit.entities import find_entities

    def run(text: str) -> list[Row]:
        return [(TO_CLUENER[e.label], e.char_start, e.char_end, e.text) for e in find_entities(text) if e.label in TO_CLUENER]

    run("区经委主任、党组副书记徐斌出席会议。")  # load lexicons and the tagger outside the timing
    return run


def jieba_extractor() -> Extractor:
    """A private jieba.posseg tagger: nr* → PER (consecutive tokens merged), nt → ORG_GOV."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())

    def run(text: str) -> list[Row]:
        rows: list[Row] = []
        pos = 0
        prev_person = False
        for pair in tagger.cut(text):
            word, flag = pair.word, pair.flag
            start, pos = pos, pos + len(word)
            person = flag in ("nr", "nrfg", "nrt")
            if person and prev_person and rows and rows[-1][2] == start:
                label, s, _, _ = rows[-1]
                rows[-1] = (label, s, pos, text[s:pos])
            elif person:
                rows.append(("PER", start, pos, word))
            elif flag == "nt":
                rows.append(("ORG_GOV", start, pos, word))
            prev_person = person
        return rows

    run("区经委主任、党组副书记徐斌出席会议。")  # build the prefix dictionary outside the timing
    return run


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """agg.py's micro P/R/F1 (precision 0 when nothing is predicted)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "tp": tp, "pred": n_pred, "gold": n_gold}


def score_gold(items: list[tuple[dict, str]], preds: list[list[Row]]) -> dict[str, dict]:
    """Persons, companies (unique strings per document) and gov-body recall, as score.py counts them."""
    n = Counter()
    for (gold, _text), rows in zip(items, preds):
        rng = gold.get("range")
        if rng:
            rows = [r for r in rows if rng[0] <= r[1] < rng[1]]
        persons = {t.strip() for lab, _, _, t in rows if lab == "PER"} - set(gold.get("persons_optional", []))
        gp = set(gold["persons"])
        n["p_tp"] += len(persons & gp)
        n["p_pred"] += len(persons)
        n["p_gold"] += len(gp)
        comps = {t.strip() for lab, _, _, t in rows if lab == "ORG_COMPANY"}
        gc = set(gold.get("companies", []))
        n["c_tp"] += len(comps & gc)
        n["c_pred"] += len(comps)
        n["c_gold"] += len(gc)
        gov = {t.strip() for lab, _, _, t in rows if lab == "ORG_GOV"}
        core = gold.get("gov_orgs_core", [])
        n["g_hit"] += sum(1 for g in core if any(g == o or g in o for o in gov))
        n["g_gold"] += len(core)
    return {
        "persons": prf(n["p_tp"], n["p_pred"], n["p_gold"]),
        "companies": prf(n["c_tp"], n["c_pred"], n["c_gold"]),
        "gov_orgs_recall": {"R": round(n["g_hit"] / n["g_gold"], 3) if n["g_gold"] else 1.0,
                            "hit": n["g_hit"], "gold": n["g_gold"]},
    }


def score_cluener(sents: list[dict], preds: list[list[Row]]) -> dict[str, dict]:
    """Strict mention match (start, end, label) per label, micro over sentences."""
    out = {}
    for label in CLUENER_LABELS:
        tp = n_pred = n_gold = 0
        for sent, rows in zip(sents, preds):
            gold = Counter((e["start"], e["end"]) for e in sent["entities"] if e["label"] == label)
            pred = Counter((s, e) for lab, s, e, _ in rows if lab == label)
            tp += sum((gold & pred).values())
            n_pred += sum(pred.values())
            n_gold += sum(gold.values())
        out[label] = prf(tp, n_pred, n_gold)
    return out


def throughput(run: Extractor, text: str, repeat: int) -> float:
    """Characters per second on ``text``: median of ``repeat`` timed runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run(text)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return len(text) / med if med > 0 else float("inf")


def print_table(report: dict, items: list, sents: list, concat: str, repeat: int) -> None:
    def f1(d: dict | None) -> str:
        return "   n/a" if d is None else f"{d['F1']:6.3f}"

    print(f"\n{len(items)} gold files ({report['gold_chars']} chars), {len(sents)} CLUENER dev sentences; "
          f"throughput on {len(concat)} chars, median of {repeat}\n")
    print(f"{'system':<14} {'gold PER F1':>11} {'gold COMP F1':>12} {'gold GOV R':>10} "
          f"{'CL PER F1':>9} {'CL COMP F1':>10} {'CL GOV F1':>9} {'chars/s':>9}")
    for name, s in report["systems"].items():
        g, c = s["gold"], s["cluener"]
        print(f"{name:<14} {f1(g['persons']):>11} {f1(g['companies']):>12} {g['gov_orgs_recall']['R']:10.3f} "
              f"{f1(c['PER']):>9} {f1(c['ORG_COMPANY']):>10} {f1(c['ORG_GOV']):>9} {s['chars_per_s']:9d}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--cluener", type=Path, default=DEFAULT_CLUENER)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json-only", action="store_true", help="print only the JSON report")
    ap.add_argument("--no-ner", action="store_true", help="skip bench_ner.py (the public test sets, the model, the gate)")
    args = ap.parse_args(argv)
    golds = sorted(args.gold.glob("*.json")) if args.gold.is_dir() else []
    if not golds or not args.cluener.exists():
        print(f"skipped: needs gold files in {args.gold} and {args.cluener}: is ../shared absent?")
        return 0
    sys.path.insert(0, str(ROOT))
    from textkit.normalize import normalize

    items = []
    for gp in golds:
        gold = json.loads(gp.read_text(encoding="utf-8"))
        raw = (gp.parent / gold["file"]).read_text(encoding="utf-8")
        items.append((gold, normalize(raw)))
    with args.cluener.open(encoding="utf-8") as f:
        sents = [json.loads(line) for line in f if line.strip()]
    sent_texts = [normalize(s["text"]) for s in sents]
    concat = "\n".join([t for _, t in items] + sent_texts)

    report: dict = {
        "date": time.strftime("%Y-%m-%d"),
        "gold_files": len(items),
        "gold_chars": sum(len(t) for _, t in items),
        "cluener_sentences": len(sents),
        "cluener_chars": sum(map(len, sent_texts)),
        "throughput_chars": len(concat),
        "repeat": args.repeat,
        "systems": {},
    }
    for name, make in (("textkit", textkit_extractor), ("jieba.posseg", jieba_extractor)):
        run = make()
        gold_scores = score_gold(items, [run(t) for _, t in items])
        cl_scores = score_cluener(sents, [run(t) for t in sent_texts])
        if name == "jieba.posseg":  # no company tag: n/a rather than a zero that looks measured
            gold_scores["companies"] = None
            cl_scores["ORG_COMPANY"] = None
        report["systems"][name] = {
            "gold": gold_scores,
            "cluener": cl_scores,
            "chars_per_s": round(throughput(run, concat, args.repeat)),
        }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if not args.json_only:
        print_table(report, items, sents, concat, args.repeat)
    if not args.no_ner:  # the same run goes on with the public test sets, the entity model and its gate
        sys.path.insert(0, str(Path(__file__).parent))
        import bench_ner

        bench_ner.main(["--repeat", str(args.repeat)] + (["--json-only"] if args.json_only else []))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
