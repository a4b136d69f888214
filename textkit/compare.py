"""Compare many summaries: the tables of several ``extract`` runs side by side.

:func:`compare` reads one or more OUTDIRs written by ``textkit extract`` and returns (and
optionally writes) tables that line the documents up against each other: which section
labels each document has (``coverage``), the statistics by canonical metric (``metrics``,
``metrics_wide``), who is named where and with whom (``names``, ``name_pairs``), how alike
documents and same-label sections are (``similarity``, ``section_similarity``), passages
copied between documents (``reuse``, ``reuse_pairs``), distinctive terms (``keywords``) and a
document-term matrix (``dtm.npz`` with ``dtm_vocabulary`` and ``dtm_documents``).

Documents of several OUTDIRs are told apart by a ``run`` column: the OUTDIR's folder name
(a repeated name gets ``~2``, ``~3``).  A document is the pair (``run``, ``doc_id``); where one
cell lists documents it writes them ``run/doc_id`` (a doc_id never contains ``/``).

>>> tables = compare(["out/2019", "out/2020"], "cmp/")           # doctest: +SKIP
>>> tables["similarity"].head(3)                                  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import itertools
import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import regex

FORMATS = ("csv", "parquet", "jsonl")
NAME_LABELS = ("PERSON", "ORG_GOV", "ORG_COMPANY", "ORG_OTHER")

# Tables written by :func:`compare`, in order (the column docs are in README.md, "Comparing runs").
TABLE_NAMES = (
    "documents", "coverage", "series", "metrics", "metrics_wide", "names", "name_pairs", "similarity",
    "section_similarity", "reuse", "reuse_pairs", "reuse_capped", "keywords", "dtm_vocabulary", "dtm_documents", "dtm_long",
)
# section similarity leaves out these labels and sections of fewer terms
SKIP_SECTION_LABELS = frozenset({"distribution"})
MIN_SECTION_TERMS = 8
# written only when asked for (``compare(..., dictionary=FILE)``)
OPTIONAL_TABLE_NAMES = ("dictionary",)


# --------------------------------------------------------------------------- tokens


@functools.cache
def _word_pattern() -> regex.Pattern:
    # a term has a Han character or is a Latin word of two letters or more
    return regex.compile(r"^(?:.*\p{Han}.*|[A-Za-z][A-Za-z0-9\-]+)$", flags=regex.V1)


@functools.cache
def _numeral_pattern() -> regex.Pattern:
    # Chinese numerals (一万二千余, 三十) are figures, not terms
    return regex.compile(r"^[零〇一二三四五六七八九十百千万亿两余多几个]+$")


def _keep(word: str) -> bool:
    word = word.strip()
    if len(word) < 2:
        return False
    return _word_pattern().match(word, timeout=1) is not None and not _numeral_pattern().match(word)


def tokenize(text: str) -> list[str]:
    """The terms of ``text`` for similarity and keywords: textkit's jieba words of two characters
    or more with a Han character (or Latin words), Latin lower-cased.

    Module-level so that a vectorizer built on it can be pickled.

    >>> tokenize("区经委召开学习实践活动动员大会，共62人参加。")
    ['区经委', '召开', '学习实践活动', '动员大会', '参加']
    """
    from .tokenizer import load_segmenter

    return [w.strip().lower() for w in load_segmenter().cut(text) if _keep(w)]


def tokenize_spans(text: str) -> list[tuple[str, int, int]]:
    """Like :func:`tokenize`, with each term's half-open character offsets in ``text``.

    >>> tokenize_spans("召开动员大会")
    [('召开', 0, 2), ('动员大会', 2, 6)]
    """
    from .tokenizer import load_segmenter

    out, pos = [], 0
    for word in load_segmenter().cut(text):
        end = pos + len(word)
        if _keep(word):
            out.append((word.strip().lower(), pos, end))
        pos = end
    return out


@functools.cache
def stopwords() -> frozenset[str]:
    """The stop words of official documents (``resources/compare_stopwords.txt``): 一是…十是, 进一步,
    认真, 坚持, 我们, 我局 …, left out of keywords, similarity and the document-term matrix.

    >>> {"二是", "进一步", "我局"} <= stopwords()
    True
    """
    from .resources import read_lines

    return frozenset(read_lines("compare_stopwords.txt"))


def _stop_set(stop: bool | Iterable[str] | None) -> frozenset[str]:
    """``True``: textkit's list; ``False``/``None``: none; an iterable: exactly those words."""
    if stop is True:
        return stopwords()
    if not stop:
        return frozenset()
    return frozenset(w.strip().lower() for w in stop if w.strip())


def _as_is(tokens: list[str]) -> list[str]:
    """Analyzer for already tokenized input (module-level so vectorizers pickle)."""
    return tokens


# --------------------------------------------------------------------------- corpus


@dataclass
class Corpus:
    """The documents of one or more OUTDIRs, with their tables (each with a ``run`` column)."""

    tables: dict[str, pd.DataFrame]
    texts: dict[tuple[str, str], str]          # (run, doc_id) -> analysis text (normalised)
    raw: dict[tuple[str, str], str]            # (run, doc_id) -> document text as written
    order: list[tuple[str, str]] = field(default_factory=list)


def _run_names(outdirs: Sequence[Path]) -> list[str]:
    names, seen = [], Counter()
    for d in outdirs:
        base = d.resolve().name or "run"
        seen[base] += 1
        names.append(base if seen[base] == 1 else f"{base}~{seen[base]}")
    return names


def load_corpus(outdirs: Sequence[str | Path]) -> Corpus:
    """Read the tables and texts of ``outdirs`` (``textkit extract`` output) into one :class:`Corpus`."""
    from .batch import read
    from .normalize import normalize

    if isinstance(outdirs, (str, Path)):
        outdirs = [outdirs]
    paths = [Path(d) for d in outdirs]
    if not paths:
        raise ValueError("compare needs at least one OUTDIR")
    for p in paths:
        if not p.is_dir():
            raise ValueError(f"not a folder of extract output: {p}")
    merged: dict[str, list[pd.DataFrame]] = defaultdict(list)
    texts, raw, order = {}, {}, []
    for run, path in zip(_run_names(paths), paths):
        tables = read(path)
        for name, frame in tables.items():
            frame = frame.copy()
            frame.insert(0, "run", pd.array([run] * len(frame), dtype="string"))
            merged[name].append(frame)
        docs = tables["documents"]
        for doc_id, status in zip(docs["doc_id"], docs["status"]):
            file = path / "texts" / f"{doc_id}.txt"
            if status != "ok" or not file.exists():
                continue
            text = file.read_text(encoding="utf-8")
            raw[(run, doc_id)] = text
            texts[(run, doc_id)] = normalize(text)
            order.append((run, doc_id))
    frames = {name: pd.concat(parts, ignore_index=True) for name, parts in merged.items()}
    return Corpus(frames, texts, raw, order)


def _key(run: str, doc_id: str) -> str:
    return f"{run}/{doc_id}"


def _innermost_sections(corpus: Corpus) -> dict[tuple[str, str], np.ndarray]:
    """Per document, the row index (into ``sections``) of the innermost section at each character, -1 outside."""
    sections = corpus.tables["sections"]
    out = {}
    for (run, doc_id), group in sections.groupby(["run", "doc_id"], sort=False):
        text = corpus.texts.get((run, doc_id))
        if text is None:
            continue
        owner = np.full(len(text), -1, dtype=np.int64)
        # outer sections first, inner ones overwrite
        for idx, row in group.sort_values(["level", "char_start"]).iterrows():
            start, end = int(row["char_start"]), int(row["char_end"])
            owner[max(start, 0):max(min(end, len(text)), 0)] = idx
        out[(run, doc_id)] = owner
    return out


# --------------------------------------------------------------------------- coverage


def coverage_table(corpus: Corpus) -> pd.DataFrame:
    """One row per document and section label (every label, present or not).

    ``share`` counts each character once, for the innermost section that contains it.
    """
    from .classify import LABEL_GROUPS, LABELS

    sections = corpus.tables["sections"]
    owners = _innermost_sections(corpus)
    labels = list(LABELS) + sorted(set(sections["label"].dropna()) - set(LABELS) - {""})
    rows = []
    for run, doc_id in corpus.order:
        n_chars = len(corpus.texts[(run, doc_id)])
        doc_sections = sections[(sections["run"] == run) & (sections["doc_id"] == doc_id)]
        owner = owners.get((run, doc_id))
        chars = Counter()
        if owner is not None:
            inside = owner[owner >= 0]
            if len(inside):
                for idx, count in zip(*np.unique(inside, return_counts=True)):
                    chars[sections.at[int(idx), "label"]] += int(count)
        for label in labels:
            hit = doc_sections[doc_sections["label"] == label]
            rows.append({
                "run": run, "doc_id": doc_id, "label": label, "label_group": LABEL_GROUPS.get(label, ""),
                "present": bool(len(hit)), "n_sections": int(len(hit)), "n_chars": int(chars[label]),
                "share": round(chars[label] / n_chars, 4) if n_chars else 0.0,
                "section_ids": "|".join(hit["section_id"]),
                "headings": "|".join(h for h in hit["heading"] if h),
            })
    return pd.DataFrame(rows, columns=[
        "run", "doc_id", "label", "label_group", "present", "n_sections", "n_chars", "share", "section_ids", "headings",
    ])


# --------------------------------------------------------------------------- metrics


def _year(row) -> float:
    for column in ("period_end", "doc_date", "period_start"):
        value = row.get(column)
        if value is not None and not pd.isna(value):
            return float(pd.Timestamp(value).year)
    return float("nan")


def metrics_tables(corpus: Corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statistics that map to a canonical metric: long (one row a mention) and wide (document × metric)."""
    stats = corpus.tables["statistics"]
    docs = corpus.tables["documents"]
    sections = corpus.tables["sections"][["run", "doc_id", "section_id", "label"]].rename(columns={"label": "section_label"})
    long = stats[stats["metric"].fillna("") != ""].copy()
    long = long.merge(sections, how="left", on=["run", "doc_id", "section_id"])
    meta = docs[["run", "doc_id", "title", "genre", "doc_date", "period_start", "period_end"]].copy()
    meta["year"] = pd.array([_year(r) for r in meta.to_dict("records")], dtype="Int64") if len(meta) else pd.array([], dtype="Int64")
    long = long.merge(meta, how="left", on=["run", "doc_id"])
    long["section_label"] = long["section_label"].fillna("")
    columns = [
        "run", "doc_id", "title", "genre", "doc_date", "period_start", "period_end", "year", "section_id",
        "section_label", "metric", "indicator", "value", "value_max", "unit", "qualifier", "change", "kind",
        "text", "char_start", "char_end", "sentence",
    ]
    long = long.reindex(columns=columns).reset_index(drop=True)
    # wide: the first mention in document order of each (metric, unit, kind)
    wide = meta[["run", "doc_id", "title", "year"]].copy()
    if len(long):
        first = long.sort_values(["run", "doc_id", "char_start"], kind="stable").copy()
        first["column"] = [
            f"{m}[{u}]" + (":target" if k == "target" else "") for m, u, k in zip(first["metric"], first["unit"].fillna(""), first["kind"].fillna(""))
        ]
        first = first.drop_duplicates(["run", "doc_id", "column"])
        pivot = first.pivot(index=["run", "doc_id"], columns="column", values="value").reset_index()
        pivot.columns.name = None
        metric_columns = sorted(c for c in pivot.columns if c not in ("run", "doc_id"))
        wide = wide.merge(pivot[["run", "doc_id", *metric_columns]], how="left", on=["run", "doc_id"])
    keys = set(corpus.order)
    wide = wide[[(r, d) in keys for r, d in zip(wide["run"], wide["doc_id"])]].reset_index(drop=True)
    return long, wide


# --------------------------------------------------------------------------- series

SERIES_COLUMNS = (
    "doc_id", "year", "region", "admin_level", "metric", "kind", "value", "value_max", "unit", "qualifier",
    "period_start", "period_end", "text", "char_start", "char_end", "section_id",
)
COVARIATES = ("title", "genre", "year", "region", "region_code", "admin_level", "issuer", "speaker")
_UNIT_SLUGS = {
    "%": "pct", "百分点": "ppt", "元": "yuan", "美元": "usd", "港元": "hkd", "人": "persons", "人次": "person_times",
    "户": "households", "家": "firms", "个": "count", "项": "items", "件": "cases", "次": "times", "吨": "t", "斤": "jin",
    "公斤": "kg", "亩": "mu", "公顷": "ha", "公里": "km", "平方米": "m2", "平方公里": "km2", "千瓦": "kw",
    "千瓦时": "kwh", "倍": "x", "所": "schools", "名": "persons_named", "套": "sets", "辆": "vehicles",
}


@functools.cache
def _metric_scopes() -> dict[str, str]:
    """metric → scope (growth, level, money, count, any) from ``stats_metrics.tsv`` (first row wins)."""
    from .resources import read_lines

    scopes: dict[str, str] = {}
    for line in read_lines("stats_metrics.tsv"):
        cols = line.split("\t")
        if len(cols) >= 3:
            scopes.setdefault(cols[1].strip(), cols[2].strip())
    return scopes


@functools.cache
def _series_patterns() -> dict[str, regex.Pattern]:
    return {
        # 从54万亿元增加到82.7万亿元, 由2020年的3.68万亿元增长到…: the first figure is a baseline
        "from": regex.compile(r"[从由](?:[^，。；、]{0,12}?(?:的|末|底))?$"),
        "to": regex.compile(r"^[^，。；、]{0,6}?(?:到|至)"),
        # 年均增长7.1%, 五年累计, 2005年与2000年相比: a figure over several years
        "average": regex.compile(r"(?:年均|年平均|平均每年|累计|[二三四五六七八九十两]年来|与\d{4}年相比|比\d{4}年)[^，。；]{0,16}$"),
    }


def _left_right(sentence: str, text: str, nth: int) -> tuple[str, str]:
    """The sentence before and after the ``nth`` occurrence of the figure's text in it."""
    pos = -1
    for _ in range(nth + 1):
        nxt = sentence.find(text, pos + 1)
        if nxt < 0:
            break
        pos = nxt
    if pos < 0:
        return "", ""
    return sentence[:pos], sentence[pos + len(text):]


def _years(start, end) -> tuple[int | None, int | None]:
    a = None if start is None or pd.isna(start) else pd.Timestamp(start).year
    b = None if end is None or pd.isna(end) else pd.Timestamp(end).year
    return a, b


def series_table(documents: pd.DataFrame, statistics: pd.DataFrame) -> pd.DataFrame:
    """The headline figure of each metric in each document, one row per document × metric × kind × unit.

    Among a document's figures of one metric, kind and unit the headline is, in order of preference,
    a figure for the period the document is about (for a government work report of year N: actuals and
    estimates of N−1, targets of N; for other documents their own period) over one for another period,
    then the first in document order.  Never a headline: a baseline (``从54万亿元增加到82.7万亿元`` →
    82.7万亿元), a growth rate over several years (``年均增长7.1%``, a period longer than a year), a
    figure whose unit does not fit the metric (a growth in %, a level in its most common unit).
    A level reached over several years stands for the last of them (in a report of year N, at most N−1).
    """
    frames = {"documents": documents, "statistics": statistics}
    if "run" not in documents.columns:
        frames = {k: v.assign(run="") for k, v in frames.items()}
    docs, every = frames["documents"], frames["statistics"]
    multi = docs["run"].nunique() > 1
    every = every[every["run"].isin(docs["run"])]
    stats = every[every["metric"].fillna("") != ""]
    later = {key: g.sort_values("char_start").to_dict("records") for key, g in every.groupby(["run", "doc_id"], sort=False)}
    scopes = _metric_scopes()
    # the common unit of each level/count metric over the corpus
    common = {}
    for metric, group in stats.groupby("metric", sort=True):
        counts = group["unit"].fillna("").value_counts()
        common[metric] = sorted(counts.index, key=lambda u: (-counts[u], u))[0] if len(counts) else ""
    pats = _series_patterns()
    info = docs.set_index(["run", "doc_id"])
    rows = []
    for (run, doc_id), group in stats.groupby(["run", "doc_id"], sort=False):
        if (run, doc_id) not in info.index:
            continue
        doc = info.loc[(run, doc_id)]
        year = None if pd.isna(doc.get("year")) else int(doc.get("year"))
        gwr = doc.get("genre") == "gov_work_report"
        own = _years(doc.get("period_start"), doc.get("period_end"))
        records = group.sort_values("char_start", kind="stable").to_dict("records")
        seen: Counter = Counter()
        candidates = []
        taken = {int(r["char_start"]) for r in records}
        while records:
            r = records.pop(0)
            nth = seen[(r["sentence"], r["text"])]
            seen[(r["sentence"], r["text"])] += 1
            metric, unit, kind = r["metric"], r["unit"] or "", r["kind"] or "actual"
            scope = scopes.get(metric, "any")
            growth = scope == "growth" or metric.endswith("_growth")
            if growth and unit not in ("%", "％"):
                continue
            if scope in ("level", "money", "count") and unit != common.get(metric):
                continue
            left, right = _left_right(r["sentence"] or "", r["text"] or "", nth)
            if pats["from"].search(left) and pats["to"].search(right):
                # a baseline: the figure it rises to (从2020年的3.68万亿元增长到2025年的4.93万亿元) is the metric's
                nxt = next((x for x in later[(run, doc_id)] if x["char_start"] > r["char_start"]
                            and x["sentence"] == r["sentence"] and (x["unit"] or "") == unit), None)
                if nxt is not None and int(nxt["char_start"]) not in taken:
                    taken.add(int(nxt["char_start"]))
                    records.insert(0, {**nxt, "metric": metric, "kind": nxt["kind"] or kind})
                continue
            start, end = _years(r["period_start"], r["period_end"])
            several = start is not None and end is not None and end > start
            if kind in ("actual", "estimate", "target") and growth and (several or pats["average"].search(left)):
                continue  # a growth over several years is an average or a total, not the year's figure
            if several and kind != "plan":
                start = end  # a level reached over several years: the last of them
                if gwr and year and kind == "actual" and end >= year:
                    start = end = year - 1  # …and a report of year N reports results up to N−1
            if kind == "target":
                expected = (year, year) if gwr and year else own
            elif kind == "plan":
                expected = (None, None)
            else:
                expected = (year - 1, year - 1) if gwr and year else own
            fits = expected == (None, None) or (start, end) == expected
            candidates.append((not fits, int(r["char_start"]), r, start, end, kind, unit))
        best: dict[tuple[str, str, str], tuple] = {}
        for cand in candidates:
            key = (cand[2]["metric"], cand[5], cand[6])
            if key not in best or cand[:2] < best[key][:2]:
                best[key] = cand
        for (metric, kind, unit), (_, _, r, start, end, _, _) in best.items():
            period_start, period_end = r["period_start"], r["period_end"]
            if start is not None and kind != "plan" and _years(period_start, period_end) != (start, end):
                # the last year of a multi-year level
                period_start, period_end = pd.Timestamp(dt.date(start, 1, 1)), pd.Timestamp(dt.date(end, 12, 31))
            rows.append({
                "doc_id": _key(run, doc_id) if multi else doc_id, "year": year, "region": doc.get("region", ""),
                "admin_level": doc.get("admin_level", ""), "metric": metric, "kind": kind, "value": r["value"],
                "value_max": r["value_max"], "unit": unit, "qualifier": r["qualifier"], "period_start": period_start,
                "period_end": period_end, "text": r["text"], "char_start": r["char_start"], "char_end": r["char_end"],
                "section_id": r["section_id"], "_order": (run, doc_id),
            })
    out = pd.DataFrame(rows, columns=[*SERIES_COLUMNS, "_order"])
    if len(out):
        rank = {key: i for i, key in enumerate(zip(docs["run"], docs["doc_id"]))}
        kinds = {"actual": 0, "estimate": 1, "target": 2, "plan": 3}
        out["_rank"] = [rank[k] for k in out["_order"]]
        out["_kind"] = out["kind"].map(kinds).fillna(9)
        out = out.sort_values(["_rank", "metric", "_kind", "unit"], kind="stable")
    out = out.drop(columns=[c for c in ("_order", "_rank", "_kind") if c in out.columns]).reset_index(drop=True)
    out["year"] = pd.array(out["year"], dtype="Int64")
    for c in ("char_start", "char_end"):
        out[c] = pd.array(out[c], dtype="Int64")
    for c in ("value", "value_max"):
        out[c] = pd.array(pd.to_numeric(out[c], errors="coerce"), dtype="Float64")
    return out


def _slug(unit: str) -> str:
    return _UNIT_SLUGS.get(unit, unit or "none")


def metrics_wide_table(documents: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """One row per document: its covariates, then ``METRIC__KIND__UNIT`` (``gdp_growth__target__pct``)
    with ``…__max`` (upper end of a range) and ``…__qualifier`` (左右, 以上 …) beside each value."""
    docs = documents if "run" in documents.columns else documents.assign(run="")
    docs = docs[docs["status"].fillna("ok") == "ok"] if "status" in docs.columns else docs
    multi = docs["run"].nunique() > 1
    wide = docs[["run", "doc_id", *[c for c in COVARIATES if c in docs.columns]]].copy().reset_index(drop=True)
    extra = _metadata_columns(docs)
    for c in extra.columns:
        if c not in wide.columns:
            wide[c] = extra[c].to_numpy()
    key = [_key(r, d) if multi else d for r, d in zip(wide["run"], wide["doc_id"])]
    index = {k: i for i, k in enumerate(key)}
    columns: dict[str, list] = {}
    order = {"actual": 0, "estimate": 1, "target": 2, "plan": 3}
    ser = series.assign(_k=series["kind"].map(order).fillna(9)).sort_values(["metric", "_k", "unit"], kind="stable")
    for r in ser.itertuples(index=False):
        i = index.get(r.doc_id)
        if i is None:
            continue
        name = f"{r.metric}__{r.kind}__{_slug(r.unit)}"
        for suffix, value in (("", r.value), ("__max", r.value_max), ("__qualifier", r.qualifier)):
            columns.setdefault(name + suffix, [None] * len(wide))[i] = value
    for name, values in columns.items():
        if name.endswith("__qualifier"):
            wide[name] = pd.array(["" if v is None or pd.isna(v) else v for v in values], dtype="string")
        else:
            wide[name] = pd.array(pd.to_numeric(pd.Series(values, dtype=object), errors="coerce"), dtype="Float64")
    return wide


def _metadata_columns(documents: pd.DataFrame) -> pd.DataFrame:
    """The user's ``--metadata`` columns (the JSON of ``documents.metadata``) spread into columns."""
    if "metadata" not in documents.columns:
        return pd.DataFrame(index=range(len(documents)))
    records = []
    for cell in documents["metadata"].fillna(""):
        try:
            records.append(json.loads(cell) if cell else {})
        except ValueError:
            records.append({})
    names = list(dict.fromkeys(k for r in records for k in r))
    return pd.DataFrame({n: pd.array([r.get(n, "") for r in records], dtype="string") for n in names}, index=range(len(documents)))


def series(tables: dict[str, pd.DataFrame] | str | Path | Sequence[str | Path]) -> pd.DataFrame:
    """The ``series`` table of :func:`compare`: the headline figure of each metric per document.

    ``tables`` is what :func:`textkit.read` returns for an OUTDIR (or compare's tables), or OUTDIR path(s).

    >>> s = textkit.series(textkit.read("out/"))                               # doctest: +SKIP
    >>> s.query("metric == 'gdp_growth' and kind == 'target'")[["year", "region", "value"]]   # doctest: +SKIP
    """
    if isinstance(tables, (str, Path)) or (isinstance(tables, Sequence) and not isinstance(tables, dict)):
        corpus = load_corpus(tables)
        return series_table(_ok(corpus.tables["documents"]), corpus.tables["statistics"])
    return series_table(_ok(tables["documents"]), tables["statistics"])


def _with_metadata_columns(documents: pd.DataFrame) -> pd.DataFrame:
    """``documents`` with the user's metadata columns spread after its own."""
    extra = _metadata_columns(documents)
    if not len(extra.columns):
        return documents
    out = documents.reset_index(drop=True).copy()
    for c in extra.columns:
        if c not in out.columns:
            out[c] = extra[c].to_numpy()
    return out


def _ok(documents: pd.DataFrame) -> pd.DataFrame:
    return documents[documents["status"].fillna("ok") == "ok"] if "status" in documents.columns else documents


# --------------------------------------------------------------------------- names


def names_tables(corpus: Corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who is named in which document (canonical names with roles) and which names appear together."""
    ents = corpus.tables["entities"]
    ents = ents[ents["label"].isin(NAME_LABELS)].copy()
    ents["canonical"] = [c if c else t for c, t in zip(ents["canonical"].fillna(""), ents["text"].fillna(""))]
    rows = []
    for (run, doc_id, label, canonical), group in ents.groupby(["run", "doc_id", "label", "canonical"], sort=False):
        roles = list(dict.fromkeys(r for cell in group["roles"].fillna("") for r in cell.split("|") if r))
        rows.append({
            "run": run, "doc_id": doc_id, "label": label, "canonical": canonical, "n_mentions": int(len(group)),
            "variants": "|".join(dict.fromkeys(group["text"])), "roles": "|".join(roles),
            "section_ids": "|".join(dict.fromkeys(s for s in group["section_id"].fillna("") if s)),
            "first_char_start": int(group["char_start"].min()),
        })
    names = pd.DataFrame(rows, columns=[
        "run", "doc_id", "label", "canonical", "n_mentions", "variants", "roles", "section_ids", "first_char_start",
    ])
    rank = {key: i for i, key in enumerate(corpus.order)}
    if len(names):
        names["_rank"] = [rank.get((r, d), len(rank)) for r, d in zip(names["run"], names["doc_id"])]
        names = names.sort_values(["_rank", "first_char_start"], kind="stable").drop(columns="_rank").reset_index(drop=True)

    docs_of: dict[tuple, set] = defaultdict(set)
    sentences_of: Counter = Counter()
    for (run, doc_id), group in names.groupby(["run", "doc_id"], sort=False):
        items = sorted(set(zip(group["label"], group["canonical"])))
        for a, b in itertools.combinations(items, 2):
            docs_of[(a, b)].add(_key(run, doc_id))
    canon = {(r, d, t): c for r, d, t, c in zip(ents["run"], ents["doc_id"], ents["text"], ents["canonical"])}
    for (run, doc_id, _sentence), group in ents.groupby(["run", "doc_id", "sentence"], sort=False):
        items = sorted({(lab, canon[(run, doc_id, t)]) for lab, t in zip(group["label"], group["text"])})
        for a, b in itertools.combinations(items, 2):
            sentences_of[(a, b)] += 1
    pair_rows = [
        {"label_a": a[0], "name_a": a[1], "label_b": b[0], "name_b": b[1], "n_documents": len(docs),
         "n_sentences": int(sentences_of.get((a, b), 0)), "documents": "|".join(sorted(docs))}
        for (a, b), docs in docs_of.items()
    ]
    pairs = pd.DataFrame(pair_rows, columns=["label_a", "name_a", "label_b", "name_b", "n_documents", "n_sentences", "documents"])
    pairs = pairs.sort_values(["n_documents", "n_sentences", "label_a", "name_a", "label_b", "name_b"],
                              ascending=[False, False, True, True, True, True]).reset_index(drop=True)
    return names, pairs


# --------------------------------------------------------------------------- terms, similarity, keywords


@dataclass
class _Terms:
    doc_tokens: list[list[str]]                         # per document in corpus.order
    section_rows: list[int]                             # sections row index of each section bag
    section_tokens: list[list[str]]
    label_counts: dict[str, Counter]                    # innermost-section label -> term counts


def _terms(corpus: Corpus, stop: frozenset[str] = frozenset()) -> _Terms:
    sections = corpus.tables["sections"]
    owners = _innermost_sections(corpus)
    doc_tokens, section_rows, section_tokens = [], [], []
    label_counts: dict[str, Counter] = defaultdict(Counter)
    for key in corpus.order:
        spans = [t for t in tokenize_spans(corpus.texts[key]) if t[0] not in stop]
        doc_tokens.append([t for t, _, _ in spans])
        owner = owners.get(key)
        if owner is not None:
            for t, s, _ in spans:
                idx = owner[s] if s < len(owner) else -1
                if idx >= 0:
                    label_counts[sections.at[int(idx), "label"]][t] += 1
        starts = np.array([s for _, s, _ in spans], dtype=np.int64)
        doc_sections = sections[(sections["run"] == key[0]) & (sections["doc_id"] == key[1])]
        for idx, cs, ce in zip(doc_sections.index, doc_sections["char_start"], doc_sections["char_end"]):
            lo, hi = np.searchsorted(starts, int(cs)), np.searchsorted(starts, int(ce))
            section_rows.append(int(idx))
            section_tokens.append(doc_tokens[-1][lo:hi])
    return _Terms(doc_tokens, section_rows, section_tokens, label_counts)


def _cosine_pairs(matrix, top_k: int, min_cosine: float, allowed=None) -> list[tuple[int, int, float]]:
    """Pairs (i < j) among the rows of an L2-normalised sparse matrix: each row's ``top_k`` best neighbours."""
    n = matrix.shape[0]
    found: dict[tuple[int, int], float] = {}
    for lo in range(0, n, 512):
        block = (matrix[lo:lo + 512] @ matrix.T).toarray()
        for r in range(block.shape[0]):
            i = lo + r
            row = block[r]
            row[i] = -1.0
            if allowed is not None:
                row[~allowed(i)] = -1.0
            k = min(top_k, n - 1)
            if k <= 0:
                continue
            best = np.argpartition(-row, k - 1)[:k]
            for j in best:
                if row[j] >= min_cosine and row[j] > 0:
                    found[(min(i, int(j)), max(i, int(j)))] = float(row[j])
    return sorted(((i, j, c) for (i, j), c in found.items()), key=lambda x: (-x[2], x[0], x[1]))


def similarity_tables(corpus: Corpus, terms: _Terms, *, top_k: int = 20, min_cosine: float = 0.05):
    """Document pairs and same-label section pairs by TF-IDF cosine over :func:`tokenize` terms."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = corpus.tables["documents"].set_index(["run", "doc_id"])
    columns = ["run_a", "doc_id_a", "title_a", "run_b", "doc_id_b", "title_b", "cosine", "rank_a", "rank_b"]
    doc_rows = []
    if len(corpus.order) >= 2 and any(terms.doc_tokens):
        x = TfidfVectorizer(analyzer=_as_is, sublinear_tf=True).fit_transform(terms.doc_tokens)
        pairs = _cosine_pairs(x, top_k, min_cosine)
        rank_of = _ranks(pairs)
        for i, j, c in pairs:
            a, b = corpus.order[i], corpus.order[j]
            doc_rows.append({
                "run_a": a[0], "doc_id_a": a[1], "title_a": docs.at[a, "title"], "run_b": b[0], "doc_id_b": b[1],
                "title_b": docs.at[b, "title"], "cosine": round(c, 4), "rank_a": rank_of[(i, j)][0], "rank_b": rank_of[(i, j)][1],
            })
    similarity = pd.DataFrame(doc_rows, columns=columns)

    sections = corpus.tables["sections"]
    sec_columns = [
        "label", "run_a", "doc_id_a", "section_id_a", "heading_a", "run_b", "doc_id_b", "section_id_b", "heading_b", "cosine",
    ]
    sec_rows = []
    # distribution footers (报：…抄送：…) and preambles with next to no text (各位代表：) say nothing of content
    labels = sections["label"].fillna("")
    nonempty = [k for k, toks in enumerate(terms.section_tokens)
                if len(toks) >= MIN_SECTION_TERMS and labels.at[terms.section_rows[k]] not in SKIP_SECTION_LABELS]
    if nonempty:
        vec = TfidfVectorizer(analyzer=_as_is, sublinear_tf=True)
        x = vec.fit_transform([terms.section_tokens[k] for k in nonempty])
        rows = [terms.section_rows[k] for k in nonempty]
        info = sections.loc[rows, ["run", "doc_id", "section_id", "heading", "label"]].reset_index(drop=True)
        for label, group in info.groupby("label", sort=True):
            if len(group) < 2:
                continue
            idx = group.index.to_numpy()
            doc_of = (group["run"] + "/" + group["doc_id"]).to_numpy()
            pairs = _cosine_pairs(x[idx], max(1, top_k // 4), min_cosine, allowed=lambda i, d=doc_of: d != d[i])
            for i, j, c in pairs:
                a, b = group.iloc[i], group.iloc[j]
                sec_rows.append({
                    "label": label, "run_a": a["run"], "doc_id_a": a["doc_id"], "section_id_a": a["section_id"],
                    "heading_a": a["heading"], "run_b": b["run"], "doc_id_b": b["doc_id"], "section_id_b": b["section_id"],
                    "heading_b": b["heading"], "cosine": round(c, 4),
                })
    section_similarity = pd.DataFrame(sec_rows, columns=sec_columns)
    return similarity, section_similarity


def _ranks(pairs: list[tuple[int, int, float]]) -> dict[tuple[int, int], tuple[int, int]]:
    by_doc: dict[int, list] = defaultdict(list)
    for i, j, c in pairs:
        by_doc[i].append((-c, j))
        by_doc[j].append((-c, i))
    place = {d: {other: r + 1 for r, (_, other) in enumerate(sorted(v))} for d, v in by_doc.items()}
    return {(i, j): (place[i][j], place[j][i]) for i, j, _ in pairs}


def _log_odds(group: Counter, total: Counter, n_total: int, prior: float = 500.0) -> list[tuple[str, int, float]]:
    """Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008), group vs the rest: z-scores."""
    n_group = sum(group.values())
    n_rest = n_total - n_group
    out = []
    for term, y in group.items():
        a = 0.01 + prior * total[term] / n_total
        rest = total[term] - y
        a0 = prior + 0.01 * len(total)
        d = math.log((y + a) / (n_group + a0 - y - a)) - math.log((rest + a) / (n_rest + a0 - rest - a))
        z = d / math.sqrt(1 / (y + a) + 1 / (rest + a))
        out.append((term, y, z))
    return sorted(out, key=lambda x: (-x[2], x[0]))


def keywords_table(corpus: Corpus, terms: _Terms, *, top_n: int = 20) -> pd.DataFrame:
    """Distinctive terms of each section label and of each document (log-odds z-scores vs the rest)."""
    total = Counter()
    doc_counts = [Counter(toks) for toks in terms.doc_tokens]
    for c in doc_counts:
        total.update(c)
    n_total = sum(total.values())
    rows = []
    if n_total:
        label_total = Counter()
        for c in terms.label_counts.values():
            label_total.update(c)
        n_label_total = sum(label_total.values())
        from .classify import LABELS

        for label in sorted(terms.label_counts, key=lambda lab: (LABELS.index(lab) if lab in LABELS else 99, lab)):
            scored = [s for s in _log_odds(terms.label_counts[label], label_total, n_label_total) if s[2] > 0][:top_n]
            for rank, (term, count, z) in enumerate(scored, 1):
                rows.append({"scope": "label", "label": label, "run": "", "doc_id": "", "rank": rank, "term": term,
                             "count": count, "score": round(z, 3)})
        for (run, doc_id), counts in zip(corpus.order, doc_counts):
            if len(corpus.order) < 2:
                break
            scored = [s for s in _log_odds(counts, total, n_total) if s[2] > 0][:top_n]
            for rank, (term, count, z) in enumerate(scored, 1):
                rows.append({"scope": "document", "label": "", "run": run, "doc_id": doc_id, "rank": rank, "term": term,
                             "count": count, "score": round(z, 3)})
    return pd.DataFrame(rows, columns=["scope", "label", "run", "doc_id", "rank", "term", "count", "score"])


def dtm_tables(corpus: Corpus, terms: _Terms):
    """The document-term matrix (CSR counts, rows in ``dtm_documents`` order), its vocabulary and document metadata."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    if any(terms.doc_tokens):
        vec = CountVectorizer(analyzer=_as_is)
        matrix = vec.fit_transform(terms.doc_tokens).tocsr().astype(np.int32)
        vocab = vec.get_feature_names_out()
    else:
        matrix, vocab = sparse.csr_matrix((len(corpus.order), 0), dtype=np.int32), np.array([], dtype=object)
    vocabulary = pd.DataFrame({
        "term_id": np.arange(len(vocab), dtype=np.int64), "term": list(vocab),
        "df": np.asarray((matrix > 0).sum(axis=0)).ravel().astype(np.int64),
        "cf": np.asarray(matrix.sum(axis=0)).ravel().astype(np.int64),
    })
    docs = corpus.tables["documents"].set_index(["run", "doc_id"])
    meta_cols = [c for c in ("title", "genre", "issuer", "year", "region", "admin_level", "doc_date", "period_start",
                             "period_end", "n_chars") if c in docs.columns]
    documents = pd.DataFrame([{"row": i, "run": r, "doc_id": d, **{c: docs.at[(r, d), c] for c in meta_cols},
                               "n_terms": int(matrix[i].sum())} for i, (r, d) in enumerate(corpus.order)],
                             columns=["row", "run", "doc_id", *meta_cols, "n_terms"])
    return matrix, vocabulary, documents


def document_term_matrix(outdirs: Sequence[str | Path], *, stop: bool | Iterable[str] = True):
    """The document-term matrix of ``outdirs`` in memory: ``(csr counts, vocabulary, documents)``.

    ``stop``: leave out :func:`stopwords` (``True``), nothing (``False``), or the given words.

    >>> matrix, vocab, docs = document_term_matrix(["out/"])     # doctest: +SKIP
    """
    corpus = load_corpus(outdirs)
    return dtm_tables(corpus, _terms(corpus, _stop_set(stop)))


def _doc_keys(documents: pd.DataFrame) -> list[str]:
    """The id of each DTM row: the doc_id for one run, ``run/doc_id`` for several."""
    if documents["run"].nunique() > 1:
        return [_key(r, d) for r, d in zip(documents["run"], documents["doc_id"])]
    return list(documents["doc_id"])


def dtm_long_table(matrix, vocabulary: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The document-term matrix as a tidy long table (``doc_id, term, count``; nonzero cells only), for
    quanteda, tidytext, Stata or Excel.  ``doc_id`` is ``run/doc_id`` when several runs are compared."""
    coo = matrix.tocoo()
    order = np.lexsort((coo.col, coo.row))
    keys = np.array(_doc_keys(documents), dtype=object)
    terms = vocabulary["term"].to_numpy(dtype=object)
    return pd.DataFrame({
        "doc_id": keys[coo.row[order]] if len(order) else np.array([], dtype=object),
        "term": terms[coo.col[order]] if len(order) else np.array([], dtype=object),
        "count": coo.data[order].astype(np.int64),
    })


# --------------------------------------------------------------------------- dictionary, kwic


def read_dictionary(path: str | Path) -> list[tuple[str, str]]:
    """A user dictionary: one term a line, or ``term<TAB>category`` (``#`` starts a comment).

    Returns ``(term, category)`` pairs in file order (category = the term when none is given); a term
    listed twice is kept once (its first category).
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("gb18030")
    except OSError as exc:
        raise ValueError(f"cannot read the dictionary {path}: {exc.strerror or exc}") from None
    entries: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        term, _, category = line.partition("\t")
        term = term.strip()
        if term and term not in entries:
            entries[term] = category.strip() or term
    if not entries:
        raise ValueError(f"the dictionary {path} has no terms")
    return list(entries.items())


def dictionary_table(corpus: Corpus, entries: Sequence[tuple[str, str]] | Mapping[str, str]) -> pd.DataFrame:
    """Per document, the occurrences of each dictionary term (non-overlapping substrings of the
    analysis text, so traditional script counts as simplified), zeros included, with the rate per
    10,000 characters: attention measures (乡村振兴 × 1,000 documents)."""
    from .normalize import normalize

    if isinstance(entries, Mapping):
        entries = list(entries.items())
    rows = []
    for run, doc_id in corpus.order:
        text = corpus.texts[(run, doc_id)]
        n = len(text)
        for term, category in entries:
            count = text.count(normalize(term)) if term else 0
            rows.append({"run": run, "doc_id": doc_id, "category": category, "term": term, "count": count,
                         "n_chars": n, "per_10k_chars": round(count * 10_000 / n, 4) if n else 0.0})
    return pd.DataFrame(rows, columns=["run", "doc_id", "category", "term", "count", "n_chars", "per_10k_chars"])


KWIC_COLUMNS = ("run", "doc_id", "section_id", "char_start", "char_end", "left", "match", "right")


def kwic(outdirs: Sequence[str | Path] | str | Path, term: str, *, window: int = 20, pattern: bool = False,
         limit: int | None = None) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` in the documents of ``outdirs`` (extract
    output), with ``window`` characters of the document on each side.

    ``term`` is matched in the analysis text (full-width folded, traditional as simplified; ``pattern``
    = a regular expression); offsets and context are the document's own characters.

    >>> kwic("out/", "座谈会").head()                         # doctest: +SKIP
    """
    from .normalize import normalize

    if not term:
        raise ValueError("kwic needs a term")
    corpus = load_corpus(outdirs)
    sections = corpus.tables["sections"]
    owners = _innermost_sections(corpus)
    finder = regex.compile(term if pattern else regex.escape(normalize(term)))
    rows = []
    for key in corpus.order:
        text, raw = corpus.texts[key], corpus.raw[key]
        owner = owners.get(key)
        for m in finder.finditer(text, timeout=30):
            a, b = m.span()
            if a == b:
                continue
            idx = owner[a] if owner is not None and a < len(owner) else -1
            rows.append({
                "run": key[0], "doc_id": key[1], "section_id": sections.at[int(idx), "section_id"] if idx >= 0 else "",
                "char_start": a, "char_end": b, "left": _flat(raw[max(0, a - window):a]), "match": raw[a:b],
                "right": _flat(raw[b:b + window]),
            })
            if limit is not None and len(rows) >= limit:
                return pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    return pd.DataFrame(rows, columns=list(KWIC_COLUMNS))


def _flat(text: str) -> str:
    return " ".join(text.split("\n"))


# --------------------------------------------------------------------------- reuse


@functools.cache
def _unit_end() -> regex.Pattern:
    # a sentence ends after 。！？!?；; (and closing quotes) or at a line end
    return regex.compile(r"[。！？!?；;]+[”’」』\"')）]*|\n+")


@functools.cache
def _key_char() -> regex.Pattern:
    # letters, digits and Han characters: punctuation, symbols and spaces are not part of a sentence's key
    return regex.compile(r"[^\p{P}\p{S}\s]")


@dataclass(slots=True)
class _Unit:
    doc: int
    index: int            # position among the document's kept units
    start: int
    end: int
    key: str              # letters, digits and Han characters only


def _units(text: str, doc: int, min_chars: int) -> list[_Unit]:
    units, pos = [], 0
    bounds = [m.end() for m in _unit_end().finditer(text, timeout=30)] + [len(text)]
    for end in bounds:
        if end <= pos:
            continue
        piece = text[pos:end]
        keep = np.array([m.start() for m in _key_char().finditer(piece, timeout=30)], dtype=np.int64)
        if len(keep) >= min_chars:
            key = "".join(piece[i] for i in keep)
            units.append(_Unit(doc, len(units), pos + int(keep[0]), pos + int(keep[-1]) + 1, key))
        pos = end
    return units


def _shingles(key: str, k: int) -> np.ndarray:
    """Hashes (uint64) of the character k-grams of ``key``: a deterministic polynomial hash."""
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])
    h = np.zeros(len(codes) - k + 1, dtype=np.uint64)
    base = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * base + codes[j:len(codes) - k + 1 + j]
    return np.unique(h)


def _minhash(shingles: list[np.ndarray], num_perm: int, seed: int = 7) -> np.ndarray:
    """MinHash signatures (rows) with multiply-shift hash functions over 64-bit shingle hashes."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63 - 1, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63 - 1, size=num_perm, dtype=np.uint64)
    out = np.empty((len(shingles), num_perm), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i, s in enumerate(shingles):
            out[i] = ((np.outer(a, s) + b[:, None]) >> np.uint64(16)).min(axis=1)
    return out


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter) if len(a) + len(b) else 0.0


REUSE_COLUMNS = [
    "run_a", "doc_id_a", "char_start_a", "char_end_a", "run_b", "doc_id_b", "char_start_b", "char_end_b",
    "n_sentences", "n_chars", "similarity", "text_a", "text_b",
]
REUSE_PAIR_COLUMNS = [
    "run_a", "doc_id_a", "title_a", "run_b", "doc_id_b", "title_b", "n_passages", "chars_a", "chars_b",
    "share_a", "share_b", "max_similarity", "n_passages_dropped",
]
REUSE_CAPPED_COLUMNS = ["run", "doc_id", "n_partners", "n_partners_kept"]


MAX_PASSAGE_TEXT = 500  # characters of a passage written in reuse.text_a/text_b (the offsets give it whole)


def _passage_text(text: str, start: int, end: int) -> str:
    """The passage as written, cut to :data:`MAX_PASSAGE_TEXT` characters (and …) when longer."""
    return text[start:end] if end - start <= MAX_PASSAGE_TEXT else text[start:start + MAX_PASSAGE_TEXT] + "…"


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _near_duplicate_clusters(sets: Callable[[int], frozenset], sigs: np.ndarray, *, threshold: float, bands: int) -> list[int]:
    """The cluster of each distinct sentence: sentences that share a MinHash LSH bucket are joined to the
    bucket's first sentence when their exact Jaccard reaches ``threshold`` (linear in the bucket's size;
    clusters are transitive, so every pair of sentences is confirmed again when documents are paired)."""
    n = sigs.shape[0]
    uf = _UnionFind(n)
    rows = sigs.shape[1] // bands
    for band in range(bands):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        part = np.ascontiguousarray(sigs[:, band * rows:(band + 1) * rows])
        for i in range(n):
            buckets[part[i].tobytes()].append(i)
        for members in buckets.values():
            head = members[0]
            for j in members[1:]:
                if uf.find(head) != uf.find(j):
                    a, b = sets(head), sets(j)
                    if len(a & b) >= threshold * len(a | b):
                        uf.union(head, j)
    return [uf.find(i) for i in range(n)]


def _pair_matches(ca: dict[int, tuple[np.ndarray, np.ndarray]], cb: dict[int, tuple[np.ndarray, np.ndarray]],
                  sigs: np.ndarray, sets: Callable[[int], frozenset], threshold: float) -> dict[tuple[int, int], float]:
    """The sentence pairs of two documents that are copies: within each shared cluster, each sentence with
    its best counterparts by MinHash estimate (ties kept), confirmed by exact Jaccard.  ``ca``/``cb`` map
    a cluster to the document's (sentence indices, sentence key ids) in it."""
    xs, ys, kxs, kys = [], [], [], []
    for c in sorted(set(ca) & set(cb)):
        (ia, ka), (ib, kb) = ca[c], cb[c]
        xs.append(np.repeat(ia, len(ib)))
        kxs.append(np.repeat(ka, len(kb)))
        ys.append(np.tile(ib, len(ia)))
        kys.append(np.tile(kb, len(ka)))
    if not xs:
        return {}
    x, y, kx, ky = (np.concatenate(v) for v in (xs, ys, kxs, kys))
    est = np.where(kx == ky, 1.0, (sigs[kx] == sigs[ky]).mean(axis=1))
    keep = np.ones(len(x), dtype=bool)
    for side in (x, y):  # the best estimate of each sentence, on each side
        _, inverse = np.unique(side, return_inverse=True)
        best = np.zeros(inverse.max() + 1)
        np.maximum.at(best, inverse, est)
        keep &= est == best[inverse]
    found = {}
    for i, j, a, b in zip(x[keep].tolist(), y[keep].tolist(), kx[keep].tolist(), ky[keep].tolist()):
        if a == b:
            found[(i, j)] = 1.0
        else:
            sa, sb = sets(a), sets(b)
            score = len(sa & sb) / len(sa | sb) if sa or sb else 0.0
            if score >= threshold:
                found[(i, j)] = score
    return found


def _top_partners(incidence, weights: np.ndarray, k: int | None) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """Document pairs (i < j) sharing at least one cluster, each document keeping its ``k`` partners with
    the most shared characters (a pair is kept when either side keeps it); and, per document whose
    partners were cut, how many it had.  Row blocks keep memory bounded."""
    from scipy import sparse

    n = incidence.shape[0]
    weighted = (incidence @ sparse.diags(weights)).tocsr()
    t = incidence.T.tocsr()
    kept: set[tuple[int, int]] = set()
    cut: dict[int, int] = {}
    block = max(1, min(512, 4_000_000 // max(n, 1)))
    for lo in range(0, n, block):
        scores = (weighted[lo:lo + block] @ t).toarray()
        for r in range(scores.shape[0]):
            i = lo + r
            row = scores[r]
            row[i] = 0.0
            partners = np.flatnonzero(row > 0)
            if k is not None and len(partners) > k:
                cut[i] = len(partners)
                order = np.lexsort((partners, -row[partners]))  # most shared first, then document order
                partners = partners[order[:k]]
            for j in partners:
                kept.add((min(i, int(j)), max(i, int(j))))
    return sorted(kept), cut


def reuse_tables(
    corpus: Corpus, *, min_chars: int = 20, shingle: int = 5, threshold: float = 0.6, num_perm: int = 128, bands: int = 42,
    max_pairs_per_document: int | None = 20, max_passages_per_pair: int | None = 50, max_gap: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Passages shared between documents: near-duplicate sentences found by MinHash LSH over character
    ``shingle``-grams, confirmed by their exact Jaccard similarity of shingle sets (≥ ``threshold``; 0.6
    keeps copies with small edits and drops formulas such as 我代表…向大会报告…请予审议 that differ by
    a few words), then merged into passages of sentences in the same order in both documents, running on
    over at most ``max_gap`` unmatched sentences on either side.  Sentences with fewer than ``min_chars``
    letters (boilerplate such as 各位代表) are ignored; a sentence is paired with its best counterparts
    in the other document only.

    Near-linear on archives of templated documents: identical sentences are hashed once, each document
    keeps the ``max_pairs_per_document`` documents it shares most characters with (a pair is kept when
    either side keeps it), and each pair its ``max_passages_per_pair`` longest passages (``None``: no cap).
    Returns ``(reuse, reuse_pairs, reuse_capped)``: what was cut is in ``reuse_pairs.n_passages_dropped``
    and in ``reuse_capped`` (documents that had more partners than were kept).
    """
    from scipy import sparse

    per_doc = [_units(corpus.texts[key], d, min_chars) for d, key in enumerate(corpus.order)]
    empty = (pd.DataFrame(columns=REUSE_COLUMNS), pd.DataFrame(columns=REUSE_PAIR_COLUMNS),
             pd.DataFrame(columns=REUSE_CAPPED_COLUMNS))
    if len(corpus.order) < 2 or not any(per_doc):
        return empty
    # 1. each distinct sentence once; near-duplicates joined into clusters
    key_id: dict[str, int] = {}
    for found in per_doc:
        for u in found:
            key_id.setdefault(u.key, len(key_id))
    keys = list(key_id)
    shingles = [_shingles(k, shingle) for k in keys]
    sigs = _minhash(shingles, num_perm)
    sets = functools.lru_cache(maxsize=8192)(lambda k: frozenset(shingles[k].tolist()))  # bounded memory
    cluster_of_key = _near_duplicate_clusters(sets, sigs, threshold=threshold, bands=bands)
    # 2. document × cluster incidence (clusters in two documents or more), weighted by sentence length
    doc_clusters: list[dict[int, tuple[np.ndarray, np.ndarray]]] = []
    for found in per_doc:
        by_cluster: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for u in found:
            k = key_id[u.key]
            by_cluster[cluster_of_key[k]][0].append(u.index)
            by_cluster[cluster_of_key[k]][1].append(k)
        doc_clusters.append({c: (np.array(i, dtype=np.int64), np.array(k, dtype=np.int64)) for c, (i, k) in by_cluster.items()})
    df = Counter(c for by_cluster in doc_clusters for c in by_cluster)
    shared = sorted(c for c, n in df.items() if n >= 2)
    if not shared:
        return empty
    column = {c: i for i, c in enumerate(shared)}
    rows_i, cols_i = [], []
    for d, by_cluster in enumerate(doc_clusters):
        for c in by_cluster:
            if c in column:
                rows_i.append(d)
                cols_i.append(column[c])
    incidence = sparse.csr_matrix((np.ones(len(rows_i), dtype=np.float32), (rows_i, cols_i)),
                                  shape=(len(per_doc), len(shared)))
    weights = np.array([len(keys[c]) for c in shared], dtype=np.float32)
    pairs, cut = _top_partners(incidence, weights, max_pairs_per_document)
    # 3. per kept pair: the sentence pairs that are confirmed copies, merged into passages (a passage
    # runs on over at most ``max_gap`` unmatched sentences on either side: one sentence changed)
    passages, dropped = [], {}
    for da, db in pairs:
        found = _pair_matches(doc_clusters[da], doc_clusters[db], sigs, sets, threshold)
        mine = []
        used: set[tuple[int, int]] = set()
        for (ia, ib) in sorted(found):
            if (ia, ib) in used:
                continue
            run = [(ia, ib)]
            while True:
                x, y = run[-1]
                nxt = next(((x + dx, y + dy) for dx in range(1, max_gap + 2) for dy in range(1, max_gap + 2)
                            if (x + dx, y + dy) in found and (x + dx, y + dy) not in used), None)
                if nxt is None:
                    break
                run.append(nxt)
            used.update(run)
            ua = [per_doc[da][x] for x, _ in run]
            ub = [per_doc[db][y] for _, y in run]
            # the passage's similarity: its sentences' Jaccard similarities, weighted by their length
            weights = [len(u.key) for u in ua]
            sim = sum(found[m] * w for m, w in zip(run, weights)) / sum(weights)
            mine.append((da, db, ua[0].start, ua[-1].end, ub[0].start, ub[-1].end, len(run), sim))
        if max_passages_per_pair is not None and len(mine) > max_passages_per_pair:
            mine.sort(key=lambda p: (-min(p[3] - p[2], p[5] - p[4]), p[2], p[4]))
            dropped[(da, db)] = len(mine) - max_passages_per_pair
            mine = mine[:max_passages_per_pair]
        passages.extend(mine)
    reuse_rows = []
    for da, db, sa, ea, sb, eb, n, sim in sorted(passages, key=lambda p: (p[0], p[1], p[2], p[4])):
        a, b = corpus.order[da], corpus.order[db]
        reuse_rows.append({
            "run_a": a[0], "doc_id_a": a[1], "char_start_a": sa, "char_end_a": ea,
            "run_b": b[0], "doc_id_b": b[1], "char_start_b": sb, "char_end_b": eb, "n_sentences": n,
            "n_chars": min(ea - sa, eb - sb), "similarity": round(sim, 4),
            "text_a": _passage_text(corpus.raw[a], sa, ea), "text_b": _passage_text(corpus.raw[b], sb, eb),
        })
    reuse = pd.DataFrame(reuse_rows, columns=REUSE_COLUMNS)
    documents = corpus.tables["documents"]
    titles = dict(zip(zip(documents["run"], documents["doc_id"]), documents["title"]))
    by_pair: dict[tuple[int, int], list] = defaultdict(list)
    for p in passages:
        by_pair[(p[0], p[1])].append(p)
    pair_rows = []
    for (da, db), group in by_pair.items():
        a, b = corpus.order[da], corpus.order[db]
        chars_a = _covered([p[2] for p in group], [p[3] for p in group])
        chars_b = _covered([p[4] for p in group], [p[5] for p in group])
        pair_rows.append({
            "run_a": a[0], "doc_id_a": a[1], "title_a": titles.get(a, ""), "run_b": b[0], "doc_id_b": b[1],
            "title_b": titles.get(b, ""), "n_passages": len(group), "chars_a": chars_a, "chars_b": chars_b,
            "share_a": round(chars_a / max(len(corpus.texts[a]), 1), 4),
            "share_b": round(chars_b / max(len(corpus.texts[b]), 1), 4),
            "max_similarity": round(max(p[7] for p in group), 4), "n_passages_dropped": dropped.get((da, db), 0),
        })
    pair_frame = pd.DataFrame(pair_rows, columns=REUSE_PAIR_COLUMNS)
    if len(pair_frame):
        pair_frame["_order"] = np.maximum(pair_frame["chars_a"], pair_frame["chars_b"])
        pair_frame = pair_frame.sort_values("_order", ascending=False, kind="stable").drop(columns="_order").reset_index(drop=True)
    capped = pd.DataFrame(
        [{"run": corpus.order[d][0], "doc_id": corpus.order[d][1], "n_partners": n, "n_partners_kept": max_pairs_per_document}
         for d, n in sorted(cut.items())], columns=REUSE_CAPPED_COLUMNS)
    return reuse, pair_frame, capped


def _covered(starts, ends) -> int:
    spans = sorted(zip(map(int, starts), map(int, ends)))
    total, cur_s, cur_e = 0, None, None
    for s, e in spans:
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


# --------------------------------------------------------------------------- compare


def compare(
    outdirs: Sequence[str | Path],
    out: str | Path | None = None,
    *,
    fmt: str = "csv",
    top_k: int = 20,
    min_chars: int = 20,
    reuse_threshold: float = 0.6,
    stop: bool | Iterable[str] = True,
    dictionary: str | Path | Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    max_reuse_pairs: int | None = 20,
    max_reuse_passages: int | None = 50,
) -> dict[str, pd.DataFrame]:
    """Compare the documents of one or more ``textkit extract`` OUTDIRs.

    Returns the tables named in :data:`TABLE_NAMES` (and ``dictionary`` when a dictionary is given:
    a file for :func:`read_dictionary`, or ``{term: category}``); when ``out`` is given, also writes each
    as ``out/NAME.{csv,parquet,jsonl}`` (same conventions as ``extract``) and the document-term matrix
    as ``out/dtm.npz`` (scipy CSR counts; rows = ``dtm_documents.row``, columns = ``dtm_vocabulary.term_id``)
    and ``out/dtm.mtx`` (Matrix Market) with ``dtm_rows.txt`` and ``dtm_columns.txt``.
    ``stop`` leaves :func:`stopwords` out of the terms (``False`` keeps every word; or give your own).
    ``max_reuse_pairs`` / ``max_reuse_passages`` cap reuse per document and per pair (see :func:`reuse_tables`).

    >>> tables = compare(["out/sample"], "cmp/")                 # doctest: +SKIP
    >>> tables["coverage"].query("label == 'problems'").share.mean()   # doctest: +SKIP
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    entries = read_dictionary(dictionary) if isinstance(dictionary, (str, Path)) else dictionary
    corpus = load_corpus(outdirs)
    tables, matrix = _compare_corpus(corpus, top_k=top_k, min_chars=min_chars, reuse_threshold=reuse_threshold,
                                     stop=stop, dictionary=entries, max_reuse_pairs=max_reuse_pairs,
                                     max_reuse_passages=max_reuse_passages)
    if out is not None:
        write_tables(tables, out, fmt=fmt, matrix=matrix)
    return tables


def _compare_corpus(corpus: Corpus, *, top_k: int = 20, min_chars: int = 20, reuse_threshold: float = 0.6,
                    stop: bool | Iterable[str] = True, dictionary=None, max_reuse_pairs: int | None = 20,
                    max_reuse_passages: int | None = 50):
    terms = _terms(corpus, _stop_set(stop))
    documents = corpus.tables["documents"]
    metrics, _ = metrics_tables(corpus)
    ok_documents = _ok(documents)
    series_frame = series_table(ok_documents, corpus.tables["statistics"])
    metrics_wide = metrics_wide_table(ok_documents, series_frame)
    names, name_pairs = names_tables(corpus)
    similarity, section_similarity = similarity_tables(corpus, terms, top_k=top_k)
    reuse, reuse_pairs, reuse_capped = reuse_tables(
        corpus, min_chars=min_chars, threshold=reuse_threshold, max_pairs_per_document=max_reuse_pairs,
        max_passages_per_pair=max_reuse_passages)
    matrix, vocabulary, dtm_documents = dtm_tables(corpus, terms)
    tables = {
        "documents": _with_metadata_columns(documents), "coverage": coverage_table(corpus), "series": series_frame,
        "metrics": metrics, "metrics_wide": metrics_wide,
        "names": names, "name_pairs": name_pairs, "similarity": similarity, "section_similarity": section_similarity,
        "reuse": reuse, "reuse_pairs": reuse_pairs, "reuse_capped": reuse_capped, "keywords": keywords_table(corpus, terms),
        "dtm_vocabulary": vocabulary, "dtm_documents": dtm_documents,
        "dtm_long": dtm_long_table(matrix, vocabulary, dtm_documents),
    }
    if dictionary is not None:
        tables["dictionary"] = dictionary_table(corpus, dictionary)
    return tables, matrix


# --------------------------------------------------------------------------- writing


def _plain(value) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(Decimal(repr(float(value))).normalize(), "f")
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path, *, fmt: str = "csv", matrix=None) -> Path:
    """Write comparison tables to ``out`` (each renamed into place when complete) and ``dtm.npz``."""
    from .tables import neutralize

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        final = out / f"{name}.{fmt}"
        part = out / f"{name}.{fmt}.part"
        if fmt == "csv":
            text_cols = {c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object}
            with open(part, "w", encoding="utf-8-sig", newline="") as f:
                writer = csv.writer(f, lineterminator="\r\n")
                writer.writerow(list(frame.columns))
                for row in frame.itertuples(index=False, name=None):
                    writer.writerow([
                        neutralize(_plain(v)) if c in text_cols and isinstance(v, str) else _plain(v)
                        for c, v in zip(frame.columns, row)
                    ])
        elif fmt == "jsonl":
            with open(part, "w", encoding="utf-8", newline="\n") as f:
                for row in frame.itertuples(index=False, name=None):
                    record = {c: _json(v) for c, v in zip(frame.columns, row)}
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            frame.to_parquet(part, index=False)
        os.replace(part, final)
    if matrix is not None:
        from scipy import sparse

        sparse.save_npz(out / "dtm.npz.part.npz", matrix)
        os.replace(out / "dtm.npz.part.npz", out / "dtm.npz")
        _write_matrix_market(out, matrix, tables)
    return out


def _write_matrix_market(out: Path, matrix, tables: dict[str, pd.DataFrame]) -> None:
    """``dtm.mtx`` (coordinate integer general, 1-based, rows then columns in order) with
    ``dtm_rows.txt`` (one document id a line) and ``dtm_columns.txt`` (one term a line), UTF-8:
    ``Matrix::readMM`` in R, ``scipy.io.mmread`` in Python."""
    coo = matrix.tocoo()
    order = np.lexsort((coo.col, coo.row))
    part = out / "dtm.mtx.part"
    with open(part, "w", encoding="ascii", newline="\n") as f:
        f.write("%%MatrixMarket matrix coordinate integer general\n")
        f.write("% textkit document-term matrix: rows in dtm_rows.txt, columns in dtm_columns.txt\n")
        f.write(f"{matrix.shape[0]} {matrix.shape[1]} {len(order)}\n")
        for r, c, v in zip(coo.row[order] + 1, coo.col[order] + 1, coo.data[order]):
            f.write(f"{r} {c} {int(v)}\n")
    os.replace(part, out / "dtm.mtx")
    names = {"dtm_rows.txt": _doc_keys(tables["dtm_documents"]), "dtm_columns.txt": list(tables["dtm_vocabulary"]["term"])}
    for name, lines in names.items():
        part = out / f"{name}.part"
        part.write_text("".join(f"{x}\n" for x in lines), encoding="utf-8", newline="\n")
        os.replace(part, out / name)


def _json(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


def load_dtm(cmpdir: str | Path, *, fmt: str | None = None):
    """The document-term matrix written by :func:`compare`: ``(csr_matrix, vocabulary, documents)``.

    >>> matrix, vocab, docs = load_dtm("cmp/")                   # doctest: +SKIP
    >>> matrix.shape == (len(docs), len(vocab))                  # doctest: +SKIP
    True
    """
    from scipy import sparse

    cmpdir = Path(cmpdir)
    matrix = sparse.load_npz(cmpdir / "dtm.npz").tocsr()
    frames = []
    for name in ("dtm_vocabulary", "dtm_documents"):
        for f in ([fmt] if fmt else FORMATS):
            path = cmpdir / f"{name}.{f}"
            if path.exists():
                if f == "csv":
                    frames.append(pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype={"term": str, "doc_id": str, "run": str}))
                elif f == "jsonl":
                    frames.append(pd.read_json(path, lines=True, dtype=False))
                else:
                    frames.append(pd.read_parquet(path))
                break
        else:
            raise FileNotFoundError(f"no {name} table in {cmpdir}")
    return matrix, frames[0], frames[1]
