"""textkit: Chinese work-summary documents into clean, comparable tables.

>>> import textkit
>>> result = textkit.analyze("一、领导重视，组织有力\\n3月13日，区经委召开动员大会。")
>>> [s.heading for s in result.sections]
['领导重视，组织有力']

Nothing is loaded at import time: the pipeline, dictionaries and models are
built on first use.
"""

from __future__ import annotations

from ._version import __version__

__all__ = ["__version__", "analyze", "extract", "load", "read", "series"]


def __getattr__(name: str):
    # Lazy exports keep ``import textkit`` instant (spaCy and jieba load on first use).
    if name == "load":
        from .pipeline import load

        return load
    if name == "analyze":
        from .analysis import analyze

        return analyze
    if name == "series":
        from .compare import series

        return series
    if name in ("extract", "read"):
        from . import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'textkit' has no attribute {name!r}")
