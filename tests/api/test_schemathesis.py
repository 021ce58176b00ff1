"""The API, fuzzed from its own OpenAPI document: whatever a caller sends, it never answers
with a server error, and every answer (status, content type and body) is one the document
declares. Once without signing in, once with a contributor's personal API token.

Schemathesis calls the WSGI application directly, so no server runs. Each operation gets a
few generated requests (``EXAMPLES``); deselect with ``-m "not api_fuzz"``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ldsp.accounts.services import api_token_create
from ldsp.wsgi import application
from tests.factories import (
    AreaFactory,
    AreaSchemeFactory,
    CommentFactory,
    PartnershipFactory,
    PlayFactory,
    PledgeFactory,
    ReleaseFactory,
    RoundFactory,
    SuggestionFactory,
    UserFactory,
    playbook_with_sections,
)

EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Django closes stale database connections around every request. Its test client
    switches that off; calling the WSGI application directly must too, or on PostgreSQL
    the test's own transaction is closed under it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db: None) -> None:
    """A little of everything, so requests that name an existing row can find one."""
    scheme = AreaSchemeFactory.create(is_default=True)
    area = AreaFactory.create(scheme=scheme)
    playbook = playbook_with_sections(3, is_default=True)
    section = playbook.sections.filter(parent__isnull=False).first()
    assert section is not None
    SuggestionFactory.create(section=section)
    CommentFactory.create(section=section)
    ReleaseFactory.create(playbook=playbook)
    RoundFactory.create(playbook=playbook)
    PledgeFactory.create(partnership=PartnershipFactory.create(areas=[area]))
    PlayFactory.create(area=area, status="published")


@pytest.fixture
def token(seeded: None) -> str:
    """A contributor's personal API token."""
    _, plaintext = api_token_create(actor=UserFactory.create(), name="Fuzzing")
    return plaintext


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_answers_anonymous_callers_as_documented(
    case: schemathesis.Case, seeded: None
) -> None:
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_answers_a_contributor_with_a_token_as_documented(
    case: schemathesis.Case, token: str
) -> None:
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {token}"})
