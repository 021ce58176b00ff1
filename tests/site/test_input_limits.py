"""Input that is too long, too large, badly formed or has a NUL in it is refused, never
crashed on: a form error on pages, a 422 ``{"detail": …}`` in the API, and nothing written."""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.test import RequestFactory

from conftest import Persona, Visitor
from ldsp.api import api
from ldsp.coproduction.models import Comment, Suggestion
from ldsp.core.limits import BIGINT_MAX, INT_MAX
from ldsp.core.models import AuditEvent
from ldsp.partnerships.models import Organisation
from ldsp.playbook.models import Revision, Section
from ldsp.plays.models import Play
from tests.factories import (
    AreaFactory,
    AreaSchemeFactory,
    CommentFactory,
    SuggestionFactory,
    current_revision,
    section_with_text,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

BODY = "First paragraph here.\n\nSecond paragraph here."
HUGE = 10**20  # larger than any database integer column
FORM_MODULES = [
    "ldsp.accounts.forms",
    "ldsp.consultations.forms",
    "ldsp.coproduction.forms",
    "ldsp.partnerships.forms",
    "ldsp.playbook.forms",
    "ldsp.plays.forms",
]


# --- The API -------------------------------------------------------------------------------


@dataclass
class World:
    """A section open for contributions, a pending suggestion and a comment on it, and an
    area to submit plays about."""

    section: Section
    suggestion: Suggestion
    comment: Comment


@pytest.fixture
def world(contributor: Persona) -> World:
    section = section_with_text("Topic", BODY, slug="p", is_default=True)
    revision = current_revision(section)
    suggestion = SuggestionFactory.create(
        section=section, base_revision=revision, author=contributor.user, body="Other"
    )
    comment = CommentFactory.create(section=section, revision=revision, author=contributor.user)
    scheme = AreaSchemeFactory.create(slug="lep-2020", is_default=True)
    AreaFactory.create(scheme=scheme, code="E37000019", slug="lancashire", boundary={})
    return World(section=section, suggestion=suggestion, comment=comment)


@dataclass
class Write:
    """One API write, with an answer it accepts and the limits of each field."""

    name: str
    persona: str
    url: str
    payload: dict[str, Any]
    texts: dict[str, int] = field(default_factory=dict)
    numbers: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


WRITES = [
    Write(
        name="suggest",
        persona="contributor",
        url="/api/v1/suggestions",
        payload={
            "playbook": "p",
            "section": "topic",
            "base_revision": 1,
            "body": BODY + " And more.",
            "rationale": "Clearer.",
            "title": "Topic",
        },
        texts={"playbook": 220, "section": 220, "body": 100_000, "rationale": 5_000, "title": 200},
        numbers=["base_revision"],
    ),
    Write(
        name="decline",
        persona="editor",
        url="/api/v1/suggestions/{suggestion}/reject",
        payload={"reason": "Not this time."},
        texts={"reason": 5_000},
    ),
    Write(
        name="comment",
        persona="contributor",
        url="/api/v1/comments",
        payload={
            "playbook": "p",
            "section": "topic",
            "revision": 1,
            "body": "Well put.",
            "start": 0,
            "end": 5,
        },
        texts={"playbook": 220, "section": 220, "body": 5_000, "quote": 1_000},
        numbers=["revision", "start", "end"],
    ),
    Write(
        name="reply",
        persona="contributor",
        url="/api/v1/comments/{comment}/replies",
        payload={"body": "Thank you."},
        texts={"body": 5_000},
    ),
    Write(
        name="play",
        persona="contributor",
        url="/api/v1/plays",
        payload={
            "title": "Library drop-ins",
            "summary": "Weekly help in libraries.",
            "area": "E37000019",
            "organisations": "Lancashire libraries",
            "challenge": "People without devices.",
            "approach": "Drop-ins.",
            "impact": "240 people helped.",
            "lessons": "Go where people are.",
            "skill_areas": ["communicating"],
            "levels": ["foundation"],
            "audiences": ["older"],
            "contact_email": "me@example.org",
        },
        texts={
            "title": 200,
            "summary": 300,
            "area": 220,
            "organisations": 500,
            "challenge": 10_000,
            "approach": 10_000,
            "impact": 10_000,
            "lessons": 10_000,
        },
        emails=["contact_email"],
    ),
]


def _bad_values(write: Write) -> Iterator[tuple[str, object]]:
    """Each field of the write with each kind of value it must refuse."""
    for name, limit in write.texts.items():
        yield name, "x" * (limit + 1)
        yield name, "a\x00b"
    for name in write.numbers:
        yield name, HUGE
        yield name, -1
    for name in write.emails:
        yield name, "not-an-email"
        yield name, "me\x00@example.org"


def _send(
    request: pytest.FixtureRequest, world: World, write: Write, payload: dict[str, Any]
) -> TestResponse:
    url = write.url.format(suggestion=world.suggestion.pk, comment=world.comment.pk)
    client = request.getfixturevalue(write.persona).client
    return client.post(url, json.dumps(payload), content_type="application/json")


def _what_is_stored() -> tuple[object, ...]:
    return (
        Suggestion.objects.count(),
        Comment.objects.count(),
        Play.objects.count(),
        Revision.objects.count(),
        AuditEvent.objects.count(),
        sorted(Suggestion.objects.values_list("state", "decision_reason")),
    )


@pytest.mark.parametrize("write", [pytest.param(w, id=w.name) for w in WRITES])
def test_each_write_accepts_its_good_answer(
    world: World, request: pytest.FixtureRequest, write: Write
) -> None:
    before = _what_is_stored()
    response = _send(request, world, write, write.payload)
    assert response.status_code in (200, 201), response.content
    assert _what_is_stored() != before


@pytest.mark.parametrize("write", [pytest.param(w, id=w.name) for w in WRITES])
def test_each_write_refuses_bad_values_and_writes_nothing(
    world: World, request: pytest.FixtureRequest, write: Write
) -> None:
    before = _what_is_stored()
    tried = 0
    for name, value in _bad_values(write):
        response = _send(request, world, write, {**write.payload, name: value})
        shown = repr(value)[:40]
        assert response.status_code == 422, (name, shown, response.content[:300])
        detail = response.json()["detail"]
        assert [error["loc"][-1] for error in detail] == [name], (name, shown, detail)
        assert _what_is_stored() == before, (name, shown)
        tried += 1
    assert tried == 2 * (len(write.texts) + len(write.numbers) + len(write.emails))


def test_a_refusal_says_what_was_wrong_in_words(
    world: World, request: pytest.FixtureRequest
) -> None:
    reply = WRITES[3]
    nul = _send(request, world, reply, {"body": "a\x00b"}).json()["detail"][0]["msg"]
    assert nul == "Text must not contain null characters."
    play = WRITES[4]
    email = _send(request, world, play, {**play.payload, "contact_email": "me@"})
    assert "email address" in email.json()["detail"][0]["msg"]


ROW_ID_ROUTES = [
    "/api/v1/suggestions/{n}",
    "/api/v1/suggestions/{n}/withdraw",
    "/api/v1/suggestions/{n}/accept",
    "/api/v1/suggestions/{n}/reject",
    "/api/v1/comments/{n}/replies",
    "/api/v1/comments/{n}/state",
]


def test_a_row_id_out_of_range_in_the_path_is_refused(editor: Persona) -> None:
    client = editor.client
    payload = json.dumps({"reason": "No.", "body": "Yes.", "resolved": True})
    for url in ROW_ID_ROUTES:
        for number in (HUGE, BIGINT_MAX + 1, 0):
            path = url.format(n=number)
            response = (
                client.get(path)
                if url.endswith("{n}")
                else client.post(path, payload, content_type="application/json")
            )
            assert response.status_code == 422, path
            assert response.json()["detail"][0]["loc"] == ["path", url.split("/")[3][:-1] + "_id"]


def _openapi(client: Any) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()  # type: ignore[no-any-return]


def _unbounded(schema: dict[str, Any], components: dict[str, Any], where: str) -> Iterator[str]:
    """Every string without a maxLength and integer without a maximum under ``schema``."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from _unbounded(components[name], components, f"{where}→{name}")
        return
    for key in ("anyOf", "allOf", "oneOf"):
        for part in schema.get(key, []):
            yield from _unbounded(part, components, where)
    kind = schema.get("type")
    if kind == "string" and "maxLength" not in schema and "enum" not in schema:
        yield where
    if kind == "integer" and ("maximum" not in schema or "minimum" not in schema):
        yield where
    if kind == "array":
        if "maxItems" not in schema:
            yield f"{where}[] (no maxItems)"
        yield from _unbounded(schema["items"], components, f"{where}[]")
    for name, part in schema.get("properties", {}).items():
        yield from _unbounded(part, components, f"{where}.{name}")


def test_every_request_body_field_has_a_limit(db: None, anonymous: Visitor) -> None:
    document = _openapi(anonymous.client)
    components = document["components"]["schemas"]
    unbounded: list[str] = []
    bodies = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {})
            for content in body.values():
                bodies += 1
                unbounded += _unbounded(content["schema"], components, f"{method} {path}")
    assert bodies >= 6  # the walk did find the write operations
    assert unbounded == []


def test_every_path_and_query_parameter_has_a_limit(db: None, anonymous: Visitor) -> None:
    document = _openapi(anonymous.client)
    components = document["components"]["schemas"]
    unbounded: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = f"{method} {path} {parameter['name']}"
                unbounded += _unbounded(parameter["schema"], components, where)
    assert unbounded == []


def test_every_list_and_detail_refuses_bad_parameters(world: World, editor: Persona) -> None:
    client = editor.client
    client.raise_request_exception = False
    for path, operations in _openapi(client)["paths"].items():
        if "get" not in operations:
            continue
        parameters = operations["get"].get("parameters", [])
        kinds = {p["schema"].get("type") for p in parameters}
        for bad in ("%00", "x" * 300, str(HUGE)):
            url = path
            for parameter in parameters:
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", bad)
            query = "&".join(f"{p['name']}={bad}" for p in parameters if p["in"] == "query")
            response = client.get(f"{url}?{query}" if query else url)
            refused = "integer" in kinds if bad == str(HUGE) else "string" in kinds
            if refused:
                assert response.status_code == 422, (url, query, response.status_code)
            assert response.status_code < 500, (url, query, response.status_code)
            if response.status_code >= 400:
                assert "detail" in response.json(), url


# --- The forms -----------------------------------------------------------------------------


def _form_classes() -> list[type[forms.Form]]:
    found = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            ours = value.__module__ == module_name
            # allauth's sign-up form keeps allauth's fields and messages.
            from_allauth = any(base.__module__.startswith("allauth.") for base in value.__mro__)
            if issubclass(value, forms.Form) and ours and not from_allauth:
                found.append(value)
    return found


FORM_CLASSES = _form_classes()


def _make(form_class: type[forms.Form], data: dict[str, str]) -> forms.Form:
    extra: dict[str, Any] = {}
    parameters = inspect.signature(form_class.__init__).parameters
    if "paragraphs" in parameters:
        extra["paragraphs"] = ["One.", "Two."]
    if "members" in parameters:
        extra["members"] = Organisation.objects.none()
    return form_class(data, **extra)


def _text_fields(form: forms.Form) -> list[tuple[str, forms.CharField]]:
    return [(n, f) for n, f in form.fields.items() if isinstance(f, forms.CharField)]


def _number_fields(form: forms.Form) -> list[tuple[str, forms.IntegerField]]:
    return [(n, f) for n, f in form.fields.items() if isinstance(f, forms.IntegerField)]


def test_every_form_module_was_found() -> None:
    assert len(FORM_CLASSES) >= 20
    assert {c.__name__ for c in FORM_CLASSES} >= {"PlayForm", "PledgeForm", "SectionEditForm"}


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: c.__name__)
def test_every_text_and_number_field_is_bounded(db: None, form_class: type[forms.Form]) -> None:
    form = _make(form_class, {})
    for name, text in _text_fields(form):
        assert text.max_length is not None, name
    for name, number in _number_fields(form):
        assert isinstance(number.min_value, int) and isinstance(number.max_value, int), name
        assert number.max_value <= INT_MAX, name


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: c.__name__)
def test_every_form_refuses_too_long_text_in_plain_english(
    db: None, form_class: type[forms.Form]
) -> None:
    for name, text in _text_fields(_make(form_class, {})):
        assert text.max_length is not None
        long = "https://example.org/" + "a" * text.max_length
        form = _make(form_class, {name: long})
        assert not form.is_valid()
        limit = f"{text.max_length:,} characters or fewer"
        assert any(limit in error for error in form.errors[name]), (name, form.errors[name])


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: c.__name__)
def test_every_form_refuses_the_nul_character(db: None, form_class: type[forms.Form]) -> None:
    for name, _ in _text_fields(_make(form_class, {})):
        form = _make(form_class, {name: "https://example.org/a\x00b"})
        assert not form.is_valid()
        assert form.errors.get(name), name


@pytest.mark.parametrize(
    "form_class",
    [
        c
        for c in FORM_CLASSES
        if any(isinstance(f, forms.IntegerField) for f in c.base_fields.values())
    ],
    ids=lambda c: c.__name__,
)
def test_every_form_refuses_numbers_out_of_range(db: None, form_class: type[forms.Form]) -> None:
    for name, number in _number_fields(_make(form_class, {})):
        assert isinstance(number.min_value, int) and isinstance(number.max_value, int)
        for value, words in ((number.max_value + 1, "or less"), (HUGE, "or less")):
            form = _make(form_class, {name: str(value)})
            assert not form.is_valid()
            assert any(words in error for error in form.errors[name]), form.errors[name]
        below = _make(form_class, {name: str(number.min_value - 1)})
        assert not below.is_valid() and below.errors[name]


def test_the_nul_message_names_the_field(db: None) -> None:
    from ldsp.plays.forms import PlayForm

    form = PlayForm({"title": "a\x00b"})
    assert form.errors["title"] == ["The title must not contain null characters"]


def test_a_page_answers_too_long_text_with_a_form_error(world: World, editor: Persona) -> None:
    page = editor.client.post(
        "/playbooks/p/sections/topic/edit/",
        {
            "title": "Topic",
            "body": "x" * 100_001,
            "message": "Longer",
            "base_revision": current_revision(world.section).pk,
        },
    )
    assert page.status_code == 400
    assert "The text must be 100,000 characters or fewer" in page.content.decode()
    assert Revision.objects.filter(section=world.section).count() == 1


def test_a_number_too_large_for_the_database_column_is_a_400() -> None:
    request = RequestFactory().post("/api/v1/comments")
    error = OverflowError("Python int too large to convert to SQLite INTEGER")
    response = api.on_exception(request, error)
    assert response.status_code == 400
    assert json.loads(response.content) == {"detail": "A value is out of range."}
