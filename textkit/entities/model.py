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
so that tagging needs only NumPy: the attributes of all the sentences of a call are looked up at once as
ids (one per character, bigram, trigram, word and word tag, through tables built at load time) and
their weights summed in NumPy, and Viterbi decoding and the marginals (forward-backward) run over all
the sentences together.
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
from .features import (_PAD_L, _PAD_R, _TITLE_REACH, FEATURE_VERSION, _char_class, _lexicon_features, _surnames,
                       _title_re, sentence_windows, window_words)

MODEL_NAME = "entities.npz"
#: where the shipped model lives (``textkit train entities`` writes it there by default)
DEFAULT_MODEL = Path(str(resources.files("textkit.models") / MODEL_NAME))
_REBUILD = "reinstall textkit (pip install --force-reinstall --no-deps textkit) or rebuild it with: textkit train entities"
_ARRAYS = ("labels", "attributes", "state", "transitions")
#: jieba tags that make a sentence worth running the model on (names, organisations, places, proper nouns)
_GATE_TAGS = ("nr", "nt", "nz", "ns", "eng")
_NOT_A_GIVEN_NAME = frozenset(("m", "p", "c", "u", "uj", "ul", "d", "r", "q", "f", "x", "y", "e", "w"))
#: the templates of :func:`~textkit.entities.features.window_attributes` read from the padded characters:
#: a character at an offset, a bigram starting at an offset (b-1 at i is the bigram starting at i-1)
_CHAR_TEMPLATES, _CHAR_OFFSETS = ("c", "c-1", "c+1", "c-2", "c+2"), (0, -1, 1, -2, 2)
_BIGRAM_TEMPLATES, _BIGRAM_OFFSETS = ("b-2", "b-1", "b+1", "b+2"), (-2, -1, 0, 1)
_POSITIONS = "SBME"
_CLASSES = "<HNDLSP>"  # character classes (features._char_class) between the padding's


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
        self._miss = int(state.shape[0])
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
        self._label: list[str | None] = [labels.get(t[2:]) if t != "O" else None for t in self.tags]
        self._prefix = [t[0] for t in self.tags]
        self._compile()

    # ------------------------------------------------------------------ inference
    def _compile(self) -> None:
        """Lookup tables that give every character its attribute rows with a few lookups each — one id per
        character, bigram, trigram, word and word tag, instead of one string per template and character."""
        index, miss = self._index, self._miss

        def table(names: Sequence[str], keys: dict[str, int], prefix: str = "") -> np.ndarray:
            out = np.full((len(names), len(keys) + 1), miss, dtype=np.intp)  # column 0: an unknown key
            cols = np.fromiter(keys.values(), dtype=np.intp, count=len(keys))
            for t, name in enumerate(names):
                if d := index.get(name):
                    out[t, cols] = np.fromiter((d.get(prefix + key, miss) for key in keys), dtype=np.intp, count=len(keys))
            return out

        single, double = _surnames()
        chars = sorted({v for n in _CHAR_TEMPLATES for v in index.get(n, ())} | {*_PAD_L, *_PAD_R} | single)
        self._cid = {c: i for i, c in enumerate(chars, 1)}
        self._crows = table(_CHAR_TEMPLATES, self._cid)
        self._sn1 = np.array([False] + [c in single for c in chars])
        bigrams = sorted({v for n in _BIGRAM_TEMPLATES for v in index.get(n, ())} | double)
        self._bid = {b: i for i, b in enumerate(bigrams, 1)}
        self._brows = table(_BIGRAM_TEMPLATES, self._bid)
        self._sn2 = np.array([False] + [b in double for b in bigrams])
        tags = sorted({v[1:] for n in ("p", "pl", "pr") for v in index.get(n, ())}
                      | {v for n in ("wl", "wr") for v in index.get(n, ())} | {"", "<s>", "</s>"})
        self._tid: dict[str, int] = {t: i for i, t in enumerate(tags, 1)}
        self._wlrow, self._wrrow = table(("wl", "wr"), self._tid)
        self._prow, self._plrow, self._prrow = (
            np.stack([table((name,), self._tid, pos)[0] for pos in _POSITIONS]) for name in ("p", "pl", "pr"))
        n = len(_CLASSES)
        self._krow = np.full(n ** 3, miss, dtype=np.intp)
        for key, row in index.get("k", {}).items():
            if len(key) == 3 and all(c in _CLASSES for c in key):
                a, b, c = (_CLASSES.index(x) for x in key)
                self._krow[(a * n + b) * n + c] = row
        self._cls = {**{p: 0 for p in _PAD_L}, **{p: n - 1 for p in _PAD_R}}
        self._one: dict[str, dict[str, int]] = {name: index.get(name, {}) for name in ("t", "w", "w-1", "w+1")}

    def _class(self, c: str) -> int:
        k = self._cls.get(c)
        if k is None:
            k = self._cls[c] = _CLASSES.index(_char_class(c))
        return k

    def emissions(self, s: str, words: Sequence[tuple[int, int, str]]) -> np.ndarray:
        """The state score of every tag at every character of ``s`` (``len(s)`` × tags); ``words`` cover ``s``."""
        return self.emissions_many([(s, words)])[0]

    def emissions_many(self, windows: Sequence[tuple[str, Sequence[tuple[int, int, str]]]]) -> list[np.ndarray]:
        """:meth:`emissions` of many windows at once: the attributes of
        :func:`~textkit.entities.features.window_attributes`, looked up as ids and summed in NumPy."""
        if not windows:
            return []
        miss, tid, one = self._miss, self._tid, self._one
        toks: list[str] = []  # the padded characters of every window, one window after another
        core: list[int] = []  # where each window starts in toks (its first real character)
        for s, _w in windows:
            core.append(len(toks) + len(_PAD_L))
            toks += [*_PAD_L, *s, *_PAD_R]
        lengths = [len(s) for s, _w in windows]
        at = np.concatenate([np.arange(c, c + n) for c, n in zip(core, lengths)])
        ids = np.fromiter(map(self._cid.get, toks, repeat(0)), np.intp, len(toks))
        bg = [a + b for a, b in zip(toks, toks[1:])]  # bg[j] = toks[j] + toks[j+1]
        bids = np.fromiter(map(self._bid.get, bg, repeat(0)), np.intp, len(bg))
        tri = np.fromiter(map(one["t"].get, (a + b for a, b in zip(bg, toks[2:])), repeat(miss)), np.intp, len(toks) - 2)
        cls = np.fromiter(map(self._class, toks), np.intp, len(toks))
        nc = len(_CLASSES)
        rows = [self._crows[t][ids[at + off]] for t, off in enumerate(_CHAR_OFFSETS)]
        rows += [self._brows[t][bids[at + off]] for t, off in enumerate(_BIGRAM_OFFSETS)]
        rows += [tri[at - 1], self._krow[(cls[at - 1] * nc + cls[at]) * nc + cls[at + 1]]]
        # the words: one entry per word (a character no word covers is a word of its own, tag "", no neighbours)
        wlen: list[int] = []
        wtag: list[int] = []
        wleft: list[int] = []
        wright: list[int] = []
        wrow: list[int] = []
        first: list[int] = []  # rows of w-1 at each word's first character, of w+1 at its last
        last: list[int] = []
        columns = (wlen, wtag, wleft, wright, wrow, first, last)
        gap = (1, tid[""], tid["<s>"], tid["</s>"], miss, miss, miss)  # a character no word covers
        flag_pos: list[int] = []
        flag_row: list[int] = []
        flags = self._flags
        offset = 0
        for (s, words), n in zip(windows, lengths):
            cursor = 0
            for k, (a, b, t) in enumerate(words):
                for col, v in zip(columns, gap):
                    col.extend([v] * (a - cursor))
                lt, lw = (words[k - 1][2], s[words[k - 1][0]:a]) if k else ("<s>", "<s>")
                rt, rw = (words[k + 1][2], s[b:words[k + 1][1]]) if k + 1 < len(words) else ("</s>", "</s>")
                wlen.append(b - a)
                wtag.append(tid.get(t, 0))
                wleft.append(tid.get(lt, 0))
                wright.append(tid.get(rt, 0))
                wrow.append(one["w"].get(s[a:b], miss) if 2 <= b - a <= 6 else miss)
                first.append(one["w-1"].get(lw, miss) if len(lw) <= 4 else miss)
                last.append(one["w+1"].get(rw, miss) if len(rw) <= 4 else miss)
                cursor = b
            for col, v in zip(columns, gap):
                col.extend([v] * (n - cursor))
            # flags: the distance to a title (the first title wins after, the last one before), jieba's lexicon
            after: dict[int, int] = {}
            before: dict[int, int] = {}
            for m in _title_re().finditer(s):
                for d in range(_TITLE_REACH + 1):
                    if m.end() + d < n:
                        after.setdefault(m.end() + d, d)
                    if m.start() - 1 - d >= 0:
                        before[m.start() - 1 - d] = d
            for mark, found in (("<", after), (">", before)):
                for i, d in found.items():
                    if (r := flags.get(f"ti{mark}{d}")) is not None:
                        flag_pos.append(offset + i)
                        flag_row.append(r)
            for i, names in _lexicon_features(s).items():
                for f in names:
                    if (r := flags.get(f)) is not None:
                        flag_pos.append(offset + i)
                        flag_row.append(r)
            offset += n
        wl = np.array(wlen)
        end = np.cumsum(wl)
        start = end - wl
        word = np.repeat(np.arange(len(wl)), wl)
        at_char = np.arange(len(word))
        pos = np.where(wl[word] == 1, 0, np.where(at_char == start[word], 1, np.where(at_char == end[word] - 1, 3, 2)))
        tag, left, right = (np.array(x)[word] for x in (wtag, wleft, wright))
        rows += [self._prow[pos, tag], self._wlrow[left], self._wrrow[right], self._plrow[pos, left],
                 self._prrow[pos, right], np.array(wrow)[word]]
        edge = np.full(len(word), miss, dtype=np.intp)
        edge[start] = first
        rows.append(edge)
        edge = np.full(len(word), miss, dtype=np.intp)
        edge[end - 1] = last
        rows.append(edge)
        weights = self._weights
        out = weights[rows[0]] + self._bias
        for r in rows[1:]:
            out += weights[r]
        for name, mask in (("sn1", self._sn1[ids[at]]), ("sn2", self._sn2[bids[at]])):
            if (r := flags.get(name)) is not None:
                out[mask] += weights[r]
        if flag_pos:
            np.add.at(out, np.array(flag_pos), weights[np.array(flag_row)])
        return np.split(out, np.cumsum(lengths)[:-1])

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
        for t in range(1, batch.shape[1]):
            k = active[t]
            cand = delta[:k].T[:, :, None] + trans  # from × window × to
            arg = cand.argmax(axis=0)  # the first "from" reaching the best score
            back[:k, t] = arg
            delta[:k] = np.take_along_axis(cand, arg[None], axis=0)[0] + batch[:k, t]
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
        alpha = np.zeros_like(p)  # (not empty: the padding past a window's end is multiplied too, and must not be garbage)
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
        inputs = []
        for ws, we in spans:
            s = text[ws:we]
            inputs.append((s, window_words(tagging, ws, we) if tagging is not None else window_words(tag_text(s), 0, len(s))))
        scores = self.emissions_many(inputs)
        paths = self.viterbi(scores)
        found = [(k, self._spans(path)) for k, path in enumerate(paths)]
        found = [(k, sp) for k, sp in found if sp]
        margs = self.marginals([scores[k] for k, _ in found])
        out = []
        for (k, sp), m in zip(found, margs):
            path = paths[k]
            for a, b in sp:
                score = float(min(m[t, path[t]] for t in range(a, b)))
                out.append(ModelSpan(spans[k][0] + a, spans[k][0] + b, str(self._label[path[a]]), min(max(score, 1e-6), 1.0)))
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
