"""textkit.cache: an entry is kept once, read back as it was, and rebuilt when it cannot be trusted."""

from __future__ import annotations

import numpy as np
import pytest

from textkit import cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Builder:
    """A build function that counts its calls."""

    def __init__(self, value: int = 7) -> None:
        self.calls, self.value = 0, value

    def __call__(self) -> dict[str, np.ndarray]:
        self.calls += 1
        return {"x": np.arange(self.value), "name": np.array("甲乙")}


def decode(arrays):
    return arrays["x"].tolist(), str(arrays["name"])


def test_an_entry_is_built_once_then_read(cache_dir):
    build = Builder()
    first = cache.cached("thing-v1", "ab" * 32, build, decode)
    second = cache.cached("thing-v1", "ab" * 32, build, decode)
    assert first == second == (list(range(7)), "甲乙")
    assert build.calls == 1
    assert [p.name for p in cache_dir.iterdir()] == [f"thing-v1-{'ab' * 8}.npz"]


def test_the_entry_records_its_source_and_loads_without_pickles(cache_dir):
    cache.cached("thing-v1", "cd" * 32, Builder(), decode)
    with np.load(cache_dir / f"thing-v1-{'cd' * 8}.npz", allow_pickle=False) as data:
        assert str(data["source_sha256"]) == "cd" * 32
        assert data["x"].tolist() == list(range(7))


@pytest.mark.parametrize("damage", [b"", b"not an npz file", b"PK\x03\x04 truncated"])
def test_a_damaged_entry_is_rebuilt_silently(cache_dir, damage):
    build = Builder()
    cache.cached("thing-v1", "ab" * 32, build, decode)
    entry = cache_dir / f"thing-v1-{'ab' * 8}.npz"
    entry.write_bytes(damage)
    assert cache.cached("thing-v1", "ab" * 32, build, decode) == (list(range(7)), "甲乙")
    assert build.calls == 2
    assert cache.read_arrays(entry)[1] == "ab" * 32  # and written again


def test_an_entry_of_another_source_or_layout_is_rebuilt(cache_dir):
    entry = cache_dir / f"thing-v1-{'ab' * 8}.npz"
    cache.write_arrays(entry, {"x": np.arange(3), "name": np.array("丙")}, source_sha256="ab" * 16 + "00" * 16)
    build = Builder()
    assert cache.cached("thing-v1", "ab" * 32, build, decode) == (list(range(7)), "甲乙")  # same prefix, other SHA
    cache.write_arrays(entry, {"y": np.arange(3)}, source_sha256="ab" * 32)  # decode fails on it
    assert cache.cached("thing-v1", "ab" * 32, build, decode) == (list(range(7)), "甲乙")
    assert build.calls == 2


def test_an_unwritable_cache_folder_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    build = Builder()
    assert cache.cached("thing-v1", "ab" * 32, build, decode) == (list(range(7)), "甲乙")
    assert cache.cached("thing-v1", "ab" * 32, build, decode) == (list(range(7)), "甲乙")
    assert build.calls == 2  # built every time, nothing kept
    assert blocker.read_text() == "not a folder"


def test_no_temporary_file_is_left_behind(cache_dir):
    cache.cached("thing-v1", "ab" * 32, Builder(), decode)
    assert not list(cache_dir.glob("*.tmp*"))


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c"
    monkeypatch.delenv("TEXTKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "textkit"
