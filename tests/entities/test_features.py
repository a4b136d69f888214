"""The entity features' lexicon of jieba's proper nouns: the same matches as an Aho-Corasick automaton
built from dict.txt (what it replaced), whether its table comes from the cache or is built afresh."""

from __future__ import annotations

from pathlib import Path

import ahocorasick
import pytest

from textkit import jieba_dict
from textkit.entities import features

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "书记王建国讲话。北京市海淀区人民政府、中国人民银行和上海浦东发展银行的代表出席了会议",
    "李明华同志在阿里巴巴集团杭州总部调研，张家港市委书记陪同",
    "",
    "北",
    "北京",
    "abc 123 。！",
    *(p.read_bytes().decode("utf-8", "replace") for p in sorted((ROOT / "corpora" / "sample").glob("*.txt"))[:6]),
]


@pytest.fixture(scope="module")
def automaton():
    """The automaton features._lexicon built before: every name, place, organisation and proper noun (2–8 characters)."""
    a = ahocorasick.Automaton()
    with open(jieba_dict.dictionary_path(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 8 and parts[2] in features._LEXICON_TAGS:
                a.add_word(parts[0], (len(parts[0]), features._LEXICON_TAGS[parts[2]]))
    a.make_automaton()
    return a


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(tmp_path / "cache"))
    jieba_dict.dictionary.cache_clear()
    features._lexicon.cache_clear()
    yield tmp_path / "cache"
    jieba_dict.dictionary.cache_clear()
    features._lexicon.cache_clear()


def fresh_lexicon() -> features._Lexicon:
    jieba_dict.dictionary.cache_clear()
    features._lexicon.cache_clear()
    return features._lexicon()


@pytest.mark.parametrize("text", TEXTS)
def test_the_lexicon_finds_what_the_automaton_found(automaton, text):
    assert features._lexicon().iter(text) == list(automaton.iter(text))


def test_built_and_cached_lexicons_give_the_same_lookups(automaton, empty_cache):
    built = fresh_lexicon()  # dict.txt parsed, the table written to the cache
    assert list(empty_cache.glob("jieba-dict-*.npz"))
    cached = fresh_lexicon()  # the table read from the cache
    assert cached is not built
    assert cached.words == built.words and cached.heads == built.heads
    for text in TEXTS:
        assert cached.iter(text) == built.iter(text) == list(automaton.iter(text))
        assert features._lexicon_features(text) == features._lexicon_features(text)


def test_a_corrupt_cache_file_is_rebuilt(automaton, empty_cache):
    fresh_lexicon()
    (entry,) = empty_cache.glob("jieba-dict-*.npz")
    entry.write_bytes(entry.read_bytes()[:1000])  # truncated
    lexicon = fresh_lexicon()
    assert [lexicon.iter(t) for t in TEXTS] == [list(automaton.iter(t)) for t in TEXTS]
    with entry.open("rb") as f:
        assert len(f.read()) > 1000  # written again


def test_an_unwritable_cache_folder_works(automaton, tmp_path, monkeypatch, empty_cache):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TEXTKIT_CACHE_DIR", str(blocker / "cache"))
    lexicon = fresh_lexicon()
    assert [lexicon.iter(t) for t in TEXTS] == [list(automaton.iter(t)) for t in TEXTS]


def test_every_word_of_the_lexicon_is_found_where_it_stands(automaton):
    lexicon = features._lexicon()
    words = list(lexicon.words)[::97]
    text = "。".join(words)
    assert lexicon.iter(text) == list(automaton.iter(text))


def test_windows_cut_anywhere_give_the_automaton_s_matches(automaton):
    """A window may end inside a word (北京|市): what starts there and runs past the end is no match."""
    lexicon = features._lexicon()
    for text in TEXTS:
        for start in range(0, len(text), 7):
            for size in (1, 2, 3, 5, 9, 40):
                window = text[start : start + size]
                assert lexicon.iter(window) == list(automaton.iter(window)), window
