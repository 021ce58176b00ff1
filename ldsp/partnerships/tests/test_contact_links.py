"""'How to get in touch' as coordinators type it: addresses become links, nothing else
becomes markup."""

from __future__ import annotations

import pytest
from django.test import Client

from ldsp.partnerships.templatetags.partnership_text import contact_links
from tests.factories import PartnershipFactory


def test_an_email_address_becomes_a_mailto_link() -> None:
    html = contact_links("Email hello@lancs-ldsp.example.org to join.")
    assert (
        '<a class="govuk-link" href="mailto:hello@lancs-ldsp.example.org">'
        "hello@lancs-ldsp.example.org</a>"
    ) in html


def test_a_web_address_becomes_a_link() -> None:
    html = contact_links("See https://example.org/join?x=1&y=2.")
    assert '<a class="govuk-link" href="https://example.org/join?x=1&amp;y=2"' in html
    assert html.endswith("</a>.")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">click</a>',
        "javascript:alert(1)",
        "javascript:alert(1)//example.com",
        '"><img src=x onerror=alert(1)>',
        "mailto:x@example.org?body=<b>hi</b>",
    ],
)
def test_markup_and_script_urls_never_come_out(text: str) -> None:
    html = contact_links(text)
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html.lower()
    assert "onerror=" not in html or "&gt;" in html  # only as escaped text
    assert "<b>" not in html


def test_line_breaks_are_kept() -> None:
    assert (
        contact_links("Call 01234 567890\nor write to us") == "Call 01234 567890<br>or write to us"
    )


@pytest.mark.django_db
def test_the_partnership_page_shows_the_links() -> None:
    partnership = PartnershipFactory.create(
        contacts="Email team@example.org <b>now</b>\nhttps://example.org/lancs"
    )
    page = Client().get(partnership.get_absolute_url()).content.decode()
    assert 'href="mailto:team@example.org"' in page
    assert 'href="https://example.org/lancs"' in page
    assert "&lt;b&gt;now&lt;/b&gt;" in page
