# textkit: the two commands of the quick start, and the rest.
#   make demo   create .venv, install textkit, extract the bundled sample corpus to out/
#   make test   create .venv, install textkit with its test extras, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test evaluate bench clean

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

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# accuracy on the project's gold sets (../shared is present on the developers' machines)
evaluate: $(VENV)/.installed
	$(BIN)/textkit extract ../shared/corpus -o out/shared
	$(BIN)/textkit evaluate out/shared ../shared/eval/gold/*.json

clean:
	rm -rf out/ .pytest_cache build *.egg-info
