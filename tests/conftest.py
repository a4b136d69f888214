"""Shared fixtures: the pipeline is built once per session; ../shared is optional."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared is not present on this machine")


@pytest.fixture(scope="session")
def nlp():
    import textkit

    return textkit.load()


def outdir_bytes(out, *, parts: bool = True) -> dict[str, bytes]:
    """Every file of an OUTDIR by relative path, but the lock (it holds a process id) and, with
    ``parts=False``, the part folders (their number follows --part-size)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".textkit.lock" and (parts or "parts" not in p.relative_to(out).parts)}
