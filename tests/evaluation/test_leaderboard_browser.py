"""The leaderboard page in a real headless Chromium (Debian's chromium + chromium-driver, driven by selenium):
one row per system, sorting, the document view highlighting every gold item, escaping, and no network request.

Selenium is given the driver and browser paths, and SE_OFFLINE is set, so Selenium Manager never downloads
anything. Skipped (with the reason) only when chromium or chromedriver is absent (CI installs both); with them
present, a missing selenium is a failure.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from newsbench.evaluation.leaderboard import SystemFolder, build_leaderboard, render_build
from newsbench.evaluation.leaderboard_view import is_reference, metric_entry, ranked
from newsbench.evaluation.registry import HEADLINE
from newsbench.evaluation.scorer import gold_from_documents
from newsbench.jsonio import read_document, submission_to_json, write_json
from newsbench.model import (
    Document, Entity, Meta, Mention, PredictedMention, Submission, SubmissionDocument, SystemInfo,
)
from newsbench.paths import gold_dir, repo_root

from browser import CHROMEDRIVER, CHROMIUM, start_browser

SYSTEMS = repo_root() / "eval" / "systems"

if not CHROMIUM.is_file() or not CHROMEDRIVER.is_file():
    pytest.skip(f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}): "
                f"apt-get install chromium chromium-driver", allow_module_level=True)
try:  # chromium is here, so selenium must be too: a missing dev extra fails the tests instead of hiding them
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    SELENIUM_MISSING = None
except ImportError as e:  # pragma: no cover - only without the dev extra
    SELENIUM_MISSING = e


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if SELENIUM_MISSING is not None:
        pytest.fail(f"chromium is installed but selenium is not ({SELENIUM_MISSING}): install the dev extra "
                    f"(selenium>=4.25,<5)", pytrace=False)
    d = start_browser(tmp_path_factory.mktemp("chromium-profile"), log_requests=True)
    yield d
    d.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("leaderboard")
    build = build_leaderboard(SYSTEMS, gold_dir(), out)
    assert not build.problems and not build.broken
    return out / "leaderboard.html", build


def open_page(driver, path: Path) -> None:
    driver.get_log("performance")  # drop what the browser did before this page (its new-tab page)
    driver.get(path.resolve().as_uri())


def requested_urls(driver) -> list[str]:
    """Every URL the page asked for since its own request, from the DevTools Network events, and from the
    resource timing API."""
    page = driver.execute_script("return location.href")
    urls: list[str] = []
    seen_page = False
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            seen_page = seen_page or url == page
            if seen_page:
                urls.append(url)
        elif message["method"] == "Network.webSocketCreated" and seen_page:
            urls.append(message["params"]["url"])
    assert seen_page, f"expected the page's own request ({page}) among the DevTools Network events"
    urls += driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    return urls


def assert_offline(driver) -> None:
    urls = requested_urls(driver)
    assert urls, "expected at least the page itself among the requests"
    leaving = [u for u in urls if not (u.startswith("file://") or u.startswith("data:"))]
    assert leaving == []
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def row_order(driver) -> list[str]:
    return [r.get_attribute("data-system")
            for r in driver.find_elements(By.CSS_SELECTOR, "#leaderboard tbody tr[data-system]")]


def click_header(driver, label: str) -> None:
    for th in driver.find_elements(By.CSS_SELECTOR, "#leaderboard thead th"):
        if th.text.replace("▲", "").replace("▼", "").replace("↓", "").replace("↑", "").split() == label.split():
            th.find_element(By.TAG_NAME, "button").click()
            return
    raise AssertionError(f"no header {label!r}")


def expected_order(results, headline, descending: bool) -> list[str]:
    """Systems first, then reference rows; each group sorted on its own, rows without a value last."""
    def key(name):
        entry = metric_entry(results[name], headline.task, headline.metric)
        value = None if entry is None else entry["f1" if "f1" in entry else "value"]
        return (is_reference(results[name]), value is None,
                0.0 if value is None else (-value if descending else value), name)
    return sorted(results, key=key)


def by_name(results) -> list[str]:
    return sorted(results, key=lambda n: (is_reference(results[n]), n))


def test_table_rows_and_sorting(driver, page, tmp_path):
    path, build = page
    open_page(driver, path)
    systems, references = ranked(build.results)
    assert references and systems
    assert row_order(driver) == systems + references  # one row per system, ranked, reference rows apart
    ranks = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#leaderboard tbody td.rank")]
    assert ranks == [str(i) for i in range(1, len(systems) + 1)] + ["ref"] * len(references)
    names = by_name(build.results)
    click_header(driver, "System")
    assert row_order(driver) == names
    names_f1 = next(h for h in HEADLINE if h.label == "Names F1")
    click_header(driver, names_f1.label)
    descending = expected_order(build.results, names_f1, descending=True)
    assert row_order(driver) == descending
    assert descending != names  # the click really reordered the rows
    click_header(driver, names_f1.label)  # again: reversed, systems without a value still last
    assert row_order(driver) == expected_order(build.results, names_f1, descending=False)
    auc = next(h for h in HEADLINE if h.lower_is_better)
    click_header(driver, auc.label)  # lower is better: ascending first
    assert row_order(driver) == expected_order(build.results, auc, descending=False)
    trigger = next(h for h in HEADLINE if h.task == "events")
    click_header(driver, trigger.label)
    order = row_order(driver)
    assert order == expected_order(build.results, trigger, descending=True)
    in_systems = order[:len(systems)]  # within the systems, those without a value come last
    without = [n for n in in_systems if metric_entry(build.results[n], trigger.task, trigger.metric) is None]
    assert without and in_systems[len(in_systems) - len(without):] == without
    click_header(driver, "System")
    assert row_order(driver) == names
    best = driver.find_elements(By.CSS_SELECTOR, "#leaderboard tbody.systems-rows td.best")
    assert best and not driver.find_elements(By.CSS_SELECTOR, "#leaderboard tbody.reference-rows td.best")
    driver.save_screenshot(str(tmp_path / "headline.png"))
    assert_offline(driver)


def _png_width(path: Path) -> int:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big")


def test_the_page_works_at_420_pixels(driver, page, tmp_path):
    """On a 420 px wide screen nothing makes the page itself scroll sideways: wide tables scroll inside their own
    box, text wraps; the headline, the how-to-submit steps and the document view stay usable (screenshot)."""
    path, build = page
    driver.set_window_size(420, 900)
    try:
        open_page(driver, path)
        width = driver.execute_script("return window.innerWidth")
        assert 300 <= width <= 420
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        too_wide = driver.execute_script("""
            return Array.from(document.querySelectorAll('main > section, header, footer, .pane, #toponym-plot'))
              .filter(function (e) { return e.getBoundingClientRect().right > window.innerWidth + 0.5; })
              .map(function (e) { return e.id || e.className || e.tagName; });""")
        assert too_wide == []
        wrap = driver.find_element(By.CSS_SELECTOR, "#headline .table-wrap")
        assert driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", wrap)
        steps = driver.find_elements(By.CSS_SELECTOR, "#submit ol.steps li")
        assert len(steps) == 4 and all(li.is_displayed() for li in steps)
        assert "ner_tags" in driver.find_element(By.ID, "names-note").text
        assert "1 document (at least 10 needed)" in driver.find_element(By.ID, "intervals-note").text
        assert len(row_order(driver)) == len(build.results)
        shot = tmp_path / "leaderboard-420.png"
        driver.save_screenshot(str(shot))
        ratio = driver.execute_script("return window.devicePixelRatio")
        assert _png_width(shot) == round(width * ratio) and shot.stat().st_size > 10_000
        for section in ("headline", "submit", "document"):
            driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", section)
            driver.save_screenshot(str(tmp_path / f"{section}-420.png"))
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        assert_offline(driver)
    finally:
        driver.set_window_size(1400, 1000)


def marked(driver, pane: str) -> list[str]:
    """The text of every highlighted item of a pane (an item split into several marks is joined)."""
    return driver.execute_script("""
        var parts = {}, order = [];
        document.querySelectorAll(arguments[0] + ' mark.hl').forEach(function (m) {
          var id = m.getAttribute('data-id');
          if (!(id in parts)) { parts[id] = ''; order.push(id); }
          parts[id] += m.textContent;  // fragments of one item never contain each other
        });
        return order.map(function (id) { return parts[id]; });""", pane)


def test_document_view_highlights_every_gold_item(driver, page, tmp_path):
    path, build = page
    gold = read_document(next(gold_dir().glob("*.json")))
    spans = {m.id: (m.start, m.end) for m in gold.mentions}
    expected = {
        "mentions": sorted(m.text for m in gold.mentions),
        "timexes": sorted(t.text for t in gold.timexes),
        "events": sorted(em.text for em in gold.event_mentions),
        "toponyms": sorted(gold.text[slice(*spans[t.mention])] for t in gold.toponyms),
    }
    open_page(driver, path)
    systems = Select(driver.find_element(By.ID, "system-select"))
    layers = Select(driver.find_element(By.ID, "layer-select"))
    assert sorted(o.get_attribute("value") for o in systems.options) == sorted(build.results)
    assert driver.execute_script("return document.getElementById('pane-gold').textContent") == gold.text
    for name in sorted(build.results):
        systems.select_by_value(name)
        for layer, texts in expected.items():
            layers.select_by_value(layer)
            assert sorted(marked(driver, "#pane-gold")) == texts, (name, layer)
            statuses = driver.execute_script(
                "return Array.from(document.querySelectorAll('#pane-gold mark.hl'))"
                ".map(function (m) { return m.getAttribute('data-status'); })")
            layer_of = {"events": "event_mentions"}.get(layer, layer)
            if layer_of in build.results[name]["leaderboard"]["metadata"]["predicts"]:
                assert set(statuses) <= {"correct", "missed", "mistyped", "partial"}, (name, layer)
            else:  # gold alone, and the system pane says so
                assert set(statuses) == {"gold"}, (name, layer)
                assert "does not predict" in driver.find_element(By.ID, "pane-system").text
        if name == "oracle":
            layers.select_by_value("mentions")
            assert set(driver.execute_script(
                "return Array.from(document.querySelectorAll('#pane-system mark.hl'))"
                ".map(function (m) { return m.getAttribute('data-status'); })")) == {"correct"}
            assert len(marked(driver, "#pane-system")) == len(gold.mentions)
        if name == "empty":
            layers.select_by_value("mentions")
            assert driver.find_elements(By.CSS_SELECTOR, "#pane-system mark.hl") == []
            assert len(driver.find_elements(By.CSS_SELECTOR, "#pane-gold mark.st-missed")) >= len(gold.mentions)
    # events: arguments listed under their triggers
    systems.select_by_value("rules")
    layers.select_by_value("events")
    items = driver.find_elements(By.CSS_SELECTOR, "#events-gold > li")
    assert len(items) == len(gold.event_mentions)
    listed = sum(len(li.find_elements(By.CSS_SELECTOR, "ul > li > b")) for li in items)
    assert listed == sum(len(em.arguments) for em in gold.event_mentions)
    layers.select_by_value("mentions")
    driver.execute_script("document.getElementById('document').scrollIntoView()")
    shot = tmp_path / "document-view.png"
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    assert_offline(driver)


TRICKY = ('🙂 <b>bold</b> & "quoted" ’ – <script>window.pwned = 1</script> '
          '<img src="x" onerror="window.pwned = 2"> Baghdad.')


def test_text_and_names_are_escaped(driver, tmp_path):
    """Markup in the article text, a system name or its metadata is shown as text, never run; offsets are
    code points even after an astral character (🙂 is two UTF-16 units)."""
    start = TRICKY.index("Baghdad")
    end = start + len("Baghdad")
    doc = Document("zz_escape", TRICKY, Meta(hashlib.sha256(TRICKY.encode()).hexdigest(), "<i>title</i> & co", "en",
                                             "unknown", "unknown", "unknown", "unknown", "2021-10-31"),
                   entities=(Entity("E1", "GPE"),),
                   mentions=(Mention("M1", "E1", "GPE", "NAM", start, end, "Baghdad", start, end),))
    corpus = gold_from_documents([doc])
    name = 'x<&"y'
    submission = Submission(SystemInfo(name, "1", "<script>window.pwned = 3</script>"),
                            (SubmissionDocument("zz_escape", mentions=(PredictedMention(start, end, "ORG"),)),))
    folder = tmp_path / "system"
    write_json(folder / "submission.json", submission_to_json(submission))
    metadata = {"name": name, "version": "1", "description": "<b>not bold</b>", "predicts": {"mentions": "<u>"},
                "run": {"command": "echo '<&>'"}, "dependencies": [{"name": "<dep>", "version": "1"}]}
    system = SystemFolder(name, folder, metadata, submission, folder / "submission.json")
    out = tmp_path / "out"
    build = render_build(corpus, [system], {}, out, bootstrap=10)
    page = out / "leaderboard.html"
    page.parent.mkdir(parents=True)
    page.write_text(build.files[page], encoding="utf-8")
    open_page(driver, page)
    assert driver.execute_script("return window.pwned === undefined")
    assert driver.execute_script("return document.getElementById('pane-gold').textContent") == TRICKY
    assert driver.find_elements(By.CSS_SELECTOR, "#pane-gold b, #pane-gold img, #pane-gold script, main b i") == []
    assert marked(driver, "#pane-gold") == ["Baghdad"]
    assert marked(driver, "#pane-system") == ["Baghdad"]
    assert driver.find_element(By.CSS_SELECTOR, "#pane-system mark.hl").get_attribute("data-status") == "mistyped"
    assert row_order(driver) == [name]
    assert driver.find_element(By.CSS_SELECTOR, "#leaderboard tbody th").text == name
    option = driver.find_element(By.CSS_SELECTOR, "#doc-select option").text
    assert option == "zz_escape — <i>title</i> & co"
    assert_offline(driver)


def test_committed_page_screenshot(driver, tmp_path):
    """The committed eval/leaderboard.html opens offline too (a screenshot of it lands in the test's folder)."""
    committed = repo_root() / "eval" / "leaderboard.html"
    if not committed.is_file():
        pytest.skip("eval/leaderboard.html is not generated yet (newsbench leaderboard)")
    copy = tmp_path / "leaderboard.html"
    shutil.copyfile(committed, copy)
    open_page(driver, copy)
    assert len(row_order(driver)) == len([p for p in SYSTEMS.iterdir() if (p / "system.json").is_file()])
    driver.save_screenshot(str(tmp_path / "committed.png"))
    assert_offline(driver)
