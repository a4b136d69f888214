"""The trained entity model: a character CRF that proposes people, organisations and places.

It is one source of candidates among the rules of :mod:`textkit.entities`: it finds the names no
rule can enumerate (names without a title in a 、-list, minority names such as 阿不都热依木, leaders
named before 总书记), each with a confidence.

>>> model = load_entity_model()
>>> [(s.label, "大会执行主席王建国、李明华在主席台就座"[s.start:s.end]) for s in model.predict("大会执行主席王建国、李明华在主席台就座")]
[('PERSON', '王建国'), ('PERSON', '李明华')]

The model is package data, ``textkit/models/entities.crfsuite`` (python-crfsuite), with its card
``entities.json``; ``textkit train entities`` rebuilds it (see ``models/README.md``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ModelError
from ..tokenizer import Tagging, tag_text
from .features import FEATURE_VERSION, sentence_windows, window_features, window_words

MODEL_NAME = "entities.crfsuite"
#: where the shipped model lives (``textkit train entities`` writes it there by default)
DEFAULT_MODEL = Path(str(resources.files("textkit.models") / MODEL_NAME))
_REBUILD = "reinstall textkit (pip install --force-reinstall --no-deps textkit) or rebuild it with: textkit train entities"
_MAGIC = b"lCRF"
#: jieba tags that make a sentence worth running the model on (names, organisations, places)
_GATE_TAGS = ("nr", "nt", "ns", "nz")


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

    Thread-safe (one tagger per thread); build it with :func:`load_entity_model`.
    """

    def __init__(self, data: bytes, card: dict, source: str) -> None:
        self._data = data
        self.card = card
        self.source = source
        self._local = threading.local()
        self._labels = {f"{p}-{t}": label for t, label in card["labels"].items() for p in "BIES"}
        self._tagger()  # fail now, not on the first document

    def _tagger(self):
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            try:
                tagger.open_inmemory(self._data)
            except ValueError as exc:
                raise ModelError(f"entity model {self.source} is corrupt ({exc}); {_REBUILD}") from exc
            self._local.tagger = tagger
        return tagger

    def predict(self, text: str, tagging: Tagging | None = None, *,
                windows: Sequence[tuple[int, int]] | None = None) -> list[ModelSpan]:
        """The spans the model finds in ``text`` (offsets into ``text``), sorted by offset.

        ``tagging`` is the document's one tagging pass (:func:`textkit.tokenizer.tag_text`); without it
        each window is tagged on its own.  ``windows`` are the ``(start, end)`` ranges to run on (for
        example those of :meth:`gate`); ``None`` means all of ``text``, in sentences.
        """
        if tagging is not None and len(tagging.text) != len(text):
            raise ValueError("tagging is not of this text")
        tagger = self._tagger()
        out: list[ModelSpan] = []
        for ws, we in sentence_windows(text) if windows is None else windows:
            ws, we = max(ws, 0), min(we, len(text))
            if ws >= we:
                continue
            s = text[ws:we]
            words = window_words(tagging if tagging is not None else tag_text(s), *((ws, we) if tagging is not None else (0, len(s))))
            tags = tagger.tag(window_features(s, words))
            out += self._spans(tagger, tags, ws)
        return out

    def _spans(self, tagger, tags: list[str], offset: int) -> list[ModelSpan]:
        out = []
        i, n = 0, len(tags)
        while i < n:
            label = self._labels.get(tags[i])
            if label is None:
                i += 1
                continue
            kind, j = tags[i][2:], i + 1
            if tags[i][0] not in "SE":  # B- or a stray I-: the span goes on to its E-
                while j < n and tags[j] in ("I-" + kind, "E-" + kind):
                    j += 1
                    if tags[j - 1][0] == "E":
                        break
            score = min(tagger.marginal(tags[k], k) for k in range(i, j))
            out.append(ModelSpan(offset + i, offset + j, label, max(min(score, 1.0), 1e-6)))
            i = j
        return out

    def gate(self, text: str, tagging: Tagging | None = None) -> list[tuple[int, int]]:
        """The sentence windows of ``text`` worth running the model on: those where the tagger already
        sees a name, an organisation or a place (a word tagged nr/nt/ns/nz).

        Cheap (no model call): one look at the tags of each sentence.
        """
        t = tagging if tagging is not None else tag_text(text)
        if len(t.text) != len(text):
            raise ValueError("tagging is not of this text")
        keep = []
        for ws, we in sentence_windows(text):
            if any(t.tags[i].startswith(_GATE_TAGS) for i in t.indices(ws, we)):
                keep.append((ws, we))
        return keep


def _read(path: str | Path | None) -> tuple[bytes, dict, str]:
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
    if data[:4] != _MAGIC or len(data) < 48 or int.from_bytes(data[4:8], "little") != len(data):
        raise ModelError(f"entity model {source} is corrupt (not a complete crfsuite model); {_REBUILD}")
    try:
        meta = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"entity model card {card} is missing or unreadable; {_REBUILD}") from exc
    if meta.get("sha256") != hashlib.sha256(data).hexdigest():  # crfsuite may crash on damaged bytes
        raise ModelError(f"entity model {source} is corrupt (its SHA-256 differs from its card's); {_REBUILD}")
    if meta.get("feature_version") != FEATURE_VERSION or not isinstance(meta.get("labels"), dict):
        raise ModelError(f"entity model {source} was built for other features "
                         f"(version {meta.get('feature_version')}, this textkit has {FEATURE_VERSION}); {_REBUILD}")
    return data, meta, source


@functools.lru_cache(maxsize=8)
def _load(key: str | None) -> EntityModel:
    return EntityModel(*_read(key))


def load_entity_model(path: str | Path | None = None) -> EntityModel:
    """The entity model at ``path`` (default: the one shipped in ``textkit.models``), loaded once per process.

    Raises :class:`~textkit.errors.ModelError` when the file is missing, corrupt or built for other features.
    """
    return _load(None if path is None else str(Path(path).resolve()))
