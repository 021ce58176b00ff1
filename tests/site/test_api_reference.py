"""/api/v1/docs: the API reference drawn on the server from the OpenAPI document, in
the site's look; /api/v1/openapi.json stays the machine-readable schema."""

from __future__ import annotations

import json
import re
from typing import Any

from conftest import Visitor
from ldsp.api import api
from ldsp.lib.api_reference import api_reference, inline_code_html, type_name


def _document() -> dict[str, Any]:
    return api.get_openapi_schema()


def test_the_schema_stays_valid_openapi_json(anonymous: Visitor, db: None) -> None:
    response = anonymous.client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/plays" in schema["paths"]


def test_the_reference_is_a_site_page_without_swagger_or_script(
    anonymous: Visitor, db: None
) -> None:
    response = anonymous.client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-template" in page and '<html lang="en-GB"' in page
    assert "swagger" not in page.lower()
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', page)
    assert all(source.startswith("/static/") for source in scripts)  # only the site's own
    assert '<h1 class="govuk-heading-xl">API reference</h1>' in page
    assert 'href="/api/v1/openapi.json"' in page


def test_it_lists_every_operation_with_method_path_and_summary(
    anonymous: Visitor, db: None
) -> None:
    overview = anonymous.client.get("/api/v1/docs").content.decode()
    pages = {}
    for path, methods in _document()["paths"].items():
        for method, details in methods.items():
            tag = details["tags"][0]
            assert f'<a class="govuk-link" href="?section={tag}">{tag.capitalize()}</a>' in overview
            if tag not in pages:
                response = anonymous.client.get("/api/v1/docs", {"section": tag})
                assert response.status_code == 200
                pages[tag] = response.content.decode()
            page = pages[tag]
            summary = details["summary"].replace("'", "&#x27;")
            assert summary in overview and summary in page
            assert f'<code class="ldsp-api-code">{path}</code>' in page
            assert f">{method.upper()}</strong>" in page
    assert list(pages)[:2] == ["people", "playbook"]


def test_an_unknown_part_of_the_reference_is_not_found(anonymous: Visitor, db: None) -> None:
    response = anonymous.client.get("/api/v1/docs", {"section": "<nothing>"})
    assert response.status_code == 404
    assert "&lt;nothing&gt;" not in response.content.decode()


def test_it_explains_the_token_header_and_the_error_shape(anonymous: Visitor, db: None) -> None:
    page = anonymous.client.get("/api/v1/docs").content.decode()
    assert 'id="authentication"' in page
    assert "Authorization: Bearer ldsp_…" in page
    assert "X-CSRFToken" in page
    assert 'href="/accounts/profile/#api-tokens"' in page
    assert '<code>{"detail": "Sign in, or send a personal API token' in page
    for status in ("400 Bad Request", "401 Unauthorized", "403 Forbidden", "422 Unprocessable"):
        assert status in page
    plays = anonymous.client.get("/api/v1/docs", {"section": "plays"}).content.decode()
    assert "Needs you signed in" in plays and "Open to everyone" in plays
    assert '<code class="ldsp-api-code">{"detail": …}</code>' in plays
    assert 'id="shape-playout"' in plays and 'href="#shape-playout"' in plays
    # Every link to a shape on the page leads somewhere on it.
    for anchor in re.findall(r'href="#(shape-[^"]+)"', plays):
        assert f'id="{anchor}"' in plays


def test_an_operation_shows_its_parameters_body_fields_and_responses() -> None:
    reference = api_reference(_document())
    operations = {(op.method, op.path): op for group in reference.groups for op in group.operations}
    submit = operations[("POST", "/api/v1/plays")]
    assert submit.needs_sign_in
    assert submit.body_type is not None and submit.body_type.ref == "PlayIn"
    title = next(field for field in submit.body_fields if field.name == "title")
    assert title.required and title.rules == ["1 to 200 characters"]
    assert [r.status for r in submit.responses] == ["201", "400", "401", "403", "422"]
    assert submit.responses[1].body is not None and submit.responses[1].body.ref == "ErrorOut"

    listing = operations[("GET", "/api/v1/plays")]
    assert not listing.needs_sign_in
    suggestions = operations[("GET", "/api/v1/suggestions")]
    state = next(field for field in suggestions.parameters if field.name == "state")
    assert state.location == "query" and not state.required
    assert state.rules == ["up to 220 characters"]
    assert listing.paged  # page and page_size are explained once, not on every list
    assert {"page", "page_size"}.isdisjoint(field.name for field in listing.parameters)
    assert str(listing.responses[0].body) == "a page of PlayOut"
    plays = next(group for group in reference.groups if group.tag == "plays")
    assert {shape.name for shape in plays.shapes} == {"PlayOut", "Audience", "Level", "SkillArea"}


def test_types_read_as_words() -> None:
    assert str(type_name({"type": "array", "items": {"$ref": "#/components/schemas/X"}})) == (
        "list of X"
    )
    assert str(type_name({"anyOf": [{"type": "string"}, {"type": "null"}]})) == ("string or null")
    assert str(type_name({"type": "string", "format": "date-time"})) == "string (date-time)"
    assert type_name({"$ref": "#/components/schemas/PlayOut"}).anchor == "shape-playout"


def test_descriptions_are_escaped_before_code_is_marked() -> None:
    assert (
        inline_code_html("Send `<b>` as ``x``") == "Send <code>&lt;b&gt;</code> as <code>x</code>"
    )
