"""textkit: Chinese work-summary documents into clean, comparable tables.

>>> import textkit
>>> result = textkit.analyze_text("一、领导重视，组织有力\\n3月13日，区经委召开动员大会。")
>>> [s.heading for s in result.sections]
['领导重视，组织有力']

Nothing is loaded at import time: the pipeline, dictionaries and models are
built on first use.
"""

from __future__ import annotations

from ._version import __version__

__all__ = ["DISPLACY_OPTIONS", "__version__", "analyze", "analyze_text", "extract", "load", "read", "series", "to_frame"]

_EXPORTS = {
    "load": "pipeline", "DISPLACY_OPTIONS": "pipeline", "analyze": "analysis", "analyze_text": "analysis",
    "extract": "batch", "read": "batch", "series": "compare", "to_frame": "tables",
}


def __getattr__(name: str):
    # Lazy exports keep ``import textkit`` instant (spaCy and jieba load on first use).
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'textkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
