"""The trained entity model: a character CRF that proposes people, organisations and places.

It is one source of candidates among the rules of :mod:`textkit.entities`: it finds the names no
rule can enumerate (names without a title in a 、-list, minority names, leaders named before 总书记),
each with a confidence.

>>> model = load_entity_model()
>>> text = "大会执行主席王建国、李明华在主席台就座"
>>> [(s.label, text[s.start:s.end]) for s in model.predict(text)]
[('PERSON', '王建国'), ('PERSON', '李明华')]

The model is package data, ``textkit/models/entities.npz``, with its card ``entities.json``:
a linear-chain CRF trained with python-crfsuite (``textkit train entities``, see ``models/README.md``)
and compiled to arrays — the weight of every attribute for every tag, and the tag transitions —
so that tagging needs only NumPy: attributes are looked up per template in dictionaries, and
Viterbi decoding and the marginals (forward-backward) run over all the sentences of a call at once.
It gives crfsuite's tags and marginals (a test checks it).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..tokenizer import Tagging, tag_text
from .features import FEATURE_VERSION, sentence_windows, window_attributes, window_words

MODEL_NAME = "entities.npz"
#: where the shipped model lives (``textkit train entities`` writes it there by default)
DEFAULT_MODEL = Path(str(resources.files("textkit.models") / MODEL_NAME))
_REBUILD = "reinstall textkit (pip install --force-reinstall --no-deps textkit) or rebuild it with: textkit train entities"
_ARRAYS = ("labels", "attributes", "state", "transitions")
#: jieba tags that make a sentence worth running the model on (names, organisations, places, proper nouns)
_GATE_TAGS = ("nr", "nt", "nz", "ns", "eng")
_NOT_A_GIVEN_NAME = frozenset(("m", "p", "c", "u", "uj", "ul", "d", "r", "q", "f", "x", "y", "e", "w"))


@dataclass(frozen=True, slots=True)
class ModelSpan:
    """One span the model proposes: ``text[start:end]`` is a ``label`` with confidence ``score``.

    ``label`` is PERSON, ORG_GOV, ORG_COMPANY, ORG_OTHER or LOC; ``score`` in (0, 1] is the smallest
    marginal probability of the span's tags (how sure the model is of every character of it).
    """

    start: int
    end: int
    label: str
    score: float


class EntityModel:
    """A loaded CRF; :meth:`predict` tags text, :meth:`gate` picks the sentences worth tagging.

    Build it with :func:`load_entity_model`.  Read-only after loading, so threads may share it.
    """

    def __init__(self, arrays: dict[str, np.ndarray], card: dict, source: str) -> None:
        self.card = card
        self.source = source
        self.nbytes = sum(a.nbytes for a in arrays.values())
        self.tags = [str(t) for t in arrays["labels"]]
        state = np.asarray(arrays["state"], dtype=np.float64)
        self._weights = np.vstack([state, np.zeros((1, state.shape[1]))])  # the last row: an unknown attribute
        self._miss = state.shape[0]
        self._transitions = np.asarray(arrays["transitions"], dtype=np.float64)
        self._exp_transitions = np.exp(self._transitions - self._transitions.max())
        self._index: dict[str, dict[str, int]] = {}  # template → value → row
        self._flags: dict[str, int] = {}  # attribute without a value → row
        for row, attr in enumerate(arrays["attributes"].tolist()):
            name, eq, value = attr.partition("=")
            if eq:
                self._index.setdefault(name, {})[value] = row
            else:
                self._flags[attr] = row
        bias = self._flags.pop("b", None)
        self._bias = self._weights[bias] if bias is not None else np.zeros(len(self.tags))
        labels = card["labels"]
        self._label = [labels.get(t[2:]) if t != "O" else None for t in self.tags]
        self._prefix = [t[0] for t in self.tags]

    # ------------------------------------------------------------------ inference
    def emissions(self, s: str, words: Sequence[tuple[int, int, str]]) -> np.ndarray:
        """The state score of every tag at every character of ``s`` (``len(s)`` × tags)."""
        templates, flags = window_attributes(s, words)
        miss = self._miss
        rows = [list(map(d.get, values, repeat(miss))) for name, values in templates if (d := self._index.get(name))]
        out = self._weights[np.array(rows, dtype=np.intp)].sum(axis=0) if rows else np.zeros((len(s), len(self.tags)))
        out += self._bias
        at = [(i, r) for i, fs in enumerate(flags) for f in fs if (r := self._flags.get(f)) is not None]
        if at:
            pos, rws = zip(*at)
            np.add.at(out, np.array(pos), self._weights[np.array(rws)])
        return out

    def _batch(self, scores: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Windows sorted longest first, padded into one array; ``active[t]`` windows are longer than ``t``."""
        order = np.argsort([-len(e) for e in scores], kind="stable")
        lengths = np.array([len(scores[i]) for i in order])
        batch = np.zeros((len(order), int(lengths[0]), len(self.tags)))
        for b, i in enumerate(order):
            batch[b, : len(scores[i])] = scores[i]
        active = len(lengths) - np.searchsorted(lengths[::-1], np.arange(int(lengths[0])), side="right")
        return order, lengths, batch, active

    def viterbi(self, scores: list[np.ndarray]) -> list[list[int]]:
        """The best tag sequence of each window (tag indices), all windows decoded together."""
        if not scores:
            return []
        order, lengths, batch, active = self._batch(scores)
        delta = batch[:, 0].copy()
        back = np.zeros(batch.shape, dtype=np.intp)
        trans = self._transitions[:, None, :]  # from × 1 × to
        froms = range(len(self.tags) - 1, -1, -1)
        for t in range(1, batch.shape[1]):
            k = active[t]
            cand = delta[:k].T[:, :, None] + trans  # from × window × to: NumPy reduces the first axis fast
            best = cand.max(axis=0)
            arg = back[:k, t]
            for f in froms:  # the first "from" reaching the best score, as argmax would give
                arg[cand[f] == best] = f
            delta[:k] = best + batch[:k, t]
        out: list[list[int]] = [[] for _ in scores]
        for b, i in enumerate(order):
            n = int(lengths[b])
            y = int(delta[b].argmax())
            path = [y]
            for t in range(n - 1, 0, -1):
                y = int(back[b, t, y])
                path.append(y)
            out[i] = path[::-1]
        return out

    def marginals(self, scores: list[np.ndarray]) -> list[np.ndarray]:
        """P(tag at character t | window) for each window (forward-backward, scaled), all windows together."""
        if not scores:
            return []
        order, lengths, batch, active = self._batch(scores)
        expt = self._exp_transitions
        p = np.exp(batch - batch.max(axis=2, keepdims=True))
        alpha = np.empty_like(p)
        beta = np.ones_like(p)
        alpha[:, 0] = p[:, 0] / p[:, 0].sum(axis=1, keepdims=True)
        for t in range(1, p.shape[1]):
            k = active[t]
            a = (alpha[:k, t - 1] @ expt) * p[:k, t]
            alpha[:k, t] = a / a.sum(axis=1, keepdims=True)
        for t in range(p.shape[1] - 2, -1, -1):
            k = active[t + 1]  # windows that go on after t
            b = (p[:k, t + 1] * beta[:k, t + 1]) @ expt.T
            beta[:k, t] = b / b.sum(axis=1, keepdims=True)
        m = alpha * beta
        out: list[np.ndarray] = [np.empty(0)] * len(scores)
        for b, i in enumerate(order):
            n = int(lengths[b])
            out[i] = m[b, :n] / m[b, :n].sum(axis=1, keepdims=True)
        return out

    def predict(self, text: str, tagging: Tagging | None = None, *,
                windows: Sequence[tuple[int, int]] | None = None) -> list[ModelSpan]:
        """The spans the model finds in ``text`` (offsets into ``text``), sorted by offset.

        ``tagging`` is the document's one tagging pass (:func:`textkit.tokenizer.tag_text`); without it
        each window is tagged on its own.  ``windows`` are the ``(start, end)`` ranges to run on (for
        example those of :meth:`gate`); ``None`` means all of ``text``, in sentences (of at most
        :data:`~textkit.entities.features.MAX_WINDOW` characters: ask for long windows and they are cut).
        """
        if tagging is not None and len(tagging.text) != len(text):
            raise ValueError("tagging is not of this text")
        spans = []
        for ws, we in sentence_windows(text) if windows is None else windows:
            ws, we = max(ws, 0), min(we, len(text))
            spans += [(ws + a, ws + b) for a, b in sentence_windows(text[ws:we])]
        spans.sort()
        scores = []
        for ws, we in spans:
            s = text[ws:we]
            words = window_words(tagging, ws, we) if tagging is not None else window_words(tag_text(s), 0, len(s))
            scores.append(self.emissions(s, words))
        paths = self.viterbi(scores)
        found = [(k, self._spans(path)) for k, path in enumerate(paths)]
        found = [(k, sp) for k, sp in found if sp]
        margs = self.marginals([scores[k] for k, _ in found])
        out = []
        for (k, sp), m in zip(found, margs):
            path = paths[k]
            for a, b in sp:
                score = float(min(m[t, path[t]] for t in range(a, b)))
                out.append(ModelSpan(spans[k][0] + a, spans[k][0] + b, self._label[path[a]], min(max(score, 1e-6), 1.0)))
        return out

    def _spans(self, path: list[int]) -> list[tuple[int, int]]:
        """``(start, end)`` of the entities of a BIOES tag path (a stray I-/E- starts one too)."""
        out = []
        i, n = 0, len(path)
        while i < n:
            y = path[i]
            if self._label[y] is None:
                i += 1
                continue
            j = i + 1
            if self._prefix[y] in "BI":
                kind = self.tags[y][2:]
                while j < n and self.tags[path[j]] in ("I-" + kind, "E-" + kind):
                    j += 1
                    if self._prefix[path[j - 1]] == "E":
                        break
            out.append((i, j))
            i = j
        return out

    def gate(self, text: str, tagging: Tagging | None = None) -> list[tuple[int, int]]:
        """The sentence windows of ``text`` worth running the model on; cheap (it reads the tags only).

        A window is kept when the tagger sees a name, an organisation, a place or a foreign word in it
        (a word tagged nr*, nt*, nz, ns*, eng), a title word (书记, 主任 … of ``ent_titles.tsv``), or a
        surname standing alone before a one- or two-character word (苏/拥军: a name jieba cut in two).
        """
        from .features import _surnames, _title_re

        t = tagging if tagging is not None else tag_text(text)
        if len(t.text) != len(text):
            raise ValueError("tagging is not of this text")
        single, double = _surnames()
        titles = _title_re()
        keep = []
        for ws, we in sentence_windows(text):
            idx = t.indices(ws, we)
            if titles.search(text, ws, we) or any(t.tags[i].startswith(_GATE_TAGS) for i in idx):
                keep.append((ws, we))
                continue
            for i in idx:
                w = t.word(i)
                if (w in single or w in double) and i + 1 < len(t) and t.end(i + 1) <= we:
                    nxt = t.word(i + 1)
                    if len(nxt) <= 2 and "\u4e00" <= nxt[0] <= "\u9fff" and t.tags[i + 1] not in _NOT_A_GIVEN_NAME:
                        keep.append((ws, we))
                        break
        return keep


# ---------------------------------------------------------------------------- reading and writing
def save_arrays(path: str | Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as an ``.npz`` whose bytes depend on the arrays only (fixed zip timestamps)."""
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in _ARRAYS:
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


def _read(path: str | Path | None) -> tuple[dict[str, np.ndarray], dict, str]:
    if path is None:
        base = resources.files("textkit.models")
        model, card, source = base / MODEL_NAME, base / "entities.json", f"textkit.models/{MODEL_NAME}"
    else:
        model = Path(path)
        card, source = model.with_suffix(".json"), str(model)
    try:
        data = model.read_bytes()
    except OSError as exc:
        raise ModelError(f"entity model not found: {source}; {_REBUILD}") from exc
    try:
        meta = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"entity model card {card} is missing or unreadable; {_REBUILD}") from exc
    if not isinstance(meta, dict) or meta.get("sha256") != hashlib.sha256(data).hexdigest():
        raise ModelError(f"entity model {source} is corrupt (its SHA-256 differs from its card's); {_REBUILD}")
    if meta.get("feature_version") != FEATURE_VERSION or not isinstance(meta.get("labels"), dict):
        raise ModelError(f"entity model {source} was built for other features "
                         f"(version {meta.get('feature_version')}, this textkit has {FEATURE_VERSION}); {_REBUILD}")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in _ARRAYS}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"entity model {source} is not a textkit entity model ({exc}); {_REBUILD}") from exc
    n, k = arrays["state"].shape if arrays["state"].ndim == 2 else (-1, -1)
    if n != len(arrays["attributes"]) or k != len(arrays["labels"]) or arrays["transitions"].shape != (k, k):
        raise ModelError(f"entity model {source} has inconsistent arrays; {_REBUILD}")
    return arrays, meta, source


@functools.lru_cache(maxsize=8)
def _load(key: str | None) -> EntityModel:
    return EntityModel(*_read(key))


def load_entity_model(path: str | Path | None = None) -> EntityModel:
    """The entity model at ``path`` (default: the one shipped in ``textkit.models``), loaded once per process.

    Raises :class:`~textkit.errors.ModelError` when the file is missing, corrupt or built for other features.
    """
    return _load(None if path is None else str(Path(path).resolve()))
