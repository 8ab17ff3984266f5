"""The Hugging Face dataset: typed Parquet configs built from the gold, and the card's generated parts.

Modules in the order the data flows: :mod:`.features` (the Features of every config), :mod:`.rows` (a document's
rows), :mod:`.splits` (corpus/splits.json), :mod:`.writer` (validated, converted and streamed into Parquet),
:mod:`.card` (README.md's generated parts) and :mod:`.build` (``build`` and ``build --check``).

``datasets`` 5.x runs no loading scripts, so the repository itself is the dataset repo: Parquet files under
``corpus/data/<config>/<split>.parquet`` (features embedded) plus the YAML front matter of README.md, which
declares the configs and their features. Both come from the feature definitions in :mod:`.features`, which read
every label inventory from the ontology.

Configs: ``documents`` (default; one row per article, every layer), ``entities`` (one row per sentence:
tokens, IOB2 tags over the name (NAM) mentions, all mentions as spans), ``events`` (one row per sentence,
ACE05-E style: triggers and in-sentence arguments with token spans), ``toponyms`` (one row per toponym) and
``timexes`` (one row per time expression). Sentences and tokens come from :mod:`newsbench.text`.

Two IOB2 columns, because ACE mention extents are whole noun phrases ("the Sabreen news channel on
Telegram, which is affiliated with Iran-backed Shiite militias" is one ORG name mention, head "Sabreen"):

- ``ner_tags``: the *heads* of the name mentions — CoNLL-style names, what a flat NER tagger learns;
- ``extent_ner_tags``: the *extents* of the name mentions, outermost where they nest.

Rules where the tokens cannot carry an annotation exactly (each case is reported as a notice):

- A span whose boundary falls inside a token is mapped to the smallest run of tokens covering it
  (check ``span-widened-to-tokens``); its character offsets stay exact.
- A span that runs over a sentence boundary belongs to the sentence where it starts, with null token
  offsets, and is not in the IOB2 columns (``span-crosses-sentence``).
- Where names nest, the IOB2 columns hold the outermost (``name-nested``); of two names whose tokens cross,
  the one starting first (then the longer) is kept (``name-overlap``).
- An event argument whose filler lies outside the trigger's sentence is not in the ``events`` config (the
  count is kept in ``arguments_outside_sentence``); ``documents`` keeps every argument.
- A config/split without rows gets no file and is not declared (``datasets`` cannot load an empty split).

Output is deterministic: documents in split order then doc id order, rows in text order, fixed Parquet
writer settings, no timestamps (building twice gives the same bytes). The build validates every gold
document, writes into a temporary folder and swaps it in only when all are valid; memory is bounded by a few
chunks of documents in flight, not by the corpus size.
"""
