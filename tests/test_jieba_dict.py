"""textkit.jieba_dict: the cached table of jieba's dict.txt is the file's lines, whatever state the cache is in."""

from __future__ import annotations

import numpy as np
import pytest

from textkit import jieba_dict
from textkit.cache import read_arrays


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder, and no dictionary loaded in this process yet."""
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(tmp_path / "cache"))
    jieba_dict.dictionary.cache_clear()
    yield tmp_path / "cache"
    jieba_dict.dictionary.cache_clear()


def reference() -> list[tuple[str, int, str]]:
    """dict.txt read line by line: the words of 2 to 8 characters, their frequency and tag."""
    out = []
    with open(jieba_dict.dictionary_path(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 8:
                out.append((parts[0], int(parts[1]), parts[2]))
    return out


def rows_of(d: jieba_dict.Dictionary) -> list[tuple[str, int, str]]:
    return list(zip(d.words, d.freqs.tolist(), [d.tags[k] for k in d.tag_codes.tolist()]))


def entry(folder):
    found = list(folder.glob("jieba-dict-*.npz"))
    assert len(found) == 1
    return found[0]


def test_parsed_then_cached_then_read_back_gives_the_file_lines(fresh):
    want = reference()
    built = jieba_dict.dictionary()
    assert rows_of(built) == want
    assert read_arrays(entry(fresh))[1] == jieba_dict.file_sha256(jieba_dict.dictionary_path())
    jieba_dict.dictionary.cache_clear()
    cached = jieba_dict.dictionary()  # from the cache file this time
    assert cached is not built
    assert rows_of(cached) == want
    assert cached.lengths.tolist() == [len(w) for w, _, _ in want]


def test_rows_select_by_tag_and_length(fresh):
    d = jieba_dict.dictionary()
    rows = d.rows({"ns"}, max_chars=3)
    assert rows.tolist() == [i for i, (w, _, t) in enumerate(reference()) if t == "ns" and len(w) <= 3]


@pytest.mark.parametrize("damage", [b"garbage", b""])
def test_a_damaged_cache_file_is_rebuilt(fresh, damage):
    jieba_dict.dictionary()
    path = entry(fresh)
    path.write_bytes(damage)
    jieba_dict.dictionary.cache_clear()
    assert rows_of(jieba_dict.dictionary()) == reference()
    assert read_arrays(path)[0]["words"].dtype == np.uint8  # written again, readable


def test_a_cache_file_of_inconsistent_arrays_is_rebuilt(fresh):
    jieba_dict.dictionary()
    path = entry(fresh)
    arrays, source = read_arrays(path)
    arrays["freqs"] = arrays["freqs"][:-1]
    np.savez_compressed(path, **arrays, source_sha256=np.array(source))
    jieba_dict.dictionary.cache_clear()
    assert rows_of(jieba_dict.dictionary()) == reference()


def test_an_unwritable_cache_folder_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(blocker / "cache"))
    jieba_dict.dictionary.cache_clear()
    try:
        assert rows_of(jieba_dict.dictionary()) == reference()
    finally:
        jieba_dict.dictionary.cache_clear()


def test_the_entity_lexicons_read_the_same_words_as_from_dict_txt(fresh):
    """lexicons._jieba_dictionary from the cached table = the same function reading dict.txt line by line."""
    from textkit.entities import lexicons

    r = lexicons.resources()
    single, compound, titles = r.surnames, r.compound_surnames, r.titles
    names, freq, longer, known = set(titles), {}, set(), set()
    with open(jieba_dict.dictionary_path(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or not 2 <= len(parts[0]) <= 4:
                continue
            w, n, tag = parts[0], int(parts[1]), parts[2]
            if len(w) == 2:
                freq[w] = (n, tag)
            else:
                longer.add(w)
            if tag.startswith("nr"):
                if n >= 10:
                    known.add(w)
            elif n >= 3 and (w[0] in single or w[:2] in compound):
                names.add(w)
    got = lexicons._jieba_dictionary(single, compound, titles)
    assert got[0] == frozenset(names)
    assert list(got[1].items()) == list(freq.items())
    assert got[2] == frozenset(longer)
    assert got[3] == frozenset(known) and "江泽民" in known
    assert len(got) == 4
