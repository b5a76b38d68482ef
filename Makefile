# Open Museums Lab. `make course` builds the course; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)
export PYTHONDONTWRITEBYTECODE := 1
LAB_ARGS ?=

.PHONY: course env learner book lab test test-python test-browser browser-deps lint clean help hub hub-deps test-hub

help:
	@echo "make course   set everything up and build the book into _build/html"
	@echo "make lab      set everything up and open the labs in JupyterLab (self-study)"
	@echo "make test     set everything up, build the course and run all tests"
	@echo "make hub      start the demo cohort hub on this machine (hub/README.md; stop: hub/stop.sh)"

## Environment: a virtual environment with everything in requirements.txt.
env: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## Learner versions, book pages and zips, derived from labs/<lab>/<lab>.ipynb.
learner: env
	$(BIN)/python -m grading release

## The book, from a clean _build, with warnings as errors.
book: learner
	rm -rf _build
	$(BIN)/jupyter-book build . -W -n --keep-going

course: book
	@echo "The course is built. Open _build/html/index.html in your browser."

## Self-study: copy new labs into workspace/ (never overwriting your work) and open JupyterLab.
lab: learner
	$(BIN)/python -m labtools.workspace _nbgrader/release workspace
	$(BIN)/jupyter lab --notebook-dir=workspace $(LAB_ARGS)

lint: env
	$(BIN)/ruff check .

## Two workers (the machine has two cores); each lab's grading batch and each module stay on one.
test-python: env
	$(BIN)/pytest -n 2 --dist loadgroup

## Browser tests (tests/browser/): Debian's chromium, never a downloaded browser; npm packages.
browser-deps: node_modules/.installed
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y --no-install-recommends chromium fonts-dejavu-core fonts-liberation; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## Serve the built book on 127.0.0.1 (a free port), run the browser suite, stop the server.
test-browser: browser-deps
	@test -f _build/html/index.html || { echo "No book in _build/html: run 'make course' first." >&2; exit 1; }
	@set -euo pipefail; url=$$(mktemp); \
	node tests/browser/serve.mjs _build/html > "$$url" & server=$$!; \
	trap 'kill $$server 2>/dev/null || true; rm -f "$$url"' EXIT; \
	for i in $$(seq 100); do test -s "$$url" && break; sleep 0.1; done; \
	echo "Serving _build/html at $$(cat "$$url")"; \
	BOOK_URL=$$(cat "$$url") BOOK_DIR=_build/html node --test --test-reporter=spec \
	  --test-concurrency=1 --test-timeout=600000 tests/browser/*.test.mjs

## The cohort hub (hub/README.md): JupyterHub on 127.0.0.1 for the roster hub/demo_roster.csv,
## with configurable-http-proxy (and the end-to-end test's playwright-core) from hub/package.json.
hub-deps: env hub/node_modules/.installed

hub/node_modules/.installed: hub/package.json hub/package-lock.json
	cd hub && npm ci --no-audit --no-fund
	touch $@

hub: hub-deps
	hub/start.sh

## A cohort end to end on a real hub, in Debian's chromium (as root; skipped otherwise).
test-hub: hub-deps
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y --no-install-recommends chromium fonts-dejavu-core; }
	OMLAB_HUB_E2E=1 $(BIN)/pytest -p no:cacheprovider tests/test_hub_e2e.py tests/test_hub_single_origin.py \
	  tests/test_hub_normal_user.py

test: course lint test-python test-browser test-hub

clean:
	rm -rf _build _nbgrader .grading-cache book/labs/downloads
