# Waypoint: `make run` serves the demo school, `make test` runs every check.
# Both set up what they need on a fresh machine: the virtualenv, Python packages, and (as root)
# the system packages the browser tests and PDFs use.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CATALOGS := $(patsubst %.po,%.mo,$(wildcard app/translations/*/LC_MESSAGES/messages.po))
export FLASK_APP := wsgi.py
HOST ?= 127.0.0.1
PORT ?= 5000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
SYSTEM_PACKAGES := chromium fonts-dejavu-core wrk poppler-utils libpango-1.0-0 libpangoft2-1.0-0

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt bench migrate shell system-packages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/pybabel compile --use-fuzzy -d app/translations
	touch $(STAMP)

# Compiled message catalogs are built here, never committed (app/translations/.gitignore).
$(CATALOGS): %.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

system-packages: ## Install the Debian packages Waypoint needs (as root, only when missing)
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing (run as root, or: sudo apt-get install$$missing)"; \
	  fi; \
	fi

run: $(STAMP) $(CATALOGS) system-packages ## Serve the demo school on http://127.0.0.1:5000
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load --if-empty
	@echo "Waypoint is at http://$(HOST):$(PORT)/"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: $(STAMP) $(CATALOGS) system-packages ## Lint, then the whole suite on SQLite and (if a server answers) PostgreSQL
	$(BIN)/ruff check app tests bench migrations/env.py
	$(BIN)/ruff format --check app tests bench migrations/env.py
	$(BIN)/mypy app
	$(BIN)/pytest -p no:cacheprovider
	@url="$${TEST_DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then url="$(PG_URL)"; fi; \
	if [ -n "$$url" ]; then \
	  echo "Running the suite again on PostgreSQL"; \
	  TEST_DATABASE_URL="$$url" $(BIN)/pytest -p no:cacheprovider -m "not browser"; \
	else echo "No PostgreSQL server answered on 127.0.0.1:5432; skipped the PostgreSQL run."; fi

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check app tests bench migrations/env.py
	$(BIN)/ruff format --check app tests bench migrations/env.py
	$(BIN)/mypy app

fmt: $(STAMP) ## Format and fix what ruff can
	$(BIN)/ruff format app tests bench migrations/env.py
	$(BIN)/ruff check --fix app tests bench migrations/env.py

bench: $(STAMP) $(CATALOGS) system-packages ## Benchmarks: server time and SQL queries per page, and a load test
	$(BIN)/python -m bench

migrate: $(STAMP) ## Write a migration for model changes: make migrate m="what changed"
	$(BIN)/flask db migrate -m "$(m)"

shell: $(STAMP) ## A Flask shell with the app loaded
	$(BIN)/flask shell

clean: ## Remove the virtualenv and caches (keeps instance/ and its database)
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
