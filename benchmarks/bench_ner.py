"""NER benchmark on public data: the entity model, textkit's whole entity stage and jieba.posseg, in one run.

    .venv/bin/python benchmarks/bench_ner.py [--data DIR] [--model PATH] [--limit N] [--repeat 3]
                                             [--no-extract] [--json-only] [--json FILE]

Evaluation sets (``../shared/data/ner``; none of them is trained on):

- People's Daily test and MSRA test: PER, ORG and LOC;
- CLUENER2020 dev: name (PER), company (ORG_COMPANY), government (ORG_GOV), and organization (ORG_OTHER).

Systems, all on the same analysis text (``textkit.normalize.normalize`` of each sentence):

- ``model``: ``textkit.entities.model.load_entity_model().predict(text)`` (every sentence, no gate);
- ``textkit``: ``textkit.entities.find_entities(text)``, the whole entity stage as it is on this checkout;
- ``jieba.posseg``: a private ``jieba.posseg.POSTokenizer(jieba.Tokenizer())``; nr/nrfg/nrt → PER
  (consecutive tokens merged), nt → ORG (ORG_GOV on CLUENER), ns → LOC.

Labels are compared on each set's scheme: textkit's ORG_GOV / ORG_COMPANY / ORG_OTHER count as ORG on
People's Daily and MSRA.  A mention counts only on a strict match (same start, end and label); micro
P/R/F1 per label.  PER is also scored under textkit's conventions (the row "PER, textkit's conventions"):
the sets' surname-alone mentions (江|主席) and names inside a doctrine's name (邓小平|理论), which textkit's
gold conventions exclude, are left out of gold and predictions alike.

Also, in the same run:

- **gate**: the share of gold PER and ORG mentions inside the windows ``EntityModel.gate`` keeps, on the
  three sets and on the dev gold persons (every occurrence in its document), the share of the model's
  own person spans it keeps (run gated against run everywhere), and the share of sentences and
  characters it skips on the dev corpus and on its long reports (over 20,000 characters);
- **speed** on the long reports of the dev corpus, per document, median of ``--repeat``: bare
  ``jieba.lcut`` (jieba's own dictionary, the baseline), textkit's tagging pass, the model on every
  sentence and on the gated ones (given the tagging), ``find_entities`` and ``textkit.analyze``; each as
  characters/s and as a ratio of time to jieba.lcut;
- **dev gold**: ``textkit extract`` of ../shared/corpus (seed and dev) into a temporary folder, scored
  by ``textkit.evaluate`` (what ``textkit evaluate OUT ../shared/eval/gold/*.json`` prints); skipped
  with ``--no-extract``.

Prints a JSON report, then tables.  Exits 0 with a message when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "ner"
SETS = {  # name: (file, labels scored, label of each textkit label)
    "peoplesdaily-test": ("peoplesdaily-test.jsonl", ("PER", "ORG", "LOC"),
                          {"PERSON": "PER", "ORG_GOV": "ORG", "ORG_COMPANY": "ORG", "ORG_OTHER": "ORG", "LOC": "LOC"}),
    "msra-test": ("msra-test.jsonl", ("PER", "ORG", "LOC"),
                  {"PERSON": "PER", "ORG_GOV": "ORG", "ORG_COMPANY": "ORG", "ORG_OTHER": "ORG", "LOC": "LOC"}),
    "cluener-dev": ("cluener-dev.jsonl", ("PER", "ORG_COMPANY", "ORG_GOV", "ORG"),
                    {"PERSON": "PER", "ORG_GOV": "ORG_GOV", "ORG_COMPANY": "ORG_COMPANY", "ORG_OTHER": "ORG"}),
}
LONG_REPORT = 20_000

Span = tuple[int, int, str]  # start, end, textkit label (PERSON, ORG_GOV, ORG_COMPANY, ORG_OTHER, LOC)
System = Callable[[str], list[Span]]


def model_system(path: str | None = None) -> System:
    from textkit.entities.model import load_entity_model

    model = load_entity_model(path)
    return lambda text: [(s.start, s.end, s.label) for s in model.predict(text)]


def textkit_system() -> System:
    from textkit.entities import find_entities

    return lambda text: [(e.char_start, e.char_end, e.label) for e in find_entities(text)]


def jieba_system() -> System:
    """A private jieba.posseg tagger: nr* → PERSON (consecutive tokens merged), nt → ORG_GOV, ns → LOC."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())

    def run(text: str) -> list[Span]:
        out: list[Span] = []
        pos, prev = 0, ""
        for pair in tagger.cut(text):
            start, pos = pos, pos + len(pair.word)
            label = {"nr": "PERSON", "nrfg": "PERSON", "nrt": "PERSON", "nt": "ORG_GOV", "ns": "LOC"}.get(pair.flag, "")
            if label == "PERSON" and prev == "PERSON" and out and out[-1][1] == start:
                out[-1] = (out[-1][0], pos, label)
            elif label:
                out.append((start, pos, label))
            prev = label
        return out

    run("区经委主任徐斌出席会议。")  # build the prefix dictionary outside any timing
    return run


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "tp": tp, "pred": n_pred, "gold": n_gold}


def read_set(path: Path, limit: int | None) -> list[tuple[str, list[tuple[int, int, str]]]]:
    from textkit.normalize import normalize

    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                out.append((normalize(rec["text"]), [(e["start"], e["end"], e["label"]) for e in rec["entities"]]))
                if limit and len(out) >= limit:
                    break
    return out


def score(sents, preds: list[list[Span]], labels, mapping) -> dict:
    """Strict mention match per label, micro over sentences."""
    out = {}
    for label in labels:
        tp = n_pred = n_gold = 0
        for (_text, gold), spans in zip(sents, preds):
            g = Counter((s, e) for s, e, lab in gold if lab == label)
            p = Counter((s, e) for s, e, lab in spans if mapping.get(lab) == label)
            tp += sum((g & p).values())
            n_pred += sum(p.values())
            n_gold += sum(g.values())
        out[label] = prf(tp, n_pred, n_gold)
    return out


CONVENTIONS = "PER, textkit's conventions"


def neutral_persons(text: str, gold) -> set[tuple[int, int]]:
    """Gold person mentions textkit's conventions (``../shared/eval/README.md``) neither reward nor count: a
    surname alone (江|主席, 老|薛: "a surname plus a title is not a name") and a name inside a doctrine's name
    (邓小平|理论, 毛泽东|思想, 马克思|主义)."""
    return {(s, e) for s, e, lab in gold if lab == "PER" and (e - s == 1 or text[e:e + 2] in ("理论", "思想", "主义"))}


def score_conventions(sents, preds: list[list[Span]], mapping) -> dict:
    """PER scored as :func:`score` does, with the :func:`neutral_persons` mentions left out of gold and
    predictions alike."""
    tp = n_pred = n_gold = 0
    for (text, gold), spans in zip(sents, preds):
        skip = neutral_persons(text, gold)
        g = Counter((s, e) for s, e, lab in gold if lab == "PER" and (s, e) not in skip)
        p = Counter((s, e) for s, e, lab in spans if mapping.get(lab) == "PER" and (s, e) not in skip)
        tp += sum((g & p).values())
        n_pred += sum(p.values())
        n_gold += sum(g.values())
    return prf(tp, n_pred, n_gold)


def _inside(spans, windows) -> int:
    return sum(1 for s, e in spans if any(ws <= s and e <= we for ws, we in windows))


def gate_public(model, sents) -> dict:
    """Share of gold PER and ORG* mentions inside the gate's windows, share of the model's own person
    spans (run everywhere) that it still finds when gated, and share of sentences the gate skips."""
    from textkit.entities.features import sentence_windows
    from textkit.tokenizer import tag_text

    kept = {"PER": [0, 0], "ORG": [0, 0]}
    own = [0, 0]
    n_windows = n_kept = 0
    for text, gold in sents:
        tagging = tag_text(text)
        windows = model.gate(text, tagging)
        n_kept += len(windows)
        n_windows += len(sentence_windows(text))
        for key in kept:
            spans = [(s, e) for s, e, lab in gold if lab.startswith(key)]
            kept[key][0] += _inside(spans, windows)
            kept[key][1] += len(spans)
        everywhere = {(s.start, s.end) for s in model.predict(text, tagging) if s.label == "PERSON"}
        gated = {(s.start, s.end) for s in model.predict(text, tagging, windows=windows) if s.label == "PERSON"}
        own[0] += len(everywhere & gated)
        own[1] += len(everywhere)
    return {**{f"{k}_recall": round(a / b, 4) if b else 1.0 for k, (a, b) in kept.items()},
            "PER_mentions": kept["PER"][1], "ORG_mentions": kept["ORG"][1],
            "model_PER_kept": round(own[0] / own[1], 4) if own[1] else 1.0,
            "windows_skipped": round(1 - n_kept / n_windows, 3) if n_windows else 0.0}


def dev_documents() -> list[tuple[str, str]]:
    from textkit.normalize import normalize

    docs = []
    for p in sorted((SHARED / "corpus").glob("*/*.txt")):
        docs.append((str(p.relative_to(SHARED)), normalize(p.read_text(encoding="utf-8"))))
    return docs


def gate_dev(model, docs) -> dict:
    """On the dev corpus: gold persons kept (every occurrence), sentences and characters skipped."""
    from textkit.evaluate import occurrences
    from textkit.entities.features import sentence_windows
    from textkit.normalize import normalize
    from textkit.tokenizer import tag_text

    hit = total = 0
    for gp in sorted((SHARED / "eval" / "gold").glob("*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        text = normalize((gp.parent / gold["file"]).read_text(encoding="utf-8"))
        windows = model.gate(text, tag_text(text))
        for name in set(gold["persons"]) | set(gold.get("roles", {})):
            occ = occurrences(text, name)
            hit += _inside(occ, windows)
            total += len(occ)
    out = {"gold_person_occurrences": total, "PER_recall": round(hit / total, 4) if total else 1.0}
    for name, subset in (("all", docs), ("long", [d for d in docs if len(d[1]) > LONG_REPORT])):
        nw = nk = cw = ck = 0
        for _p, text in subset:
            all_w = sentence_windows(text)
            kept = model.gate(text, tag_text(text))
            nw, nk = nw + len(all_w), nk + len(kept)
            cw, ck = cw + sum(e - s for s, e in all_w), ck + sum(e - s for s, e in kept)
        out[f"{name}_documents"] = len(subset)
        out[f"{name}_windows_skipped"] = round(1 - nk / nw, 3) if nw else 0.0
        out[f"{name}_chars_skipped"] = round(1 - ck / cw, 3) if cw else 0.0
    return out


def speed(model, docs, repeat: int) -> dict:
    """Per-document timings on the long reports: medians of ``repeat``, as chars/s and ratio to jieba.lcut."""
    import jieba

    import textkit
    from textkit.entities import find_entities
    from textkit.tokenizer import tag_text

    jieba.setLogLevel(60)
    jt = jieba.Tokenizer()
    jt.initialize()
    long_docs = [t for _p, t in docs if len(t) > LONG_REPORT]
    taggings = [tag_text(t) for t in long_docs]
    textkit.analyze(long_docs[0][:2000])  # load the pipeline outside the timing
    runs = {
        "jieba.lcut": lambda: [jt.lcut(t) for t in long_docs],
        "tag_text": lambda: [tag_text(t) for t in long_docs],
        "gate": lambda: [model.gate(t, tg) for t, tg in zip(long_docs, taggings)],
        "model, every sentence": lambda: [model.predict(t, tg) for t, tg in zip(long_docs, taggings)],
        "model, gated": lambda: [model.predict(t, tg, windows=model.gate(t, tg)) for t, tg in zip(long_docs, taggings)],
        "find_entities": lambda: [find_entities(t) for t in long_docs],
        "textkit.analyze": lambda: [textkit.analyze(t) for t in long_docs],
    }
    chars = sum(map(len, long_docs))
    times = {}
    for name, run in runs.items():
        ts = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            run()
            ts.append(time.perf_counter() - t0)
        times[name] = statistics.median(ts)
    base = times["jieba.lcut"]
    return {"documents": len(long_docs), "chars": chars, "repeat": repeat,
            "systems": {k: {"chars_per_s": round(chars / v), "ratio_to_jieba_lcut": round(v / base, 3)} for k, v in times.items()}}


def dev_gold() -> dict:
    """``textkit extract`` of ../shared/corpus, scored by textkit.evaluate (persons, companies, gov, roles)."""
    from textkit.batch import run_extract
    from textkit.evaluate import evaluate

    with tempfile.TemporaryDirectory() as out:
        run_extract([str(SHARED / "corpus")], out, messages=lambda m: None)
        total = evaluate(out, sorted((SHARED / "eval" / "gold").glob("*.json")))["total"]
    return {k: total[k] for k in ("persons", "companies", "gov_orgs_recall", "roles_recall")}


def run(args) -> dict:
    from textkit.entities.model import load_entity_model

    model = load_entity_model(args.model)
    from textkit.entities.model import DEFAULT_MODEL

    report: dict = {"date": time.strftime("%Y-%m-%d"), "model": model.source,
                    "model_bytes": Path(args.model or DEFAULT_MODEL).stat().st_size, "sets": {}, "gate": {}}
    systems = {"model": model_system(args.model), "textkit": textkit_system(), "jieba.posseg": jieba_system()}
    for name, (fname, labels, mapping) in SETS.items():
        sents = read_set(args.data / fname, args.limit)
        report["sets"][name] = {"sentences": len(sents), "chars": sum(len(t) for t, _ in sents), "systems": {}}
        for sys_name, system in systems.items():
            t0 = time.perf_counter()
            preds = [system(text) for text, _ in sents]
            scores = score(sents, preds, labels, mapping)
            if "PER" in labels:
                scores[CONVENTIONS] = score_conventions(sents, preds, mapping)
            report["sets"][name]["systems"][sys_name] = {"scores": scores, "seconds": round(time.perf_counter() - t0, 1)}
        report["gate"][name] = gate_public(model, sents)
    docs = dev_documents()
    if docs:
        report["gate"]["dev"] = gate_dev(model, docs)
        report["speed"] = speed(model, docs, args.repeat)
        if not args.no_extract:
            report["dev_gold"] = dev_gold()
    return report


def print_tables(report: dict) -> None:
    print(f"\nmodel {report['model']} ({report['model_bytes']:,} bytes)\n")
    print(f"{'set':<18} {'label':<26} " + " ".join(f"{s:>20}" for s in ("model P/R/F1", "textkit P/R/F1", "jieba P/R/F1")))
    for name, block in report["sets"].items():
        labels = next(iter(block["systems"].values()))["scores"]
        for label in labels:
            cells = []
            for s in ("model", "textkit", "jieba.posseg"):
                d = block["systems"][s]["scores"][label]
                cells.append(f"{d['P']:.3f}/{d['R']:.3f}/{d['F1']:.3f}")
            print(f"{name:<18} {label:<26} " + " ".join(f"{c:>20}" for c in cells))
    print("\ngate:", json.dumps(report["gate"], ensure_ascii=False))
    if "speed" in report:
        sp = report["speed"]
        print(f"\nspeed on {sp['documents']} long dev reports ({sp['chars']:,} chars), median of {sp['repeat']}:")
        for k, v in sp["systems"].items():
            print(f"  {k:<24} {v['chars_per_s']:>11,} chars/s   {v['ratio_to_jieba_lcut']:6.3f} × jieba.lcut")
    if "dev_gold" in report:
        print("\ndev gold (textkit extract + evaluate):", json.dumps(report["dev_gold"], ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--model", default=None, help="model file (default: the shipped one)")
    ap.add_argument("--limit", type=int, default=None, help="first N sentences of each set (quick runs)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-extract", action="store_true", help="skip the dev-gold extract run")
    ap.add_argument("--json-only", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="also write the JSON report to FILE")
    args = ap.parse_args(argv)
    if not all((args.data / f).is_file() for f, _l, _m in SETS.values()):
        print(f"skipped: needs the evaluation sets in {args.data}: is ../shared absent?")
        return 0
    sys.path.insert(0, str(ROOT))
    report = run(args)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    if not args.json_only:
        print_tables(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
