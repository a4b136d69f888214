"""The wheel as a user installs it: built from this checkout, installed into a fresh virtualenv, run elsewhere.

Offline: the wheel is built without build isolation (setuptools comes from the test extras) and
installed with ``--no-deps --no-index``; the new virtualenv sees the test environment's packages
through a ``.pth`` line (the checkout itself is never on its path).  Slow (about a minute):
``pytest -m slow`` selects it, ``-m 'not slow'`` leaves it out.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def _run(args, cwd, env, check=True, timeout=900) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtualenv with the wheel installed: (its bin folder, a clean environment, the wheel)."""
    base = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_NO_INPUT"] = "1"
    source = base / "src"  # build from a copy, so the checkout gets no build/ or egg-info
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info",
                                                                "__pycache__", "out", ".pytest_cache", ".hypothesis"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(base / "dist"),
          str(source)], cwd=base, env=env)
    wheel = next((base / "dist").glob("textkit-*.whl"))
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=base, env=env)
    python = venv / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=base, env=env).stdout.strip()
    # the dependencies, from the test environment: a plain path line (its .pth files, such as the editable
    # install of this checkout, are not run)
    (Path(purelib) / "test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], cwd=base, env=env)
    env["TEXTKIT_CACHE_DIR"] = str(base / "cache")
    return venv / "bin", env, wheel


def test_the_wheel_carries_every_model_and_the_licence(installed):
    _, _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    for model in sorted((ROOT / "models").iterdir()):
        if model.is_file() and model.suffix not in (".py", ".pyc"):
            assert f"textkit/models/{model.name}" in names, model.name
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: MIT" in metadata


def test_extract_from_another_folder_uses_the_installed_package(installed, tmp_path):
    bin_dir, env, _ = installed
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in sorted((ROOT / "corpora" / "sample").iterdir())[:4]:
        shutil.copy(p, docs / p.name)
    where = _run([str(bin_dir / "python"), "-c", "import textkit, textkit.classify as c; print(textkit.__file__); print(c.DEFAULT_MODEL)"],
                 cwd=tmp_path, env=env).stdout.split()
    assert all(str(bin_dir.parent) in w for w in where), where  # not the checkout
    for run in (1, 2):  # the second run loads the compiled section model from the cache
        result = _run([str(bin_dir / "textkit"), "extract", "docs", "-o", f"out{run}"], cwd=tmp_path, env=env)
        assert "4 documents ok, 0 failed" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert list((Path(env["TEXTKIT_CACHE_DIR"])).glob("sections-*.npz"))
    with open(tmp_path / "out2" / "sections.csv", encoding="utf-8-sig", newline="") as f:
        labels = {row["label"] for row in csv.DictReader(f)}
    assert len(labels) > 3  # the model labelled them
    assert (tmp_path / "out1" / "sections.csv").read_bytes() == (tmp_path / "out2" / "sections.csv").read_bytes()
    info = _run([str(bin_dir / "textkit"), "info"], cwd=tmp_path, env=env).stdout
    assert "sections.skops" in info and "sha256" in info and str(bin_dir.parent) in info


def test_train_from_an_installed_package(installed, tmp_path):
    bin_dir, env, _ = installed
    result = _run([str(bin_dir / "textkit"), "train", "sections"], cwd=tmp_path, env=env, check=False)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--corpus" in result.stderr, result.stderr
    model = tmp_path / "my_sections.skops"
    _run([str(bin_dir / "textkit"), "-q", "train", "sections", "--corpus", str(ROOT / "corpora" / "sections"),
          "--out", str(model)], cwd=tmp_path, env=env)
    assert model.stat().st_size > 100_000
    (tmp_path / "a.txt").write_text("2023年工作总结\n一、主要工作\n召开座谈会8次。\n二、存在问题\n人手不足。\n", encoding="utf-8")
    _run([str(bin_dir / "textkit"), "-q", "extract", "a.txt", "-o", "out", "--model", str(model)], cwd=tmp_path, env=env)


def test_a_missing_model_is_one_line_and_exit_2(installed, tmp_path):
    bin_dir, env, _ = installed
    broken = tmp_path / "broken.skops"
    broken.write_bytes(b"not a model")
    (tmp_path / "a.txt").write_text("一、主要工作\n召开座谈会8次。\n", encoding="utf-8")
    result = _run([str(bin_dir / "textkit"), "extract", "a.txt", "-o", "out", "--model", str(broken)],
                  cwd=tmp_path, env=env, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("error: section model") and result.stderr.count("\n") == 1, result.stderr
    assert "textkit train sections --corpus DIR --out" in result.stderr


# the module each distribution is imported as, where the two names differ
_MODULES = {"scikit-learn": "sklearn", "pdfminer.six": "pdfminer", "python-crfsuite": "pycrfsuite",
            "pyahocorasick": "ahocorasick", "dask": "distributed"}


def _declared() -> tuple[list[str], set[str]]:
    """The distributions of [project] dependencies, and those of every optional extra too."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = lambda dep: re.match(r"[A-Za-z0-9_.\-]+", dep).group()  # noqa: E731
    core = [name(d) for d in project["dependencies"]]
    return core, set(core) | {name(d) for extra in project["optional-dependencies"].values() for d in extra}


def _imported() -> set[str]:
    """The top-level modules outside the standard library that textkit's code imports."""
    import ast

    mods: set[str] = set()
    for p in (ROOT / "textkit").rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                mods |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods.add(node.module.split(".")[0])
    return {m for m in mods if m not in sys.stdlib_module_names and m != "textkit"}


def test_every_declared_dependency_is_imported_by_textkit():
    """A dependency nothing imports is weight every user installs (charset-normalizer once was one)."""
    core, _ = _declared()
    imported = _imported()
    assert [d for d in core if _MODULES.get(d, d.replace("-", "_")) not in imported] == []


def test_every_module_textkit_imports_is_declared():
    """A module that only comes with another package breaks when that package goes (lxml came with
    python-docx)."""
    _, declared = _declared()
    provided = {_MODULES.get(d, d.replace("-", "_")) for d in declared}
    assert sorted(_imported() - provided) == []
