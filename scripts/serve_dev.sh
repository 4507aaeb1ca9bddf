#!/bin/sh
# Development server plus the background workers (text and index first, then previews; one per core); all stop
# together.
set -e
BIN=.venv/bin
$BIN/python manage.py run_workers &
WORKERS=$!
trap 'kill $WORKERS 2>/dev/null || true' EXIT INT TERM
$BIN/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
