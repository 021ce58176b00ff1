"""Browser tests: Debian's Chromium driven by Playwright, with axe on every page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
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


class PageChecker:
    """Runs axe on a page and watches the console for blocked scripts or styles."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.axe = Axe()
        self.visited: list[str] = []
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
def checked_page(page: Page) -> Iterator[PageChecker]:
    page.set_default_timeout(15_000)
    yield PageChecker(page)


@pytest.fixture
def deliver_queued_email(run_worker: Callable[[], None]) -> Callable[[], None]:
    """Let the real worker send what the pages queued (into the test outbox)."""
    return run_worker
