"""Damaged input never gives a traceback: an importer returns valid documents or raises ImportFailed."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbench.interop.common import ImportFailed, imported_problems
from newsbench.interop.corefud import read_corefud
from newsbench.interop.geovirus import read_geovirus
from newsbench.interop.meantime import read_meantime
from newsbench.validate import CHECKS
from test_corefud import SAMPLE
from test_geovirus import SAMPLE as GEOVIRUS
from test_meantime import _sample

PIECES = ["\t", "\n", "(", ")", "-", "|", "=", "_", "1", "9", "-1", "Entity=(", "SpaceAfter=No", "# text = x",
          "# newpar", "# newdoc id = d", "<", ">", "</", "&", "\"", "0", "<start>", "<location>", "t_id=\"", "é", "\U0001F680"]


@st.composite
def damaged(draw, text: str) -> str:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
    return text


def _outcome(read, path):
    """ImportFailed naming the file, or documents whose validation (what ``newsbench import`` runs before writing)
    reports registered problems only; any other exception fails the test."""
    try:
        result = read([path])
    except ImportFailed as e:
        assert e.file == str(path) and e.message
        return
    for doc in result.documents:
        assert all(p.check in CHECKS for p in imported_problems(doc, doc.doc_id))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=damaged(SAMPLE))
def test_damaged_conllu(tmp_path, text):
    path = tmp_path / "x.conllu"
    path.write_text(text, encoding="utf-8")
    _outcome(read_corefud, path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=damaged(GEOVIRUS))
def test_damaged_geovirus(tmp_path, text):
    path = tmp_path / "x.xml"
    path.write_text(text, encoding="utf-8")
    _outcome(read_geovirus, path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_meantime(tmp_path, data):
    source = _sample(tmp_path).read_text(encoding="utf-8")
    path = tmp_path / "x.xml"
    path.write_text(data.draw(damaged(source)), encoding="utf-8")
    _outcome(read_meantime, path)
