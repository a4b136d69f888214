"""The same input gives the same entities, byte for byte, whatever PYTHONHASHSEED is."""
from __future__ import annotations

import os
import subprocess
import sys

TEXT = ("金山区经济委员会召开会议，区经委党组研究，区经委抓好落实。区委、区政府和振兴街道办事处参加。"
        "上海星辰电子科技有限公司、星辰电子科技公司和华锐矿业签约，比亚迪、蔚来等车企落户。"
        "副县长钟建国、阿依古丽、石永平，班子成员田家豪、罗一鸣任副组长。范文军主任讲话，范文军强调。")
CODE = (
    "import sys, json\n"
    "from textkit.entities import find_entities\n"
    "text = sys.stdin.read()\n"
    "print(json.dumps([[e.label, e.text, e.char_start, e.canonical, list(e.roles), e.rule, e.score]"
    " for e in find_entities(text)], ensure_ascii=False))\n"
)


def test_same_bytes_under_three_hash_seeds():
    outs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", CODE], input=TEXT, capture_output=True, text=True, env=env,
                              check=True, encoding="utf-8")
        outs.add(proc.stdout)
    assert len(outs) == 1
    assert "金山区经济委员会" in outs.pop()


def test_extract_tables_are_byte_identical_under_three_hash_seeds(tmp_path):
    doc = tmp_path / "in" / "report.txt"
    doc.parent.mkdir()
    doc.write_text("2023年工作总结\n一、组织领导\n" + TEXT + "\n", encoding="utf-8")
    tables = set()
    for seed in ("0", "1", "12345"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "textkit", "-q", "extract", str(doc.parent), "-o", str(out)],
                       env=env, check=True, capture_output=True)
        tables.add(b"".join((out / f"{name}.csv").read_bytes() for name in ("entities", "statistics", "dates")))
    assert len(tables) == 1
