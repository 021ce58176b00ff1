"""Bad input never causes a server error: garbage in forms, huge numbers in addresses."""

from __future__ import annotations

import pytest

from conftest import Persona, Visitor
from ldsp.playbook.models import Playbook
from tests.factories import PlaybookFactory

HUGE = "9" * 25


@pytest.fixture
def playbook(db: None) -> Playbook:
    return PlaybookFactory.create(slug="p", is_default=True, text="# C\n\n## S\n\nOne.\n\nTwo.\n")


PAGES = [
    ("get", f"/playbooks/p/sections/s/compare/?from={HUGE}&to=1", {}),
    ("get", f"/playbooks/p/sections/s/revert/{HUGE}/", {}),
    ("get", f"/suggestions/{HUGE}/", {}),
    ("get", "/suggestions/review/?page=x&section=%00", {}),
    ("get", f"/accounts/profile/tokens/{HUGE}/revoke/", {}),
    ("get", f"/partnerships/x/pledges/{HUGE}/", {}),
    ("post", "/playbooks/p/sections/s/suggest/", {"base_revision": HUGE, "rationale": "r"}),
    ("post", "/playbooks/p/sections/s/suggest/passage/", {"base_revision": "²", "paragraph": HUGE}),
    ("post", "/playbooks/p/sections/s/comments/", {"revision": HUGE, "paragraph": "x"}),
    (
        "post",
        "/playbooks/p/sections/s/edit/",
        {"title": "t", "message": "m", "base_revision": HUGE},
    ),
    ("post", "/suggestions/1/resolve/", {"against_revision": "x"}),
    ("get", "/search/?q=%00%ff", {}),
    ("get", f"/api/v1/me/tokens/{HUGE}", {}),
    ("get", f"/api/v1/suggestions/{HUGE}", {}),
    ("get", "/areas/?postcode=%00", {}),
]


@pytest.mark.parametrize("persona_name", ["anonymous", "contributor", "editor", "staff"])
def test_no_bad_input_causes_a_server_error(
    playbook: Playbook, everyone: dict[str, Persona | Visitor], persona_name: str
) -> None:
    client = everyone[persona_name].client
    client.raise_request_exception = False
    for method, url, data in PAGES:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code < 500, (url, response.status_code)
