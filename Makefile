# Quick start:  make lab   (set up and open the workbook)   ·   make test   (set up and run every test)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.okrkit-installed
# the hub test's proxy (npm's configurable-http-proxy), pinned, installed next to the venv
CHP_VERSION := 5.3.0
CHP    := .cache/chp/node_modules/.bin/configurable-http-proxy

.PHONY: setup lab test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

$(CHP):
	@command -v npm >/dev/null || { echo "make: npm is missing: the hub test needs node and npm (apt-get install nodejs npm)" >&2; exit 1; }
	npm install --prefix .cache/chp --no-audit --no-fund --loglevel=error configurable-http-proxy@$(CHP_VERSION)

# root (containers, these CI machines) must opt in explicitly to run Jupyter
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. notebooks/00-start-here.ipynb

test: setup $(CHP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/eval_checker.py
	$(BIN)/python benchmarks/bench_lint.py

clean:
	rm -rf $(VENV) build dist *.egg-info test-artifacts .cache/chp
