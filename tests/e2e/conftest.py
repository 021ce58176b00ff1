"""Browser tests: Debian's Chromium driven by Playwright, with axe on every page."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, ViewportSize
from pytest_django import live_server_helper

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.2 A and AA, plus axe's best practices (landmarks, one h1, and so on).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}


# A phone held upright: GOV.UK's narrowest supported width.
PHONE_VIEWPORT: ViewportSize = {"width": 375, "height": 812}
DESKTOP_VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
# Every page a journey checks is saved here, whole, at both widths, so a person can
# look at what the tests saw (docs/architecture.md, "Looking at the pages").
SCREENSHOT_DIR = Path(
    os.environ.get(
        "SCREENSHOT_DIR", str(Path(__file__).resolve().parents[2] / "var" / "screenshots")
    )
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOT_DIR.is_dir() and any(SCREENSHOT_DIR.iterdir()):
        terminalreporter.write_line(
            f"Screenshots of every page the browser journeys checked: {SCREENSHOT_DIR}"
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "home"


class PageChecker:
    """Runs axe on a page, checks it fits a phone, saves what it looked like, and
    watches the console for blocked scripts or styles."""

    def __init__(self, page: Page, screenshot_dir: Path | None = None) -> None:
        self.page = page
        self.axe = Axe()
        self.visited: list[str] = []
        self.screenshot_dir = screenshot_dir
        self.console_problems: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_problems.append(str(error)))
        page.on("response", self._on_response)

    def _on_console(self, message: Any) -> None:
        # A page answered with 400 or 404 on purpose is logged as a failed load;
        # failed sub-resources are caught by _on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_problems.append(message.text)

    def _on_response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.console_problems.append(f"{response.status} for {response.url}")

    def check(self) -> None:
        """No axe violations, no console errors (such as CSP blocks), and our JS ran."""
        self.visited.append(self.page.url)
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        assert results.violations_count == 0, (
            f"axe found problems on {self.page.url}:\n{results.generate_report()}"
        )
        assert self.console_problems == [], self.console_problems
        assert "govuk-frontend-supported" in (
            self.page.eval_on_selector("body", "body => body.className") or ""
        )
        self._save_and_check_phone_width()

    def _save_and_check_phone_width(self) -> None:
        """Screenshot the whole page at desktop width, then at 375 px, where nothing
        may scroll sideways; the page is left at the width it was visited."""
        page = self.page
        original = page.viewport_size or DESKTOP_VIEWPORT
        name = f"{len(self.visited):02d}-{_slug(page.url.split('//', 1)[-1].split('/', 1)[-1])}"
        if self.screenshot_dir is not None:
            page.screenshot(path=str(self.screenshot_dir / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size(PHONE_VIEWPORT)
        try:
            width = page.evaluate("document.documentElement.scrollWidth")
            widest = page.evaluate(WIDEST_ELEMENT_SCRIPT)
            if self.screenshot_dir is not None:
                page.screenshot(path=str(self.screenshot_dir / f"{name}-phone.png"), full_page=True)
            assert width <= PHONE_VIEWPORT["width"], (
                f"{page.url} scrolls sideways on a phone: {width} px wide at 375 px; "
                f"widest element: {widest}"
            )
        finally:
            page.set_viewport_size(original)


# Names the element that sticks out furthest, so a failure says what to fix.
WIDEST_ELEMENT_SCRIPT = r"""() => {
  let worst = null, right = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; worst = el; }
  }
  if (!worst) return '';
  const names = typeof worst.className === 'string' ? worst.className.trim() : '';
  const cls = names ? '.' + names.split(/\s+/).join('.') : '';
  return worst.tagName.toLowerCase() + cls + ' (' + Math.round(right) + ' px)';
}"""


@pytest.fixture(scope="session")
def live_server() -> Iterator[live_server_helper.LiveServer]:
    """The live server as production runs it: static files from the collected,
    hashed set served by WhiteNoise, not from the source folders."""
    server = live_server_helper.LiveServer("localhost", start=False)
    # django-stubs types this as a handler class; Django calls any callable with the app.
    server.thread.static_handler = lambda application: application  # type: ignore[assignment]
    server.start()
    yield server
    server.stop()


@pytest.fixture
def checked_page(page: Page, request: pytest.FixtureRequest) -> Iterator[PageChecker]:
    page.set_default_timeout(15_000)
    page.set_viewport_size(DESKTOP_VIEWPORT)
    folder = SCREENSHOT_DIR / _slug(
        f"{request.node.module.__name__.rsplit('.', 1)[-1]}-{request.node.name}"
    )
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    yield PageChecker(page, folder)


@pytest.fixture
def deliver_queued_email(run_worker: Callable[[], None]) -> Callable[[], None]:
    """Let the real worker send what the pages queued (into the test outbox)."""
    return run_worker
