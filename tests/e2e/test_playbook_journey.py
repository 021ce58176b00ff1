"""An editor edits a section, publishes a release and downloads its PDF, in a real
browser, with axe run on every page."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_PASSWORD, Persona
from ldsp.playbook.models import Playbook
from ldsp.playbook.services.imports import playbook_import
from ldsp.playbook.tests.conftest import outline_text
from tests.e2e.conftest import PageChecker

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(checked_page: PageChecker, base: str, persona: Persona) -> None:
    page = checked_page.page
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(persona.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/dashboard/")


def test_an_editor_edits_publishes_and_downloads_the_pdf(
    live_server: object,
    checked_page: PageChecker,
    editor: Persona,
    run_worker: Callable[[], None],
    tmp_path: Path,
) -> None:
    playbook = Playbook.objects.create(
        slug="lds", title="Local Digital Skills Playbook", is_default=True
    )
    playbook_import(actor=None, playbook=playbook, text=outline_text(6))
    run_worker()  # index the sections for search
    base = str(live_server)
    page = checked_page.page
    _sign_in(checked_page, base, editor)

    page.get_by_role("link", name="Playbook").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Local Digital Skills Playbook")
    checked_page.check()
    page.get_by_role("link", name="Section 2").click()
    checked_page.check()

    page.get_by_role("link", name="Edit this section").click()
    checked_page.check()
    page.get_by_label("What did you change?").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what you changed")
    checked_page.check()
    page.get_by_label("Text").fill("A clearer second section, **rewritten** in the browser.")
    page.get_by_label("What did you change?").fill("Rewrote it more clearly")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    expect(page.locator("strong", has_text="rewritten")).to_be_visible()
    checked_page.check()

    page.get_by_role("link", name="See the history of this section").click()
    expect(page.get_by_text("Rewrote it more clearly")).to_be_visible()
    checked_page.check()
    page.get_by_role("button", name="Compare revisions").click()
    expect(page.locator("ins").first).to_be_visible()
    checked_page.check()

    page.goto(f"{base}/playbooks/lds/releases/")
    checked_page.check()
    page.get_by_role("button", name="Publish a release").click()
    page.get_by_role("button", name="Publish release").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked_page.check()
    page.get_by_label("Release number").fill("0.1")
    page.get_by_label("Label").fill("Public draft")
    page.get_by_role("button", name="Publish release").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release 0.1: Public draft")
    expect(page.locator("#pdf-status")).to_contain_text("being made")
    checked_page.check()

    run_worker()  # the worker makes the PDF; the page notices without a reload
    pdf_link = page.locator("#pdf-download").get_by_role("link", name="PDF")
    expect(pdf_link).to_be_visible(timeout=15_000)
    with page.expect_download() as download_info:
        pdf_link.click()
    saved = tmp_path / "release.pdf"
    download_info.value.save_as(saved)
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Release 0.1: Public draft" in text
    assert "A clearer second section, rewritten in the browser." in text
    for number in range(1, 7):
        assert re.search(rf"Section {number}\b", text)

    page.goto(f"{base}/playbooks/lds/releases/compare/")
    checked_page.check()
    page.goto(f"{base}/playbooks/lds/releases/compare/?from=9&to=0.1")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked_page.check()

    page.goto(f"{base}/search/?q=rewritten")
    expect(page.locator("mark").first).to_have_text("rewritten", timeout=5_000)
    checked_page.check()
