#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then run the checks and the tests.
#   bash tests/run.sh              # everything
#   bash tests/run.sh -k coverage  # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

# LibreOffice opens the written workbooks; poppler renders the packet; Node runs the Apps Script tests.
if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing LibreOffice and poppler (once)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libreoffice-calc-nogui poppler-utils >/dev/null
fi

python=$(command -v python3.11 || command -v python3)
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

.venv/bin/ruff format --check --quiet .
.venv/bin/ruff check --quiet .
.venv/bin/mypy
.venv/bin/pytest "$@"
