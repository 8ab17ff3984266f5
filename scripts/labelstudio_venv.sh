#!/usr/bin/env bash
# Create (or confirm) the Label Studio server's own virtual environment, .venv-labelstudio.
#
# The server lives outside the project's venv because label-studio 1.23.2 pins pyarrow<25, Django 5.2 and
# about seventy other exact versions; the project's venv needs only label-studio-sdk (the `labelstudio` extra).
# Idempotent: does nothing when the venv already has the pinned version. Prints the venv's path.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${NEWSBENCH_LABEL_STUDIO_VENV:-$root/.venv-labelstudio}"
version="1.23.2"
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x "$root/.venv/bin/python" ]]; then python="$root/.venv/bin/python"; else python="python3"; fi
fi

installed() {
  "$venv/bin/python" -c "import importlib.metadata as m; print(m.version('label-studio'))" 2>/dev/null || true
}

if [[ "$(installed)" != "$version" ]]; then
  log="$(mktemp)"
  "$python" -m venv "$venv"
  # pip's output goes to a log, shown only when the install fails
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "label-studio==$version" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi
[[ "$(installed)" == "$version" ]] || { echo "label-studio $version did not install into $venv" >&2; exit 1; }
echo "$venv"
