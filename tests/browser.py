"""A real headless Chromium for the tests (Debian's chromium + chromium-driver, driven by selenium): the leaderboard
page and Label Studio's web UI. Selenium is given the driver and browser paths, and SE_OFFLINE is set, so Selenium
Manager never downloads anything."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CHROMIUM = Path(os.environ.get("NEWSBENCH_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("NEWSBENCH_CHROMEDRIVER", "/usr/bin/chromedriver"))
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000")


def browser_available() -> bool:
    return CHROMIUM.is_file() and CHROMEDRIVER.is_file()


def start_browser(profile: Path | None = None, *, log_requests: bool = False):
    """A fresh headless Chromium on about:blank (``log_requests``: keep the performance and console logs)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not look anything up
    os.environ["SE_AVOID_STATS"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile or tempfile.mkdtemp(prefix='chromium-')}")
    if log_requests:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.get("about:blank")  # leave the fresh profile's new-tab page before any page under test
    return driver
