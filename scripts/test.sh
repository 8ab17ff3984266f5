#!/usr/bin/env bash
# Installs everything the test suite needs into .venv (python3 and the package index only), then runs it.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[hf,eval,labelstudio,dev]'
exec .venv/bin/python -m pytest "$@"
