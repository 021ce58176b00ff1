"""Forms keep every answer, in the browser: each question with several answers (a play's
skills areas, levels and audiences; the Playbook sections a moderator links it to) is
checkboxes whose every tick is saved and shown; dates are GOV.UK's three boxes with
GOV.UK's messages; and the password hints are a list and a link, not escaped HTML."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PERSONA_PASSWORD, Persona
from ldsp.partnerships.models import Partnership
from ldsp.plays.models import Play
from tests.e2e.conftest import PageChecker
from tests.factories import (
    AreaFactory,
    AreaSchemeFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PlaybookFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SKILLS_QUESTION = "Which Essential Digital Skills areas did it cover?"
LEVELS_QUESTION = "At which levels?"
AUDIENCES_QUESTION = "Who was it for?"
SECTIONS_QUESTION = "Which Playbook sections does it illustrate? (optional)"


def _signed_in_page(
    browser: Browser, base: str, persona: Persona, screenshots: PageChecker
) -> PageChecker:
    """A browser of its own, signed in as ``persona`` (wherever sign-in then lands), whose
    pages are saved beside ``screenshots``' in a folder named after the persona."""
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    folder = None
    if screenshots.screenshot_dir is not None:
        folder = screenshots.screenshot_dir / persona.name
        folder.mkdir(exist_ok=True)
    checker = PageChecker(page, folder)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(persona.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_attached()
    return checker


def _tick(page: Page, question: str, answers: list[str]) -> None:
    group = page.get_by_role("group", name=question)
    expect(group.get_by_role("radio")).to_have_count(0)
    for answer in answers:
        group.get_by_label(answer, exact=True).check()


def _ticked(page: Page, question: str) -> list[str]:
    group = page.get_by_role("group", name=question)
    return [
        box.get_attribute("value") or ""
        for box in group.get_by_role("checkbox").all()
        if box.is_checked()
    ]


def _summary_value(page: Page, key: str) -> str:
    row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text=key))
    return row.locator("dd").inner_text().strip()


def test_every_answer_to_every_multi_choice_question_is_kept(
    live_server: object,
    browser: Browser,
    contributor: Persona,
    editor: Persona,
    checked_page: PageChecker,
) -> None:
    scheme = AreaSchemeFactory.create(slug="lep-2020", name="LEP 2020", is_default=True)
    AreaFactory.create(scheme=scheme, code="E37000019", name="Lancashire", boundary={})
    playbook = PlaybookFactory.create(
        slug="lds",
        is_default=True,
        text="# Running\n\n## Devices\n\nLend devices.\n\n## Funding\n\nFind money.\n",
    )
    now = timezone.now()
    RoundFactory.create(
        playbook=playbook,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=9),
    )
    base = str(live_server)

    alice = _signed_in_page(browser, base, contributor, checked_page)
    page = alice.page
    page.goto(f"{base}/plays/submit/")
    alice.check()
    page.get_by_label("Title").fill("Tablets at the library")
    page.get_by_label("Summary").fill("Weekly drop-ins with loan tablets.")
    page.get_by_label("Which area was it in?").select_option(label="Lancashire")
    page.get_by_label("Which organisations were involved?").fill("Preston Library")
    page.get_by_label("What was the challenge?").fill("People were offline.")
    page.get_by_label("What did you do?").fill("Lent tablets and ran drop-ins.")
    page.get_by_label("What difference did it make?").fill("240 people came.")
    page.get_by_label("What would you tell others?").fill("Go where people are.")
    _tick(page, SKILLS_QUESTION, ["Communicating", "Transacting", "Being safe and legal online"])
    _tick(page, LEVELS_QUESTION, ["Foundation", "For work"])
    _tick(page, AUDIENCES_QUESTION, ["Older people", "Jobseekers", "Disabled people"])
    # Leave one required answer out: every tick must come back on the refused page.
    page.get_by_label("Contact email").fill("")
    page.get_by_role("button", name="Send play").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
    alice.check()
    assert _ticked(page, SKILLS_QUESTION) == ["communicating", "transacting", "safe_legal"]
    assert _ticked(page, LEVELS_QUESTION) == ["foundation", "work"]
    assert _ticked(page, AUDIENCES_QUESTION) == ["older", "jobseekers", "disabled"]
    page.get_by_label("Contact email").fill("alice@example.org")
    page.get_by_role("button", name="Send play").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Thank you")
    alice.check()

    play = Play.objects.get()
    assert play.skill_areas == ["communicating", "transacting", "safe_legal"]
    assert play.levels == ["foundation", "work"]
    assert play.audiences == ["older", "jobseekers", "disabled"]
    assert _summary_value(page, "Skills areas") == (
        "Communicating, Transacting, Being safe and legal online"
    )
    assert _summary_value(page, "Levels") == "Foundation, For work"
    assert _summary_value(page, "For") == "Older people, Jobseekers, Disabled people"

    # The editor asks for changes; the author finds every answer still ticked and changes some.
    erin = _signed_in_page(browser, base, editor, checked_page)
    epage = erin.page
    epage.goto(f"{base}/plays/{play.pk}/moderate/")
    erin.check()
    epage.get_by_label("Ask the author for changes").check()
    epage.get_by_label("Notes for the author").fill("Say who ran the sessions.")
    epage.get_by_role("button", name="Save decision").click()
    expect(epage.locator(".govuk-notification-banner")).to_contain_text("decision has been saved")

    page.goto(f"{base}/plays/{play.pk}/edit/")
    alice.check()
    assert _ticked(page, SKILLS_QUESTION) == ["communicating", "transacting", "safe_legal"]
    assert _ticked(page, LEVELS_QUESTION) == ["foundation", "work"]
    assert _ticked(page, AUDIENCES_QUESTION) == ["older", "jobseekers", "disabled"]
    page.get_by_role("group", name=SKILLS_QUESTION).get_by_label("Transacting").uncheck()
    _tick(page, SKILLS_QUESTION, ["Problem solving"])
    _tick(page, LEVELS_QUESTION, ["For life", "Specialist and advanced"])
    page.get_by_role("button", name="Send play").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent to the moderators")
    play.refresh_from_db()
    assert play.skill_areas == ["communicating", "problem_solving", "safe_legal"]
    assert play.levels == ["foundation", "life", "work", "specialist"]
    assert play.audiences == ["older", "jobseekers", "disabled"]

    # The editor publishes it, linked to both Playbook sections.
    epage.goto(f"{base}/plays/{play.pk}/moderate/")
    erin.check()
    epage.get_by_label("Publish it").check()
    _tick(epage, SECTIONS_QUESTION, ["Devices", "Funding"])
    epage.get_by_role("button", name="Save decision").click()
    expect(epage.locator(".govuk-notification-banner")).to_contain_text("decision has been saved")
    assert sorted(play.sections.values_list("slug", flat=True)) == ["devices", "funding"]

    page.goto(f"{base}{play.get_absolute_url()}")
    alice.check()
    in_playbook = page.locator("aside").get_by_role("link")
    expect(in_playbook).to_have_text(["Devices", "Funding"])
    assert _summary_value(page, "Skills areas") == (
        "Communicating, Problem solving, Being safe and legal online"
    )
    assert (
        _summary_value(page, "Levels") == "Foundation, For life, For work, Specialist and advanced"
    )


def _date_box_errors(page: Page, field: str) -> list[str]:
    return [
        part
        for part in ("day", "month", "year")
        if "govuk-input--error"
        in (page.locator(f"#id_{field}-{part}").get_attribute("class") or "")
    ]


def test_dates_are_three_boxes_with_govuk_messages_and_hints_are_markup(
    live_server: object, browser: Browser, coordinator: Persona, checked_page: PageChecker
) -> None:
    partnership = PartnershipFactory.create(
        name="Lancashire Digital Skills Partnership",
        slug="lancashire",
        coordinators=[coordinator.user],
    )
    MembershipFactory.create(
        partnership=partnership,
        organisation=OrganisationFactory.create(name="Preston Online Centre", slug="preston"),
    )
    base = str(live_server)

    # Someone new: the password rules are a list, and signing in links to a reset.
    page = checked_page.page
    page.goto(f"{base}/accounts/signup/")
    checked_page.check()
    rules = page.locator("#id_password1-hint ul.govuk-list")
    expect(rules.locator("li")).to_have_count(4)
    expect(page.locator("main")).not_to_contain_text("<ul>")
    page.goto(f"{base}/accounts/login/")
    checked_page.check()
    expect(page.locator("#id_password-hint")).to_have_count(0)
    expect(page.get_by_role("link", name="I have forgotten my password")).to_have_attribute(
        "href", "/accounts/password/reset/"
    )
    expect(page.locator("main")).not_to_contain_text("<a ")

    carol = _signed_in_page(browser, base, coordinator, checked_page)
    cpage = carol.page
    cpage.goto(f"{base}/partnerships/lancashire/edit/")
    carol.check()
    launch = cpage.get_by_role("group", name="Launch date (optional)")
    expect(launch).to_contain_text("For example, 18 4 2018")
    launch.get_by_label("Day").fill("31")
    launch.get_by_label("Month").fill("2")
    launch.get_by_label("Year").fill("2018")
    cpage.get_by_role("button", name=re.compile("Save")).click()
    expect(cpage.locator(".govuk-error-summary")).to_contain_text("Launch date must be a real date")
    assert _date_box_errors(cpage, "launched_on") == ["day"]
    carol.check()
    cpage.locator(".govuk-error-summary").get_by_role("link").click()
    expect(cpage.locator("#id_launched_on-day")).to_be_focused()
    launch.get_by_label("Day").fill("18")
    launch.get_by_label("Month").fill("")
    cpage.get_by_role("button", name=re.compile("Save")).click()
    expect(cpage.locator(".govuk-error-summary")).to_contain_text(
        "Launch date must include a month"
    )
    assert _date_box_errors(cpage, "launched_on") == ["month"]
    carol.check()
    launch.get_by_label("Month").fill("April")
    cpage.get_by_role("button", name=re.compile("Save")).click()
    expect(cpage.get_by_text("Launched 18 April 2018.")).to_be_visible()
    carol.check()
    partnership.refresh_from_db()
    assert partnership.launched_on == datetime.date(2018, 4, 18)

    cpage.goto(f"{base}/partnerships/lancashire/pledges/new/")
    carol.check()
    cpage.get_by_label("Which member is pledging?").select_option(label="Preston Online Centre")
    cpage.get_by_label("What will they do?").fill("Run drop-ins")
    cpage.get_by_label("How many?").fill("40")
    cpage.get_by_label("Of what?").fill("sessions")
    due = cpage.get_by_role("group", name="By when? (optional)")
    due.get_by_label("Year").fill("27")
    cpage.get_by_role("button", name="Save", exact=True).click()
    expect(cpage.locator(".govuk-error-summary")).to_contain_text(
        "Due date must include a day and month"
    )
    assert _date_box_errors(cpage, "due_on") == ["day", "month"]
    carol.check()
    due.get_by_label("Day").fill("31")
    due.get_by_label("Month").fill("3")
    cpage.get_by_role("button", name="Save", exact=True).click()
    expect(cpage.locator(".govuk-error-summary")).to_contain_text("Year must include 4 numbers")
    assert _date_box_errors(cpage, "due_on") == ["year"]
    carol.check()
    due.get_by_label("Year").fill("2027")
    cpage.get_by_role("button", name="Save", exact=True).click()
    expect(
        cpage.get_by_role("cell", name=re.compile("Run drop-ins: 40 sessions by March 2027"))
    ).to_be_visible()
    carol.check()
    assert Partnership.objects.get(pk=partnership.pk).pledges.get().due_on == datetime.date(
        2027, 3, 31
    )
