#!/usr/bin/env bash
# Writes the annotation packets of one round of a double annotation of development-corpus articles:
#   bash scripts/annotation_packets.sh ROUND [OUT]     # ROUND: 1, 2, ... (corpus/standoff/round-ROUND.list)
#   bash scripts/annotation_packets.sh LIST_FILE OUT   # another selection, in the same format
# OUT (default /tmp/annotation-round-ROUND) gets <doc_id>/text.txt, <doc_id>/meta.json (with the round and its
# guidelines commit in the standoff header) and seeds/<doc_id>.txt. Never into the repository: the texts belong to
# the corpora (newsbench refuses such a path).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 ROUND|LIST_FILE [OUT]" >&2
  exit 2
fi
if [[ $1 =~ ^[1-9][0-9]*$ ]]; then
  round=$1 list=corpus/standoff/round-$1.list out=${2:-/tmp/annotation-round-$1}
else
  list=$1 out=${2:?"usage: $0 LIST_FILE OUT"}
  round=$(sed -n 's/^# round \([1-9][0-9]*\)$/\1/p' "$list" | head -n1)
fi
if [[ ! -f $list ]]; then
  echo "$0: expected a list file $list, found none" >&2
  exit 2
fi
nb=${NEWSBENCH_BIN:-.venv/bin/newsbench}  # the tests pass their own
commit=$(awk '$1 == "guidelines" {print $2; exit}' "$list")
if [[ -z ${round:-} || -z $commit ]]; then
  echo "$0: $list must give the round (its name round-N.list, or a line '# round N') and a 'guidelines <commit>' line" >&2
  exit 2
fi
grep -v -e '^#' -e '^guidelines ' -e '^[[:space:]]*$' "$list" | while read -r fmt corpus file article; do
  "$nb" standoff packet --round "$round" --guidelines "$commit" --format "$fmt" --corpus "$corpus" --file "$file" \
    --article "$article" -o "$out" >/dev/null
done
ls "$out"
