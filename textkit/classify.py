"""Section labels (what a section is about) and document genre.

Every section of a work summary gets one of fifteen :data:`LABELS` (definitions with examples
in ``docs/section_labels.md``), the coarser :data:`LABEL_GROUPS` group of that label, and a
calibrated probability ``label_score``:

- the untitled preamble that opens a document is ``overview`` and the ``报：``/``抄送：`` footer is
  ``distribution``, by rule (score 1.0);
- every other section is labelled by :class:`SectionClassifier`, a scikit-learn estimator over
  the heading (characters and jieba words), the opening of the body and the section's position;
- a sub-section keeps its own prediction when its probability reaches the inherit threshold
  (``resources/classify_rules.json``, 0.5), otherwise it inherits its parent's label and score; a measure
  or result needs the leave-group threshold (0.9) to leave the group of a measures, results or plans parent.

>>> classify_genre("", title="2009年国务院政府工作报告")
'gov_work_report'

The shipped model is ``models/sections.skops``, trained by :func:`train` on the hand-written
corpus ``corpora/sections/`` (``python -m textkit.classify train``).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import json
import os
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import regex

from . import resources
from .cache import cache_dir, cached, file_sha256, read_arrays, write_arrays  # noqa: F401 - cache_dir: where it was
from .errors import ModelError
from .records import Section

if TYPE_CHECKING:
    from .estimator import SectionClassifier

LABELS: tuple[str, ...] = (
    "overview", "organization", "mobilization", "study", "research", "consultation", "discussion",
    "implementation", "rectification", "achievements", "problems", "experience", "next_steps",
    "distribution", "other",
)
LABEL_GROUPS: dict[str, str] = {
    "overview": "preamble",
    "organization": "measures", "mobilization": "measures", "study": "measures", "research": "measures",
    "consultation": "measures", "discussion": "measures", "implementation": "measures",
    "rectification": "measures",
    "achievements": "results",
    "problems": "problems",
    "next_steps": "plans",
    "experience": "lessons",
    "distribution": "admin", "other": "admin",
}
GENRES: tuple[str, ...] = (
    "stage_summary", "annual_summary", "halfyear_summary", "gov_work_report", "enterprise_summary",
    "personal_report", "other",
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = Path(str(importlib.resources.files("textkit.models") / "sections.skops"))
DEFAULT_CORPUS = REPO / "corpora" / "sections"
# The only non-standard types a sections.skops file may hold (checked before loading).
TRUSTED_TYPES: tuple[str, ...] = ("textkit.estimator.SectionClassifier", "textkit.classify.jieba_tokenize")
FEATURE_COLUMNS = ("heading", "body", "position", "level")

_DIGITS = regex.compile(r"\d+(?:\.\d+)?")
_PUNCT = regex.compile(r"^[\p{P}\p{S}\s]+$")


def __getattr__(name: str) -> Any:
    # The estimator lives in textkit.estimator (it imports scikit-learn); labelling does not need it.
    if name == "SectionClassifier":
        from .estimator import SectionClassifier

        return SectionClassifier
    raise AttributeError(f"module 'textkit.classify' has no attribute {name!r}")


# --------------------------------------------------------------------------- text features


def _prep(text: str) -> str:
    """Digits folded to ``0`` so ``2008年工作回顾`` and ``2019年工作回顾`` look alike."""
    return _DIGITS.sub("0", text or "")


def jieba_tokenize(text: str) -> list[str]:
    """Words of ``text`` by textkit's jieba segmenter, punctuation and spaces dropped.

    >>> jieba_tokenize("一、存在的问题")
    ['一', '存在', '的', '问题']
    """
    from .tokenizer import load_segmenter

    return [w for w in load_segmenter().cut(text) if not _PUNCT.match(w)]


def _numeric_features(X: Any) -> np.ndarray:
    """Position, level, index and number density as a dense block (one row per section of ``X``, a
    DataFrame or a dict of columns)."""
    n = len(X["position"])
    pos = np.clip(np.asarray(X["position"], dtype=float), 0.0, 1.0)
    level = np.asarray(X["level"], dtype=float)
    idx = np.asarray(X["index"], dtype=float) if "index" in X else np.zeros(n)
    nsec = np.asarray(X["n_sections"], dtype=float) if "n_sections" in X else np.zeros(n)
    rel_idx = np.where(nsec > 1, idx / np.maximum(nsec - 1, 1), pos)
    bins = np.zeros((n, 5))
    bins[np.arange(n), np.minimum((pos * 5).astype(int), 4)] = 1.0
    heads = [str(h or "") for h in X["heading"]]
    bodies = [str(b or "")[:400] for b in X["body"]]
    digits = np.array([len(_DIGITS.findall(b)) / (1 + len(b) / 100) for b in bodies])
    cols = [
        pos, pos**2, rel_idx,
        (level <= 1).astype(float), (level == 2).astype(float), (level >= 3).astype(float),
        (idx == 0).astype(float),
        np.array([float(not h.strip()) for h in heads]),
        np.array([min(len(h), 30) / 30 for h in heads]),
        np.minimum(digits, 4.0) / 4.0,
    ]
    return np.column_stack([*cols, bins])


# --------------------------------------------------------------------------- model files


def load_model(path: str | Path | None = None) -> SectionClassifier:
    """Load a :class:`SectionClassifier` saved by :func:`train` (default ``models/sections.skops``).

    Only the types skops trusts by default plus :data:`TRUSTED_TYPES` are accepted; anything
    else, a missing file or a corrupt one raises :class:`~textkit.errors.ModelError`.
    """
    return _load_model_cached(str(Path(path) if path is not None else DEFAULT_MODEL))


@functools.cache
def _load_model_cached(path: str) -> SectionClassifier:
    import skops.io as sio

    from .estimator import SectionClassifier

    p = Path(path)
    if not p.is_file():
        raise ModelError(f"section model not found: {p}; {model_fix(p)}")
    try:
        untrusted = sio.get_untrusted_types(file=p)
    except Exception as exc:  # noqa: BLE001 - any failure to read the archive means corrupt
        raise ModelError(f"section model {p} is not a readable skops file ({exc}); {model_fix(p)}") from exc
    extra = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if extra:
        raise ModelError(f"section model {p} holds types textkit does not trust: {extra}; {model_fix(p)}")
    try:
        model = sio.load(p, trusted=list(TRUSTED_TYPES))
    except Exception as exc:  # noqa: BLE001
        raise ModelError(f"section model {p} could not be loaded ({exc}); {model_fix(p)}") from exc
    if not isinstance(model, SectionClassifier):
        raise ModelError(f"section model {p} holds a {type(model).__name__}, not a SectionClassifier; {model_fix(p)}")
    return model


def model_fix(path: Path) -> str:
    """What to do about a missing or broken section model at ``path`` (a command that works here)."""
    corpus = "" if DEFAULT_CORPUS.is_dir() else " --corpus DIR"
    if Path(path) == DEFAULT_MODEL:
        reinstall = "" if DEFAULT_CORPUS.is_dir() else "reinstall textkit (pip install --force-reinstall --no-deps textkit) or "
        return f"{reinstall}rebuild it with `textkit train sections{corpus}`"
    return f"rebuild it with `textkit train sections{corpus} --out {path}`, or leave out --model for the packaged one"


# --------------------------------------------------------------------------- compiled model


@dataclasses.dataclass(frozen=True)
class _Block:
    """One TF-IDF block of the features: what it reads and its learned vocabulary and weights."""

    source: str  # "heading" or "body"
    analyzer: str  # "char" or "word"
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray
    weight: float
    offset: int  # first column of the block in the feature matrix


_WHITE_SPACES = regex.compile(r"\s\s+")


def _ngrams(items: str | list[str], lo: int, hi: int) -> list[str]:
    """The 1..n-grams scikit-learn's vectorisers produce: of a string's characters, or of a word list."""
    out = list(items) if lo == 1 else []
    for n in range(max(lo, 2), min(hi, len(items)) + 1):
        if isinstance(items, str):
            out.extend(items[i : i + n] for i in range(len(items) - n + 1))
        else:
            out.extend(" ".join(items[i : i + n]) for i in range(len(items) - n + 1))
    return out


@dataclasses.dataclass(frozen=True)
class CompiledModel:
    """A fitted :class:`SectionClassifier` as plain arrays: the same probabilities, numpy only.

    Labelling with it needs neither scikit-learn nor skops at run time (they take seconds to
    import). It is made by :func:`compile_model`, stored as an ``.npz`` file (no pickles) in
    textkit's cache folder and tied to the SHA-256 of the skops file it came from.
    """

    classes_: np.ndarray
    blocks: tuple[_Block, ...]
    position_weight: float
    body_chars: int
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray

    def _scores(self, heading: str, body: str, numeric: np.ndarray) -> np.ndarray:
        texts = {"heading": _prep(heading), "body": _prep(body[: self.body_chars])}
        scores = self.intercept.copy()
        for b in self.blocks:
            text = texts[b.source]
            units = _WHITE_SPACES.sub(" ", text) if b.analyzer == "char" else jieba_tokenize(text)
            vocabulary = b.vocabulary
            counts = {vocabulary[g]: c for g, c in Counter(_ngrams(units, *b.ngram_range)).items() if g in vocabulary}
            if not counts:
                continue
            cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            values = (np.log(np.fromiter(counts.values(), dtype=float, count=len(counts))) + 1.0) * b.idf[cols]
            values *= b.weight / np.sqrt(values @ values)
            scores += self.coef[:, b.offset + cols] @ values
        start = self.blocks[-1].offset + len(self.blocks[-1].idf)
        scores += self.coef[:, start:] @ (self.position_weight * numeric)
        return scores

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probability of each label in :attr:`classes_` order, one row per section of ``X``."""
        numeric = _numeric_features(X)
        scores = np.array([self._scores(str(h or ""), str(b or ""), numeric[i])
                           for i, (h, b) in enumerate(zip(X["heading"], X["body"], strict=True))])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


def compile_model(model: SectionClassifier) -> CompiledModel:
    """The :class:`CompiledModel` of a fitted classifier (plain logistic regression only)."""
    from sklearn.linear_model import LogisticRegression

    lr = model.model_
    if not isinstance(lr, LogisticRegression) or len(lr.classes_) < 3:
        raise ModelError("only a multinomial LogisticRegression (calibration='none') can be compiled")
    blocks, offset = [], 0
    for source, analyzer, vec, weight in (
        ("heading", "char", model.head_char_, model.heading_weight),
        ("heading", "word", model.head_word_, model.heading_weight),
        ("body", "word", model.body_word_, model.body_weight),
        ("body", "char", model.body_char_, model.body_weight),
    ):
        if vec.analyzer != analyzer:
            raise ModelError(f"unexpected vectoriser in the section model: {vec!r}")
        if vec.lowercase or not vec.sublinear_tf or vec.norm != "l2" or not vec.use_idf:
            raise ModelError(f"unsupported vectoriser settings in the section model: {vec!r}")
        idf = np.asarray(vec.idf_, dtype=float)
        blocks.append(_Block(source, analyzer, tuple(vec.ngram_range), dict(vec.vocabulary_), idf, float(weight), offset))
        offset += len(idf)
    return CompiledModel(np.asarray(lr.classes_), tuple(blocks), float(model.position_weight), int(model.body_chars),
                         np.asarray(lr.coef_, dtype=float), np.asarray(lr.intercept_, dtype=float))


def _compiled_arrays(compiled: CompiledModel) -> dict[str, np.ndarray]:
    """``compiled`` as arrays and JSON text (what its ``.npz`` file holds; see :func:`_from_arrays`)."""
    meta = {
        "position_weight": compiled.position_weight, "body_chars": compiled.body_chars,
        "blocks": [{"source": b.source, "analyzer": b.analyzer, "ngram_range": list(b.ngram_range),
                    "weight": b.weight, "offset": b.offset} for b in compiled.blocks],
    }
    arrays = {"meta": np.array(json.dumps(meta)), "classes": compiled.classes_.astype(str),
              "coef": compiled.coef, "intercept": compiled.intercept}
    for i, b in enumerate(compiled.blocks):
        terms = sorted(b.vocabulary, key=b.vocabulary.__getitem__)
        arrays[f"terms{i}"] = np.array(json.dumps(terms, ensure_ascii=False))
        arrays[f"idf{i}"] = b.idf
    return arrays


def _from_arrays(data: dict[str, np.ndarray]) -> CompiledModel:
    meta = json.loads(str(data["meta"]))
    blocks = []
    for i, b in enumerate(meta["blocks"]):
        terms = json.loads(str(data[f"terms{i}"]))
        blocks.append(_Block(b["source"], b["analyzer"], tuple(b["ngram_range"]),
                             {t: j for j, t in enumerate(terms)}, data[f"idf{i}"], b["weight"], b["offset"]))
    return CompiledModel(data["classes"].astype(object), tuple(blocks), meta["position_weight"],
                         meta["body_chars"], data["coef"], data["intercept"])


def save_compiled(compiled: CompiledModel, path: str | Path, *, source_sha256: str) -> None:
    """Write ``compiled`` to an ``.npz`` file (arrays and JSON text only; loads without pickles)."""
    write_arrays(path, _compiled_arrays(compiled), source_sha256=source_sha256)


def load_compiled(path: str | Path) -> tuple[CompiledModel, str]:
    """A :class:`CompiledModel` and the SHA-256 of the skops file it was compiled from."""
    arrays, source = read_arrays(path)
    return _from_arrays(arrays), source


def load_section_model(path: str | Path | None = None) -> CompiledModel:
    """The section model for labelling, in its compiled form (from the cache, or compiled now).

    The skops file at ``path`` (default ``models/sections.skops``) is the model; its compiled
    form lives in :func:`~textkit.cache.cache_dir` under the file's SHA-256, so a retrained model is
    compiled afresh and a damaged cache file is rebuilt.  When the cache cannot be written the compiled
    model is simply not kept.
    """
    p = Path(path) if path is not None else DEFAULT_MODEL
    try:
        sha = file_sha256(p)
    except OSError as exc:
        raise ModelError(f"section model not found: {p}; {model_fix(p)}") from exc
    return cached("sections", sha, lambda: _compiled_arrays(compile_model(load_model(p))), _from_arrays)


# --------------------------------------------------------------------------- rules and data


@functools.cache
def _rules() -> dict[str, Any]:
    return json.loads(resources.read_text("classify_rules.json"))


@functools.cache
def _genre_rules() -> tuple[int, str, tuple[tuple[str, tuple[Any, ...]], ...]]:
    data = json.loads(resources.read_text("classify_genre.json"))
    rules = tuple(
        (r["genre"], tuple(regex.compile(p) for p in r["patterns"])) for r in data["rules"]
    )
    for genre, _ in rules:
        if genre not in GENRES:
            raise ValueError(f"classify_genre.json names unknown genre {genre!r}")
    return int(data.get("opening_chars", 200)), data.get("default", "other"), rules


def classify_genre(text: str, *, title: str = "") -> str:
    """The genre of a document (one of :data:`GENRES`) by the rules in ``classify_genre.json``.

    The title is tried first (the first line of ``text`` when ``title`` is empty and that line is
    short), then the opening of the text.

    >>> classify_genre("", title="保先教育活动第一阶段工作总结")
    'stage_summary'
    >>> classify_genre("", title="2022年上半年街道工作总结")
    'halfyear_summary'
    >>> classify_genre("今天天气很好。")
    'other'
    """
    n_open, default, rules = _genre_rules()
    if not title:
        first = (text or "").lstrip().split("\n", 1)[0].strip()
        title = first if 0 < len(first) <= 60 else ""
    opening = (text or "")[:n_open]
    for part in (title, opening):
        if not part:
            continue
        for genre, pats in rules:
            if any(p.search(part, timeout=1.0) for p in pats):
                return genre
    return default


# --------------------------------------------------------------------------- labelling


def label_sections(
    text: str, sections: Sequence[Section], *, model: CompiledModel | SectionClassifier | None = None
) -> list[Section]:
    """Fill ``label``, ``label_group`` and ``label_score`` of every section (same order).

    Rules first: an untitled level-1 section that starts the document is ``overview`` and an
    unnumbered ``报``/``送``/``抄送``/``发``… section is ``distribution`` (score 1.0). The other
    sections are classified on their heading, their body (sub-sections included, cut to the
    model's ``body_chars``) and their position. A sub-section whose best probability is below the inherit threshold
    takes its parent's label and score; so does a measure or result under a measures, results or plans
    parent of another group, below the leave-group threshold (0.9): under ``一、过去五年工作回顾``
    (achievements) a ``（五）`` read as implementation at 0.54 is an achievement. A problems or lessons
    child keeps its own label.

    >>> s = Section("s0", "", 1, "", "", 0, 6, 0)
    >>> label_sections("今年以来，……", [s])[0].label
    'overview'
    """
    secs = list(sections)
    if not secs:
        return []
    rules = _rules()
    dist = set(rules["distribution_headings"])
    threshold = float(rules["inherit_threshold"])
    leave_group = float(rules.get("leave_group_threshold", 1.0))
    soft, holding = set(rules.get("soft_child_groups", ())), set(rules.get("holding_parent_groups", ()))
    n = max(len(text), 1)
    first_start = min(s.char_start for s in secs)
    by_id = {s.section_id: s for s in secs}
    n_top = sum(1 for s in secs if s.level <= 1)
    sibling_index: dict[str, int] = {}
    counters: dict[str, int] = {}
    for s in sorted(secs, key=lambda s: s.char_start):
        key = s.parent_id if s.parent_id in by_id else ""
        sibling_index[s.section_id] = counters.get(key, 0)
        counters[key] = counters.get(key, 0) + 1

    fixed: dict[str, tuple[str, float]] = {}
    rows, todo = [], []
    for s in secs:
        heading = s.heading.strip()
        if not heading and s.level <= 1 and s.char_start == first_start:
            fixed[s.section_id] = ("overview", 1.0)
        elif not s.number.strip() and heading in dist:
            fixed[s.section_id] = ("distribution", 1.0)
        else:
            # A parent is classified on its whole body (its intro and first sub-headings, cut to the
            # model's body_chars): on the gold this scored higher than the body up to the first child.
            rows.append({
                "heading": heading, "body": text[s.body_start:max(s.char_end, s.body_start)],
                "position": s.char_start / n, "level": s.level,
                "index": sibling_index[s.section_id], "n_sections": n_top,
            })
            todo.append(s)
    predicted: dict[str, tuple[str, float]] = {}
    if todo:
        model = model if model is not None else load_section_model()
        if isinstance(model, CompiledModel):  # reads columns: a dict of them will do (pandas takes 0.6 s to import)
            proba = model.predict_proba({k: [r[k] for r in rows] for k in rows[0]})
        else:
            import pandas as pd

            proba = model.predict_proba(pd.DataFrame(rows))
        for s, p in zip(todo, proba, strict=True):
            k = int(np.argmax(p))
            predicted[s.section_id] = (str(model.classes_[k]), float(p[k]))

    decided: dict[str, tuple[str, float]] = {}

    def decide(s: Section, depth: int = 0) -> tuple[str, float]:
        if s.section_id in decided:
            return decided[s.section_id]
        if s.section_id in fixed:
            out = fixed[s.section_id]
        else:
            out = predicted[s.section_id]
            parent = by_id.get(s.parent_id)
            if parent is not None and parent is not s and depth < 50:
                up = decide(parent, depth + 1)
                if out[1] < threshold:
                    out = up
                elif (LABEL_GROUPS[out[0]] in soft and LABEL_GROUPS[up[0]] in holding
                      and LABEL_GROUPS[out[0]] != LABEL_GROUPS[up[0]] and out[1] < leave_group):
                    out = up  # a measure or result stays in its parent's group unless the classifier is confident
        decided[s.section_id] = out
        return out

    result = []
    for s in secs:
        label, score = decide(s)
        result.append(dataclasses.replace(s, label=label, label_group=LABEL_GROUPS[label], label_score=round(score, 4)))
    return result


# --------------------------------------------------------------------------- training


def read_corpus(corpus: str | Path = DEFAULT_CORPUS) -> Any:
    """The labelled sections of ``corpus`` (a folder of ``*.jsonl`` files, or one file) as a DataFrame."""
    import pandas as pd

    p = Path(corpus)
    files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    if not files or not all(f.is_file() for f in files):
        raise ValueError(f"no labelled sections (*.jsonl) found in {p}")
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    df = pd.DataFrame(rows)
    for col, default in (("index", 0), ("n_sections", 0), ("doc", ""), ("genre", "")):
        if col not in df:
            df[col] = default
    df["doc"] = df["doc"].fillna("")
    return df


def _groups(df: Any) -> np.ndarray:
    """CV groups: sections of one written document stay together; composed ones are singletons."""
    return np.array([d if d else f"_row{i}" for i, d in enumerate(df["doc"])], dtype=object)


def train(corpus: str | Path = "corpora/sections", out: str | Path = "models/sections.skops", *, seed: int = 0) -> dict:
    """Fit :class:`SectionClassifier` on ``corpus`` and save it with skops to ``out``.

    Relative paths are taken from the repository root. Returns a report: sizes, label counts,
    training accuracy, the untrusted types in the file (must be :data:`TRUSTED_TYPES`) and time.
    """
    import skops.io as sio

    from .estimator import SectionClassifier

    corpus_p = _repo_path(corpus)
    out_p = _repo_path(out)
    t0 = time.perf_counter()
    df = read_corpus(corpus_p)
    model = SectionClassifier(random_state=seed).fit(df, df["label"])
    out_p.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_p.with_name(out_p.name + ".tmp")
    sio.dump(model, tmp, compression=8)
    os.replace(tmp, out_p)  # a reader never sees a half-written model
    _load_model_cached.cache_clear()
    untrusted = sio.get_untrusted_types(file=out_p)
    return {
        "corpus": str(corpus_p), "out": str(out_p), "n_sections": int(len(df)),
        "labels": {k: int(v) for k, v in df["label"].value_counts().sort_index().items()},
        "train_accuracy": round(float(model.score(df, df["label"])), 4),
        "untrusted_types": untrusted, "bytes": out_p.stat().st_size,
        "params": model.get_params(), "seconds": round(time.perf_counter() - t0, 1),
    }


def _repo_path(p: str | Path) -> Path:
    p = Path(p)
    return p if p.is_absolute() else REPO / p


def cross_validate_report(corpus: str | Path = "corpora/sections", *, folds: int = 5, seed: int = 0,
                          estimator: SectionClassifier | None = None) -> dict:
    """Grouped, stratified ``folds``-fold CV on ``corpus``: macro-F1, per-label P/R/F1, confusion
    matrix (rows = true label, columns = predicted, in ``labels`` order) and calibration (multi-class
    Brier score, expected calibration error and a 10-bin reliability table of the top label)."""
    from sklearn.base import clone
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
    from sklearn.model_selection import StratifiedGroupKFold

    from .estimator import SectionClassifier

    df = read_corpus(_repo_path(corpus))
    y = df["label"].to_numpy(dtype=object)
    est = estimator if estimator is not None else SectionClassifier(random_state=seed)
    labels = [lab for lab in LABELS if lab in set(y)]
    proba = np.zeros((len(df), len(labels)))
    cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for tr, te in cv.split(df, y, groups=_groups(df)):
        m = clone(est).fit(df.iloc[tr], y[tr])
        p = m.predict_proba(df.iloc[te])
        for j, c in enumerate(m.classes_):
            proba[te, labels.index(c)] = p[:, j]
    pred = np.array(labels, dtype=object)[proba.argmax(1)]
    onehot = (np.array(labels)[None, :] == y[:, None]).astype(float)
    conf = proba.max(1)
    correct = (pred == y).astype(float)
    bins = []
    ece = 0.0
    for b in range(10):
        sel = (conf > b / 10) & (conf <= (b + 1) / 10) if b else (conf <= 0.1)
        if sel.any():
            bins.append({"bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "n": int(sel.sum()),
                         "mean_confidence": round(float(conf[sel].mean()), 3),
                         "accuracy": round(float(correct[sel].mean()), 3)})
            ece += sel.sum() / len(y) * abs(conf[sel].mean() - correct[sel].mean())
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    return {
        "n_sections": int(len(df)), "folds": folds, "seed": seed,
        "accuracy": round(float(correct.mean()), 4),
        "macro_f1": round(float(f1_score(y, pred, labels=labels, average="macro")), 4),
        "per_label": {lab: {"precision": round(float(p[i]), 3), "recall": round(float(r[i]), 3),
                            "f1": round(float(f[i]), 3), "support": int(s[i])} for i, lab in enumerate(labels)},
        "labels": labels,
        "confusion_matrix": confusion_matrix(y, pred, labels=labels).tolist(),
        "brier": round(float(((proba - onehot) ** 2).sum(1).mean()), 4),
        "ece": round(float(ece), 4),
        "reliability": bins,
    }


def _print_report(rep: dict) -> None:
    print(f"n={rep['n_sections']} folds={rep['folds']} accuracy={rep['accuracy']} macro_f1={rep['macro_f1']} "
          f"brier={rep['brier']} ece={rep['ece']}")
    print(f"{'label':15s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>4s}")
    for lab, v in rep["per_label"].items():
        print(f"{lab:15s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:4d}")
    short = [lab[:4] for lab in rep["labels"]]
    print("confusion (rows true, cols predicted):")
    print(" " * 15 + " ".join(f"{s:>4s}" for s in short))
    for lab, row in zip(rep["labels"], rep["confusion_matrix"], strict=True):
        print(f"{lab:15s}" + " ".join(f"{v:4d}" for v in row))
    print("reliability (top label):")
    for b in rep["reliability"]:
        print(f"  {b['bin']}: n={b['n']:4d} confidence={b['mean_confidence']:.3f} accuracy={b['accuracy']:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m textkit.classify train|report [--corpus DIR] [--out FILE] [--seed N] [--folds K] [--json]``."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m textkit.classify", description="Train or evaluate the section classifier.")
    ap.add_argument("command", choices=["train", "report"])
    ap.add_argument("--corpus", default="corpora/sections")
    ap.add_argument("--out", default="models/sections.skops")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    if args.command == "train":
        rep = train(args.corpus, args.out, seed=args.seed)
        print(json.dumps(rep, ensure_ascii=False, indent=1))
    else:
        rep = cross_validate_report(args.corpus, folds=args.folds, seed=args.seed)
        if args.json:
            print(json.dumps(rep, ensure_ascii=False, indent=1))
        else:
            _print_report(rep)
    return 0


if __name__ == "__main__":
    # Run through the package module so pickled/skops'd classes are textkit.classify.*, not __main__.*
    from textkit.classify import main as _main

    raise SystemExit(_main())
