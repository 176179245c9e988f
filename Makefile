# pinneberg-analysis: every output can be rebuilt from the raw inputs with one command.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -c "from pinneberg_analysis.nlp import preload; preload()"  # fill the word-list cache once
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package with its test tools

report: $(STAMP) ## Write the report for the bundled sample process to reports/sample
	$(VENV)/bin/pinneberg-analysis report data/sample --out reports/sample

test: $(STAMP) ## Check the import layers, then run the test suite (doctests, notebooks and browser tests included)
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q

bench: $(STAMP) ## Run the benchmarks (slow; results go to benchmarks/RESULTS.md by hand)
	$(PY) benchmarks/run_all.py

bench-scale: $(STAMP) ## Scale benchmark: the whole report at 1k and 10k contributions, cold and warm (slow)
	$(PY) benchmarks/scale.py --sizes 1000 10000

lab: $(STAMP) ## Start JupyterLab on the notebooks
	$(PY) -m pip install --quiet -e '.[dev,lab]'
	$(VENV)/bin/jupyter lab notebooks

clean: ## Remove generated reports and caches (keeps .venv)
	rm -rf reports/sample .pytest_cache

.PHONY: help install report test bench bench-scale lab clean
