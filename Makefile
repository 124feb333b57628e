# Vendedor — developer entry points. Needs only python3 on a fresh machine.
#
#   make run     install, migrate, seed, serve on http://127.0.0.1:8001 (gunicorn + gevent)
#   make dev     same, with the Flask debug server
#   make test    install test extras, start throwaway PostgreSQL/S3 servers if possible, pytest
#   make bench   run every bench/*.py
#
# PYTEST_ARGS="-k foo -x" passes arguments to pytest; PYTEST_WORKERS=0 runs it in one process
# (by default one worker per core: the corpus's businesses are shared out, every other test
# runs in order on one worker — see tests/conftest.py).

PYTHON      ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
PYTEST_ARGS ?=
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 1)
PORT        ?= 8001

STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.DEFAULT_GOAL := help
.PHONY: help install run dev test bench vendor test-servers-stop clean

help:
	@echo "make install | run | dev | test | bench | vendor | test-servers-stop | clean"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e .
	@touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -q -e '.[test]'
	@touch $@

install: | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -e .
	@touch $(STAMP)

# The port actually used (PORT, or the next free one when it is taken) is the one the
# login URL printed by `seed` names.
run: $(STAMP)
	$(BIN)/flask --app wsgi db upgrade
	@port=$$($(BIN)/python scripts/pick_port.py $(PORT)) || exit 1; \
	$(BIN)/flask --app wsgi seed --actividad --url "http://127.0.0.1:$$port" && \
	exec $(BIN)/gunicorn -c gunicorn.conf.py -w 1 -b 127.0.0.1:$$port wsgi:app

dev: $(STAMP)
	$(BIN)/flask --app wsgi db upgrade
	@port=$$($(BIN)/python scripts/pick_port.py $(PORT)) || exit 1; \
	$(BIN)/flask --app wsgi seed --actividad --url "http://127.0.0.1:$$port" && \
	exec $(BIN)/flask --app wsgi run --debug -p $$port

# Throwaway servers: each is started only when its TEST_* variable is unset.
# Outside CI a server that cannot start only means its tests skip; with
# CI=true the run fails (after pytest has run, so every result is shown).
test: $(TEST_STAMP)
	@services_ok=1; \
	if [ -z "$${TEST_DATABASE_URL:-}" ]; then \
	  if url=$$(scripts/pg-test-server.sh | tail -n 1) && [ -n "$$url" ]; then \
	    export TEST_DATABASE_URL="$$url"; \
	  else \
	    echo "make test: PostgreSQL test server unavailable: postgres tests will skip" >&2; \
	    services_ok=0; \
	  fi; \
	fi; \
	if [ -z "$${TEST_S3_ENDPOINT_URL:-}" ]; then \
	  if url=$$(scripts/s3-test-server.sh | tail -n 1) && [ -n "$$url" ]; then \
	    export TEST_S3_ENDPOINT_URL="$$url" TEST_S3_ACCESS_KEY=vendedortest TEST_S3_SECRET_KEY=vendedortestsecret; \
	  else \
	    echo "make test: S3 test server unavailable: s3 tests will skip" >&2; \
	    services_ok=0; \
	  fi; \
	fi; \
	echo "TEST_DATABASE_URL=$${TEST_DATABASE_URL:-}"; \
	echo "TEST_S3_ENDPOINT_URL=$${TEST_S3_ENDPOINT_URL:-}"; \
	rc=0; $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS) || rc=$$?; \
	if [ "$${CI:-}" = true ] && [ $$services_ok -ne 1 ]; then \
	  echo "make test: CI=true and a test server could not start (see above)" >&2; \
	  [ $$rc -ne 0 ] || rc=1; \
	fi; \
	exit $$rc

test-servers-stop:
	-scripts/pg-test-server.sh stop
	-scripts/s3-test-server.sh stop

bench: $(STAMP)
	@set -e; found=0; \
	for f in bench/*.py; do \
	  [ -e "$$f" ] || continue; found=1; \
	  echo "== $$f"; \
	  $(BIN)/python "$$f"; \
	done; \
	[ $$found -eq 1 ] || echo "no bench/*.py"

# Re-copy htmx and its ws extension into static/vendor (versions pinned in package.json).
vendor:
	npm ci --no-audit --no-fund
	npm run vendor

clean:
	rm -rf .pytest_cache build *.egg-info
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -not -path './node_modules/*' -prune -exec rm -rf {} +
