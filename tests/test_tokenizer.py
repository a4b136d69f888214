"""textkit's own segmenters: the domain dictionary, both backends, never jieba's global tokenizer."""

from __future__ import annotations

import pytest

from textkit.tokenizer import BACKENDS, load_segmenter, tag_text

# fmt: off
CUTS = [
    ("区经委召开学习实践活动动员大会", ["区经委", "召开", "学习实践活动", "动员大会"]),
    ("区委常委会研究两学一做", ["区委常委会", "研究", "两学一做"]),
    ("党组副书记徐斌出席座谈会", ["党组副书记", "徐斌", "出席", "座谈会"]),
]
# fmt: on


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("text", "words"), CUTS)
def test_domain_words_stay_whole(backend, text, words):
    assert load_segmenter(backend).cut(text) == words


@pytest.mark.parametrize("backend", BACKENDS)
def test_cuts_cover_the_text_exactly(backend):
    text = "一、动员部署\n  3月13日，区经委召开动员大会，参加人数44人。\t"
    assert "".join(load_segmenter(backend).cut(text)) == text


def test_jieba_global_tokenizer_is_untouched():
    import jieba

    load_segmenter("jieba")
    assert not jieba.dt.initialized or "区经委" not in jieba.dt.FREQ


def test_unknown_backend_is_a_value_error():
    with pytest.raises(ValueError, match="backend"):
        load_segmenter("thulac")


@pytest.mark.parametrize(("text", "word"), [("配合市住建委开展检查。", "住建委"), ("区网信办牵头。", "网信办"),
                                           ("街道党工委书记讲话。", "街道党工委")])
def test_the_tagging_knows_the_bodies_of_the_lexicon(text, word):
    t = tag_text(text)
    assert word in [t.word(i) for i in range(len(t))]


def test_rjieba_backend_skips_the_default_instance_of_import_rjieba():
    """``import rjieba`` builds a default Jieba (0.2 s) textkit never uses: the backend loads rjieba's extension
    by itself, and a later ``import rjieba`` still works, with the same class."""
    import subprocess
    import sys

    code = ("import sys; from textkit.tokenizer import load_segmenter; seg = load_segmenter('rjieba'); "
            "print('rjieba' in sys.modules); import rjieba; print(type(seg._tk) is rjieba.Jieba); "
            "print(seg.cut('区经委召开学习实践活动动员大会') == ['区经委', '召开', '学习实践活动', '动员大会']); "
            "print(rjieba.cut('召开动员大会') == ['召开', '动员大会'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True", "True"]
