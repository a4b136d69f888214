"""Scoring ``extract`` output against gold annotation files.

The gold format and the matching rules are those of the project's evaluation
set (one JSON file per document: persons, roles, companies, gov_orgs_core,
dates, stats, stats_optional, not_stats, sections, title, optional range).
:func:`evaluate` returns micro-averaged precision, recall and F1 per table, and
the per-document details (misses and extras).

A gold file is matched to a document by the base name of its ``file``; when no
document has that base name, by the stem (``05_annual.txt`` gold text ↔
``05_annual.docx`` document), so gold for converted formats works too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .tables import read_table

CALENDAR = frozenset({"", "day", "xun", "month", "quarter", "half", "year"})


@dataclass
class Counts:
    """True positives, predictions and gold items of one field."""

    tp: int = 0
    pred: int = 0
    gold: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    def prf(self) -> dict:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "gold": self.gold}


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` of ``needle`` in ``text``, overlapping ones included (how gold strings are found)."""
    out, i = [], text.find(needle) if needle else -1
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _overlaps(a: int, b: int, spans) -> bool:
    return any(a < e and s < b for s, e in spans)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _float(value) -> float | None:
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def score_document(gold: dict, text: str, tables: dict[str, pd.DataFrame]) -> dict:
    """Scores of one document: ``tables`` hold only that document's rows (as strings)."""
    rng = gold.get("range")

    def scoped(name: str) -> list[dict]:
        records = tables[name].to_dict("records")
        if rng:
            records = [r for r in records if r.get("char_start") not in (None, "") and rng[0] <= _int(r["char_start"]) < rng[1]]
        return records

    out: dict = {}
    ents = scoped("entities")
    optional = set(gold.get("persons_optional", []))
    persons = {e["text"].strip() for e in ents if e["label"] == "PERSON"} - optional
    gold_persons = set(gold.get("persons", []))
    out["persons"] = Counts(len(persons & gold_persons), len(persons), len(gold_persons),
                            sorted(gold_persons - persons), sorted(persons - gold_persons))
    companies = {e["text"].strip() for e in ents if e["label"] == "ORG_COMPANY"}
    gold_companies = set(gold.get("companies", []))
    out["companies"] = Counts(len(companies & gold_companies), len(companies), len(gold_companies),
                              sorted(gold_companies - companies), sorted(companies - gold_companies))
    bodies = {e["text"].strip() for e in ents if e["label"] == "ORG_GOV"}
    core = gold.get("gov_orgs_core", [])
    found = [g for g in core if any(g in b for b in bodies)]
    out["gov_orgs"] = Counts(len(found), len(found), len(core), sorted(set(core) - set(found)))
    roles: dict[str, set[str]] = defaultdict(set)
    for e in ents:
        if e["label"] == "PERSON":
            roles[e["text"].strip()].update(r.strip() for r in str(e.get("roles") or "").split("|") if r.strip())
    wanted = [(p, r) for p, rs in gold.get("roles", {}).items() for r in rs]
    got = [(p, r) for p, r in wanted if any(r in x or x.endswith(r) for x in roles.get(p, ()))]
    out["roles"] = Counts(len(got), len(got), len(wanted), [f"{p}:{r}" for p, r in wanted if (p, r) not in got])
    # dates
    dates = [d for d in scoped("dates") if str(d.get("granularity") or "").strip() in CALENDAR]
    used: set[int] = set()
    counts = Counts(pred=len(dates), gold=len(gold.get("dates", [])))
    for g in gold.get("dates", []):
        spans = occurrences(text, g["text"])
        for i, d in enumerate(dates):
            if i not in used and _overlaps(_int(d["char_start"]), _int(d["char_end"]), spans) and \
                    str(d.get("start") or "")[:10] == g["start"] and str(d.get("end") or "")[:10] == g["end"]:
                used.add(i)
                counts.tp += 1
                break
        else:
            counts.misses.append(g["text"])
    out["dates"] = counts
    # statistics
    stats = scoped("statistics")
    optional_spans = [sp for g in gold.get("stats_optional", []) for sp in occurrences(text, g["text"])]
    not_spans = [sp for t in gold.get("not_stats", []) for sp in occurrences(text, t)]
    used = set()
    counts = Counts(gold=len(gold.get("stats", [])))
    nth: dict[str, int] = defaultdict(int)
    for g in gold.get("stats", []):
        spans = occurrences(text, g["text"])
        k = nth[g["text"]]
        nth[g["text"]] += 1
        if len(spans) > k:
            spans = spans[k : k + 1]
        for i, s in enumerate(stats):
            value = _float(s.get("value"))
            if i in used or value is None or not _overlaps(_int(s["char_start"]), _int(s["char_end"]), spans):
                continue
            if abs(value - g["value"]) <= 1e-6 * max(1, abs(g["value"])) and str(s.get("unit") or "").strip() in (g["unit"], g["unit"] + "s"):
                used.add(i)
                counts.tp += 1
                break
        else:
            counts.misses.append(g["text"])
    for i, s in enumerate(stats):
        a, b = _int(s["char_start"]), _int(s["char_end"])
        if i not in used and _overlaps(a, b, optional_spans):
            continue
        counts.pred += 1
        if i not in used:
            counts.extras.append(s["text"])
    out["stats"] = counts
    out["not_stats_predicted"] = [s["text"] for s in stats if _overlaps(_int(s["char_start"]), _int(s["char_end"]), not_spans)]
    # sections (not limited to the range)
    sections = tables["sections"].to_dict("records")
    heading_hits = label_hits = 0
    for g in gold.get("sections", []):
        h = g["heading"]
        cands = [s for s in sections if (h and h in str(s.get("heading") or "")) or (not h and not str(s.get("heading") or "").strip())]
        if not h:
            cands = cands[:1]
        if cands:
            heading_hits += 1
            label_hits += any(str(c.get("label") or "") in g["labels"] for c in cands)
    n = len(gold.get("sections", []))
    out["sections"] = Counts(heading_hits, n, n)
    out["section_labels"] = Counts(label_hits, n, n)
    title = "".join(str(gold.get("title") or "").split())
    if title:
        docs = tables["documents"].to_dict("records")
        predicted = "".join(str(docs[0].get("title") or "").split()) if docs else ""
        out["title"] = Counts(int(predicted == title), 1, 1)
    return out


def load_gold(path: str | Path) -> tuple[dict, str]:
    """A gold file and the text of the document it annotates; ValueError naming what is wrong."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(gold, dict):
        raise ValueError(f"expected a JSON object, found {type(gold).__name__}")
    if not isinstance(gold.get("file"), str) or not gold["file"]:
        raise ValueError('no "file" (the annotated document\'s file name, next to the gold file)')
    text_path = path.parent / gold["file"]
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot read its document {text_path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"its document {text_path} is not UTF-8 text") from None
    gold.setdefault("doc", Path(gold["file"]).stem)
    return gold, text


def rule_breakdown(gold: dict, entities: list[dict]) -> dict[str, dict[str, int]]:
    """Entity predictions of one document by the rule that made them (the ``rule`` column of ``entities``).

    For every rule: how many of its PERSON / ORG_COMPANY mentions name a gold person or company
    (``correct``) and how many do not (``wrong``); persons in ``persons_optional`` count neither way.
    ``{"person_title_before": {"correct": 12, "wrong": 1}, "model": {...}}``.
    """
    golds = {"PERSON": set(gold.get("persons", [])), "ORG_COMPANY": set(gold.get("companies", []))}
    optional = set(gold.get("persons_optional", []))
    out: dict[str, dict[str, int]] = {}
    for e in entities:
        label, text = e.get("label"), str(e.get("text") or "").strip()
        if label not in golds or label == "PERSON" and text in optional:
            continue
        counts = out.setdefault(str(e.get("rule") or "") or "(none)", {"correct": 0, "wrong": 0})
        counts["correct" if text in golds[label] else "wrong"] += 1
    return dict(sorted(out.items()))


def evaluate(outdir: str | Path, gold_files: Sequence[str | Path]) -> dict:
    """Micro-averaged scores of the tables in ``outdir`` against ``gold_files``.

    Returns ``{"total": {...}, "documents": {doc: {...}}, "by_rule": {...}, "problems": [...],
    "unmatched": [...], "n_scored": N}``; ``total`` has P/R/F1 for persons, companies, dates and
    stats, and recall/accuracy figures for government bodies, roles, section headings, section
    labels and titles; ``by_rule`` (and each document's ``entity_rules``) breaks person and company
    predictions down by the rule that made them (:func:`rule_breakdown`).  A gold file that cannot
    be read or scored is left out and named in ``problems`` (one line each); one whose document is
    not in ``outdir`` is scored (as all misses) and named in ``unmatched`` and ``problems``.
    """
    tables = {}
    for name in ("documents", "sections", "entities", "dates", "statistics"):
        try:
            tables[name] = read_table(outdir, name).astype(object).where(lambda f: f.notna(), "")
        except FileNotFoundError:
            tables[name] = pd.DataFrame(columns=["doc_id"])
    docs = tables["documents"]
    by_base = {Path(str(p)).name: d for d, p in zip(docs["doc_id"], docs.get("path", []))}
    by_stem = {Path(str(p)).stem: d for d, p in zip(docs["doc_id"], docs.get("path", []))}
    totals: dict[str, Counts] = defaultdict(Counts)
    per_doc = {}
    problems: list[str] = []
    unmatched: list[str] = []
    not_stats = 0
    for gold_path in gold_files:
        try:
            gold, text = load_gold(gold_path)
            text_path = Path(gold_path).parent / gold["file"]
            doc_id = by_base.get(text_path.name, by_stem.get(text_path.stem))
            own = {name: frame[frame["doc_id"] == doc_id] if doc_id is not None else frame.iloc[0:0] for name, frame in tables.items()}
            scores = score_document(gold, text, own)
            rules = _scoped_rules(gold, own["entities"])
        except Exception as exc:  # noqa: BLE001 - one bad gold file never stops the others
            reason = (str(exc) if isinstance(exc, ValueError) else f"malformed: no key {exc}" if isinstance(exc, KeyError)
                      else f"malformed ({type(exc).__name__}: {exc})")
            problems.append(f"gold file {gold_path}: {reason}; left out")
            continue
        if doc_id is None:
            unmatched.append(str(gold_path))
            problems.append(f"gold file {gold_path} matched no document in {outdir} (its file {gold['file']!r}); "
                            "scored as all misses")
        not_stats += len(scores["not_stats_predicted"])
        for key, value in scores.items():
            if isinstance(value, Counts):
                totals[key].add(value)
        per_doc[gold["doc"]] = {
            k: ({**v.prf(), "misses": v.misses, "extras": v.extras} if isinstance(v, Counts) else v) for k, v in scores.items()
        }
        per_doc[gold["doc"]]["entity_rules"] = rules
    total = {k: totals[k].prf() for k in ("persons", "companies", "dates", "stats")}

    def recall(key: str) -> float:
        c = totals[key]
        return round(c.tp / c.gold, 3) if c.gold else 1.0

    total["section_headings_recall"] = recall("sections")
    total["section_label_accuracy"] = recall("section_labels")
    total["gov_orgs_recall"] = recall("gov_orgs")
    total["roles_recall"] = recall("roles")
    if totals["title"].gold:
        total["title_accuracy"] = recall("title")
    total["not_stats_predicted"] = not_stats
    by_rule = _sum_rules(d["entity_rules"] for d in per_doc.values())
    return {"total": total, "documents": per_doc, "by_rule": by_rule, "problems": problems, "unmatched": unmatched,
            "n_scored": len(per_doc)}


def _scoped_rules(gold: dict, frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    rng = gold.get("range")
    records = frame.to_dict("records")
    if rng:
        records = [r for r in records if r.get("char_start") not in (None, "") and rng[0] <= _int(r["char_start"]) < rng[1]]
    return rule_breakdown(gold, records)


def _sum_rules(parts) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for part in parts:
        for rule, counts in part.items():
            have = out.setdefault(rule, {"correct": 0, "wrong": 0})
            have["correct"] += counts["correct"]
            have["wrong"] += counts["wrong"]
    for counts in out.values():
        n = counts["correct"] + counts["wrong"]
        counts["precision"] = round(counts["correct"] / n, 3) if n else None
    return dict(sorted(out.items()))



# --- formatting for people (kept apart from scoring) ------------------------------------------------

_FIELDS = (("persons", "persons"), ("companies", "companies"), ("dates", "dates"), ("stats", "statistics"))
_RATES = (("gov_orgs_recall", "government bodies (recall)"), ("roles_recall", "roles (recall)"),
          ("section_headings_recall", "section headings (recall)"), ("section_label_accuracy", "section labels (accuracy)"),
          ("title_accuracy", "titles (accuracy)"))


def format_table(total: dict) -> str:
    """The totals as an aligned table: P, R, F1 and gold items per field, then the recall and accuracy rates."""
    rows = [("field", "P", "R", "F1", "gold")]
    for key, name in _FIELDS:
        v = total.get(key)
        if v:
            rows.append((name, f"{v['P']:.3f}", f"{v['R']:.3f}", f"{v['F1']:.3f}", str(v["gold"])))
    for key, name in _RATES:
        if key in total:
            rows.append((name, "", f"{total[key]:.3f}", "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if "not_stats_predicted" in total:
        lines.append(f"not-statistics predicted as statistics: {total['not_stats_predicted']}")
    return "\n".join(lines) + "\n"


def format_report(report: dict, *, per_document: bool = False) -> str:
    """:func:`evaluate`'s report for people: the totals table, and each document's misses and extras."""
    out = [format_table(report["total"])]
    n, bad = report["n_scored"], len(report["problems"]) - len(report["unmatched"])
    out.append(f"{n} gold file{'s' if n != 1 else ''} scored"
               + (f", {len(report['unmatched'])} matching no document" if report["unmatched"] else "")
               + (f", {bad} left out (see the warnings)" if bad else "") + "\n")
    if per_document:
        for doc, scores in report["documents"].items():
            figures = "  ".join(f"{name} {scores[key]['F1']:.3f}" for key, name in _FIELDS if key in scores)
            out.append(f"\n{doc}: {figures}\n")
            for key, value in scores.items():
                if isinstance(value, dict):
                    for what in ("misses", "extras"):
                        if value.get(what):
                            out.append(f"  {key} {what}: {'、'.join(map(str, value[what]))}\n")
        if report.get("by_rule"):
            out.append("\n" + format_rules(report["by_rule"]))
    return "".join(out)


def format_rules(by_rule: dict) -> str:
    """:func:`evaluate`'s ``by_rule`` as an aligned table: person and company predictions of each rule."""
    rows = [("rule", "correct", "wrong", "precision")]
    rows += [(rule, str(c["correct"]), str(c["wrong"]), "" if c.get("precision") is None else f"{c['precision']:.3f}")
             for rule, c in by_rule.items()]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "entity predictions (PERSON, ORG_COMPANY) by rule\n" + "\n".join(lines) + "\n"
