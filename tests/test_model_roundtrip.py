"""Documents survive read -> write -> read unchanged, and generated documents validate."""

import json

from hypothesis import given, settings

from newsbench import jsonio
from newsbench.validate import document_problems, schema_problems, schema_validator
from strategies import documents


@settings(max_examples=150, deadline=None)
@given(documents(declare=True))
def test_generated_documents_validate(doc):
    data = jsonio.document_to_json(doc)
    assert schema_problems(data, schema_validator("document.schema.json"), "gen.json") == []
    assert document_problems(doc, "gen.json") == []


@settings(max_examples=150, deadline=None)
@given(documents(declare=True))
def test_write_read_roundtrip(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("rt") / f"{doc.doc_id}.json"
    jsonio.write_document(path, doc)
    again = jsonio.read_document(path)
    assert again == doc
    # the bytes are stable too: writing the re-read document gives the same file
    first = path.read_bytes()
    jsonio.write_document(path, again)
    assert path.read_bytes() == first
    assert json.loads(first.decode("utf-8"))["text"] == doc.text
