#!/usr/bin/env bash
# Writes the annotation packets of the issue-15 double annotation (eight development-corpus articles) to
# ${1:-/tmp/annotation}: <doc_id>/text.txt, <doc_id>/meta.json and seeds/<doc_id>.txt. Never into the repository:
# the texts belong to the corpora (newsbench refuses such a path).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/annotation}
nb=.venv/bin/newsbench
# format corpus file article — the four shortest GUM news documents (entities, coreference, dates), the two GeoVirus
# articles with the most toponyms among the ten shortest (toponyms), two short MEANTIME documents (timexes, events).
while read -r fmt corpus file article; do
  "$nb" standoff packet --format "$fmt" --corpus "$corpus" --file "$file" --article "$article" -o "$out" >/dev/null
done <<'LIST'
corefud gum-news dep/GUM_news_worship.conllu 0
corefud gum-news dep/GUM_news_stampede.conllu 0
corefud gum-news dep/GUM_news_crane.conllu 0
corefud gum-news dep/GUM_news_asylum.conllu 0
geovirus geovirus GeoVirus-dev.xml 52
geovirus geovirus GeoVirus-dev.xml 14
meantime meantime-en apple/107785_Apple_launches_3G.xml 0
meantime meantime-en airbus/82548_First_Airbus_A380_delivered.xml 0
LIST
ls "$out"
