"""The synthetic corpus generator: what it writes passes the validator, is deterministic and is shaped like news."""

import random
from collections import Counter
from pathlib import Path

import pytest

from newsbench import cli
from newsbench.evaluation.scorer import load_gold, score_submission
from newsbench.evaluation.submission import read_submission
from newsbench.gazetteer.lookup import load_gazetteer
from newsbench.ontology import load_ontology
from newsbench.synthetic import Errors, document_rng, synthetic_document, synthetic_predictions, write_corpus
from newsbench.validate import document_problems


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    write_corpus(root, 30, seed=7, submission=root / "submission.json")
    return root


def test_a_generated_corpus_and_submission_pass_the_cli_checks(corpus, monkeypatch, capsys):
    monkeypatch.setenv("NEWSBENCH_ROOT", str(corpus))
    assert cli.main(["validate"]) == 0
    assert "30 file(s): 0 problem(s)" in capsys.readouterr().out
    assert cli.main(["validate-submission", str(corpus / "submission.json")]) == 0
    assert "30 document(s), 0 problem(s), 0 warning(s)" in capsys.readouterr().out


def test_documents_validate_across_seeds_and_sizes():
    onto, gazetteer = load_ontology(), load_gazetteer()
    for i in range(60):
        doc = synthetic_document(f"d{i}", random.Random(i), sentences=1 + i % 50, ontology=onto, gazetteer=gazetteer)
        assert document_problems(doc, "synthetic", ontology=onto) == []


def test_same_seed_same_bytes_other_seed_other_text(tmp_path):
    a, b, c = (tmp_path / n for n in "abc")
    for root, seed in ((a, 1), (b, 1), (c, 2)):
        write_corpus(root, 3, seed=seed, submission=root / "sub.json")
    files = sorted(p.relative_to(a) for p in (a / "corpus").rglob("*") if p.is_file())
    assert files and all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert (a / "sub.json").read_bytes() == (b / "sub.json").read_bytes()
    gold = Path("corpus/gold/synthetic-000000.json")
    assert gold in files and (a / gold).read_bytes() != (c / gold).read_bytes()


def test_documents_are_shaped_like_news():
    onto, gazetteer = load_ontology(), load_gazetteer()
    docs = [synthetic_document(f"d{i}", document_rng(0, i), ontology=onto, gazetteer=gazetteer) for i in range(20)]
    levels = Counter(m.level for d in docs for m in d.mentions)
    assert min(levels[level] for level in ("NAM", "NOM", "PRO")) > 0
    assert Counter(t.type for d in docs for t in d.timexes).keys() == set(onto.timex_types)
    for d in docs:
        assert d.text.count(".") >= 30  # sentences
        assert "\n\n" in d.text  # paragraphs
        # nested mentions: a nominal extent holding a name ("the governor of Baghdad")
        nested = [(o, i) for o in d.mentions for i in d.mentions if o is not i and o.start <= i.start and
                  i.end <= o.end]
        assert nested
        # coreference: entities and events mentioned more than once
        assert max(Counter(m.entity for m in d.mentions).values()) > 2
        assert max(Counter(em.event for em in d.event_mentions).values()) > 1
        assert sum(len(em.arguments) for em in d.event_mentions) > len(d.event_mentions)
        # every toponym is a gazetteer record: its id and coordinates
        for t in d.toponyms:
            place = gazetteer.by_id(t.geonames_id)
            assert place is not None and (place.lat, place.lon, place.feature) == (t.lat, t.lon, t.feature)
        assert all(d.meta.anchor_date >= t.value[:10] for t in d.timexes if t.type == "DATE" and t.value[:4].isdigit()
                   and "W" not in t.value)


def test_the_submission_errs_at_the_rates_asked(corpus):
    gold, problems = load_gold(corpus / "corpus" / "gold")
    assert not problems
    submission, problems = read_submission(corpus / "submission.json")
    assert not problems
    result, problems = score_submission(submission, gold, bootstrap=0)
    assert not problems
    for task, metric in (("entities", "strict"), ("timexes", "strict"), ("events", "trigger_classification"),
                         ("toponyms", "strict")):
        assert 0.6 < result.scores[task][metric]["f1"] < 0.95, (task, metric)
    doc = gold.documents["synthetic-000000"].doc
    perfect = synthetic_predictions(doc, random.Random(0), Errors(miss=0, shift=0, relabel=0, extra=0))
    assert [(m.start, m.end, m.type) for m in perfect.mentions] == [(m.start, m.end, m.type) for m in doc.mentions]
