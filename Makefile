# Samordna: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
# `make run` sizes gunicorn for the machine (samordna/gunicorn_conf.py: a process per core + 1, 4 threads each)
# and starts the worker for background jobs beside it (scripts/serve.sh).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: $(VENV)/.installed var/secret_key
	SECRET_KEY_FILE=var/secret_key $(VENV)/bin/samordna migrate --noinput
	SECRET_KEY_FILE=var/secret_key $(VENV)/bin/samordna collectstatic --noinput --verbosity 0
	SECRET_KEY_FILE=var/secret_key $(VENV)/bin/samordna demo --print-logins
	@echo "Samordna körs på http://$(HOST):$(PORT)/  (avsluta med Ctrl+C)"
	MALLOC_ARENA_MAX=2 DEBUG=false HTTPS_ONLY=false EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend SECRET_KEY_FILE=var/secret_key ALLOWED_HOSTS=$(HOST),localhost \
		VENV=$(VENV) HOST=$(HOST) PORT=$(PORT) sh scripts/serve.sh

test: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(VENV)/bin/samordna check --fail-level WARNING
	DEBUG=true $(VENV)/bin/samordna makemigrations --check --dry-run
	DEBUG=true $(VENV)/bin/mypy
	$(PY) scripts/run_tests.py $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(VENV)/.test-installed
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) var build *.egg-info
