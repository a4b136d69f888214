"""Tests for textkit.report: the self-contained HTML page, its CJK charts, and Chromium's console."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest

from textkit import report

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")

needs_extra = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None or importlib.util.find_spec("mplfonts") is None,
    reason="the report extra is not installed (pip install textkit[report])",
)


@pytest.fixture(scope="module")
def sample_outdir(tmp_path_factory) -> Path:
    from textkit.batch import run_extract

    out = tmp_path_factory.mktemp("sample") / "sample"
    run_extract([str(ROOT / "corpora" / "sample")], out)
    return out


@pytest.fixture(scope="module")
def page_path(sample_outdir, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report.write_report([sample_outdir], path)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing[:3]
    return path


@needs_extra
def test_font_is_the_packaged_cjk_font():
    assert report.cjk_font() == "Noto Sans CJK SC"


@needs_extra
def test_chinese_chart_text_has_every_glyph():
    from matplotlib import rc_context

    coverage = pd.DataFrame({
        "run": ["r", "r"], "doc_id": ["a", "b"], "label": ["problems", "problems"],
        "present": [True, True], "share": [0.2, 0.4],
    })
    with warnings.catch_warnings(record=True) as caught, rc_context(report.chart_style()):
        warnings.simplefilter("always")
        img = report.coverage_chart(coverage, {("r", "a"): "区经委工作小结", ("r", "b"): "鹤林县卫生局（二〇〇五年）"})
    assert img.startswith('<img alt="" src="data:image/png;base64,')
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_missing_extra_gives_the_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "mplfonts", None)
    report.cjk_font.cache_clear()
    try:
        with pytest.raises(report.ReportDependencyError, match=r"pip install textkit\[report\]"):
            report.chart_style()
    finally:
        monkeypatch.undo()
        report.cjk_font.cache_clear()


@pytest.mark.parametrize(
    "text, spans, expected",
    [
        ("3月13日召开座谈会7次", [(0, 5, "date", "2009-03-13"), (10, 12, "stat", "7")],
         '<mark class="date" title="2009-03-13">3月13日</mark>召开座谈会<mark class="stat" title="7">7次</mark>'),
        # overlapping spans: the earlier, then the longer, wins
        ("金山区经济委员会主任", [(0, 8, "ent ent-org_gov", "x"), (2, 4, "ent ent-loc", "y")],
         '<mark class="ent ent-org_gov" title="x">金山区经济委员会</mark>主任'),
        # text is escaped, spans past the end are dropped
        ("<b>周启明</b>", [(3, 6, "ent ent-person", 'a"b'), (5, 99, "stat", "z")],
         '&lt;b&gt;<mark class="ent ent-person" title="a&quot;b">周启明</mark>&lt;/b&gt;'),
        ("没有标记", [], "没有标记"),
    ],
)
def test_highlight(text, spans, expected):
    assert report.highlight(text, spans) == expected


@pytest.mark.parametrize("value, expected", [
    (1.39e9, "13.9亿"), (25000, "2.5万"), (96, "96"), (0.5, "0.5"), (8.27e13, "82.7万亿"), (1e12, "1万亿"), (-3e8, "-3亿"),
])
def test_human_numbers(value, expected):
    assert report._human(value) == expected


@needs_extra
def test_page_is_self_contained(page_path):
    page = page_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for bad in ('src="http', "src='http", 'href="http', "<script", "@import", "url(http", "<link rel=\"stylesheet\""):
        assert bad not in page
    for anchor in ("overview", "coverage", "metrics", "similarity", "reuse", "documents"):
        assert f'id="{anchor}"' in page
    assert page.count("data:image/png;base64,") >= 3
    for cls in ('class="stat"', 'class="date"', 'class="ent ent-person"', 'class="ent ent-org_gov"'):
        assert cls in page


@needs_extra
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_page_opens_in_chromium_without_console_errors(page_path, tmp_path):
    profile = tempfile.mkdtemp(prefix="textkit-chromium-")
    shot = tmp_path / "shot.png"
    try:
        proc = subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--enable-logging=stderr", "--v=0", f"--screenshot={shot}", "--window-size=1400,3000",
             page_path.as_uri()],
            capture_output=True, text=True, timeout=180, env={**os.environ, "LANG": "C.UTF-8"},
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line or "Failed to load resource" in line]
    assert not console, console[:5]
    assert shot.exists() and shot.stat().st_size > 10_000


@needs_extra
def test_page_is_byte_reproducible(sample_outdir, page_path, tmp_path):
    import re

    again = tmp_path / "again.html"
    report.write_report([sample_outdir], again)
    assert again.read_bytes() == page_path.read_bytes()
    page = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page_path.read_text(encoding="utf-8"))
    assert not re.search(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|UTC|GMT", page)  # no timestamp anywhere


@needs_extra
def test_page_is_the_same_in_another_process(sample_outdir, page_path, tmp_path):
    out = tmp_path / "other.html"
    code = f"from textkit.report import write_report; write_report([{str(sample_outdir)!r}], {str(out)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONHASHSEED": "123"}, timeout=600)
    assert out.read_bytes() == page_path.read_bytes()


def _series(rows):
    columns = ["doc_id", "year", "region", "admin_level", "metric", "kind", "value", "value_max", "unit", "qualifier",
               "period_start", "period_end", "text", "char_start", "char_end", "section_id"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    for c in ("period_start", "period_end"):
        frame[c] = pd.to_datetime(frame[c])
    return frame


@needs_extra
def test_metric_charts_are_series_by_year_per_region():
    from matplotlib import rc_context

    series = _series([
        ("a", 2023, "甘肃省", "provincial", "gdp_growth", "actual", 6.4, None, "%", "", "2022-01-01", "2022-12-31", "", 0, 1, ""),
        ("a", 2023, "甘肃省", "provincial", "gdp_growth", "target", 6.5, None, "%", "左右", "2023-01-01", "2023-12-31", "", 0, 1, ""),
        ("b", 2024, "甘肃省", "provincial", "gdp_growth", "actual", 6.4, None, "%", "", "2023-01-01", "2023-12-31", "", 0, 1, ""),
        ("b", 2024, "甘肃省", "provincial", "gdp_growth", "target", 5, 5.5, "%", "", "2024-01-01", "2024-12-31", "", 0, 1, ""),
        ("c", 2024, "全国", "national", "gdp_growth", "target", 5, None, "%", "左右", "2024-01-01", "2024-12-31", "", 0, 1, ""),
        ("c", 2024, "全国", "national", "cpi", "target", 3, None, "%", "左右", "2024-01-01", "2024-12-31", "", 0, 1, ""),
    ])
    with warnings.catch_warnings(record=True) as caught, rc_context(report.chart_style()):
        warnings.simplefilter("always")
        charts = report.metric_charts(series, pd.DataFrame())
    assert len(charts) == 1  # cpi is in one document only: no chart
    assert charts[0].startswith('<img alt="" src="data:image/png;base64,')
    assert not [w for w in caught if "missing from" in str(w.message)]
