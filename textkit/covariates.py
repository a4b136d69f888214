"""Document covariates: year, region, administrative level, issuer and speaker, and user metadata.

:func:`infer_covariates` is a pure function of the analysis text, its structure and its date
analysis.  It reads only the document's *header*: the title, the lines between the title and the
body (dateline, speaker line), the opening sentence (``我代表国务院``) and the signature block.  It
infers what these say and leaves the rest empty, never guessing:

- ``region``: the place that issues or delivers the document, written in full (全国, 甘肃省, 长沙市,
  东昌府区, 白沙镇); ``region_code`` its 6-digit division code (GB/T 2260) when the gazetteer
  (``resources/regions.tsv``) knows it without ambiguity;
- ``admin_level``: one of :data:`LEVELS` (a company, school or party branch is ``unit``);
- ``issuer`` of a government work report: 国务院, 安徽省人民政府 (other documents keep the issuer
  of their signature block);
- ``speaker``: the person delivering it (国务院总理　李克强 → 李克强, 省长 王清宪 → 王清宪,
  述职人：胡建军 → 胡建军);
- ``year``: :attr:`textkit.dates.DateAnalysis.year`, the document's year from its own text (the year a
  government work report is delivered), the same year the statistics' periods use.

>>> c = infer_covariates("政府工作报告\\n——2024年1月9日在青岚县第十八届人民代表大会第四次会议上\\n县长　唐卫国\\n各位代表：\\n"
...                      "现在，我代表县人民政府向大会报告工作。", title="政府工作报告", genre="gov_work_report", year=2024)
>>> c.region, c.admin_level, c.issuer, c.speaker
('青岚县', 'county', '青岚县人民政府', '唐卫国')

:func:`read_metadata` and :func:`apply_metadata` join a researcher's own sheet (``extract --metadata``).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import regex

from .errors import TextkitError
from .records import DocumentInfo
from .resources import read_lines

__all__ = [
    "LEVELS", "Covariates", "Gazetteer", "MetadataError", "MetadataSheet", "apply_metadata", "gazetteer",
    "infer_covariates", "read_metadata",
]

LEVELS: tuple[str, ...] = ("national", "provincial", "prefectural", "county", "township", "unit", "unknown")
_RANK = {level: i for i, level in enumerate(LEVELS)}
_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Covariates:
    """What the header of a document says about where it comes from (empty when it does not say)."""

    year: int | None = None
    region: str = ""
    region_code: str = ""
    admin_level: str = "unknown"
    issuer: str = ""
    speaker: str = ""


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division of the gazetteer: ``110108 海淀区 county parent 110000``."""

    code: str
    name: str
    level: str
    parent: str


@dataclass(frozen=True)
class Gazetteer:
    """The administrative divisions of China (provinces, prefectures, counties and districts)."""

    by_code: dict[str, Division]
    by_name: dict[str, tuple[Division, ...]]
    short: dict[str, Division] = field(default_factory=dict)  # 安徽 → 安徽省, 长沙 → 长沙市 (unique ones only)
    longest: int = 0

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """Full names of divisions in ``text[start:end]``, longest first, left to right, not overlapping.

        >>> [n for _, _, n in gazetteer().find("山东省聊城市东昌府区人民政府")]
        ['山东省', '聊城市', '东昌府区']
        """
        end = len(text) if end is None else end
        out, i = [], start
        while i < end:
            for length in range(min(self.longest, end - i), 1, -1):
                if text[i : i + length] in self.by_name:
                    out.append((i, i + length, text[i : i + length]))
                    i += length
                    break
            else:
                i += 1
        return out

    def ancestors(self, division: Division) -> list[Division]:
        out, code = [], division.parent
        while code and code in self.by_code:
            out.append(self.by_code[code])
            code = self.by_code[code].parent
        return out

    def province_of(self, division: Division) -> Division:
        chain = [division, *self.ancestors(division)]
        return chain[-1]


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer of ``resources/regions.tsv`` (loaded once)."""
    by_code: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = {}
    for line in read_lines("regions.tsv"):
        code, name, level, *rest = line.split("\t")
        d = Division(code, name, level, rest[0] if rest else "")
        by_code[code] = d
        by_name.setdefault(name, []).append(d)
    short_candidates: dict[str, list[Division]] = {}
    for d in by_code.values():
        if d.level == "county":
            continue
        for s in _short_forms(d.name):
            short_candidates.setdefault(s, []).append(d)
    short = {s: ds[0] for s, ds in short_candidates.items() if len(ds) == 1 and s not in by_name}
    return Gazetteer(by_code, {k: tuple(v) for k, v in by_name.items()}, short, max(map(len, by_name)))


_SHORT_SUFFIX = regex.compile(
    r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|地区|盟|"
    r"(?:\p{Han}{1,6}族)+自治州|自治州)$"
)


def _short_forms(name: str) -> list[str]:
    """安徽省 → 安徽; 广西壮族自治区 → 广西; 延边朝鲜族自治州 → 延边, 延边州 (two characters at least)."""
    stem = _SHORT_SUFFIX.sub("", name)
    if stem == name or len(stem) < 2:
        return []
    return [stem, stem + "州"] if name.endswith("自治州") else [stem]


# --------------------------------------------------------------------------- header patterns


_CN = "〇零一二三四五六七八九十百"
_LEVEL_PREFIX = {  # a body named by its level only: 省人民政府, 县长, 区发改委
    "自治区": "provincial", "省": "provincial", "自治州": "prefectural", "州": "prefectural", "盟": "prefectural",
    "自治县": "county", "县": "county", "区": "county", "旗": "county", "街道": "township", "镇": "township",
    "乡": "township", "市": "",  # 市 may be a municipality, a prefecture or a county-level city
}
_OFFICE_LEVEL = {
    "总理": "national", "省长": "provincial", "主席": "provincial", "州长": "prefectural", "盟长": "prefectural",
    "县长": "county", "区长": "county", "旗长": "county", "镇长": "township", "乡长": "township", "市长": "",
}


@functools.cache
def _patterns() -> dict[str, regex.Pattern]:
    return {
        # ——2026年2月5日在安徽省第十四届人民代表大会第四次会议上
        "congress": regex.compile(rf"在(?P<place>\p{{Han}}{{0,24}}?)第?[{_CN}\d]{{0,4}}届?(?P<national>全国)?(?:人民代表大会|人大)"),
        "opening": regex.compile(r"我代表(?P<body>国务院|\p{Han}{0,24}?(?:人民政府|政府))"),
        # 国务院总理　李克强 / 省人民政府省长 王清宪 / 省长：梁惠玲 / 国务院总理　李　鹏 (a two-character name
        # padded to three) / 长沙市人民政府市长张剑飞2010年1月16日在……
        "speaker": regex.compile(
            r"(?P<body>\p{Han}{0,24}?)(?P<office>(?:代理?)?(?:总理|省长|市长|县长|区长|州长|盟长|旗长|镇长|乡长|主席))"
            r"[\s\u3000]*[：:]?[\s\u3000]*(?P<name>\p{Han}[ \u3000]{1,2}\p{Han}|\p{Han}{2,4}(?:[·•]\p{Han}{1,8})?)"
            r"(?=[\s\u3000]*(?:$|\d|[〇一二三四五六七八九○]{4}年|在))"
        ),
        # 述职人：县农业局副局长　胡建军
        "reporter": regex.compile(
            r"^(?:述职人|报告人|汇报人|述职述廉人)[：:][\s\u3000]*(?:[^\n]*?[\s\u3000])?(?P<name>\p{Han}{2,4})$"
        ),
        "government": regex.compile(r"(?:人民政府|政府)"),
        "book": regex.compile(r"《[^《》\n]{0,120}》"),
        # the subject that opens a title: 2022年 / 中共 / 关于 are skipped
        "title_lead": regex.compile(
            r"^(?:(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年度?)?(?:[上下]半年|第?[一二三四]季度)?(?:中共|中国共产党)?"
        ),
        "local": regex.compile(r"(?P<name>\p{Han}{2,3}?)(?P<suffix>自治县|街道|县|区|旗|镇|乡|市|州|盟)"),
        "unit": regex.compile("(?:" + "|".join(sorted(read_lines("cov_units.txt"), key=len, reverse=True)) + ")"),
    }


@functools.cache
def _generic_places() -> frozenset[str]:
    """Words shaped like a place (开发区, 示范县, 中心镇) that name no particular place."""
    return frozenset(read_lines("cov_generic_places.txt"))


# --------------------------------------------------------------------------- inference


@dataclass
class _Place:
    name: str
    level: str
    divisions: tuple[Division, ...] = ()
    priority: int = 0  # lower is stronger evidence


def _header(text: str, title_span: tuple[int, int] | None, body_start: int) -> tuple[list[str], str]:
    """The lines between the title and the body (at most 8, each short), and the opening (≤ 400 chars)."""
    start = title_span[1] if title_span else 0
    lines = []
    pos = start
    for raw in text[start : start + 1200].split("\n"):
        line_start = pos
        pos += len(raw) + 1
        line = raw.strip()
        if not line:
            continue
        if line_start >= body_start or len(lines) >= 8 or len(line) > 90 or "各位代表" in line[:6]:
            break
        if line.endswith(("。", "！", "？", "；")):
            break
        lines.append(line)
    opening_at = text.find("各位代表", start, start + 1500)
    opening_from = opening_at if opening_at >= 0 else (start if not lines else min(body_start, len(text)))
    return lines, text[opening_from : opening_from + 400]


def _place_before(text: str, end: int, gaz: Gazetteer) -> _Place | None:
    """The place named right before ``text[end]`` (…安徽省|人民政府): a division, a local name, or a level."""
    local = _local_name(text[max(0, end - 6) : end], anchored_end=True)
    for length in range(min(gaz.longest, end), 1, -1):
        name = text[end - length : end]
        if name in gaz.by_name:
            # 青岚县 is not 岚县: a longer local name wins unless a division or level ends right before
            if local is not None and len(local.name) > length and not _ends_place(text, end - length, gaz):
                return local
            divisions = gaz.by_name[name]
            return _Place(name, _common_level(divisions), divisions)
    if local is not None:
        return local
    for prefix in sorted(_LEVEL_PREFIX, key=len, reverse=True):
        if text.endswith(prefix, 0, end):
            return _Place("", _LEVEL_PREFIX[prefix])
    return None


def _ends_place(text: str, end: int, gaz: Gazetteer) -> bool:
    """Whether a division name or a level word (省, 市, 县…) ends at ``text[end]``."""
    if end <= 0:
        return True
    if any(text.endswith(prefix, 0, end) for prefix in _LEVEL_PREFIX):
        return True
    return any(text[end - n : end] in gaz.by_name for n in range(2, min(gaz.longest, end) + 1))


def _local_name(s: str, *, anchored_end: bool = False) -> _Place | None:
    """A place the gazetteer does not know, by its suffix: 青岚县, 澜山镇, 南屏街道 (2-3 characters + suffix)."""
    pattern = _patterns()["local"]
    if anchored_end:
        for i in range(max(0, len(s) - 6), len(s) - 2):
            m = pattern.fullmatch(s, i)
            if m:
                return _local_place(m)
        return None
    m = pattern.match(s)
    return _local_place(m) if m else None


def _local_place(m: regex.Match) -> _Place | None:
    name, suffix = m.group(), m.group("suffix")
    generic = _generic_places()
    if name in generic or name[-2:] in generic or name[-3:] in generic or m.group("name")[0] in "全本我各该此市县区省镇乡" \
            or name.startswith("自治") \
            or regex.search(r"[年月日度季]", name):
        return None
    level = _LEVEL_PREFIX.get(suffix, "")
    return _Place(name, level)


def _common_level(divisions: Sequence[Division]) -> str:
    levels = {d.level for d in divisions}
    return levels.pop() if len(levels) == 1 else ""


def _places_in(s: str, gaz: Gazetteer, priority: int, *, at_start: bool) -> list[_Place]:
    """Places named at the start of ``s``: a chain of divisions (山东省聊城市东昌府区), a short name before
    政府 (广西政府工作报告), or a local name (青岚县)."""
    books = [m.span() for m in _patterns()["book"].finditer(s, timeout=_TIMEOUT)]
    lead = _patterns()["title_lead"].match(s).end() if at_start else 0
    found = [(a, b, n) for a, b, n in gaz.find(s) if not any(x <= a < y for x, y in books)]
    out: list[_Place] = []
    if at_start:
        # a chain that starts the subject (安徽省…, 长沙市人民政府…): divisions back to back from the lead
        pos = lead
        for a, b, name in found:
            if a != pos:
                break
            out.append(_Place(name, _common_level(gaz.by_name[name]), gaz.by_name[name], priority))
            pos = b
        if pos == lead:  # a short name before 政府: 2026年广西政府工作报告 → 广西壮族自治区
            for stem in (s[pos : pos + 3], s[pos : pos + 2]):
                d = gaz.short.get(stem)
                if d is not None and regex.match(r"(?:人民)?政府", s[pos + len(stem) :]):
                    return [_Place(d.name, d.level, (d,), priority)]
        local = _local_name(s[pos:])
        if local is not None:
            local.priority = priority
            out.append(local)
    return out


def _resolve(places: list[_Place], gaz: Gazetteer) -> tuple[str, str, str]:
    """(region, code, level) of the most specific place, its divisions narrowed by the places above it."""
    named = [p for p in places if p.name]
    if not named:
        return "", "", ""
    best_priority = min(p.priority for p in named)
    top = [p for p in named if p.priority == best_priority]
    chosen = max(top, key=lambda p: (_RANK.get(p.level or "unknown", 6) if p.level else 5.5, -top.index(p)))
    if chosen.divisions:
        others = {d.code for p in named if p is not chosen for d in p.divisions}
        candidates = [d for d in chosen.divisions if {a.code for a in gaz.ancestors(d)} & others] or list(chosen.divisions)
        if len(candidates) == 1:
            d = candidates[0]
            return d.name, d.code, d.level
        return chosen.name, "", _common_level(candidates)
    return chosen.name, "", chosen.level


def _dominant(text: str, gaz: Gazetteer, hint: str) -> Division | None:
    """The province (``hint`` provincial) or city (``hint`` city, a municipality included) a text names most, by its full or short
    name, when it is named at least 3 times and twice as often as the next."""
    counts: Counter = Counter()
    if hint == "provincial":
        candidates = [d for d in gaz.by_code.values() if d.level == "provincial"]
    else:
        candidates = [d for d in gaz.by_code.values() if d.name.endswith("市")]  # 北京市 too
    for d in candidates:
        n = text.count(d.name)
        for s in _short_forms(d.name):
            if gaz.short.get(s) is d:
                n = max(n, text.count(s))
        if n:
            counts[d.code] = n
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return gaz.by_code[ranked[0][0]]
    return None


def infer_covariates(
    text: str, *, title: str = "", title_span: tuple[int, int] | None = None, body_start: int | None = None,
    genre: str = "", year: int | None = None, issuer: str = "",
) -> Covariates:
    """Covariates of one document from its analysis text (simplified script).

    Args:
        text: the analysis text of the whole document.
        title, title_span: the detected title line and its offsets (``structure.title_span``).
        body_start: where the body begins (the first section); the header is read before it.
        genre: the document's genre (``gov_work_report`` gets an issuer such as 安徽省人民政府).
        year: the document's year (:attr:`textkit.dates.DateAnalysis.year`), passed through.
        issuer: the issuing body of the signature block, if any (中共鹤林县卫生局委员会).
    """
    if title and title_span is None:
        i = text.find(title)
        title_span = (i, i + len(title)) if i >= 0 else None
    body_start = len(text) if body_start is None else body_start
    gaz = gazetteer()
    pats = _patterns()
    lines, opening = _header(text, title_span, body_start)
    national = False
    places: list[_Place] = []
    hints: list[str] = []          # levels stated without a place (我代表省人民政府, 县长)
    speaker = ""
    header_text = "\n".join([title, *lines])
    opened = pats["opening"].search(opening, timeout=_TIMEOUT)  # 我代表国务院，向大会报告政府工作
    report = genre == "gov_work_report" or (opened is not None and "报告" in opening[opened.end() : opened.end() + 30])

    # 1. the dateline: 在安徽省第十四届人民代表大会 / 在第十三届全国人民代表大会
    for m in pats["congress"].finditer(header_text, timeout=_TIMEOUT):
        if m.group("national"):
            national = True
        elif m.group("place"):
            p = _place_before(m.group("place"), len(m.group("place")), gaz)
            if p is not None and p.name:
                p.priority = 0
                places.append(p)
            elif p is not None:
                hints.append(p.level or "city")  # 在省十四届人大二次会议上
    # 2. speaker lines: 国务院总理　李克强, 河北省人民政府省长 王正谱, 市长 张剑飞
    for line in lines:
        m = pats["speaker"].search(line, timeout=_TIMEOUT)
        if m and (m.group("office") != "主席" or "自治区" in m.group("body") or report):
            speaker = speaker or regex.sub(r"[ \u3000]", "", m.group("name"))
            office = m.group("office").lstrip("代理")
            if m.group("body").endswith("国务院") or office == "总理":
                national = True
            elif _OFFICE_LEVEL.get(office):
                hints.append(_OFFICE_LEVEL[office])
        r = pats["reporter"].search(line, timeout=_TIMEOUT)
        if r and not speaker:
            speaker = r.group("name")
    # 3. government bodies named in the title, the header lines and the opening: …人民政府 / 国务院
    body_sources = [(title, 1), *((line, 1) for line in lines)]
    if opened is not None:
        body_sources.append((opened.group("body"), 2))
    for s, priority in body_sources:
        if "国务院" in s and not gaz.find(s):
            national = True
        for g in pats["government"].finditer(s, timeout=_TIMEOUT):
            if g.start() and s[g.start() - 1] == "人" and g.group() == "政府":
                continue
            p = _place_before(s, g.start(), gaz)
            if p is None:
                continue
            if p.name:
                p.priority = priority
                places.append(p)
            else:
                hints.append(p.level or "city")
    # 4. the subject that opens the title, then the signature's issuing body
    subject_unit = False
    for s, priority in ((title, 3), (issuer, 4)):
        if not s:
            continue
        places.extend(_places_in(s, gaz, priority, at_start=True))
        lead = s[pats["title_lead"].match(s).end() :]
        for prefix, level in sorted(_LEVEL_PREFIX.items(), key=lambda kv: -len(kv[0])):
            if level and lead.startswith(prefix):
                hints.append(level)
                break
        subject = regex.split(r"[\d０-９〇○“”\"《（(]|关于|工作|年度|上半年|下半年|党的|保持|开展|学习|深入", lead, maxsplit=1)[0]
        if pats["unit"].search(subject, timeout=_TIMEOUT):
            subject_unit = True

    region, code, level = _resolve(places, gaz)
    if national and not region:
        region, code, level = "全国", "", "national"
    for hint in ("provincial", "city"):
        if not region and hint in hints:
            d = _dominant(text, gaz, hint)
            if d is not None:
                region, code, level = d.name, d.code, d.level
    if not level:
        ranked = sorted({h for h in hints if h in _RANK}, key=lambda h: _RANK[h])
        level = ranked[-1] if ranked else ""
    if subject_unit and level != "national":
        level = "unit"
    level = level or "unknown"

    gov_issuer = ""
    if report:
        if level == "national":
            gov_issuer = "国务院"
        elif region and level in ("provincial", "prefectural", "county", "township"):
            gov_issuer = region + "人民政府"
    return Covariates(year=year, region=region, region_code=code, admin_level=level,
                      issuer=gov_issuer, speaker=speaker)


# --------------------------------------------------------------------------- user metadata


class MetadataError(TextkitError, ValueError):
    """A metadata sheet that cannot be used (no key column, a duplicate key, a bad year or date)."""

    error_type = "metadata_error"


KEY_COLUMNS: tuple[str, ...] = ("path", "file", "file_name", "filename", "doc_id")
# documents columns a sheet may set (its value wins over the inferred one); other columns go to ``metadata``
OVERRIDABLE: tuple[str, ...] = (
    "title", "genre", "doc_number", "issuer", "year", "region", "region_code", "admin_level", "speaker",
    "doc_date", "period_start", "period_end",
)


@dataclass(frozen=True)
class MetadataSheet:
    """A researcher's sheet of document metadata, keyed by path, file name or doc_id."""

    source: str
    key_column: str
    columns: tuple[str, ...]
    rows: dict[str, tuple[tuple[str, str], ...]]  # normalised key -> (column, value) pairs, non-empty values

    def lookup(self, path: str, doc_id: str = "") -> tuple[str, tuple[tuple[str, str], ...]] | None:
        """``(key, values)`` of the row for a document: its doc_id, or the longest key that ends its path
        at a folder boundary (``dev/003.txt`` and ``003.txt`` both match ``../corpus/dev/003.txt``)."""
        if doc_id and doc_id in self.rows:
            return doc_id, self.rows[doc_id]
        parts = _norm_path(path).split("/")
        for i in range(len(parts)):
            key = "/".join(parts[i:])
            if key in self.rows:
                return key, self.rows[key]
        return None

    def unmatched(self, used: set[str]) -> list[str]:
        return sorted(k for k in self.rows if k not in used)


def _norm_path(path: str) -> str:
    return str(path).replace("\\", "/").strip().lstrip("./") if path else ""


def read_metadata(path: str | Path) -> MetadataSheet:
    """Read a metadata sheet (CSV, UTF-8 with or without BOM, or GB18030) with a key column
    (``path``, ``file``, ``file_name``, ``filename`` or ``doc_id``).

    Columns named like documents columns (``year``, ``region``, ``admin_level``, ``issuer``, ``speaker``,
    ``title``, …; see :data:`OVERRIDABLE`) replace the inferred values; the others are kept, as a JSON
    object, in the ``metadata`` column.  Raises :class:`MetadataError` with the row at fault.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MetadataError(f"cannot read the metadata sheet {path}: {exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise MetadataError(f"{path}: not UTF-8 or GB18030 text")
    reader = csv.reader(text.splitlines())
    header = [h.strip() for h in next(reader, [])]
    key_column = next((k for k in KEY_COLUMNS if k in header), None)
    if key_column is None:
        raise MetadataError(f"{path}: no key column; name one of {', '.join(KEY_COLUMNS)} (found: {', '.join(header) or 'nothing'})")
    if len(set(header)) != len(header):
        dup = sorted(h for h, n in Counter(header).items() if n > 1)
        raise MetadataError(f"{path}: repeated column {', '.join(dup)}")
    k = header.index(key_column)
    rows: dict[str, tuple[tuple[str, str], ...]] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        key = cells[k] if key_column == "doc_id" else _norm_path(cells[k])
        if not key:
            raise MetadataError(f"{path}, line {number}: empty {key_column}")
        if key in rows:
            raise MetadataError(f"{path}, line {number}: {key_column} {cells[k]!r} appears twice")
        values = []
        for column, value in zip(header, cells):
            if column == key_column or not value:
                continue
            _check_value(column, value, f"{path}, line {number}")
            values.append((column, value))
        rows[key] = tuple(values)
    return MetadataSheet(str(path), key_column, tuple(h for h in header if h != key_column), rows)


def _check_value(column: str, value: str, where: str) -> None:
    if column == "year" and not (value.isdigit() and 1000 <= int(value) <= 2999):
        raise MetadataError(f"{where}: year must be a four-digit year, not {value!r}")
    if column in ("doc_date", "period_start", "period_end"):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise MetadataError(f"{where}: {column} must be an ISO date (2024-01-09), not {value!r}") from None
    if column == "admin_level" and value not in LEVELS:
        raise MetadataError(f"{where}: admin_level must be one of {', '.join(LEVELS)}, not {value!r}")


def apply_metadata(info: DocumentInfo, values: Sequence[tuple[str, str]]) -> DocumentInfo:
    """``info`` with the sheet's values: documents columns replaced, other columns in ``metadata`` (JSON).

    >>> info = DocumentInfo("a.txt", "a.txt", region="长沙市")
    >>> new = apply_metadata(info, [("region", "湖南省长沙市"), ("party_secretary", "易炼红")])
    >>> new.region, new.metadata
    ('湖南省长沙市', '{"party_secretary": "易炼红"}')
    """
    changes: dict = {}
    extra = {}
    for column, value in values:
        if column in OVERRIDABLE:
            if column == "year":
                changes[column] = int(value)
            elif column in ("doc_date", "period_start", "period_end"):
                changes[column] = dt.date.fromisoformat(value)
            else:
                changes[column] = value
        else:
            extra[column] = value
    if extra:
        changes["metadata"] = json.dumps(extra, ensure_ascii=False)
    return replace(info, **changes) if changes else info
