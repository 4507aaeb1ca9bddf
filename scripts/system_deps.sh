#!/bin/sh
# System packages for the optional test legs (PostgreSQL, LibreOffice + CJK font, Chromium), installed in CI.
# Elsewhere the tests that need them skip with a clear reason.
set -e
need=""
command -v initdb >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ] || need="$need postgresql"
command -v soffice >/dev/null 2>&1 || need="$need libreoffice-writer-nogui"
fc-list 2>/dev/null | grep -qi "cjk\|wqy" || need="$need fonts-noto-cjk"
command -v chromium >/dev/null 2>&1 || need="$need chromium"
if [ -n "$need" ]; then
  if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=""; fi
  echo "installing system packages:$need"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
