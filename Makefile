# textkit: the two commands of the quick start, and the rest.
#   make demo   create .venv, install textkit, extract the bundled sample corpus to out/, score it, show a preview
#   make test   create .venv, install textkit with its test extras, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# setuptools announces every editable install ("Editable installation … be careful with folders …"): not news here
export PYTHONWARNINGS := ignore:Editable installation

.PHONY: demo test test-wheel install install-test evaluate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	$(BIN)/textkit extract corpora/sample -o out/
	$(BIN)/textkit evaluate out/ corpora/gold/sample/*.json
	@echo
	$(BIN)/textkit show out/ --rows 3

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# the wheel as users install it: build, install into a fresh virtualenv, run from another folder (also part of make test)
test-wheel: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m slow tests/test_packaging.py

# accuracy on the project's gold sets (../shared is present on the developers' machines)
evaluate: $(VENV)/.installed
	$(BIN)/textkit extract ../shared/corpus -o out/shared
	$(BIN)/textkit evaluate out/shared ../shared/eval/gold/*.json

clean:
	rm -rf out/ .pytest_cache build *.egg-info
