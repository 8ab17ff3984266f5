"""The baselines' pronoun rule (newsbench.baselines.pronouns), on made-up sentences."""

import json

import pytest

from newsbench.baselines import pronouns
from newsbench.baselines.rules import predict_document
from newsbench.model import PredictedMention


def _names(text: str, *named: tuple[str, str, str]) -> list[PredictedMention]:
    """Name mentions at the first occurrence of each (surface, type, cluster)."""
    out = []
    for surface, etype, cluster in named:
        start = text.index(surface)
        out.append(PredictedMention(start, start + len(surface), etype, "NAM", cluster))
    return out


def _linked(text: str, names: list[PredictedMention]) -> list[tuple[str, str, str | None]]:
    return [(text[m.start:m.end], m.type, m.cluster) for m in pronouns.pronoun_mentions(text, names, "PRO")]


def test_a_pronoun_joins_the_last_agreeing_name_before_it():
    text = "David Okafor met Maria Lund. She thanked him. Acme said its profits rose; they were glad."
    names = _names(text, ("David Okafor", "PER", "c1"), ("Maria Lund", "PER", "c2"), ("Acme", "ORG", "c3"))
    assert _linked(text, names) == [("She", "PER", "c2"), ("him", "PER", "c1"), ("its", "ORG", "c3"),
                                    ("they", "ORG", "c3")]


def test_first_person_pronouns_join_the_last_person_or_organisation_named():
    text = 'Acme hired Ann Lee. "I like it here, and we grow," she said; "our plant is new."'
    names = _names(text, ("Acme", "ORG", "c1"), ("Ann Lee", "PER", "c2"))
    assert _linked(text, names) == [("I", "PER", "c2"), ("we", "ORG", "c1"), ("she", "PER", "c2"),
                                    ("our", "ORG", "c1")]


def test_a_person_of_unknown_gender_takes_either_pronoun_and_no_name_no_mention():
    text = "He arrived first. Later Zorblat Quenn spoke, and she left; his car stayed."
    names = _names(text, ("Zorblat Quenn", "PER", "c1"))
    # "He" has no name before it; "Zorblat" is no given name of the lists, so both pronouns may refer to him or her
    assert _linked(text, names) == [("she", "PER", "c1"), ("his", "PER", "c1")]


def test_a_gendered_given_name_anywhere_in_the_cluster_decides():
    text = "Okafor spoke. David Okafor is a coach. Maria Lund left. Okafor said she would return."
    names = _names(text, ("Okafor", "PER", "c1"), ("David Okafor", "PER", "c1"), ("Maria Lund", "PER", "c2"))
    later = text.rindex("Okafor")
    names.append(PredictedMention(later, later + len("Okafor"), "PER", "NAM", "c1"))
    # the nearest person is Okafor, a man by the cluster's "David": "she" skips him for Maria Lund
    assert _linked(text, names) == [("she", "PER", "c2")]


def test_words_inside_a_name_and_other_types_are_no_antecedent():
    text = "Paris is large. Its mayor spoke at the Her Majesty Theatre."
    theatre = text.index("Her Majesty Theatre")
    names = [PredictedMention(0, 5, "GPE", "NAM", "c1"),
             PredictedMention(theatre, theatre + len("Her Majesty Theatre"), "FAC", "NAM", "c2")]
    assert _linked(text, names) == []


def test_a_class_with_a_type_outside_the_ontology_is_refused(monkeypatch):
    data = {"classes": [{"words": ["it"], "types": ["THING"]}]}
    monkeypatch.setattr(pronouns, "load_json_data", lambda name: json.loads(json.dumps(data)))
    pronouns.pronoun_classes.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"pronouns_en\.json.*THING"):
            pronouns.pronoun_classes()
    finally:
        pronouns.pronoun_classes.cache_clear()


def test_the_rules_baseline_predicts_pronouns_in_the_clusters_of_its_names(make_doc):
    text = "Acme Corporation opened a plant in Ohio. Its chief, Ann Lee, said she was proud."
    doc = predict_document(make_doc(text))
    by_surface = {text[m.start:m.end]: m for m in doc.mentions}
    assert by_surface["Its"].level == "PRO" and by_surface["Its"].cluster == by_surface["Acme Corporation"].cluster
    assert by_surface["she"].cluster == by_surface["Ann Lee"].cluster and by_surface["she"].type == "PER"


def _nominals(text: str, names: list[PredictedMention]) -> list[tuple[str, str, str | None]]:
    found = pronouns.descriptor_mentions(text, names, "NOM", frozenset({"company", "airline"}))
    assert all(m.level == "NOM" for m in found)
    return [(text[m.start:m.end], m.type, m.cluster) for m in found]


def test_the_and_an_organisation_descriptor_join_the_last_organisation_named():
    text = "Acme hired Ann Lee. The company grew, and Zentrix Air said the airline would too."
    names = _names(text, ("Acme", "ORG", "c1"), ("Ann Lee", "PER", "c2"), ("Zentrix Air", "ORG", "c3"))
    # a person between is skipped: the descriptor says the antecedent is an organisation
    assert _nominals(text, names) == [("The company", "ORG", "c1"), ("the airline", "ORG", "c3")]


def test_no_descriptor_nominal_before_a_postmodifier_a_name_or_with_no_organisation_before_it():
    text = ("The company opened. Acme grew. The company of the year, the airline Zentrix Air and the company that "
            "won left. A company and the Company stayed; the company's plant closed.")
    names = _names(text, ("Acme", "ORG", "c1"), ("Zentrix Air", "ORG", "c2"))
    # the first has no organisation before it; "of" and "that" open postmodifiers (a longer extent), a name after
    # the descriptor is the name it describes (R5); "A company" has no "the", "the Company" is capitalised; the
    # possessor "the company" of "the company's" is a mention of its own
    assert _nominals(text, names) == [("the company", "ORG", "c2")]


def test_the_rules_baseline_predicts_descriptor_nominals_in_the_clusters_of_its_names(make_doc):
    text = "Acme Corporation opened a plant in Ohio. The company said profits rose."
    doc = predict_document(make_doc(text))
    by_surface = {text[m.start:m.end]: m for m in doc.mentions}
    nominal = by_surface["The company"]
    assert nominal.level == "NOM" and nominal.cluster == by_surface["Acme Corporation"].cluster
