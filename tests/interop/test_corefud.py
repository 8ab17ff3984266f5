"""CoNLL-U / CorefUD import: a small document written here, then every GUM news document of the shared corpora."""

import json
import re
from collections import Counter
from pathlib import Path

import conllu
import pytest

from newsbench.interop.common import ImportFailed, default_mapping_path, imported_problems, load_mapping
from newsbench.interop.corefud import read_corefud

# A made-up two-paragraph text (not from any corpus): multiword token, SpaceAfter=No, nested and one-word
# mentions, a place, an unmapped class, a bridging link and a date.
SAMPLE = """\
# newdoc id = sample_doc
# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity
# meta::title = Mayor visits Springfield
# meta::sourceURL = https://example.invalid/sample
# meta::dateCreated = 2020-05-04
# meta::dateModified = 2020-05-06
# newpar
# sent_id = s1
# text = Mayor Ann Lee's dog visited Springfield.
1-2	Mayor	_	_	_	_	_	_	_	_
1	May	may	PROPN	NNP	_	3	compound	_	Entity=(1-person-new-s-cf1-3-coref-Ann_Lee
2	or	or	PROPN	NNP	_	3	compound	_	_
3	Ann	Ann	PROPN	NNP	_	5	nmod:poss	_	_
4-5	Lee's	_	_	_	_	_	_	_	_
4	Lee	Lee	PROPN	NNP	_	3	flat	_	Entity=1)
5	's	's	PART	POS	_	4	case	_	_
6	dog	dog	NOUN	NN	_	7	nsubj	_	Entity=(2-animal-new-s-cf2-1-sgl)
7	visited	visit	VERB	VBD	_	0	root	_	_
8	Springfield	Springfield	PROPN	NNP	_	7	obj	_	Entity=(3-place-new-s-cf3-1-coref-Springfield)|SpaceAfter=No
9	.	.	PUNCT	.	_	7	punct	_	_

# newpar
# sent_id = s2
# text = She liked the town on Monday.
1	She	she	PRON	PRP	_	2	nsubj	_	Entity=(1-person-giv-s-cf1-1-coref)
2	liked	like	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	Entity=(3-place-giv-s-cf2-2-coref
4	town	town	NOUN	NN	_	2	obj	_	Entity=3)|Bridge=3<1
5	on	on	ADP	IN	_	6	case	_	_
6	Monday	Monday	PROPN	NNP	_	2	obl	_	Entity=(4-time-new-s-cf3-1-sgl)|SpaceAfter=No|XML=<date when:::"2020-05-04"></date>
7	.	.	PUNCT	.	_	2	punct	_	_

"""


@pytest.fixture
def sample(tmp_path) -> Path:
    path = tmp_path / "sample.conllu"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_sample_text_offsets_and_layers(sample):
    result = read_corefud([sample])
    (doc,) = result.documents
    assert doc.doc_id == "sample_doc"
    assert doc.text == "Mayor Ann Lee's dog visited Springfield.\n\nShe liked the town on Monday."
    assert doc.meta.anchor_date == "2020-05-04" and doc.meta.url == "https://example.invalid/sample"
    got = [(m.text, doc.text[m.head_start:m.head_end], m.type, m.level, m.entity) for m in doc.mentions]
    assert got == [
        ("Mayor Ann Lee", "Mayor Ann Lee", "PER", "NAM", "E1"),
        ("Springfield", "Springfield", "GPE", "NAM", "E2"),
        ("She", "She", "PER", "PRO", "E1"),
        ("the town", "town", "GPE", "NOM", "E2"),
    ]
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [("Monday", "DATE", "2020-05-04")]
    assert {a.layer for a in doc.annotated} == {"entities", "timexes"}
    assert imported_problems(doc, "sample") == []
    assert result.not_carried == Counter({
        "class-unmapped:animal": 1, "class-unmapped:time": 1, "bridge": 1, "dependency-tree": 2,
        "mention-attributes": 4, "wikipedia-link": 2,
    })


def test_mapping_is_overridable(sample, tmp_path):
    table = load_mapping()
    override = tmp_path / "mapping.json"
    data = json.loads(default_mapping_path().read_text(encoding="utf-8"))
    data["corefud"]["animal"] = "PER"
    data["place_rule"]["gpe_heads"] = []
    data["place_rule"]["gpe_names"] = []
    override.write_text(json.dumps(data), encoding="utf-8")
    mapped = read_corefud([sample], mapping=load_mapping(override))
    assert "class-unmapped:animal" not in mapped.not_carried
    assert [m.text for m in mapped.documents[0].mentions if m.type == "PER"] == ["Mayor Ann Lee", "dog", "She"]
    assert table.ace_class("corefud", "animal") is None


def test_unbalanced_brackets_are_an_error_naming_the_place(tmp_path):
    bad = tmp_path / "bad.conllu"
    bad.write_text(SAMPLE.replace("Entity=1)", "_"), encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"bad.conllu sentence s1"):
        read_corefud([bad])


def _gum_files(dev_corpora: Path) -> list[Path]:
    return sorted((dev_corpora / "gum-news" / "dep").glob("*.conllu"))


def test_gum_text_is_rebuilt_from_text_lines_and_space_after(dev_corpora):
    files = _gum_files(dev_corpora)
    result = read_corefud(files)
    assert len(result.documents) == len(files) == 18
    for path, doc in zip(files, result.documents, strict=True):
        sentences = conllu.parse(path.read_text(encoding="utf-8"))
        cursor = 0
        paragraphs = 0
        for s in sentences:
            text = s.metadata["text"]
            at = doc.text.index(text, cursor)
            assert doc.text[cursor:at] in ("", " ", "\n\n")
            paragraphs += doc.text[cursor:at] == "\n\n"
            cursor = at + len(text)
            # SpaceAfter=No agrees with the # text line
            surface = "".join(
                t["form"] + ("" if (t["misc"] or {}).get("SpaceAfter") == "No" else " ")
                for t in s if not (isinstance(t["id"], int) and any(
                    isinstance(r["id"], tuple) and r["id"][1] == "-" and r["id"][0] <= t["id"] <= r["id"][2]
                    for r in s)) and not (isinstance(t["id"], tuple) and t["id"][1] == ".")
            )
            assert surface.rstrip() == text
        assert cursor == len(doc.text)
        assert paragraphs == sum("newpar" in s.metadata for s in sentences) - 1


def test_gum_imports_with_zero_problems_and_every_mention_accounted_for(dev_corpora):
    files = _gum_files(dev_corpora)
    result = read_corefud(files)
    for doc in result.documents:
        assert imported_problems(doc, doc.doc_id) == []
    raw = "".join(p.read_text(encoding="utf-8") for p in files)
    opened = sum(v.count("(") for v in re.findall(r"Entity=([^|\t\n]*)", raw))
    dropped = sum(n for k, n in result.not_carried.items()
                  if k.startswith("class-unmapped:") or k in ("discontinuous-mention", "mention-same-extent"))
    assert opened == result.carried["mentions"] + dropped
    dates = re.findall(r"<(?:date|time) ([^>]*)>", raw)
    assert len(dates) == result.carried["timexes"] + result.not_carried["date-without-single-value"] \
        + result.not_carried["date-value-not-timex3"]
    assert result.not_carried["bridge"] == sum(len(v.split(",")) for v in re.findall(r"Bridge=([^|\t\n]*)", raw))
    types = Counter(e.type for d in result.documents for e in d.entities)
    assert set(types) <= {"PER", "ORG", "GPE", "LOC", "FAC"} and types["PER"] and types["GPE"]


def test_time_markup_becomes_date_or_time_timexes():
    from newsbench.interop.corefud import _timex_value

    assert _timex_value("date", "2017-07-21") == ("DATE", "2017-07-21")
    assert _timex_value("date", "2010-09-04T22:30:00") == ("TIME", "2010-09-04T22:30:00")
    assert _timex_value("time", "15:11:00") == ("TIME", "XXXX-XX-XXT15:11:00")
    assert _timex_value("date", None) == ("DATE", None)


def test_place_rule_order():
    from newsbench.interop.common import PlaceRule

    rule = PlaceRule(load_mapping())
    assert rule.type_of(["Stadium"], ["Baghdad"]) == "GPE"  # a gazetteer name decides first
    assert rule.type_of(["airport"], ["Baghdad airport"]) == "FAC"
    assert rule.type_of(["Heights"], ["Lakeview Heights, Ohio"]) == "GPE"
    assert rule.type_of(["zone"], ["the Green Zone in Baghdad, Iraq"]) == "LOC"  # "Place, Region" needs a name
    assert rule.type_of(["town"], []) == "GPE"
    assert rule.type_of(["coast"], ["Gold Coast Strip"]) == "LOC"


def test_a_file_of_several_documents_declares_its_entity_fields_once(tmp_path):
    second = SAMPLE.replace("# newdoc id = sample_doc\n"
                            "# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity\n",
                            "# newdoc id = second_doc\n")
    path = tmp_path / "two.conllu"
    path.write_text(SAMPLE + second, encoding="utf-8")
    result = read_corefud([path])
    first, other = result.documents
    assert other.doc_id == "second_doc"
    assert [(m.text, m.type) for m in other.mentions] == [(m.text, m.type) for m in first.mentions]
    assert result.not_carried["wikipedia-link"] == 4  # the identity field is known in the second document too


COREFUD = """\
# global.Entity = eid-etype-head-other
# newdoc id = cu1
# sent_id = 1
# text = The old mayor of Lakeview spoke.
1	The	the	DET	DT	_	3	det	_	Entity=(e1-person-3-
2	old	old	ADJ	JJ	_	3	amod	_	_
3	mayor	mayor	NOUN	NN	_	6	nsubj	_	_
4	of	of	ADP	IN	_	5	case	_	_
5	Lakeview	Lakeview	PROPN	NNP	_	3	nmod	_	Entity=(e2-place-1-)e1)
6	spoke	speak	VERB	VBD	_	0	root	_	SpaceAfter=No
7	.	.	PUNCT	.	_	6	punct	_	_

# sent_id = 2
# text = He left.
1	He	he	PRON	PRP	_	2	nsubj	_	Entity=(e1-person-1-)
2	left	leave	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

"""


def test_standard_corefud_fields_with_a_head(tmp_path):
    """CorefUD's own field order (eid-etype-head-other): the head field names the head word of the mention."""
    path = tmp_path / "cu.conllu"
    path.write_text(COREFUD, encoding="utf-8")
    (doc,) = read_corefud([path]).documents
    assert doc.text == "The old mayor of Lakeview spoke. He left."
    got = [(m.text, doc.text[m.head_start:m.head_end], m.level, m.entity) for m in doc.mentions]
    assert got == [("The old mayor of Lakeview", "mayor", "NOM", "E1"), ("Lakeview", "Lakeview", "NAM", "E2"),
                   ("He", "He", "PRO", "E1")]
    assert imported_problems(doc, "cu") == []


# Made up (not from any corpus): a title before a hyphenated name, a title alone, a descriptor before a name.
TITLES = """\
# newdoc id = titles_doc
# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity
# newpar
# sent_id = t1
# text = Senator Ana Ruiz-Vela met the President.
1	Senator	Senator	PROPN	NNP	_	2	compound	_	Entity=(1-person-new-s-cf1-1,2,3,4,5-sgl
2	Ana	Ana	PROPN	NNP	_	6	nsubj	_	_
3	Ruiz	Ruiz	PROPN	NNP	_	2	flat	_	SpaceAfter=No
4	-	-	PUNCT	HYPH	_	5	punct	_	SpaceAfter=No
5	Vela	Vela	PROPN	NNP	_	3	flat	_	Entity=1)
6	met	meet	VERB	VBD	_	0	root	_	_
7	the	the	DET	DT	_	8	det	_	Entity=(2-person-new-s-cf2-1,2-sgl
8	President	President	PROPN	NNP	_	6	obj	_	Entity=2)|SpaceAfter=No
9	.	.	PUNCT	.	_	6	punct	_	_

# sent_id = t2
# text = They thanked city tour guide Bo Lind.
1	They	they	PRON	PRP	_	2	nsubj	_	_
2	thanked	thank	VERB	VBD	_	0	root	_	_
3	city	city	NOUN	NN	_	5	compound	_	Entity=(3-person-new-s-cf3-1,2,3,4,5-sgl
4	tour	tour	NOUN	NN	_	5	compound	_	_
5	guide	guide	NOUN	NN	_	2	obj	_	_
6	Bo	Bo	PROPN	NNP	_	5	flat	_	_
7	Lind	Lind	PROPN	NNP	_	5	flat	_	Entity=3)|SpaceAfter=No
8	.	.	PUNCT	.	_	2	punct	_	_

"""


def test_name_heads_keep_hyphenated_names_whole_and_leave_titles_out(tmp_path):
    path = tmp_path / "titles.conllu"
    path.write_text(TITLES, encoding="utf-8")
    (doc,) = read_corefud([path]).documents
    got = [(m.text, doc.text[m.head_start:m.head_end], m.level) for m in doc.mentions]
    assert got == [("Senator Ana Ruiz-Vela", "Ana Ruiz-Vela", "NAM"), ("the President", "President", "NOM"),
                   ("city tour guide Bo Lind", "Bo Lind", "NAM")]  # a descriptor before a name (R5): NAM


def test_a_nominal_head_is_its_noun_alone(tmp_path):
    path = tmp_path / "titles.conllu"
    appos = TITLES.replace("6	Bo	Bo	PROPN	NNP	_	5	flat", "6	Bo	Bo	PROPN	NNP	_	5	appos")
    path.write_text(appos, encoding="utf-8")
    (doc,) = read_corefud([path]).documents
    assert [(doc.text[m.head_start:m.head_end], m.level) for m in doc.mentions][-1] == ("guide", "NOM")


def test_the_title_list_is_the_mapping_tables(tmp_path):
    path = tmp_path / "titles.conllu"
    path.write_text(TITLES, encoding="utf-8")
    data = json.loads(default_mapping_path().read_text(encoding="utf-8"))
    data["head_rule"]["titles"] = []
    override = tmp_path / "mapping.json"
    override.write_text(json.dumps(data), encoding="utf-8")
    (doc,) = read_corefud([path], mapping=load_mapping(override)).documents
    assert [(doc.text[m.head_start:m.head_end], m.level) for m in doc.mentions] == [
        ("Senator Ana Ruiz-Vela", "NAM"), ("President", "NAM"), ("Bo Lind", "NAM")]
