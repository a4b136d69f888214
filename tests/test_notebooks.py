"""The notebooks in notebooks/ run top to bottom (on the bundled sample corpus; 04 on the dev government
work reports when ../shared is present), so they never rot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_three_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01_quickstart.ipynb", "02_compare_sections.ipynb", "03_indicators_over_time.ipynb",
        "04_target_vs_realised.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path):
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    pytest.importorskip("mplfonts")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "missing from font" not in text


PROBE = """
import json
points = {}
for ax in fig.axes:
    region = ax.get_title().split("：")[0]
    for line in ax.get_lines():
        kind = {"目标 target": "target", "实际 realised": "realised"}.get(line.get_label())
        if kind:
            points.setdefault(region, {})[kind] = [[int(x), float(y)] for x, y in zip(line.get_xdata(), line.get_ydata()) if y == y]
print("PROBE" + json.dumps(points, ensure_ascii=False))
"""


@pytest.mark.skipif(not (ROOT.parent / "shared" / "corpus" / "dev").is_dir(), reason="../shared is not present on this machine")
def test_target_vs_realised_figure_shows_every_dev_report(monkeypatch):
    """Each dev report's GDP growth target (year N) and the growth it reports (year N-1) are points of its region."""
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    pytest.importorskip("mplfonts")
    from test_compare import DEV_SERIES

    monkeypatch.delenv("TEXTKIT_CORPUS", raising=False)
    path = ROOT / "notebooks" / "04_target_vs_realised.ipynb"
    nb = nbformat.read(path, as_version=4)
    chart = next(i for i, c in enumerate(nb.cells) if "plt.subplots" in c.source)
    nb.cells[chart].source = nb.cells[chart].source.replace("plt.show()", "")
    nb.cells.insert(chart + 1, nbformat.v4.new_code_cell(PROBE))
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    out = "".join(o.get("text", "") for o in nb.cells[chart + 1].outputs)
    points = json.loads(out.split("PROBE", 1)[1])
    regions = {"003.txt": "全国", "004.txt": "全国", "007.txt": "全国", "008.txt": "全国", "010.txt": "安徽省", "011.txt": "河北省"}
    for name, (year, _, growth, (target, _, _)) in DEV_SERIES.items():
        assert [year, target] in points[regions[name]]["target"], name
        assert [year - 1, growth] in points[regions[name]]["realised"], name
