#!/usr/bin/env bash
# The static checks CI runs (settings in pyproject.toml): ruff over src/, scripts/ and tests/, mypy over src/
# (--strict's flags for the core modules). Exits 1 on any finding. Needs the .venv that scripts/test.sh makes.
# Never add `ruff format` or `--fix` here: findings are fixed by hand, with small local edits.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
.venv/bin/ruff check --no-cache src scripts tests || status=1
.venv/bin/mypy || status=1
exit "$status"
