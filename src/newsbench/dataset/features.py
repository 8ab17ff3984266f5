"""The dataset's features: every config's ``datasets.Features`` (the one definition the Parquet schemas and
the card's YAML come from), with every label inventory read from the ontology."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Iterable, Mapping, Sequence

from ..ontology import Ontology, load_ontology

CONFIGS: tuple[str, ...] = ("documents", "entities", "events", "toponyms", "timexes")
DEFAULT_CONFIG = "documents"


# --- feature definitions -------------------------------------------------------------------------------------


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class LabelSets:
    """The ClassLabel names of every closed inventory, in ontology order."""

    entity_types: tuple[str, ...]
    entity_subtypes: tuple[str, ...]
    mention_levels: tuple[str, ...]
    timex_types: tuple[str, ...]
    event_types: tuple[str, ...]
    roles: tuple[str, ...]
    attributes: Mapping[str, tuple[str, ...]]
    realis: tuple[str, ...]
    readings: tuple[str, ...]
    ner_tags: tuple[str, ...]

    @classmethod
    def from_ontology(cls, onto: Ontology) -> LabelSets:
        """The ClassLabel names of each labelled field, from the ontology."""
        return cls(
            entity_types=onto.entity_types,
            entity_subtypes=tuple(_unique(s for t in onto.entity_types for s in onto.entity_subtypes[t])),
            mention_levels=onto.mention_levels,
            timex_types=onto.timex_types,
            event_types=onto.event_types,
            roles=onto.roles,
            attributes=dict(onto.attributes),
            realis=onto.realis_values,
            readings=onto.toponym_readings,
            ner_tags=("O",) + tuple(f"{p}-{t}" for t in onto.entity_types for p in ("B", "I")),
        )

    def index(self) -> dict[str, dict[str, int]]:
        """label -> ClassLabel index, per inventory."""
        out = {name: {label: i for i, label in enumerate(getattr(self, name))}
               for name in ("entity_types", "entity_subtypes", "mention_levels", "timex_types", "event_types",
                            "roles", "realis", "readings", "ner_tags")}
        for attr, values in self.attributes.items():
            out[attr] = {label: i for i, label in enumerate(values)}
        return out


def per_ontology(fn):
    """Cache ``fn(onto)`` per ontology object (an Ontology holds mappings, so it is not hashable)."""
    cache: dict[int, tuple[Ontology, Any]] = {}

    def cached(onto: Ontology | None = None):
        onto = onto or load_ontology()
        if id(onto) not in cache:
            cache[id(onto)] = (onto, fn(onto))
        return cache[id(onto)][1]

    cached.__doc__, cached.__name__ = fn.__doc__, fn.__name__
    return cached


@per_ontology
def label_sets(onto: Ontology | None = None) -> LabelSets:
    """The label sets of the (default) ontology."""
    return LabelSets.from_ontology(onto or load_ontology())


@per_ontology
def all_features(onto: Ontology | None = None) -> dict[str, Any]:
    """config name -> ``datasets.Features``: the one definition the Parquet schema and the card YAML come from."""
    from datasets import ClassLabel, Features, List, Value  # lazy: the hf extra

    labels = label_sets(onto)
    string, i32, i8, f64 = Value("string"), Value("int32"), Value("int8"), Value("float64")

    def label(names: Sequence[str]) -> ClassLabel:
        return ClassLabel(names=list(names))

    attributes = {name: label(values) for name, values in labels.attributes.items()}
    mention = {"id": string, "entity": string, "type": label(labels.entity_types),
               "level": label(labels.mention_levels), "start": i32, "end": i32, "text": string,
               "head_start": i32, "head_end": i32}
    token_span = {"token_start": i32, "token_end": i32}
    sentence = {"doc_id": string, "sentence_index": i32, "sentence_start": i32, "sentence_end": i32,
                "text": string, "tokens": List(string), "token_starts": List(i32), "token_ends": List(i32)}
    timex = {"id": string, "start": i32, "end": i32, "text": string, "type": label(labels.timex_types),
             "value": string}
    toponym = {"reading": label(labels.readings), "geonames_id": i32, "lat": f64, "lon": f64, "feature": string,
               "source": string, "uncertainty_km": f64}
    context = {"context": string, "context_start": i32, "context_end": i32}
    sentence_mention = {**mention, **token_span, "head_token_start": i32, "head_token_end": i32}
    sentence_mention = {k: sentence_mention[k] for k in
                        ("id", "entity", "type", "level", "start", "end", "token_start", "token_end", "text",
                         "head_start", "head_end", "head_token_start", "head_token_end")}

    return {
        "documents": Features({
            "doc_id": string, "title": string, "text": string, "language": string, "outlet": string, "url": string,
            "published": string, "updated": string, "anchor_date": string, "sha256": string,
            "entities": List({"id": string, "type": label(labels.entity_types),
                              "subtype": label(labels.entity_subtypes)}),
            "mentions": List(mention),
            "timexes": List(timex),
            "events": List({"id": string, "type": label(labels.event_types), **attributes,
                            "realis": label(labels.realis),
                            "place": {"geonames_id": i32, "lat": f64, "lon": f64, "precision": i8},
                            "date": {"value": string, "precision": i8}}),
            "event_mentions": List({"id": string, "event": string, "type": label(labels.event_types),
                                    "start": i32, "end": i32, "text": string,
                                    "arguments": List({"role": label(labels.roles), "ref": string, "start": i32,
                                                       "end": i32, "text": string})}),
            "toponyms": List({"mention": string, "start": i32, "end": i32, "text": string, **toponym}),
            "annotated": List({"layer": string, "start": i32, "end": i32}),
        }),
        "entities": Features({
            **sentence,
            "ner_tags": List(label(labels.ner_tags)),
            "extent_ner_tags": List(label(labels.ner_tags)),
            "mentions": List(sentence_mention),
        }),
        "events": Features({
            **sentence,
            "event_mentions": List({
                "id": string, "event": string, "type": label(labels.event_types), **attributes,
                "realis": label(labels.realis), "start": i32, "end": i32, **token_span, "text": string,
                "arguments": List({"role": label(labels.roles), "ref": string, "start": i32, "end": i32,
                                   **token_span, "text": string}),
                "arguments_outside_sentence": i32,
            }),
            "mentions": List(sentence_mention),
            "timexes": List({"id": string, "type": label(labels.timex_types), "value": string, "start": i32,
                             "end": i32, **token_span, "text": string}),
        }),
        "toponyms": Features({
            "doc_id": string, "mention": string, "entity": string, "type": label(labels.entity_types),
            "start": i32, "end": i32, "text": string, **toponym, **context,
        }),
        "timexes": Features({
            "doc_id": string, **timex, "anchor_date": string, **context,
        }),
    }


@per_ontology
def arrow_schemas(onto: Ontology | None = None) -> dict[str, Any]:
    """config -> pyarrow schema, with the features embedded as the ``huggingface`` metadata datasets reads."""
    return {config: features.arrow_schema for config, features in all_features(onto).items()}


def decoded(value: Any, feature: Any) -> Any:
    """A stored value with its ClassLabel indices replaced by their names."""
    from datasets import ClassLabel, List  # lazy: the hf extra

    if value is None:
        return None
    if isinstance(feature, ClassLabel):
        return feature.int2str(value)
    if isinstance(feature, List):
        return [decoded(v, feature.feature) for v in value]
    if isinstance(feature, dict):
        return {k: decoded(value[k], f) for k, f in feature.items()}
    return value
