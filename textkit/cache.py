"""textkit's cache: what it derives once from installed files and reuses in every later process.

Each entry is one NumPy ``.npz`` file (arrays only, loaded without pickles) in :func:`cache_dir`,
named after what it holds and the SHA-256 of the file it was derived from, which it also records:
a changed source gets a new entry, and an entry that is unreadable, of another source or of another
layout is rebuilt silently.  When the folder cannot be written the value is built in memory and not
kept (the next process builds it again).  The compiled section model
(:func:`textkit.classify.load_section_model`) and the tables of jieba's dictionary
(:mod:`textkit.jieba_dict`) live here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

T = TypeVar("T")
_SOURCE = "source_sha256"


def cache_dir() -> Path:
    """Where textkit keeps what it derives once and reuses: ``$TEXTKIT_CACHE_DIR``, else ``~/.cache/textkit``."""
    if os.environ.get("TEXTKIT_CACHE_DIR"):
        return Path(os.environ["TEXTKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "textkit"


def file_sha256(path: str | Path) -> str:
    """The SHA-256 (hex) of the file at ``path``."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_arrays(path: str | Path, arrays: dict[str, np.ndarray], *, source_sha256: str) -> None:
    """Write ``arrays`` and the source's SHA-256 as a compressed ``.npz`` at ``path``, atomically
    (a temporary file per process, renamed: processes writing at once never share a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp.npz")
    try:
        np.savez_compressed(tmp, **arrays, **{_SOURCE: np.array(source_sha256)})
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_arrays(path: str | Path) -> tuple[dict[str, np.ndarray], str]:
    """The arrays of a file written by :func:`write_arrays`, and the SHA-256 of their source."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    return arrays, str(arrays.pop(_SOURCE))


def cached(name: str, source_sha256: str, build: Callable[[], dict[str, np.ndarray]],
           decode: Callable[[dict[str, np.ndarray]], T]) -> T:
    """``decode(arrays)``, the arrays read from the cache entry ``name`` when it holds those of this source,
    else made by ``build()`` (and kept, when the cache can be written).

    ``name`` should say what the arrays are and in which layout (bump a version in it when the layout
    changes); the entry is ``NAME-<first 16 hex digits of the SHA-256>.npz``.  Whatever goes wrong reading
    the entry (a damaged file, another source, ``decode`` failing on it) means it is built afresh.
    """
    path = cache_dir() / f"{name}-{source_sha256[:16]}.npz"
    try:
        arrays, source = read_arrays(path)
        if source == source_sha256:
            return decode(arrays)
    except Exception:  # noqa: BLE001 - none yet, unreadable, or damaged (truncated zip, wrong arrays …): rebuilt
        pass
    arrays = build()
    value = decode(arrays)
    try:
        write_arrays(path, arrays, source_sha256=source_sha256)
    except OSError:  # a read-only or full cache folder: built in memory, not kept
        pass
    return value
