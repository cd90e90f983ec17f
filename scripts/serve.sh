#!/bin/sh
# `make run`: gunicorn (sized by samordna/gunicorn_conf.py) and, beside it, the worker that makes the files of
# background jobs (core.jobs: documents, national reports). Ctrl+C stops both.
# Expects VENV, HOST and PORT, and the settings' environment (DATABASE_URL, SECRET_KEY_FILE, …).
set -eu
"$VENV/bin/samordna" db_worker --no-reload --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
"$VENV/bin/gunicorn" samordna.wsgi -c python:samordna.gunicorn_conf --bind "$HOST:$PORT"
