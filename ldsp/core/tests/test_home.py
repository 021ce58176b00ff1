from __future__ import annotations

import re

import pytest
from django.conf import settings
from pytest_django import DjangoAssertNumQueries

from conftest import Persona, Visitor

# The home page is cached for visitors, and the default cache is a database table.
pytestmark = pytest.mark.django_db


def test_the_home_page_says_what_ldsp_hub_is_and_who_it_is_for(anonymous: Visitor) -> None:
    response = anonymous.client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Local Digital Skills Partnerships" in page
    assert "Who it is for" in page
    assert 'href="/accounts/signup/"' in page
    assert 'href="/api/v1/docs"' in page
    assert "<title>Local Digital Skills Partnerships – LDSP Hub</title>" in page


def test_the_page_chrome_has_skip_link_service_name_phase_banner_and_attribution(
    anonymous: Visitor,
) -> None:
    page = anonymous.client.get("/").content.decode()
    assert 'class="govuk-skip-link"' in page
    assert 'href="#main-content"' in page
    assert re.search(
        r'govuk-service-navigation__service-name">\s*<a href="/"[^>]*>\s*LDSP Hub', page
    )
    assert "govuk-phase-banner" in page and ">Beta<" in page
    assert "Open Government Licence v3.0" in page
    assert "Contains OS data © Crown copyright" in page


def test_the_page_carries_no_crown_and_no_gds_transport_font(anonymous: Visitor) -> None:
    page = anonymous.client.get("/").content.decode()
    assert "govuk-logo" not in page
    assert "GDS Transport" not in page


def test_signed_in_people_see_their_account_link(contributor: Persona) -> None:
    page = contributor.client.get("/").content.decode()
    assert "Your account" in page
    assert "Sign out" in page
    assert "Create an account" not in page


def test_the_content_security_policy_forbids_inline_script_but_allows_our_nonce(
    anonymous: Visitor,
) -> None:
    response = anonymous.client.get("/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    assert f'<script nonce="{nonce.group(1)}">' in response.content.decode()


def test_each_response_gets_a_fresh_nonce(anonymous: Visitor) -> None:
    first = anonymous.client.get("/")["Content-Security-Policy"]
    second = anonymous.client.get("/")["Content-Security-Policy"]
    assert first != second


def test_the_home_page_uses_no_queries_for_visitors(
    db: None, anonymous: Visitor, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    anonymous.client.get("/")  # the cache now holds the content version
    # Only the content version is read, and that only when the default cache is a table.
    default = settings.CACHES["default"]
    cache_table = default["LOCATION"] if default["BACKEND"].endswith("DatabaseCache") else ""
    with django_assert_num_queries(1 if cache_table else 0) as queries:
        anonymous.client.get("/")
    assert all(cache_table in query["sql"] for query in queries.captured_queries)


def test_editors_reach_the_review_queue_from_the_navigation(
    contributor: Persona, editor: Persona
) -> None:
    link = 'href="/suggestions/review/"'
    assert link in editor.client.get("/").content.decode()
    assert link not in contributor.client.get("/").content.decode()
    assert editor.client.get("/suggestions/review/").status_code == 200
