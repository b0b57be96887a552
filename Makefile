# Set-up and the everyday commands. Every target makes the virtual environment first;
# pip runs again only when pyproject.toml is newer than the stamp it leaves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := sitrep tests bench

.PHONY: setup run test lint bench clean

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --progress-bar off -e '.[dev]'
	touch $(STAMP)

# The main job on the embedded default (sitrep.db, SQLite): store the bundled samples, then read them
# as an analyst would. Re-running it stores nothing twice.
run: setup
	$(BIN)/sitrep ingest sitrep/samples/*.txt --quiet
	$(BIN)/sitrep hypotheses init belarus-front --file sitrep/samples/belarus-front.yaml --replace
	$(BIN)/sitrep report
	$(BIN)/sitrep timeline
	$(BIN)/sitrep summary --actor Belarus --since 2022-09-01
	$(BIN)/sitrep ach belarus-front

test: setup
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

bench: setup
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
