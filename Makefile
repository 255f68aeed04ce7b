# Tindus: `make run` serves the app with its demo territories; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint format setup messages browser-deps clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/tindus setup

# gunicorn and a task worker beside it; Ctrl-C stops both (`tindus serve --dev`: the reloading development server).
run: setup
	@echo ""
	$(BIN)/tindus serve --port $(PORT)

# Debian's Chromium and npm for the browser tests (Playwright's own browser download cannot work
# offline), and the npm packages they use (axe-core), installed from package-lock.json into node_modules.
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; fi

browser-deps: node_modules/.installed
	@command -v chromium >/dev/null 2>&1 || { echo "Installing Debian's chromium for the browser tests…"; $(call APT_INSTALL,chromium); }

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Installing Debian's npm…"; $(call APT_INSTALL,npm); }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

format: install
	$(BIN)/ruff format src tests $(wildcard bench)
	$(BIN)/ruff check --fix src tests $(wildcard bench)

# One pytest worker per core (pytest-xdist); TEST_WORKERS=0 runs in a single process.
TEST_WORKERS ?= 2

test: install browser-deps
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Re-extract the French catalogue (needs GNU gettext) and compile it.
messages: install
	cd src/tindus && ../../$(BIN)/django-admin makemessages -l fr -l en --no-obsolete --settings=tindus.config.settings
	$(BIN)/python -m tindus.core.i18n_compile

# Benchmarks (not tests): BENCH_ARGS="--scale 0.1" for a quick run.
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/ingest.py $(BENCH_ARGS)
	$(BIN)/python bench/diagnostic.py $(BENCH_ARGS)
	cd bench && ../$(BIN)/python api.py
	$(BIN)/python bench/secrecy.py $(BENCH_ARGS)
	cd bench && ../$(BIN)/python plan.py
	cd bench && ../$(BIN)/python consultation.py
	cd bench && ../$(BIN)/python discovery.py
	cd bench && ../$(BIN)/python synergies.py
	cd bench && ../$(BIN)/python feedback.py
	cd bench && ../$(BIN)/python employment.py
	cd bench && ../$(BIN)/python land.py
	cd bench && ../$(BIN)/python scheduler.py

clean:
	rm -rf $(VENV) var node_modules
