import hashlib

import pytest

from newsbench.baselines.common import InputDocument
from newsbench.model import Meta


def make_input(text: str, anchor: str = "2019-10-06", doc_id: str = "made-up") -> InputDocument:
    meta = Meta(hashlib.sha256(text.encode("utf-8")).hexdigest(), text.split("\n", 1)[0], "en", "unknown", "unknown",
                "unknown", "unknown", anchor)
    return InputDocument(doc_id, text, meta)


@pytest.fixture(scope="session")
def make_doc():
    return make_input
