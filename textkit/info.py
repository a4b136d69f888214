"""What this textkit installation is made of: versions, models, cache and corpora (``textkit info``).

>>> facts = environment_info()
>>> facts["textkit"] == __version__, any(m["path"].endswith("sections.skops") for m in facts["models"])
(True, True)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import platform
import sys
from pathlib import Path

from ._version import __version__

PACKAGES = ("spacy", "jieba", "rjieba", "scikit-learn", "skops", "python-crfsuite", "numpy", "pandas", "pyarrow",
            "duckdb", "dask", "matplotlib")
MODEL_SUFFIXES = (".skops", ".crfsuite", ".npz", ".npy", ".bin", ".json", ".tsv", ".txt")


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_files() -> list[Path]:
    """The model files shipped in ``textkit.models``, sorted by name."""
    folder = Path(str(importlib.resources.files("textkit.models")))
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in MODEL_SUFFIXES)


def environment_info() -> dict:
    """Versions, model files (path, SHA-256, bytes), the cache folder and the checkout's corpora, as plain data."""
    from .classify import REPO, cache_dir

    cache = cache_dir()
    corpora = REPO / "corpora"
    return {
        "textkit": __version__,
        "python": platform.python_version(),
        "executable": sys.executable,
        "location": str(Path(__file__).resolve().parent),
        "packages": {name: _version(name) for name in PACKAGES},
        "models": [{"path": str(p), "sha256": _sha256(p), "bytes": p.stat().st_size} for p in model_files()],
        "cache_dir": str(cache),
        "cached": sorted(p.name for p in cache.glob("*.npz")) if cache.is_dir() else [],
        "corpora": str(corpora) if corpora.is_dir() else None,
    }


def format_info(facts: dict) -> str:
    """:func:`environment_info` as aligned lines for people."""
    lines = [f"textkit {facts['textkit']} (Python {facts['python']}, {facts['executable']})",
             f"  installed in  {facts['location']}", "packages:"]
    width = max(len(n) for n in facts["packages"])
    lines += [f"  {name:<{width}}  {version or 'not installed'}" for name, version in facts["packages"].items()]
    lines.append("models:")
    if not facts["models"]:
        lines.append("  none found (reinstall textkit: pip install --force-reinstall --no-deps textkit)")
    for m in facts["models"]:
        lines.append(f"  {m['path']}  {m['bytes']:,} bytes  sha256 {m['sha256']}")
    cached = ", ".join(facts["cached"]) or "nothing yet"
    lines.append(f"cache:    {facts['cache_dir']} ({cached}; set TEXTKIT_CACHE_DIR to move it)")
    lines.append(f"corpora:  {facts['corpora'] or 'none (an installed package; textkit train … needs --corpus DIR)'}")
    return "\n".join(lines)
