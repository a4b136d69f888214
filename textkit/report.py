"""One self-contained HTML page comparing the documents of ``extract`` runs.

The page has an overview of the corpus, a coverage heatmap of section labels, metric
comparisons, the most similar and most copied document pairs, and every document with its
entities, dates and statistics marked (``<mark class="ent-person">``, ``"date"``, ``"stat"`` …).
It fetches nothing: charts are inline base64 PNG drawn by matplotlib with the Noto Sans CJK
font shipped in the ``mplfonts`` wheel (so 区经委, 国内生产总值 never turn into empty boxes),
and there is no script.  Needs the extra: ``pip install textkit[report]``.

>>> write_report(["out/"], "cmp/report.html")                     # doctest: +SKIP
"""

from __future__ import annotations

import base64
import functools
import html
import io
import string
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import resources
from ._version import __version__
from .errors import TextkitError

FONT_FILE = "NotoSansCJKsc-Regular.otf"
INSTALL_HINT = "pip install textkit[report]"


class ReportDependencyError(TextkitError, ImportError):
    """The report needs matplotlib and mplfonts: ``pip install textkit[report]``."""


@functools.cache
def cjk_font() -> str:
    """Register the CJK font packaged in ``mplfonts`` with matplotlib and return its family name.

    The font is read from the installed package's files, never fetched.

    >>> cjk_font()                                                 # doctest: +SKIP
    'Noto Sans CJK SC'
    """
    try:
        import matplotlib
        import mplfonts
        from matplotlib import font_manager
    except ImportError as exc:
        raise ReportDependencyError(
            f"the HTML report needs matplotlib and mplfonts (a packaged CJK font): {INSTALL_HINT}"
        ) from exc
    del matplotlib
    path = Path(mplfonts.__file__).parent / "fonts" / FONT_FILE
    if not path.is_file():
        raise ReportDependencyError(f"the mplfonts package has no {FONT_FILE}; reinstall it: {INSTALL_HINT}")
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def chart_style() -> dict:
    """matplotlib rc settings for charts with Chinese text (use with ``matplotlib.rc_context``)."""
    return {"font.family": [cjk_font()], "axes.unicode_minus": False, "font.size": 9}


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=110, layout="constrained")


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})  # no version or date: the same bytes every run
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{data}">'


def _short(text: str, n: int = 18) -> str:
    text = str(text or "")
    return text if len(text) <= n else text[: n - 1] + "…"


def _doc_names(documents: pd.DataFrame) -> dict[tuple[str, str], str]:
    multi = documents["run"].nunique() > 1
    names = {}
    for run, doc_id, title in zip(documents["run"], documents["doc_id"], documents["title"].fillna("")):
        name = _short(title or doc_id, 22)
        names[(run, doc_id)] = f"{name} ({run})" if multi else name
    return names


# --------------------------------------------------------------------------- charts


def coverage_chart(coverage: pd.DataFrame, names: dict) -> str:
    """Heatmap: documents × section labels, colour = share of the document's text."""
    import numpy as np

    labels = [lab for lab in dict.fromkeys(coverage["label"]) if coverage.loc[coverage["label"] == lab, "present"].any()]
    docs = list(dict.fromkeys(zip(coverage["run"], coverage["doc_id"])))
    if not labels or not docs:
        return ""
    grid = coverage.pivot_table(index=["run", "doc_id"], columns="label", values="share", aggfunc="first").reindex(index=docs, columns=labels)
    values = grid.to_numpy(dtype=float)
    fig = _figure(min(2.5 + 0.62 * len(labels), 14), min(1.2 + 0.32 * len(docs), 40))
    ax = fig.add_subplot()
    im = ax.imshow(values, aspect="auto", cmap="YlGnBu", vmin=0, vmax=max(0.3, float(np.nanmax(values))))
    ax.set_xticks(range(len(labels)), labels, rotation=40, ha="right")
    ax.set_yticks(range(len(docs)), [names.get(d, d[1]) for d in docs])
    if len(docs) <= 60:
        for i in range(len(docs)):
            for j in range(len(labels)):
                if values[i, j] > 0:
                    ax.text(j, i, f"{values[i, j]:.0%}", ha="center", va="center", fontsize=7,
                            color="white" if values[i, j] > 0.25 else "#1d2733")
    ax.set_title("各文档章节类别占全文比例（coverage.share）")
    fig.colorbar(im, ax=ax, shrink=0.6, label="占比")
    return _png(fig)


def _human(value: float, _pos=None) -> str:
    """Axis numbers in 万/亿/万亿: ``_human(1.39e9)`` → ``'13.9亿'``, ``_human(8.27e13)`` → ``'82.7万亿'``."""
    for size, unit in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{value / size:.4g}{unit}"
    return f"{value:.4g}"


_KIND_STYLE = {  # kind -> (label, line style, marker, filled)
    "actual": ("实际", "-", "o", True), "estimate": ("预计", ":", "s", True),
    "target": ("目标", "--", "D", False), "plan": ("规划", "", "^", False),
}


_KIND_COLOR = {"actual": "#2f6db5", "estimate": "#6b8fb8", "target": "#d0603a", "plan": "#8a6bb8"}


def _series_points(series: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Series rows with the year each figure describes and the region (or issuer) it belongs to."""
    points = series[series["kind"].isin(["actual", "estimate", "target"])].copy()
    if points.empty:
        return points
    points["described"] = [pd.Timestamp(v).year if not pd.isna(v) else None for v in points["period_end"]]
    points = points.dropna(subset=["described", "value"])
    points["described"] = points["described"].astype(int)
    points["place"] = [r if r else "（地区不详）" for r in points["region"].fillna("")]
    return points


def metric_charts(series: pd.DataFrame, documents: pd.DataFrame, *, max_charts: int = 6, max_panels: int = 8) -> list[str]:
    """Small multiples, one figure per metric: a panel per region (or issuer), the figure by the year it
    describes, actual (solid) against target (dashed), so the target of year N faces what year N achieved
    (reported in N+1).  Only metrics with figures from two or more documents; never a ranking of
    unrelated documents on one axis."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    points = _series_points(series, documents)
    if points.empty:
        return []
    spread = points.groupby(["metric", "unit"])["doc_id"].nunique().sort_values(ascending=False, kind="stable")
    charts = []
    for (metric, unit), n_docs in spread.items():
        if n_docs < 2 or len(charts) >= max_charts:
            continue
        rows = points[(points["metric"] == metric) & (points["unit"] == unit)]
        sizes = rows.groupby("place").size().sort_values(ascending=False, kind="stable")
        places = sorted(sizes.index[:max_panels], key=lambda p: (-sizes[p], p))
        cols = min(len(places), 4)
        nrows = (len(places) + cols - 1) // cols
        fig = _figure(1.0 + 2.6 * cols, 0.6 + 2.1 * nrows)
        axes = fig.subplots(nrows, cols, squeeze=False)  # each region its own scale (a county is not the nation)
        handles: dict[str, object] = {}
        for ax, place in zip(axes.ravel(), places):
            sub = rows[rows["place"] == place]
            for kind, (label, style, marker, filled) in _KIND_STYLE.items():
                k = sub[sub["kind"] == kind].groupby("described", sort=True)["value"].first()
                if k.empty:
                    continue
                (line,) = ax.plot(k.index, k.to_numpy(dtype=float), linestyle=style or "none", marker=marker, markersize=5,
                                  markerfacecolor=None if filled else "white", color=_KIND_COLOR[kind], label=label)
                handles.setdefault(label, line)
                ranged = sub[(sub["kind"] == kind) & sub["value_max"].notna()]
                if len(ranged):  # a range target (5%—5.5%): a bar from one end to the other
                    ax.vlines(ranged["described"], ranged["value"].astype(float), ranged["value_max"].astype(float),
                              color=_KIND_COLOR[kind], linewidth=2, alpha=0.6)
            lo, hi = int(sub["described"].min()), int(sub["described"].max())
            ax.set_xlim(lo - 1, hi + 1)
            ax.set_title(place, fontsize=9)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
            ax.yaxis.set_major_formatter(FuncFormatter(_human))
            ax.grid(alpha=0.3)
            ax.margins(y=0.25)
        for ax in axes.ravel()[len(places):]:
            ax.set_visible(False)
        fig.legend(list(handles.values()), list(handles), loc="outside lower center", ncols=len(handles), fontsize=8)
        fig.suptitle(f"{metric}（单位：{unit or '—'}；横轴为数字所指的年份）", fontsize=9)
        charts.append(_png(fig))
    return charts


def similarity_chart(similarity: pd.DataFrame, names: dict, docs: list) -> str:
    """Heatmap of document × document TF-IDF cosine (pairs not kept in ``similarity`` are blank)."""
    import numpy as np

    if len(docs) < 2 or len(docs) > 80 or similarity.empty:
        return ""
    index = {d: i for i, d in enumerate(docs)}
    grid = np.full((len(docs), len(docs)), np.nan)
    for ra, da, rb, db, c in zip(similarity["run_a"], similarity["doc_id_a"], similarity["run_b"], similarity["doc_id_b"], similarity["cosine"]):
        i, j = index[(ra, da)], index[(rb, db)]
        grid[i, j] = grid[j, i] = c
    side = min(2.5 + 0.32 * len(docs), 24)
    fig = _figure(side + 1.5, side)
    ax = fig.add_subplot()
    im = ax.imshow(grid, cmap="OrRd", vmin=0, vmax=1)
    labels = [names.get(d, d[1]) for d in docs]
    ax.set_xticks(range(len(docs)), labels, rotation=60, ha="right")
    ax.set_yticks(range(len(docs)), labels)
    ax.set_title("文档相似度（TF-IDF 余弦）")
    fig.colorbar(im, ax=ax, shrink=0.6)
    return _png(fig)


# --------------------------------------------------------------------------- html pieces


def _table(frame: pd.DataFrame, columns: Sequence[str] | None = None, *, numeric: Sequence[str] = ()) -> str:
    columns = list(columns or frame.columns)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for row in frame[columns].itertuples(index=False, name=None):
        cells = []
        for c, v in zip(columns, row):
            text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
            if isinstance(v, pd.Timestamp):
                text = v.date().isoformat()
            cls = ' class="num"' if c in numeric else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure_html(img: str, caption: str) -> str:
    return f"<figure>{img}<figcaption>{html.escape(caption)}</figcaption></figure>" if img else ""


def highlight(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """``text`` as HTML with ``<mark class=CLASS title=TITLE>`` around each (start, end, class, title) span.

    Overlapping spans: the earlier (then the longer) one wins.

    >>> highlight("3月13日召开座谈会7次", [(0, 5, "date", "2009-03-13"), (10, 12, "stat", "7")])
    '<mark class="date" title="2009-03-13">3月13日</mark>召开座谈会<mark class="stat" title="7">7次</mark>'
    """
    out, pos = [], 0
    for start, end, cls, title in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="{html.escape(cls)}" title="{html.escape(title)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _document_spans(corpus_tables: dict, run: str, doc_id: str) -> list[tuple[int, int, str, str]]:
    spans = []

    def rows(name):
        t = corpus_tables[name]
        return t[(t["run"] == run) & (t["doc_id"] == doc_id)]

    for r in rows("statistics").itertuples(index=False):
        title = f"{r.metric or r.indicator or ''} = {_num(r.value)} {r.unit or ''} ({r.kind})".strip()
        spans.append((int(r.char_start), int(r.char_end), "stat", title))
    for r in rows("dates").itertuples(index=False):
        start = "" if pd.isna(r.start) else pd.Timestamp(r.start).date().isoformat()
        end = "" if pd.isna(r.end) else pd.Timestamp(r.end).date().isoformat()
        spans.append((int(r.char_start), int(r.char_end), "date", f"{r.granularity}: {start}/{end}"))
    for r in rows("entities").itertuples(index=False):
        title = f"{r.label}: {r.canonical or r.text}" + (f" [{r.roles}]" if r.roles else "")
        spans.append((int(r.char_start), int(r.char_end), f"ent ent-{str(r.label).lower()}", title))
    return spans


def _num(value) -> str:
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


# --------------------------------------------------------------------------- page


def render_report(
    outdirs: Sequence[str | Path], *, tables: dict[str, pd.DataFrame] | None = None, max_documents: int = 200,
    title: str = "textkit 文档比较报告",
) -> str:
    """The report page for ``outdirs`` as an HTML string (``tables`` from :func:`textkit.compare.compare`
    are reused when given, else computed)."""
    from matplotlib import rc_context

    from .compare import _compare_corpus, load_corpus

    style = chart_style()  # fails early, with the install hint, when the extra is missing
    corpus = load_corpus(outdirs)
    if tables is None:
        tables, _ = _compare_corpus(corpus)
    documents = tables["documents"]
    ok_docs = list(corpus.order)
    names = _doc_names(documents)
    runs = list(dict.fromkeys(documents["run"]))
    body, nav = [], []

    def section(anchor: str, heading: str, content: str) -> None:
        nav.append(f'<a href="#{anchor}">{html.escape(heading)}</a>')
        body.append(f'<section id="{anchor}"><h2>{html.escape(heading)}</h2>{content}</section>')

    with rc_context(style):
        # overview
        ct = corpus.tables
        cards = [
            ("文档", len(ok_docs)), ("运行（OUTDIR）", len(runs)), ("字符", sum(len(t) for t in corpus.texts.values())),
            ("章节", len(ct["sections"])), ("实体", len(ct["entities"])), ("日期", len(ct["dates"])),
            ("统计数字", len(ct["statistics"])), ("读取失败", int((documents["status"] != "ok").sum())),
        ]
        overview = '<div class="cards">' + "".join(
            f'<div class="card"><b>{n:,}</b>{html.escape(k)}</div>' for k, n in cards) + "</div>"
        genres = documents.groupby("genre", dropna=False).size().rename("n_documents").reset_index()
        overview += "<h3>体裁 genre</h3>" + _table(genres, numeric=["n_documents"])
        doc_view = documents.copy()
        for c in ("doc_date", "period_start", "period_end"):
            doc_view[c] = [v.date().isoformat() if not pd.isna(v) else "" for v in doc_view[c]]
        overview += "<h3>文档 documents</h3>" + _table(
            doc_view, ["run", "doc_id", "title", "genre", "year", "region", "admin_level", "issuer", "speaker", "doc_date",
                       "period_start", "period_end", "n_chars", "n_sections", "status"],
            numeric=["n_chars", "n_sections"])
        section("overview", "概览 Overview", overview)

        # coverage
        cov = tables["coverage"]
        content = _figure_html(coverage_chart(cov, names), "每格为该类别章节（按最内层章节计）所占文档字符的比例；空白为无此类章节。")
        presence = cov.groupby("label", sort=False)["present"].mean().rename("share_of_documents").round(3).reset_index()
        content += "<h3>各类别出现在多少文档中</h3>" + _table(presence, numeric=["share_of_documents"])
        section("coverage", "章节覆盖 Coverage", content)

        # metrics
        metrics = tables["metrics"]
        charts = metric_charts(tables["series"], documents)
        caption = "各地区（发文机关）该指标的主要数字（series），按其所指年份：实线为实际，虚线为目标"
        content = '<div class="charts">' + "".join(_figure_html(c, caption) for c in charts) + "</div>"
        if not charts:
            content += '<p class="note">没有在两个以上文档中出现的指标。</p>'
        counts = metrics.groupby(["metric", "unit", "kind"], dropna=False).agg(
            n_documents=("doc_id", "nunique"), n_mentions=("doc_id", "size")).reset_index().sort_values("n_documents", ascending=False)
        content += "<h3>指标 metrics</h3>" + _table(counts.head(40), numeric=["n_documents", "n_mentions"])
        section("metrics", "指标比较 Metrics", content)

        # similarity
        sim = tables["similarity"]
        content = _figure_html(similarity_chart(sim, names, ok_docs), "TF-IDF（jieba 分词）余弦相似度")
        content += "<h3>最相似的文档对</h3>" + _table(sim.head(20), ["title_a", "doc_id_a", "title_b", "doc_id_b", "cosine"], numeric=["cosine"])
        secsim = tables["section_similarity"]
        if len(secsim):
            top = secsim.sort_values("cosine", ascending=False).groupby("label", sort=False).head(2).head(20)
            content += "<h3>同类章节最相似的对</h3>" + _table(top, ["label", "doc_id_a", "heading_a", "doc_id_b", "heading_b", "cosine"], numeric=["cosine"])
        section("similarity", "相似度 Similarity", content)

        # reuse
        pairs, reuse = tables["reuse_pairs"], tables["reuse"]
        if len(pairs):
            content = "<h3>复用文字最多的文档对</h3>" + _table(
                pairs.head(20), ["title_a", "doc_id_a", "title_b", "doc_id_b", "n_passages", "chars_a", "chars_b", "share_a", "share_b", "max_similarity"],
                numeric=["n_passages", "chars_a", "chars_b", "share_a", "share_b", "max_similarity"])
            content += "<h3>共享段落（最长的 20 段）</h3>"
            for r in reuse.sort_values("n_chars", ascending=False).head(20).itertuples(index=False):
                content += (
                    f"<p><b>{html.escape(r.doc_id_a)}</b> [{r.char_start_a}:{r.char_end_a}] ↔ <b>{html.escape(r.doc_id_b)}</b> "
                    f"[{r.char_start_b}:{r.char_end_b}] · 相似度 {r.similarity}</p>"
                    f'<div class="passage">{html.escape(r.text_a)}</div><div class="passage">{html.escape(r.text_b)}</div>'
                )
        else:
            content = '<p class="note">没有发现文档之间共享的段落。</p>'
        section("reuse", "文字复用 Reuse", content)

        # keywords
        kw = tables["keywords"]
        lab = kw[kw["scope"] == "label"]
        if len(lab):
            rows = lab.groupby("label", sort=False)["term"].apply(lambda s: "、".join(s.head(12))).rename("terms").reset_index()
            content = "<h3>各章节类别的特征词</h3>" + _table(rows)
        else:
            content = '<p class="note">没有关键词。</p>'
        section("keywords", "关键词 Keywords", content)

        # documents
        legend = (
            '<p class="legend"><mark class="ent ent-person">人名</mark><mark class="ent ent-org_gov">机关</mark>'
            '<mark class="ent ent-org_company">企业</mark><mark class="ent ent-org_other">其他组织</mark>'
            '<mark class="ent ent-loc">地名</mark><mark class="date">日期</mark><mark class="stat">统计数字</mark></p>'
        )
        parts = [legend]
        nm = tables["names"]
        for run, doc_id in ok_docs[:max_documents]:
            info = documents[(documents["run"] == run) & (documents["doc_id"] == doc_id)].iloc[0]
            people = nm[(nm["run"] == run) & (nm["doc_id"] == doc_id)]
            text = corpus.raw[(run, doc_id)]
            marked = highlight(text, _document_spans(ct, run, doc_id))
            meta = " · ".join(html.escape(str(x)) for x in (run, doc_id, info["genre"], info["issuer"]) if x)
            parts.append(
                f'<details class="doc" id="doc-{html.escape(run)}-{html.escape(doc_id)}"><summary>{html.escape(info["title"] or doc_id)}'
                f' <span class="note">{meta}</span></summary>'
                + (_table(people, ["label", "canonical", "n_mentions", "roles", "variants"], numeric=["n_mentions"]) if len(people) else "")
                + f'<div class="doctext">{marked}</div></details>'
            )
        if len(ok_docs) > max_documents:
            parts.append(f'<p class="note">Only the first {max_documents} of {len(ok_docs)} documents are shown.</p>')
        section("documents", "文档 Documents", "".join(parts))

    page = string.Template(resources.read_text("report_page.html"))
    return page.substitute(
        title=html.escape(title), style=resources.read_text("report_style.css"), nav="".join(nav), body="\n".join(body),
        subtitle=html.escape(" · ".join(runs)), version=__version__,
    )


def write_report(
    outdirs: Sequence[str | Path], path: str | Path, *, tables: dict[str, pd.DataFrame] | None = None, max_documents: int = 200,
) -> Path:
    """Write the report page for ``outdirs`` to ``path`` (UTF-8) and return the path.

    Raises :class:`ReportDependencyError` (``pip install textkit[report]``) without matplotlib/mplfonts.
    """
    page = render_report(outdirs, tables=tables, max_documents=max_documents)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_text(page, encoding="utf-8")
    part.replace(path)
    return path
