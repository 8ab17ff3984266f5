#!/usr/bin/env bash
# The main job on a fresh clone: install newsbench into .venv, then run the pipeline
# (seed check, validation, corpus summary, ...). Extra arguments go to `newsbench pipeline`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[hf,eval]'
exec .venv/bin/newsbench pipeline "$@"
