"""``textkit train entities``: build the character CRF of :mod:`textkit.entities.model` from public NER data.

Training sources (JSONL, one sentence a line: ``{"text": ..., "entities": [{"start", "end", "label"}]}``,
the format of ``../shared/data/ner``): by default CLUENER2020 train, the MSRA training subset and
People's Daily dev (:data:`TRAIN_FILES`), plus any user corpus in the same format.  People's Daily
test, MSRA test and CLUENER dev (:data:`EVALUATION_FILES`) are the evaluation sets: they are never
among the defaults, and :func:`train` refuses them by name.

Labels.  CLUENER tells companies (``ORG_COMPANY``), government bodies (``ORG_GOV``) and other
organisations (``ORG``) apart; MSRA and People's Daily have one ``ORG``.  The model has textkit's
five labels, so the untyped ORG mentions are first given a type by a small classifier of organisation
names (character n-grams at both ends of the name, logistic regression) fitted on the typed CLUENER
mentions.  Labels other than persons, organisations and places (CLUENER's position, book, game, movie,
scene) are outside (``O``).

Deterministic: the same sources, in the same order, with the same parameters give the same model bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..normalize import normalize
from ..tokenizer import tag_text
from .features import FEATURE_VERSION, window_features, window_words
from .model import save_arrays

#: the default training files, in ``../shared/data/ner``
TRAIN_FILES = ("cluener-train.jsonl", "msra-train.jsonl", "peoplesdaily-dev.jsonl")
#: the held-out evaluation files: never trained on
EVALUATION_FILES = ("peoplesdaily-test.jsonl", "msra-test.jsonl", "cluener-dev.jsonl")

#: the model's tag types and the textkit label of each
TYPES = {"PER": "PERSON", "GOV": "ORG_GOV", "COM": "ORG_COMPANY", "ORG": "ORG_OTHER", "LOC": "LOC"}
_CORPUS_LABELS = {
    "PER": "PER", "PERSON": "PER", "NAME": "PER", "NR": "PER",
    "ORG_GOV": "GOV", "GOV": "GOV", "GOVERNMENT": "GOV",
    "ORG_COMPANY": "COM", "COMPANY": "COM",
    "ORG_OTHER": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "ORG": "?",  # an organisation of unknown type: typed by the org classifier
    "LOC": "LOC", "LOCATION": "LOC", "ADDRESS": "LOC", "NS": "LOC",
}
_FINE_LABELS = frozenset(("NAME", "COMPANY", "GOVERNMENT", "ORGANIZATION", "ADDRESS"))
#: copies of each sentence with a person, the names substituted (:func:`substitute_names`)
AUGMENT = 1
#: crfsuite parameters of the shipped model
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}

Example = tuple[str, list[tuple[int, int, str]]]  # text, entity spans with a type of TYPES (or "?")


def default_data_dir() -> Path | None:
    """``../shared/data/ner`` beside the checkout or the current folder, when it is there."""
    here = Path(__file__).resolve().parents[2]
    for base in (here, Path.cwd()):
        d = base.parent / "shared" / "data" / "ner"
        if all((d / f).is_file() for f in TRAIN_FILES):
            return d
    return None


def default_sources() -> list[Path]:
    """The default training files, or a ModelError saying what to pass when ``../shared`` is absent."""
    d = default_data_dir()
    if d is None:
        raise ModelError(
            "no training data: ../shared/data/ner is not beside this checkout; pass the corpora with "
            f"--corpus FILE (JSONL in that format, e.g. {', '.join(TRAIN_FILES)})")
    return [d / f for f in TRAIN_FILES]


def _label_of(entity: dict) -> str:
    """The corpus label; CLUENER's own (``orig_label`` company, government, organization …) where it is finer."""
    orig = str(entity.get("orig_label", "")).upper()
    return orig if orig in _FINE_LABELS else str(entity["label"]).upper()


def read_corpus(path: str | Path) -> list[Example]:
    """Sentences of one JSONL corpus, normalised as textkit's analysis text, with their typed spans.

    Nested or overlapping spans keep the first (then longest); labels outside :data:`_CORPUS_LABELS`
    are dropped.  Raises ModelError for a line that is not such a record.
    """
    out: list[Example] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = normalize(rec["text"])
                spans = sorted((int(e["start"]), -int(e["end"]), _label_of(e)) for e in rec.get("entities", []))
            except (ValueError, KeyError, TypeError) as exc:
                raise ModelError(f"{path}:{n}: not a NER record ({exc}); expected "
                                 '{"text": ..., "entities": [{"start", "end", "label"}]}') from exc
            kept: list[tuple[int, int, str]] = []
            for s, neg_e, label in spans:
                e, kind = -neg_e, _CORPUS_LABELS.get(label)
                if kind and 0 <= s < e <= len(text) and (not kept or s >= kept[-1][1]):
                    kept.append((s, e, kind))
            out.append((text, kept))
    return out


def _org_ngrams(name: str) -> list[str]:
    """What tells a company from a government body: the ends of the name (…公司, …局, 中国…), its characters."""
    feats = [f"${name[-k:]}" for k in (1, 2, 3, 4) if len(name) >= k]
    feats += [f"^{name[:k]}" for k in (1, 2) if len(name) >= k]
    return feats + list(name)


class OrgTyper:
    """Gives an organisation name one of GOV / COM / ORG: fitted on the typed mentions of the training data.

    >>> typer = OrgTyper.fit([("国家税务总局", "GOV"), ("阿里巴巴集团", "COM"), ("皇家马德里队", "ORG")] * 3)
    >>> typer.predict(["上海市税务局", "腾讯集团"])
    ['GOV', 'COM']
    """

    def __init__(self, vectorizer, classifier) -> None:
        self.vectorizer, self.classifier = vectorizer, classifier

    @classmethod
    def fit(cls, named: Sequence[tuple[str, str]]) -> "OrgTyper":
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = CountVectorizer(analyzer=_org_ngrams, binary=True)
        x = vec.fit_transform([n for n, _ in named])
        clf = LogisticRegression(C=3.0, max_iter=2000)
        clf.fit(x, [t for _, t in named])
        return cls(vec, clf)

    def predict(self, names: Sequence[str]) -> list[str]:
        if not names:
            return []
        return [str(t) for t in self.classifier.predict(self.vectorizer.transform(names))]


def type_orgs(examples: list[Example]) -> tuple[list[Example], dict]:
    """Give every untyped organisation (``?``) a type with an :class:`OrgTyper` fitted on the typed ones."""
    typed = [(t[s:e], k) for t, spans in examples for s, e, k in spans if k in ("GOV", "COM", "ORG")]
    untyped = [t[s:e] for t, spans in examples for s, e, k in spans if k == "?"]
    if not untyped:
        return examples, {"typed_by_classifier": 0}
    if len({k for _, k in typed}) < 2:
        guesses = iter(["ORG"] * len(untyped))
    else:
        guesses = iter(OrgTyper.fit(typed).predict(untyped))
    out = [(t, [(s, e, next(guesses) if k == "?" else k) for s, e, k in spans]) for t, spans in examples]
    counts = Counter(k for (_t, spans), (_t2, orig) in zip(out, examples)
                     for (_s, _e, k), (_s2, _e2, ko) in zip(spans, orig) if ko == "?")
    return out, {"typed_by_classifier": len(untyped), "types": dict(sorted(counts.items()))}


def substitute_names(examples: Sequence[Example], copies: int = 1, seed: int = 0) -> list[Example]:
    """``copies`` more of every sentence that names a person, each person replaced by another name of the
    training data (drawn with a seeded generator), so the model learns the context of a name, not the name.

    >>> out = substitute_names([("王建国讲话", [(0, 3, "PER")]), ("李强出席", [(0, 2, "PER")])])
    >>> [(t[s:e] in ("王建国", "李强"), t[e:]) for t, [(s, e, _k)] in out]
    [(True, '讲话'), (True, '出席')]
    """
    pool = sorted({t[s:e] for t, spans in examples for s, e, k in spans if k == "PER" and 2 <= e - s <= 8})
    rng = random.Random(seed)
    out: list[Example] = []
    for text, spans in examples:
        if not pool or not any(k == "PER" for _s, _e, k in spans):
            continue
        for _ in range(copies):
            pieces, new, last, pos = [], [], 0, 0
            for s, e, k in spans:
                name = rng.choice(pool) if k == "PER" else text[s:e]
                pieces += [text[last:s], name]
                pos += s - last
                new.append((pos, pos + len(name), k))
                pos += len(name)
                last = e
            pieces.append(text[last:])
            out.append(("".join(pieces), new))
    return out


def bioes(text: str, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """The tag of every character: B- (begins), I- (inside), E- (ends) or S- (single-character) a span, or O.

    >>> bioes("王建国讲话", [(0, 3, "PER")])
    ['B-PER', 'I-PER', 'E-PER', 'O', 'O']
    """
    tags = ["O"] * len(text)
    for s, e, k in spans:
        if e - s == 1:
            tags[s] = "S-" + k
            continue
        tags[s], tags[e - 1] = "B-" + k, "E-" + k
        for i in range(s + 1, e - 1):
            tags[i] = "I-" + k
    return tags


def sentence_features(text: str) -> list[list[str]]:
    """The features of one training sentence (tagged alone, as the model sees a window)."""
    return window_features(text, window_words(tag_text(text), 0, len(text)))


def compile_crfsuite(path: str | Path) -> dict[str, np.ndarray]:
    """A crfsuite model as the arrays :class:`~textkit.entities.model.EntityModel` reads: tags, attributes
    (sorted), the weight of each attribute for each tag, and the tag transitions (from × to)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    labels = sorted(info.labels, key=lambda t: (t != "O", t[2:], t))
    col = {t: j for j, t in enumerate(labels)}
    attributes = sorted({a for a, _t in info.state_features})
    row = {a: i for i, a in enumerate(attributes)}
    state = np.zeros((len(attributes), len(labels)), dtype=np.float32)
    for (a, t), w in info.state_features.items():
        state[row[a], col[t]] = w
    transitions = np.zeros((len(labels), len(labels)))
    for (a, b), w in info.transitions.items():
        transitions[col[a], col[b]] = w
    tagger.close()
    return {"labels": np.array(labels), "attributes": np.array(attributes), "state": state, "transitions": transitions}


def _check_sources(sources: Sequence[Path]) -> None:
    for p in sources:
        if p.name in EVALUATION_FILES:
            raise ModelError(f"{p.name} is an evaluation set (one of {', '.join(EVALUATION_FILES)}); "
                             "train on CLUENER train, MSRA train, People's Daily dev or your own corpus")
        if not p.is_file():
            raise ModelError(f"training corpus not found: {p}")


def train(
    corpora: Sequence[str | Path] | None,
    out: str | Path,
    *,
    extra: Sequence[str | Path] = (),
    params: dict | None = None,
    augment: int = AUGMENT,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Train the entity CRF on ``corpora`` (default :func:`default_sources`) plus ``extra``; save it to ``out``
    (``textkit.entities.model.DEFAULT_MODEL`` is the shipped one).

    Writes ``out`` and its model card ``out`` with the suffix ``.json`` (labels, feature version,
    sources with their SHA-256, parameters), and returns that card.
    """
    import pycrfsuite

    say = progress or (lambda m: None)
    sources = [Path(p) for p in (default_sources() if corpora is None else corpora)] + [Path(p) for p in extra]
    if not sources:
        raise ModelError("no training corpus given")
    _check_sources(sources)
    t0 = time.perf_counter()
    examples: list[Example] = []
    for p in sources:
        examples += read_corpus(p)
        say(f"read {p} ({len(examples)} sentences so far)")
    examples, typing = type_orgs(examples)
    n_read = len(examples)
    mentions = Counter(k for _t, spans in examples for _s, _e, k in spans)
    examples += substitute_names(examples, augment)
    settings = {**PARAMS, **(params or {})}
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(settings)
    n_chars = 0
    for text, spans in examples:
        if not text:
            continue
        trainer.append(sentence_features(text), bioes(text, spans))
        n_chars += len(text)
    say(f"features of {len(examples)} sentences, {n_chars} characters in {time.perf_counter() - t0:.0f} s; training")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    crf = out.with_name(out.name + ".crfsuite.tmp")
    tmp = out.with_name(out.name + ".tmp")
    try:
        trainer.train(str(crf))
        save_arrays(tmp, compile_crfsuite(crf))
    finally:
        crf.unlink(missing_ok=True)
    os.replace(tmp, out)
    card = {
        "model": out.name,
        "kind": "character CRF (BIOES tags) trained with python-crfsuite, compiled to NumPy arrays",
        "feature_version": FEATURE_VERSION,
        "labels": TYPES,
        "sources": [{"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in sources],
        "sentences": n_read,
        "augmented_sentences": len(examples) - n_read,
        "characters": n_chars,
        "mentions": dict(sorted(mentions.items())),
        "org_typing": typing,
        "params": settings,
        "bytes": out.stat().st_size,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
    }
    out.with_suffix(".json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    say(f"saved {out} ({card['bytes']:,} bytes) in {time.perf_counter() - t0:.0f} s")
    return card
