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
