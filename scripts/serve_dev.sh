#!/bin/sh
# Development server plus the background worker (previews, text extraction, sweeps); both stop together.
set -e
BIN=.venv/bin
$BIN/python manage.py db_worker --interval 1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$BIN/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
