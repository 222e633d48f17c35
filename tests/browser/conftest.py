"""Playwright (pytest-playwright) driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download cannot work on these machines, so the session launches
``/usr/bin/chromium``; the test modules skip when it is missing.
"""

import os
from pathlib import Path

import pytest

from tests.factories import StationFactory, StreetFactory, WorkroomFactory

# live_server + the sync Playwright API: Playwright runs an event loop in the main thread,
# and Django would otherwise refuse ORM calls made by the test itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser tests need Debian's Chromium at {CHROMIUM}"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The bureau's staff browse in Chinese; the portal follows Accept-Language.
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


class ConsoleLog:
    """Console messages and page errors of one page, for asserting no CSP violations."""

    def __init__(self, page):
        self.messages: list[tuple[str, str, str]] = []
        page.on("console", lambda m: self.messages.append((m.type, m.text, page.url)))
        page.on("pageerror", lambda e: self.messages.append(("pageerror", str(e), page.url)))

    def csp_violations(self):
        return [
            m
            for m in self.messages
            if "content security policy" in m[1].lower()
            or "content-security-policy" in m[1].lower()
        ]

    def errors(self):
        return [m for m in self.messages if m[0] in ("error", "pageerror")]


@pytest.fixture
def console(page):
    return ConsoleLog(page)


@pytest.fixture
def shot(page, tmp_path):
    """``shot("name")`` saves a full-page screenshot of the current page into tmp_path."""

    def _shot(name):
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def tree(transactional_db):
    """清波街道 with its station and a workroom, and 湖滨街道 with its station."""
    qingbo = StreetFactory(code="330102001", name="清波街道", pinyin="qingbo")
    hubin = StreetFactory(code="330102003", name="湖滨街道", pinyin="hubin", communities=2)
    return {
        "qingbo": qingbo,
        "hubin": hubin,
        "station": StationFactory(street=qingbo),
        "workroom": WorkroomFactory(community=qingbo.communities.first()),
        "other_station": StationFactory(street=hubin),
    }
