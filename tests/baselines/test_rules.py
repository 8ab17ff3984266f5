"""The ``rules`` baseline on made-up text, and the integrity of its word lists."""

import json

import pytest
from hypothesis import given, settings

from strategies import texts

from newsbench.baselines.common import DATA_DIR, default_resolver, demonym_table, load_json_data
from newsbench.baselines.rules import load_lexicon, predict_document
from newsbench.ontology import load_ontology
from newsbench.validate import timex_value_ok

TEXT = (
    "Protesters rallied in Cairo on Friday\n\n"
    "Egyptian police arrested dozens of protesters in Cairo on Friday morning, the Interior Ministry said. "
    "President Abdel Fattah al-Sisi met Saudi officials in Riyadh last week.\n\n"
    "Two soldiers were killed and three wounded when gunmen attacked a checkpoint near Alexandria in March, "
    "the army said. The men will face trial next month.\n\n"
    "Cairo has said it will not arrest the detainees."
)


@pytest.fixture(scope="module")
def predicted(make_doc):
    return predict_document(make_doc(TEXT, anchor="2019-10-06"))  # a Sunday


def spans(items):
    return [TEXT[i.start:i.end] for i in items]


def test_name_mentions(predicted):
    found = [(TEXT[m.start:m.end], m.type, m.level) for m in predicted.mentions]
    assert found == [
        ("Cairo", "GPE", "NAM"), ("Egyptian", "GPE", "NAM"), ("Cairo", "GPE", "NAM"),
        ("Interior Ministry", "ORG", "NAM"),
        ("Abdel Fattah al-Sisi", "PER", "NAM"), ("Saudi", "GPE", "NAM"), ("Riyadh", "GPE", "NAM"),
        ("Alexandria", "GPE", "NAM"), ("Cairo", "GPE", "NAM"),
    ]
    clusters = {TEXT[m.start:m.end]: set() for m in predicted.mentions}
    for m in predicted.mentions:
        clusters[TEXT[m.start:m.end]].add(m.cluster)
    assert len(clusters["Cairo"]) == 1  # the three Cairo mentions share one cluster
    assert len({m.cluster for m in predicted.mentions}) == 7


def test_toponyms_resolve_and_read(predicted):
    g = default_resolver().gazetteer
    readings = [(TEXT[t.start:t.end], t.reading) for t in predicted.toponyms]
    assert readings == [("Cairo", "Literal"), ("Egyptian", "Demonym"), ("Cairo", "Literal"), ("Saudi", "Demonym"),
                        ("Riyadh", "Literal"), ("Alexandria", "Literal"), ("Cairo", "Metonymic")]
    cairo = g.lookup("Cairo")[0]
    first = predicted.toponyms[0]
    assert (first.geonames_id, first.lat, first.lon) == (cairo.geonames_id, cairo.lat, cairo.lon)
    assert predicted.toponyms[1].geonames_id == g.lookup("Egypt")[0].geonames_id


def test_timexes(predicted):
    assert [(TEXT[t.start:t.end], t.type, t.value) for t in predicted.timexes] == [
        ("Friday", "DATE", "2019-10-04"), ("Friday morning", "TIME", "2019-10-04TMO"),
        ("last week", "DATE", "2019-W39"),
        ("March", "DATE", "2019-03"), ("next month", "DATE", "2019-11"),
    ]


def test_events_attributes_and_arguments(predicted):
    events = [(TEXT[e.start:e.end], e.type) for e in predicted.event_mentions]
    assert events == [
        ("arrested", "Justice.Arrest-Jail"), ("met", "Contact.Meet"), ("killed", "Life.Die"),
        ("attacked", "Conflict.Attack"), ("trial", "Justice.Trial-Hearing"), ("arrest", "Justice.Arrest-Jail"),
    ]
    by_text = {TEXT[e.start:e.end]: e for e in predicted.event_mentions}
    args = {k: [(a.role, TEXT[a.start:a.end]) for a in e.arguments] for k, e in by_text.items()}
    assert args["arrested"] == [("Place", "Cairo"), ("Time", "Friday morning")]
    assert args["met"] == [("Place", "Riyadh"), ("Time", "last week")]  # "Saudi" is a demonym, not a place
    assert args["attacked"] == [("Place", "Alexandria"), ("Time", "March")]
    assert by_text["killed"].attributes == {"polarity": "POSITIVE", "tense": "PAST", "genericity": "SPECIFIC",
                                            "modality": "ASSERTED"}
    assert by_text["trial"].attributes["tense"] == "FUTURE"
    assert by_text["arrest"].attributes["polarity"] == "NEGATIVE"
    assert by_text["arrest"].attributes["modality"] == "OTHER"
    assert by_text["arrest"].cluster == by_text["arrested"].cluster  # same type and lemma


def test_same_lemma_same_type_share_a_cluster(make_doc):
    text = "Gunmen attacked a base on Monday. The attack was the third attack this year. They killed two guards."
    sub = predict_document(make_doc(text))
    clusters = {text[e.start:e.end] + str(e.start): e.cluster for e in sub.event_mentions}
    attack = [c for k, c in clusters.items() if k.startswith("attack")]
    assert len(set(attack)) == 1 and len(attack) == 3  # attacked / attack / attack: lemma "attack"
    killed = [c for k, c in clusters.items() if k.startswith("killed")]
    assert killed and killed[0] not in attack


def test_capitalised_words_are_not_triggers_or_places(make_doc):
    text = "The Second World War ended. No one was hurt in the Green River Killings trial."
    sub = predict_document(make_doc(text))
    assert "War" not in spans_of(text, sub.event_mentions)
    assert "No" not in spans_of(text, sub.mentions)  # "No" is an alternate name of a city: not a name here


def spans_of(text, items):
    return [text[i.start:i.end] for i in items]


def test_nested_place_in_a_facility_name(make_doc):
    text = "Rockets fell near the U.S. Embassy in Baghdad on Sunday."
    sub = predict_document(make_doc(text, anchor="2021-10-31"))
    assert [(text[m.start:m.end], m.type) for m in sub.mentions] == [
        ("U.S.", "GPE"), ("U.S. Embassy", "FAC"), ("Baghdad", "GPE")]
    assert [(text[t.start:t.end], t.reading) for t in sub.toponyms] == [
        ("U.S.", "Non_Literal_Modifier"), ("Baghdad", "Literal")]


def test_every_layer_is_well_formed_on_the_seed():
    from newsbench.baselines.common import read_seed_documents

    onto = load_ontology()
    docs, problems = read_seed_documents()
    assert docs and not problems
    for doc in docs:
        sub = predict_document(doc)
        n = len(doc.text)
        for m in sub.mentions:
            assert 0 <= m.start < m.end <= n and m.type in onto.entity_types and m.level in onto.mention_levels
        for e in sub.event_mentions:
            assert e.type in onto.event_types
            assert set(e.attributes) == set(onto.attributes)
            assert all(v in onto.attributes[k] for k, v in e.attributes.items())
            for a in e.arguments:
                assert a.role in onto.event_roles[e.type]
        for t in sub.toponyms:
            assert t.reading in onto.toponym_readings
            assert any((m.start, m.end) == (t.start, t.end) for m in sub.mentions)


def test_trigger_lexicon_uses_ontology_types_and_one_type_per_form():
    onto = load_ontology()
    data = load_json_data("triggers_en.json")["triggers"]
    assert set(data) <= set(onto.event_types)
    lemmas = load_json_data("trigger_lemmas.json")["types"]
    assert set(data) == set(lemmas), "every event type with a lemma in data/trigger_lemmas.json has triggers"
    forms = [f for lemmas in data.values() for fs in lemmas.values() for f in fs]
    assert len(forms) == len(set(forms)), "a form maps to one event type"
    assert all(f == f.lower() for f in forms)
    assert load_lexicon().triggers  # loads without error


def test_demonym_targets_resolve_in_the_gazetteer():
    resolver = default_resolver()
    unresolved = [d for d, place in demonym_table().items() if resolver.place(place) is None]
    assert unresolved == []


def test_feature_classes_map_to_place_entity_types():
    onto = load_ontology()
    table = {k: v for k, v in load_json_data("rules_en.json")["feature_class_types"].items() if not k.startswith("$")}
    assert set(table.values()) <= set(onto.toponym_entity_types)
    features = {p.feature.split(".")[0] for p in default_resolver().gazetteer}
    assert features <= set(table)


def test_data_files_are_json():
    for path in DATA_DIR.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_all_capital_country_abbreviation_is_a_name(make_doc):
    text = "Rockets fell near the US embassy, officials told us. NO RESALES. IT WAS LATE."
    sub = predict_document(make_doc(text))
    assert [(text[m.start:m.end], m.type) for m in sub.mentions] == [("US", "GPE")]
    assert [(text[t.start:t.end], t.reading) for t in sub.toponyms] == [("US", "Non_Literal_Modifier")]


@settings(max_examples=100, deadline=None)
@given(texts(min_words=1, max_words=60))
def test_any_text_gives_well_formed_predictions(make_doc, text):
    """Generated texts (emoji, combining marks, other scripts, CRLF) never break the system or its offsets."""
    sub = predict_document(make_doc(text, anchor="2021-10-31"))
    onto = load_ontology()
    for layer in (sub.mentions, sub.timexes, sub.event_mentions, sub.toponyms):
        for item in layer:
            assert 0 <= item.start < item.end <= len(text)
            assert text[item.start:item.end] == text[item.start:item.end].strip()
    assert all(m.type in onto.entity_types for m in sub.mentions)
    assert all(timex_value_ok(t.type, t.value) for t in sub.timexes)


def _small_village():
    """A one-word GeoNames village that no larger place shares a name with."""
    gazetteer = default_resolver().gazetteer
    for place in gazetteer:
        if (place.feature == "P.PPL" and 2000 <= (place.population or 0) <= 5000 and place.name.isascii()
                and place.name.isalpha() and place.name[:1].isupper() and place.name[1:].islower()
                and len(place.name) > 5 and gazetteer.lookup(place.name)[0] == place):
            return place
    raise AssertionError("no small village found")


def test_a_small_place_is_a_place_only_after_a_locative_word(make_doc):
    village = _small_village()
    text = f"{village.name} said nothing. Floods hit homes in {village.name} today."
    sub = predict_document(make_doc(text))
    second = text.rindex(village.name)
    assert [(m.start, m.type) for m in sub.mentions] == [(second, "GPE")]
    assert [(t.start, t.geonames_id) for t in sub.toponyms] == [(second, village.geonames_id)]


def test_two_capitalised_words_without_a_cue_are_a_person(make_doc):
    text = "Yesterday the painter Andy Warhol spoke, and so did NASA Officials."
    sub = predict_document(make_doc(text))
    assert ("Andy Warhol", "PER") in [(text[m.start:m.end], m.type) for m in sub.mentions]
    assert "NASA Officials" not in [text[m.start:m.end] for m in sub.mentions]


def test_a_surname_alone_is_the_person_named_before(make_doc):
    text = "Yesterday Andy Warhol spoke. Then Warhol left."
    sub = predict_document(make_doc(text))
    found = [(text[m.start:m.end], m.type, m.cluster) for m in sub.mentions]
    assert found == [("Andy Warhol", "PER", "c1"), ("Warhol", "PER", "c1")]


def test_a_bare_capitalised_word_the_document_repeats_is_an_organisation(make_doc):
    # made-up text: "Zentrix" recurs alone (a company), once inside a sentence, so its headline use counts too;
    # "Mira" is a word of a person's name (that person, by the given-name rule) and "Quorble" occurs once: neither
    # becomes an ORG
    text = ("Zentrix buys a rival\n\nShares rose after Mira Holt said Zentrix would expand. Analysts expect "
            "Zentrix to grow, and said Mira was right. A Quorble spokesman declined to comment.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got.count(("Zentrix", "ORG")) == 3
    assert ("Mira Holt", "PER") in got
    assert ("Mira", "PER") in got
    assert not any(name in ("Mira", "Quorble") and kind == "ORG" for name, kind in got)
    assert "Quorble" not in [name for name, _ in got]


def test_a_recurring_name_needs_a_use_inside_a_sentence_and_no_lower_case_twin(make_doc):
    # made up: "Vantor" opens two sentences only; "Cloudnet" is also written "cloudnet"; "Orbix Labs" (two words,
    # no person's name) recurs inside sentences
    text = ("Vantor fell. Vantor rose. Traders said Cloudnet and Orbix Labs gained. The cloudnet deal with Orbix Labs "
            "and Cloudnet closed.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("Orbix Labs", "ORG"), ("Orbix Labs", "ORG")]


def test_two_or_three_words_are_a_person_only_after_a_given_name(make_doc):
    # made up: "Maria" and "David" are given names (of the names lists); "Velton Quarry" and "Acme Computer" are not
    # persons' names; a hyphenated or apostrophe piece stays in the name
    text = ("After lunch Maria Hee-Sun spoke with David O'Brien near Velton Quarry, and Acme Computer declined to "
            "comment.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("Maria Hee-Sun", "PER"), ("David O'Brien", "PER")]


def test_a_caption_credit_label_is_not_part_of_a_name(make_doc):
    # made up: a Wikinews-style caption "<what is shown> Image: <credit>"
    text = "They met on Friday.\n\nMaria Holt Image: Tom Reed.\n\nHolt said the talks went well."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert ("Maria Holt", "PER") in got and ("Holt", "PER") in got
    assert not any("Image" in name for name, _ in got)


def test_a_place_named_as_a_side_of_a_sports_result_is_the_team(make_doc):
    text = "Norway beat Chile\n\nNorway won 2 – 1 against Chile in Oslo on Sunday, and Chile went home."
    sub = predict_document(make_doc(text))
    got = {(text[m.start:m.end], m.type) for m in sub.mentions}
    assert got == {("Norway", "ORG"), ("Chile", "ORG"), ("Oslo", "GPE")}
    assert [text[t.start:t.end] for t in sub.toponyms] == ["Oslo"]


def test_a_model_designation_is_a_product_not_a_name(make_doc):
    # made up: "Zentrix Z300" (a model) is no entity; "Zentrix" alone, repeated, is the company
    text = "Buyers said the Zentrix Z300 sold well. Its rivals said Zentrix would cut prices, and Zentrix agreed."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("Zentrix", "ORG"), ("Zentrix", "ORG")]


def test_a_role_noun_in_lower_case_before_a_name_makes_it_a_person(make_doc):
    # made up: "Zorv Quellin" has no given name of the lists; "goalkeeper" and "the coach," are cues, a capitalised
    # role word inside a name is not ("Zentrix Student Union"), nor is a demonym after one ("member Ruritanian")
    text = ("The goalkeeper Zorv Quellin was injured, the coach, Brax Ultemo, said. The Zentrix Student Union met "
            "every six - member Syrian team.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert ("Zorv Quellin", "PER") in got and ("Brax Ultemo", "PER") in got
    assert ("Syrian", "GPE") in got
    assert not any(name.endswith("Union") and t == "PER" for name, t in got)


def test_an_initial_is_part_of_a_persons_name(make_doc):
    text = "The writer L. Ron Velt spoke, and Maria K. Zorb listened."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert ("L. Ron Velt", "PER") in got and ("Maria K. Zorb", "PER") in got


def test_an_acronym_introduced_in_brackets_is_an_organisation(make_doc):
    # made up, both ways round: the acronym and the name it abbreviates are ORG, and the acronym alone later too;
    # letters in another order than the words' ("CQV" of "Velton Council of Quarrymen") count
    text = ("Members of the Velton Council of Quarrymen (CQV) met. Later CQV said no. "
            "ZUA (Zorblat Union of Artists) agreed, ZUA said.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got.count(("CQV", "ORG")) == 2 and ("Velton Council of Quarrymen", "ORG") in got
    assert got.count(("ZUA", "ORG")) == 2 and ("Zorblat Union of Artists", "ORG") in got


def test_introduced_acronyms_need_the_names_initials():
    from newsbench.baselines.common import introduced_acronyms

    text = "the Globex Space Agency (GSA), Ann Lee (BBC) and GSA2 (Green Sea Association)"
    found = {k: text[a:b] for k, (a, b) in introduced_acronyms(text).items()}
    assert found == {"GSA": "Globex Space Agency"}  # "BBC" is not "Ann Lee"'s initials; "GSA2" has a digit left


def test_an_abbreviation_with_a_full_stop_ends_the_name_with_it(make_doc):
    text = "The shares of Zentrix Inc. rose. Velton Ltd. said Zentrix Inc. and Velton Ltd. merged."
    got = [text[m.start:m.end] for m in predict_document(make_doc(text)).mentions]
    assert got == ["Zentrix Inc.", "Velton Ltd.", "Zentrix Inc.", "Velton Ltd."]


def test_a_name_said_in_full_and_by_its_first_word_is_an_organisation(make_doc):
    # made up: "Zentrix Computer" said once and "Zentrix" once (in the headline): both ORG, one each
    text = "Zentrix unveils a phone\n\nOn Monday Zentrix Computer announced a phone."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("Zentrix", "ORG"), ("Zentrix Computer", "ORG")]


def test_a_name_ending_in_a_facility_word_is_a_facility(make_doc):
    text = "Fans met at the Velton Convention Centre and later at the Zorblat Arena."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("Velton Convention Centre", "FAC"), ("Zorblat Arena", "FAC")]


def test_an_organisation_descriptor_in_lower_case_before_a_name_makes_it_an_organisation(make_doc):
    # made up: neither name has another cue; a capitalised descriptor opening a sentence is no cue
    text = "Shares of the carmaker Zentrix rose, and the airline, Velton Air, said so. Magazine Orbix Quarterly agreed."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert ("Zentrix", "ORG") in got and ("Velton Air", "ORG") in got
    assert "Orbix Quarterly" not in [name for name, _ in got]


def test_a_towns_name_that_opens_an_organisations_name_is_its_short_form(make_doc):
    # made up: Cupertino is a town below small_places' population, "Google" only an alternate name of a city's
    # record; each also opens an ORG name here, so its bare uses are that organisation (GUIDELINES C3). Paris, a
    # large place under its own name, stays the place beside "Paris Football Club", and so does a small town that
    # opens no organisation's name
    text = ("Pupils met at Cupertino on Friday for the Cupertino Robotics Club final, and visited Google, where the "
            "Google Science Club met. The Paris Football Club sent a team from Paris.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("Cupertino", "ORG"), ("Cupertino Robotics Club", "ORG"), ("Google", "ORG"),
                   ("Google Science Club", "ORG"), ("Paris", "GPE"), ("Paris Football Club", "ORG"), ("Paris", "GPE")]
    other = "Pupils met near Cupertino on Friday."
    alone = predict_document(make_doc(other)).mentions
    assert [(other[m.start:m.end], m.type) for m in alone] == [("Cupertino", "GPE")]


def test_a_place_after_kind_words_and_of_is_a_mention_of_its_own(make_doc):
    # made up: "University of Leeds" (a body's kind noun, R4) keeps its name and gets the place nested; "Town of
    # Springfield" (a place descriptor, R2) is the place alone; "Bank of England" has "Bank", no kind word of R4 here,
    # and the place stays part of the name
    text = ("Researchers at the University of Leeds met officials of the Town of Springfield and of the Bank of "
            "England on Friday.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("University of Leeds", "ORG"), ("Leeds", "GPE"), ("Springfield", "GPE"),
                   ("Bank of England", "ORG")]


def test_a_given_name_alone_is_the_person_named_before(make_doc):
    # made up: "Andy" alone after "Andy Warhol" is that person (same cluster); "David" names no person found, and
    # stays no name
    text = "Yesterday Andy Warhol spoke. Critics said Andy was tired, and David left."
    found = [(text[m.start:m.end], m.type, m.cluster) for m in predict_document(make_doc(text)).mentions]
    assert found == [("Andy Warhol", "PER", "c1"), ("Andy", "PER", "c1")]


def test_a_name_said_in_full_and_by_its_last_word_is_a_person(make_doc):
    # made up: "Velko Darnin" (no given name of the lists) and "Darnin" alone are a person and his surname;
    # "Orvan Stone" is not, since the text writes "stone" in lower case
    text = "On Monday Velko Darnin met Orvan Stone. Darnin said the stone bridge was safe, and Stone agreed."
    found = [(text[m.start:m.end], m.type, m.cluster) for m in predict_document(make_doc(text)).mentions]
    assert found == [("Velko Darnin", "PER", "c1"), ("Darnin", "PER", "c1")]



def test_a_part_of_a_name_after_an_article_or_a_name_only_opening_sentences_is_no_person(make_doc):
    # made up: "Mira" alone only after "the"; "Actual Zentrix" only opens a sentence ("Zentrix" a company)
    text = "Yesterday Mira Holt spoke. The Mira show ends. Actual Zentrix sales fell. Analysts said Zentrix would cut."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert ("Mira Holt", "PER") in got
    assert not any(kind == "PER" and name in ("Mira", "Actual Zentrix", "Zentrix") for name, kind in got)


def test_a_short_family_name_and_a_hyphenated_given_name_are_a_person(make_doc):
    # made up: romanised Korean names, the given name's second syllable in lower case or capitalised; "Zentrix-led"
    # (a modifier after a name) and "Acme Co-op" (no short family name before the hyphenated word) are no persons
    text = ("On Monday Sung Mi-ra spoke with Dae Hyo-Jin about the Zentrix-led plan, and Orbix Acme Co-op "
            "declined to comment.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("Sung Mi-ra", "PER"), ("Dae Hyo-Jin", "PER")]


def test_offices_and_clergy_titles_before_a_name_make_it_a_person(make_doc):
    # made up: titles of local offices, legislators and clergy before names that are no given names of the lists
    text = ("On Tuesday Sheriff Orvan Quell, Councillor Bexa Morrow and Reverend Tamsin Ollard met at the Premier "
            "League.")
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions if m.type == "PER"]
    assert got == [("Orvan Quell", "PER"), ("Bexa Morrow", "PER"), ("Tamsin Ollard", "PER")]


def test_an_officer_title_is_no_name_and_makes_the_name_after_it_a_person(make_doc):
    # made up: "Chief Executive Officer" is one title (its last word no person), and a name after it, a comma
    # between, is a person
    text = "On Monday the Zentrix Chief Operating Officer, Orvan Quell, met the Chief Executive Officer Bexa Morrow."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions if m.type == "PER"]
    assert got == [("Orvan Quell", "PER"), ("Bexa Morrow", "PER")]


def test_a_word_in_capitals_is_a_name_word_though_its_lower_case_is_a_function_word(make_doc):
    # made up: "FIRST" is an acronym opening the name, not the ordinal
    text = "On Monday the FIRST Orbix Group met in the town."
    got = [(text[m.start:m.end], m.type) for m in predict_document(make_doc(text)).mentions]
    assert got == [("FIRST Orbix Group", "ORG")]


def test_a_bare_plural_demonym_is_the_peoples_nominal_not_a_place(make_doc):
    # GUIDELINES R14: "Canadians" alone is one span, the people's PER NOM, with no GPE mention and no toponym;
    # after a determiner or a number it heads a longer phrase, and the demonym stays a GPE NAM of its place
    text = "Canadians voted on Monday. The three Canadians in the crew and 200 Canadians abroad voted too."
    sub = predict_document(make_doc(text))
    second, third = text.index("three Canadians") + 6, text.index("200 Canadians") + 4
    got = [(m.start, text[m.start:m.end], m.type, m.level) for m in sub.mentions]
    assert got == [(0, "Canadians", "PER", "NOM"), (second, "Canadians", "GPE", "NAM"),
                   (third, "Canadians", "GPE", "NAM")]
    assert [t.start for t in sub.toponyms] == [second, third]
