"""MEANTIME CAT XML import: a small document written here, then every MEANTIME English document."""

import xml.etree.ElementTree as ET
from pathlib import Path

from newsbench.baselines import development
from newsbench.interop.common import imported_problems, load_mapping
from newsbench.interop.meantime import (UNDECLARED_EVENTS, _name_head, detokenise, read_meantime,
                                        read_meantime_events)

# Made-up tokens (not from the corpus): a title, a dateline and one annotated body sentence; a fourth
# sentence without markables stays outside the declared range.
TOKENS = [("0", "Acme buys Widget Co"), ("1", "May 02 , 2011"), ("2", 'Acme said " it will pay $ 5 ( about ) . "'),
          ("3", "Nothing else happened .")]


def _sample(tmp_path: Path) -> Path:
    lines, t = [], 0
    ids = {}
    for sentence, words in TOKENS:
        for w in words.split(" "):
            t += 1
            ids.setdefault(w, t)
            lines.append(f'<token number="{t - 1}" sentence="{sentence}" t_id="{t}">{w}</token>')
    xml = f"""<?xml version="1.0" ?><Document doc_id="42" doc_name="x" lang="en" url="https://example.invalid/acme">
{''.join(lines)}
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="3"/><token_anchor t_id="4"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type=""><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="NAM"><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="5" syntactic_type="NOM"><token_anchor t_id="13"/></ENTITY_MENTION>
<EVENT_MENTION m_id="6" pred="buy" pos="VERB" tense="PRESENT" polarity="POS" certainty="CERTAIN">
<token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="9" pred="pay" pos="VERB" tense="FUTURE"><token_anchor t_id="14"/></EVENT_MENTION>
<TIMEX3 m_id="7" type="DATE" value="2011-05-02" functionInDocument="CREATION_TIME"><token_anchor t_id="5"/><token_anchor t_id="6"/><token_anchor t_id="7"/><token_anchor t_id="8"/></TIMEX3>
<TIMEX3 m_id="8" type="DATE" value="not a value"><token_anchor t_id="14"/></TIMEX3>
<ENTITY m_id="20" ent_type="ORG" external_ref="http://dbpedia.invalid/Acme"/>
<ENTITY m_id="21" ent_type="PRO"/>
<EVENT m_id="22" class="OTHER"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="3"/><source m_id="4"/><target m_id="20"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="2"/><target m_id="21"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="6"/><source m_id="9"/><target m_id="22"/></REFERS_TO>
<HAS_PARTICIPANT r_id="4" sem_role="Arg0" sem_role_framework="PROPBANK">
<source m_id="6"/><target m_id="1"/></HAS_PARTICIPANT>
</Relations>
</Document>"""
    path = tmp_path / "42_sample.xml"
    path.write_text(xml, encoding="utf-8")
    return path


def test_detokenise_rules():
    text, spans = detokenise(["He", "said", '"', "it", "costs", "$", "5", "(", "about", ")", "'s", '"', "."])
    assert text == 'He said "it costs $5 (about)\'s".'
    assert [text[s:e] for s, e in spans] == ["He", "said", '"', "it", "costs", "$", "5", "(", "about", ")", "'s",
                                             '"', "."]


def test_sample_document(tmp_path):
    result = read_meantime([_sample(tmp_path)])
    (doc,) = result.documents
    assert doc.doc_id == "meantime_42"
    assert doc.text == 'Acme buys Widget Co\nMay 02, 2011\nAcme said "it will pay $5 (about)."\nNothing else happened.'
    assert doc.meta.anchor_date == "2011-05-02"
    body_end = doc.text.index("\nNothing")
    assert [(a.layer, a.ranges) for a in doc.annotated] == [("entities", ((0, body_end),)),
                                                             ("timexes", ((0, body_end),))]
    assert [(m.text, m.type, m.level, m.entity) for m in doc.mentions] == [("Acme", "ORG", "NAM", "E1"),
                                                                           ("Acme", "ORG", "NAM", "E1")]
    assert [(t.text, t.value) for t in doc.timexes] == [("May 02, 2011", "2011-05-02")]
    assert imported_problems(doc, "x") == []
    nc = result.not_carried
    assert nc["class-unmapped:PRO"] == 1 and nc["mention-same-extent"] == 1 and nc["mention-without-entity"] == 1
    assert nc["timex-value-not-timex3"] == 1 and nc["event_mention"] == 2 and nc["event"] == 1
    assert nc["refers_to-event"] == 2 and nc["dbpedia-link"] == 1
    assert result.undeclared == {"events": UNDECLARED_EVENTS} and not doc.annotates("events")


def test_event_reader_gives_triggers_attributes_coreference_and_participants(tmp_path):
    (events,) = read_meantime_events([_sample(tmp_path)])
    (doc,) = read_meantime([_sample(tmp_path)]).documents
    assert (events.doc_id, events.text) == (doc.doc_id, doc.text)
    assert events.annotated_end == doc.text.index("\nNothing") and events.without_tokens == 0
    buy, pay = events.mentions
    assert (buy.text, pay.text) == ("buys", "pay")
    assert buy.attributes["tense"] == "PRESENT" and buy.attributes["certainty"] == "CERTAIN"
    assert pay.attributes["tense"] == "FUTURE" and pay.attributes["polarity"] == ""
    assert buy.event == pay.event == "22" and buy.event_class == "OTHER"  # one event: the mentions corefer
    (agent,) = buy.participants
    assert (agent.role, agent.framework, agent.target) == ("Arg0", "PROPBANK", "1")
    assert doc.text[agent.span[0]:agent.span[1]] == "Acme" and pay.participants == ()


def test_meantime_imports_with_zero_problems_and_every_mention_accounted_for(dev_corpora):
    files = sorted((dev_corpora / "meantime-en").glob("*/*.xml"))
    result = read_meantime(files)
    assert len(result.documents) == len(files) == 60
    problems = [p for d in result.documents for p in imported_problems(d, d.doc_id)]
    assert problems == []
    roots = [ET.parse(f).getroot() for f in files]
    mentions = sum(len(r.findall("Markables/ENTITY_MENTION")) for r in roots)
    dropped = sum(n for k, n in result.not_carried.items() if k.startswith("class-unmapped:") or k in (
        "mention-without-tokens", "discontinuous-mention", "mention-without-entity", "conjoined-mention",
        "mention-same-extent"))
    assert mentions == result.carried["mentions"] + dropped
    timexes = sum(len(r.findall("Markables/TIMEX3")) for r in roots)
    assert timexes == result.carried["timexes"] + sum(result.not_carried[k] for k in (
        "timex-without-tokens", "discontinuous-timex", "timex-value-not-timex3"))
    assert result.not_carried["event_mention"] == sum(len(r.findall("Markables/EVENT_MENTION")) for r in roots)
    partial = 0
    for doc, root in zip(result.documents, roots, strict=True):
        assert doc.text.startswith(root.find("token").text)
        (entities,) = [a.ranges for a in doc.annotated if a.layer == "entities"]
        assert entities[0][0] == 0 and entities[0][1] <= len(doc.text)
        partial += entities[0][1] < len(doc.text)
    assert partial > len(files) / 2  # MEANTIME annotates only the first sentences of most documents


def test_every_meantime_event_mention_is_read_and_the_import_counts_them_exactly(dev_corpora):
    files = sorted((dev_corpora / "meantime-en").glob("*/*.xml"))
    events = read_meantime_events(files)
    result = read_meantime(files)
    roots = [ET.parse(f).getroot() for f in files]
    assert [e.doc_id for e in events] == [d.doc_id for d in result.documents]
    assert all(e.text == d.text for e, d in zip(events, result.documents, strict=True))
    found = sum(len(r.findall("Markables/EVENT_MENTION")) for r in roots)
    assert found == sum(len(e.mentions) + e.without_tokens for e in events) == result.not_carried["event_mention"]
    assert found > 900
    for e, doc in zip(events, result.documents, strict=True):
        (entities,) = [a.ranges for a in doc.annotated if a.layer == "entities"]
        assert e.annotated_end == entities[0][1]
        for m in e.mentions:
            assert 0 <= m.start < m.end <= e.annotated_end and m.text == e.text[m.start:m.end]
    classes = {m.event_class for e in events for m in e.mentions}
    assert {"OTHER", "SPEECH_COGNITIVE", "GRAMMATICAL"} <= classes
    corefer = sum(len(m) - 1 for e in events for m in _by_event(e).values())
    assert corefer > 0 and sum(bool(m.participants) for e in events for m in e.mentions) > found / 2


def _by_event(events):
    out = {}
    for m in events.mentions:
        if m.event is not None:
            out.setdefault(m.event, []).append(m)
    return out


def test_the_import_report_says_the_events_layer_is_undeclared_and_why(tmp_path, capsys):
    import json

    from newsbench.cli import main

    source = _sample(tmp_path)
    assert main(["import", "meantime", str(source), "-o", str(tmp_path / "out"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["undeclared_layers"] == {"events": UNDECLARED_EVENTS}
    assert main(["import", "meantime", str(source), "-o", str(tmp_path / "out2")]) == 0
    assert f"layer not declared events: {UNDECLARED_EVENTS}" in capsys.readouterr().out.splitlines()


# Made-up name extents (not from the corpus), MEANTIME-tokenised, and the name inside each.
NAME_HEADS = [
    ("Acme", "Acme"),
    ("the Globex Space Agency ( GSA", "Globex Space Agency"),
    ("Ruritanian carmaker Acme", "Acme"),
    ("low cost airline , Acme Air", "Acme Air"),
    ("the Acme Arena in Springfield", "Acme Arena"),
    ("the Prime Minister of Ruritania , Mr. Ann Lee", "Ann Lee"),
    ("Senator Ann Lee ( D-XY", "Ann Lee"),
    ("Ruritania 's Royal Navy", "Royal Navy"),
    ("Bank of Springfield", "Bank of Springfield"),
    ("The Springfield Herald", "Springfield Herald"),
]


def test_a_name_head_is_the_name_without_descriptor_apposition_bracket_or_title():
    titles = load_mapping().titles
    for extent, name in NAME_HEADS:
        words = extent.split(" ")
        first, last = _name_head(words, titles)
        assert " ".join(words[first:last + 1]) == name, extent
    # titles are left out of persons' names only: an organisation may start with one
    assert _name_head(["General", "Motors"], frozenset()) == (0, 1)


def test_meantime_name_heads_hold_no_determiner_bracket_or_apposition(dev_corpora):
    docs = development.load_corpus(development.DEV_CORPORA["meantime"], dev_corpora)
    names = [d.text[m.head_start:m.head_end] for d in docs for m in d.mentions if m.level == "NAM"]
    assert len(names) > 400
    bad = [h for h in names if h.split()[0].lower() in ("the", "a", "an") or {",", "(", ")"} & set(h.split())]
    assert not bad, bad[:5]
