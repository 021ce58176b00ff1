"""A newcomer signs up, confirms their email, signs in and creates an API token,
all in a real browser, with axe run on every page along the way."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import PERSONA_PASSWORD, Persona
from tests.e2e.conftest import PageChecker

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "newcomer@example.org"
PASSWORD = "a-sturdy-password-for-e2e"


def _confirmation_path() -> str:
    match = re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", str(mail.outbox[-1].body)
    )
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_a_newcomer_signs_up_confirms_signs_in_and_makes_a_token(
    live_server: object,
    checked_page: PageChecker,
    deliver_queued_email: Callable[[], None],
) -> None:
    page = checked_page.page
    base = str(live_server)

    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("digital skills")
    checked_page.check()

    page.get_by_role("link", name="Create an account").first.click()
    expect(page).to_have_url(f"{base}/accounts/signup/")
    checked_page.check()

    # Sending the form empty shows the error summary, focused, and inline errors.
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    checked_page.check()

    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    checked_page.check()

    deliver_queued_email()
    assert mail.outbox[-1].to == [EMAIL]
    page.goto(f"{base}{_confirmation_path()}")
    checked_page.check()
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    checked_page.check()

    # Sign out, then back in: first with a wrong password.
    page.get_by_role("link", name="Sign out").click()
    checked_page.check()
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/")
    checked_page.check()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill("not-my-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not correct")
    checked_page.check()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    checked_page.check()
    page.get_by_role("link", name="Your account").click()
    expect(page).to_have_url(f"{base}/accounts/profile/")

    # A profile with an error, then a good one.
    page.get_by_label("Display name").fill("")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a display name")
    checked_page.check()
    page.get_by_label("Display name").fill("New Person")
    page.get_by_label("Charity").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("updated")
    checked_page.check()

    # An API token: made, shown once, used, then revoked after confirmation.
    page.get_by_label("What is the token for?").fill("My dashboard")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Token created")
    checked_page.check()
    token = page.locator("#new-token").inner_text().strip()
    assert token.startswith("ldsp_")
    answer = page.request.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200
    assert answer.json()["email"] == EMAIL

    page.get_by_role("link", name="Back to your account").click()
    page.get_by_role("link", name="Revoke My dashboard").click()
    checked_page.check()
    page.get_by_role("button", name="Revoke token").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("revoked")
    answer = page.request.get(
        f"{base}/api/v1/me",
        headers={"Authorization": f"Bearer {token}", "Cookie": ""},
    )
    assert answer.status == 401


def test_password_reset_and_error_pages_are_accessible(
    live_server: object, checked_page: PageChecker, contributor: Persona
) -> None:
    page = checked_page.page
    base = str(live_server)
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("link", name="I have forgotten my password").click()
    checked_page.check()
    page.get_by_role("button", name="Send reset link").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked_page.check()
    page.get_by_label("Email").fill(contributor.email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    checked_page.check()

    page.goto(f"{base}/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    checked_page.check()

    page.goto(f"{base}/data-and-licences/")
    checked_page.check()

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(contributor.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/accounts/profile/tokens/999/revoke/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    checked_page.check()
