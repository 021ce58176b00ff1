"""A round in the browser: a play submitted, sent back, published; the round closed
and its "You said, we did" report published; axe on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from conftest import Persona
from ldsp.consultations.models import Round
from ldsp.places.models import Area, AreaScheme
from ldsp.playbook.models import Playbook
from ldsp.playbook.services.imports import playbook_import
from tests.e2e.test_coproduction_journey import _signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_play_is_moderated_and_the_round_reported(
    live_server: object, browser: Browser, contributor: Persona, editor: Persona
) -> None:
    scheme = AreaScheme.objects.create(slug="lep-2020", name="LEP 2020", is_default=True)
    Area.objects.create(
        scheme=scheme, code="E37000019", name="Lancashire", slug="lancashire", boundary={}
    )
    playbook = Playbook.objects.create(slug="lds", title="Playbook", is_default=True)
    playbook_import(
        actor=None, playbook=playbook, text="# Running\n\n## Devices\n\nLend devices.\n"
    )
    now = timezone.now()
    Round.objects.create(
        playbook=playbook,
        title="Second draft consultation",
        slug="second-draft",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=10),
    )
    base = str(live_server)

    alice = _signed_in_page(browser, base, contributor)
    page = alice.page
    page.goto(f"{base}/playbooks/lds/")
    expect(page.get_by_text("Have your say")).to_be_visible()
    alice.check()
    page.goto(f"{base}/consultations/second-draft/")
    alice.check()
    page.get_by_role("link", name="submit a play").click()
    page.get_by_role("button", name="Send play").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    alice.check()
    page.get_by_label("Title").fill("Library drop-ins")
    page.get_by_label("Summary").fill("Weekly drop-ins in libraries.")
    page.get_by_label("Which area was it in?").select_option(label="Lancashire")
    page.get_by_label("Which organisations were involved?").fill("Lancashire libraries")
    page.get_by_label("What was the challenge?").fill("People were offline.")
    page.get_by_label("What did you do?").fill("Weekly drop-ins with volunteers.")
    page.get_by_label("What difference did it make?").fill("240 people set up email.")
    page.get_by_label("What would you tell others?").fill("Go where people already are.")
    page.get_by_label("Communicating").check()
    page.get_by_label("Foundation").check()
    page.get_by_label("Older people").check()
    page.get_by_role("button", name="Send play").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent to the moderators")
    alice.check()

    eddie = _signed_in_page(browser, base, editor)
    epage = eddie.page
    epage.goto(f"{base}/plays/moderation/")
    eddie.check()
    epage.get_by_role("link", name="Library drop-ins").click()
    eddie.check()
    epage.get_by_label("Ask the author for changes").check()
    epage.get_by_role("button", name="Save decision").click()
    expect(epage.locator(".govuk-error-summary")).to_contain_text("Tell the author")
    eddie.check()
    epage.get_by_label("Ask the author for changes").check()
    epage.get_by_label("Notes for the author").fill("Please add how many sessions you ran.")
    epage.get_by_role("button", name="Save decision").click()
    expect(epage.locator(".govuk-notification-banner")).to_contain_text("decision has been saved")

    page.reload()
    page.get_by_role("link", name="Change your play").click()
    alice.check()
    page.get_by_label("What difference did it make?").fill(
        "240 people set up email over 40 sessions."
    )
    page.get_by_role("button", name="Send play").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("again")

    epage.goto(f"{base}/plays/moderation/")
    epage.get_by_role("link", name="Library drop-ins").click()
    epage.get_by_label("Publish it").check()
    epage.get_by_label("Devices").check()
    epage.get_by_role("button", name="Save decision").click()
    expect(epage.locator(".govuk-notification-banner")).to_contain_text("decision has been saved")
    epage.goto(f"{base}/plays/")
    epage.get_by_role("link", name="Library drop-ins").click()
    expect(epage.get_by_text("over 40 sessions")).to_be_visible()
    eddie.check()

    epage.goto(f"{base}/consultations/second-draft/")
    eddie.check()
    epage.get_by_role("button", name="Close this round now").click()
    expect(epage.get_by_role("heading", level=1)).to_have_text("You said, we did")
    eddie.check()
    epage.get_by_role("button", name="Publish the report").click()
    expect(epage.locator(".govuk-error-summary")).to_be_visible()
    eddie.check()
    epage.get_by_label("What happened as a result of this round?").fill(
        "We published the library drop-ins play and linked it to the Devices section."
    )
    epage.get_by_role("button", name="Publish the report").click()
    expect(epage.locator(".govuk-notification-banner")).to_contain_text("published")
    expect(epage.locator("table.ldsp-bar-chart")).to_have_count(4)
    eddie.check()

    page.goto(f"{base}/consultations/second-draft/report/")
    expect(
        page.locator(".ldsp-said-did__item").filter(has_text="Library drop-ins").first
    ).to_be_visible()
    alice.check()
