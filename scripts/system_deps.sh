#!/bin/sh
# System packages for the optional test legs (PostgreSQL, LibreOffice + CJK font, Chromium, Tesseract, GNU gettext for the
# catalogue's extraction check), installed in CI. Elsewhere the tests that need them skip with a clear reason;
# with CI=true such a skip fails the run (tests/conftest.py).
set -e
need=""
command -v initdb >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ] || need="$need postgresql"
command -v soffice >/dev/null 2>&1 || need="$need libreoffice-writer-nogui"
fc-list 2>/dev/null | grep -qi "cjk\|wqy" || need="$need fonts-noto-cjk"
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v xgettext >/dev/null 2>&1 || need="$need gettext"
# OCR: Tesseract chi_sim, the fallback engine and the benchmark's comparison (issue 12)
command -v tesseract >/dev/null 2>&1 || need="$need tesseract-ocr"
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || need="$need tesseract-ocr-chi-sim"
if [ -n "$need" ]; then
  if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=""; fi
  echo "installing system packages:$need"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
