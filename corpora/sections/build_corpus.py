"""Build corpora/sections/sections.jsonl from the hand-written sources in this folder.

Sources (all written for textkit, none taken from /work/shared):
- ``docs_*.txt``: whole documents, one section per ``[label] 一、heading`` line (see README.md);
  positions, levels and indexes are computed from the assembled document text.
- ``phrases.txt``: per-label headings and body sentences; ``compose`` draws extra sections from them
  (a heading plus 2-4 sentences with slots filled), placed where such sections usually stand.

Run: ``python corpora/sections/build_corpus.py`` (deterministic for a given ``--seed``).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import regex

HERE = Path(__file__).resolve().parent
NUM_RE = regex.compile(
    r"^(?:(?P<l1>[一二三四五六七八九十]{1,3}、)|(?P<l2>[（(][一二三四五六七八九十]{1,3}[)）])|(?P<l3>\d{1,2}[.、．]))"
)
DIST_RE = regex.compile(r"^(?P<h>报|送|发|抄送|主送|抄报)[:：]\s*")

# Where composed sections stand in a document (position range, levels to draw from).
PLACEMENT = {
    "overview": ((0.0, 0.12), (1, 1, 2)),
    "organization": ((0.05, 0.5), (1, 1, 2)),
    "mobilization": ((0.1, 0.5), (1, 1, 2)),
    "study": ((0.1, 0.6), (1, 1, 2)),
    "research": ((0.2, 0.7), (1, 1, 2)),
    "consultation": ((0.2, 0.7), (1, 1, 2)),
    "discussion": ((0.25, 0.75), (1, 1, 2)),
    "implementation": ((0.1, 0.8), (1, 2, 2)),
    "rectification": ((0.3, 0.85), (1, 1, 2)),
    "achievements": ((0.05, 0.6), (1, 1, 2)),
    "problems": ((0.45, 0.9), (1, 1, 2)),
    "experience": ((0.5, 0.92), (1, 1, 2)),
    "next_steps": ((0.55, 0.98), (1, 1, 2)),
    "distribution": ((0.95, 1.0), (1,)),
    "other": ((0.8, 1.0), (1,)),
}
UNITS = ["我局", "局党组", "街道党工委", "我委", "公司", "区政府", "镇党委", "学校", "机关党委", "集团公司", "县政府", "本单位"]


def parse_docs(path: Path) -> list[dict]:
    """Sections of every ``=== genre | title`` document in ``path`` with position, level, index."""
    rows: list[dict] = []
    blocks = regex.split(r"(?m)^=== ", path.read_text(encoding="utf-8"))
    for block in blocks[1:]:
        head, _, rest = block.partition("\n")
        genre, _, title = (x.strip() for x in head.partition("|"))
        secs: list[dict] = []
        for line in rest.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            m = regex.match(r"^\[(\w+)\]\s*(.*)$", line)
            if m:
                secs.append({"label": m[1], "line": m[2].strip(), "body": []})
            else:
                secs[-1]["body"].append(line.strip())
        text = title + "\n"
        out = []
        for s in secs:
            line, body = s["line"], "\n".join(s["body"])
            number, heading, level = "", line, 1
            nm = NUM_RE.match(line)
            dm = DIST_RE.match(line)
            if nm:
                number = nm[0]
                heading = line[len(number):]
                level = 1 if nm["l1"] else 2 if nm["l2"] else 3
            elif dm:
                heading, body = dm["h"], line[dm.end():]
                line = line
            start = len(text)
            if s["label"] == "overview" and not line:
                text += body + "\n"
            elif dm:
                text += line + "\n"
            else:
                text += line + "\n" + body + "\n"
            out.append({"heading": heading, "body": body, "level": level, "label": s["label"], "start": start})
        n_top = sum(1 for r in out if r["level"] == 1)
        idx = {1: -1, 2: -1, 3: -1}
        for i, r in enumerate(out):
            idx[r["level"]] += 1
            for deeper in range(r["level"] + 1, 4):
                idx[deeper] = -1
            # body_full: own body plus the text of the following deeper sections
            full = [r["body"]]
            for nxt in out[i + 1:]:
                if nxt["level"] <= r["level"]:
                    break
                full.append(nxt["heading"] + "\n" + nxt["body"])
            rows.append({
                "heading": r["heading"], "body": r["body"], "body_full": "\n".join(full),
                "position": round(r["start"] / len(text), 4), "level": r["level"], "index": idx[r["level"]],
                "n_sections": n_top, "label": r["label"], "genre": genre, "doc": title, "source": "written",
            })
    return rows


def parse_phrases(path: Path) -> dict[str, dict[str, list[str]]]:
    bank: dict[str, dict[str, list[str]]] = {}
    label = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            label = line[3:].strip()
            bank[label] = {"H": [], "S": []}
        elif line[:2] in ("H:", "S:") and label:
            bank[label][line[0]].append(line[2:].strip())
    return bank


def fill(s: str, rng: random.Random) -> str:
    return s.format(
        unit=rng.choice(UNITS), n=rng.randint(2, 12), N=rng.choice([36, 58, 120, 260, 480, 1200, 3600]),
        p=rng.choice([3.5, 6.2, 8, 12.6, 92, 96.5]), m=rng.randint(1, 12), y=rng.choice([2008, 2013, 2016, 2019, 2022]),
    )


def compose(bank: dict[str, dict[str, list[str]]], per_label: int, rng: random.Random) -> list[dict]:
    rows = []
    for label, parts in bank.items():
        (lo, hi), levels = PLACEMENT[label]
        for i in range(per_label):
            heading = parts["H"][i % len(parts["H"])]
            k = 1 if label == "distribution" else rng.randint(2, min(4, len(parts["S"])))
            body = "".join(fill(s, rng) for s in rng.sample(parts["S"], k))
            level = rng.choice(levels)
            n = rng.randint(3, 9)
            if label == "overview" and i % 2 == 0:
                heading, level = "", 1
            rows.append({
                "heading": heading, "body": body, "body_full": body, "position": round(rng.uniform(lo, hi), 4),
                "level": level, "index": rng.randint(0, n - 1), "n_sections": n, "label": label,
                "genre": "", "doc": "", "source": "written-composed",
            })
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-label", type=int, default=14)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = [r for p in sorted(HERE.glob("docs_*.txt")) for r in parse_docs(p)]
    rows += compose(parse_phrases(HERE / "phrases.txt"), args.per_label, rng)
    with open(HERE / "sections.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter

    print(len(rows), "sections;", dict(sorted(Counter(r["label"] for r in rows).items())))


if __name__ == "__main__":
    main()
