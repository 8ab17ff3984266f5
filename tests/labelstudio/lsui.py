"""Driving Label Studio's own web UI in a real headless Chromium (selenium + Debian chromium/chromedriver),
counting every user action: a click, a key press, a text selection, a typed value, and a scroll the screen
needed before an element could be used. Used by the end-to-end test and by scripts/measure_ui_actions.py."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from browser import browser_available, start_browser  # noqa: F401  (re-exported for the tests and the script)


_SELECT_TEXT = """
const [start, end] = [arguments[0], arguments[1]];
const root = document.querySelector('.lsf-richtext__container');
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
let pos = 0, range = document.createRange(), node, began = false;
while ((node = walker.nextNode())) {
  const n = [...node.data].length;
  if (!began && start < pos + n) { range.setStart(node, [...node.data].slice(0, start - pos).join('').length); began = true; }
  if (began && end <= pos + n) { range.setEnd(node, [...node.data].slice(0, end - pos).join('').length); break; }
  pos += n;
}
const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
const r = range.getBoundingClientRect();
const got = sel.toString();
root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true, clientX: r.right, clientY: r.bottom}));
sel.removeAllRanges();  // as the page does once the region exists
return got;
"""


@dataclass
class Session:
    """One annotator's browser session on the labeling page; ``actions`` counts what the user did."""

    driver: object
    url: str
    actions: int = 0
    log: list[str] = field(default_factory=list)

    def _count(self, what: str, n: int = 1) -> None:
        self.actions += n
        self.log.append(what)

    def login(self, email: str, password: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.get(self.url + "/user/login/")
        self.driver.find_element(By.NAME, "email").send_keys(email)
        self.driver.find_element(By.NAME, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda: "/user/login" not in self.driver.current_url, "login")

    def sign_up(self, email: str, password: str) -> None:
        """Create an account on the server's sign-up page (Label Studio's open-source edition puts it in the one
        organisation), which also logs it in."""
        from selenium.webdriver.common.by import By

        self.driver.get(self.url + "/user/signup/")
        self.wait(lambda: self.driver.find_elements(By.NAME, "email"), "the sign-up form")
        self.driver.find_element(By.NAME, "email").send_keys(email)
        self.driver.find_element(By.NAME, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda: "/user/signup" not in self.driver.current_url, "the sign-up")

    def open_task(self, project_id: int, task_id: int) -> None:
        self.driver.get(f"{self.url}/projects/{project_id}/data?task={task_id}")
        self.wait(lambda: self.driver.find_elements("css selector", ".lsf-richtext__container"), "the labeling page")
        time.sleep(1.0)
        self.actions, self.log = 0, []

    def wait(self, ready, what: str, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = ready()
            if found:
                return found
            time.sleep(0.2)
        raise TimeoutError(f"waited {timeout:.0f} s for {what}")

    def _visible(self, element) -> bool:
        return self.driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "let p = arguments[0].parentElement;"
            "while (p) { const s = getComputedStyle(p); if (/(auto|scroll)/.test(s.overflowY)) {"
            "  const q = p.getBoundingClientRect(); if (r.top < q.top || r.bottom > q.bottom) return false; }"
            "  p = p.parentElement; }"
            "return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0;", element)

    def _use(self, element, what: str) -> None:
        """Bring the element into view (a counted scroll if it was not) and click it."""
        from selenium.webdriver.common.action_chains import ActionChains

        if not self._visible(element):
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            self._count(f"scroll to {what}")
        ActionChains(self.driver).move_to_element(element).click().perform()  # a real pointer click
        self._count(f"click {what}")

    def unselect(self) -> None:
        """Unselect the selected region (key u) so that the next label starts a new region instead of relabelling
        it; nothing (and no action) when none is selected."""
        if self.driver.execute_script("return !!Htx.annotationStore.selected.highlightedNode"):
            self.hotkey("u")
            time.sleep(0.3)

    def label(self, text: str) -> None:
        """Click a label button (an entity type, an event type, Head ...)."""
        el = self.wait(lambda: [e for e in self.driver.find_elements("css selector", ".lsf-label__text")
                                if e.text == text], f"label {text}")[0]
        self._use(el, f"label {text}")

    def hotkey(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(key).perform()
        self._count(f"key {key}")

    def select_text(self, text: str, start: int, end: int) -> str:
        """Select [start, end) of ``text`` (code points) as a user drags over it: one action. The page shows each
        line in its own element, without the newline characters."""
        got = self.driver.execute_script(_SELECT_TEXT, start - text[:start].count("\n"), end - text[:end].count("\n"))
        self._count(f"select {got!r}")
        time.sleep(1.0)  # the page needs a moment before the new region answers a click
        return got

    def new_region_id(self, known: set[str]) -> str:
        """The id of the region the last selection created (Label Studio names it)."""
        classes = self.driver.execute_script(
            "return [...document.querySelectorAll('span.htx-highlight')].map(e => e.className)")
        ids = {c.split()[1][len("htx-highlight-"):].rsplit("-", 1)[0] for c in classes}
        (new,) = ids - known
        return new

    def region_ids(self) -> set[str]:
        return self.driver.execute_script(
            "return [...document.querySelectorAll('span.htx-highlight')].map(e => e.className.split(' ')[1]"
            ".slice('htx-highlight-'.length).replace(/-[0-9]+$/, ''))")

    def region(self, region_id: str, *, link: bool = False) -> None:
        """Click a region in the text: one action (``link``: the click that ends a relation drawn with Alt+R).
        The click is delivered by the page's own handler (``selectArea``, ``addLinkedRegion``): a synthetic click
        on a region drawn in this session, or on a word under a relation arrow, does not reach it in headless
        Chromium, although a real one does."""
        css = f"span.htx-highlight[class*='htx-highlight-{region_id}-']"
        el = self.wait(lambda: self.driver.find_elements("css selector", css), f"region {region_id}")[0]
        if not self._visible(el):
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
            self._count(f"scroll to region {region_id}")
        found = self.driver.execute_script(
            "const a = Htx.annotationStore.selected;"
            "const r = a.regionStore.regions.find(r => r.id === arguments[0] || r.id.split('#')[0] === arguments[0]);"
            "if (!r) return false;"
            "if (arguments[1]) { a.addLinkedRegion(r); a.stopLinkingMode(); a.regionStore.unselectAll(); }"
            "else a.selectArea(r);"
            "return true;", region_id, link)
        if not found:
            raise LookupError(f"no region {region_id} on the page")
        self._count(f"click region {region_id}")
        time.sleep(0.5)

    def argument(self, trigger_id: str, filler_id: str, role: str) -> None:
        """Draw a relation from a trigger to its filler and give it a role: select the trigger, Alt+R, click the
        filler, then in the Relations panel open the relation's labels, choose the role, close the list (Esc).
        Moving the pointer over the relation to reveal its buttons is not counted."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        self.region(trigger_id)
        self.link(filler_id)
        tab = self.wait(lambda: [e
                                 for e in self.driver.find_elements("xpath", "//*[normalize-space(text())='Relations']")
                                 if e.is_displayed()], "the Relations tab")[-1]
        self._use(tab, "the Relations tab")
        time.sleep(0.5)
        item = self.driver.find_elements("css selector", ".lsf-relations__item")[-1]
        ActionChains(self.driver).move_to_element(item).perform()
        time.sleep(0.3)
        button = item.find_element("css selector", "button[aria-label='Show Relation Labels']")
        self._use(button, "Show Relation Labels")
        time.sleep(0.5)
        trigger = [e for e in self.driver.find_elements("css selector", ".lsf-relation-meta [class*=selectTrigger]")
                   if e.is_displayed()][-1]
        self._use(trigger, "Select labels")
        time.sleep(0.5)
        option = self.wait(lambda: [e for e in self.driver.find_elements("xpath", f"//*[normalize-space(text())="
                                                                                     f"{self._quote(role)}]")
                                    if e.is_displayed()], f"the role {role}")[-1]
        self._use(option, f"role {role}")
        time.sleep(0.3)
        ActionChains(self.driver).send_keys(Keys.ESCAPE).perform()
        self._count("key Escape")

    def link(self, target_id: str) -> None:
        """Draw a relation from the selected region to another: Alt+R, then click the target (two actions)."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        source = self.driver.execute_script(
            "const r = Htx.annotationStore.selected.highlightedNode; return r ? r.id.split('#')[0] : null")
        ActionChains(self.driver).key_down(Keys.ALT).send_keys("r").key_up(Keys.ALT).perform()
        self._count("key Alt+R")
        time.sleep(0.5)
        before = self.driver.execute_script("return Htx.annotationStore.selected.relationStore.relations.length")
        self.region(target_id, link=True)
        relations = self.driver.execute_script(
            "return Htx.annotationStore.selected.relationStore.relations.map(r => [r.node1.id.split('#')[0], "
            "r.node2.id.split('#')[0]])")
        if len(relations) != before + 1 or relations[-1] != [source, target_id]:
            raise AssertionError(f"expected a new relation {source} -> {target_id}, found {relations[-1:]}")

    def choice(self, control_header: str, value: str) -> None:
        """Click a per-region choice, found by the header text above its control and the choice's label."""
        xpath = (f"//*[normalize-space(text())={self._quote(control_header)}]/following::label"
                 f"[starts-with(normalize-space(.), {self._quote(value)})][1]")
        el = self.wait(lambda: [e for e in self.driver.find_elements("xpath", xpath) if e.is_displayed()],
                       f"choice {value} under {control_header!r}")[0]
        self._use(el, f"choice {value}")

    def type_into(self, control_header: str, value: str, *, submit: bool = True) -> None:
        """Click a per-region text or number field, type a value (one action) and Enter (one more)."""
        from selenium.webdriver.common.keys import Keys

        xpath = (f"//*[normalize-space(text())={self._quote(control_header)}]/following::*"
                 "[self::textarea or self::input][1]")
        el = self.wait(lambda: [e for e in self.driver.find_elements("xpath", xpath) if e.is_displayed()],
                       f"field {control_header!r}")[0]
        self._use(el, f"field {control_header}")
        el.send_keys(value)
        self._count(f"type {value!r}")
        if submit:
            el.send_keys(Keys.ENTER)
            self._count("key Enter")

    def submit(self) -> None:
        from selenium.webdriver.common.by import By

        button = self.wait(lambda: [b for b in self.driver.find_elements(By.TAG_NAME, "button")
                                    if b.text.strip() in ("Submit", "Update")], "the Submit button")[0]
        self._use(button, "Submit")
        time.sleep(1.5)

    @staticmethod
    def _quote(text: str) -> str:
        return f'"{text}"' if '"' not in text else f"'{text}'"
