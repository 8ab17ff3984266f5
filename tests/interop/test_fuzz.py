"""Damaged input never gives a traceback: an importer returns valid documents or raises ImportFailed."""

import pytest
from hypothesis import given, settings
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
          "# newpar", "# newdoc id = d", "<", ">", "</", "&", "\"", "0", "<start>", "<location>", "t_id=\"", "é",
          "\U0001F680"]


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


def _meantime_sample(tmp_path) -> str:
    return _sample(tmp_path).read_text(encoding="utf-8")


@pytest.mark.parametrize("read,source,suffix", [(read_corefud, lambda _: SAMPLE, ".conllu"),
                                                (read_geovirus, lambda _: GEOVIRUS, ".xml"),
                                                (read_meantime, _meantime_sample, ".xml")],
                         ids=["corefud", "geovirus", "meantime"])
def test_damaged_sources(tmp_path, read, source, suffix):
    original = source(tmp_path)

    @settings(max_examples=200, deadline=None, database=None)
    @given(text=damaged(original))
    def check(text):
        path = tmp_path / f"x{suffix}"
        path.write_text(text, encoding="utf-8")
        _outcome(read, path)

    check()
