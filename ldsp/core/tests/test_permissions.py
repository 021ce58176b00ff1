"""Named permissions: the checks services and views share, and ``may`` in templates."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.test.signals import template_rendered

from conftest import Persona, Visitor
from ldsp.core.errors import NotAllowed, Refused
from ldsp.core.formpages import form_page
from ldsp.core.permissions import CONTRIBUTE, EDIT_CONTENT, NOT_ALLOWED, require


def _may(user: object, name: str) -> str:
    request = RequestFactory().get("/")
    request.user = user  # type: ignore[assignment]
    template = engines["django"].from_string(f"{{% if may.{name} %}}yes{{% else %}}no{{% endif %}}")
    return template.render({}, request)


def test_templates_read_named_permissions_for_the_signed_in_person(
    anonymous: Visitor, contributor: Persona, editor: Persona
) -> None:
    assert _may(editor.user, "edit_content") == "yes"
    assert _may(contributor.user, "edit_content") == "no"
    assert _may(contributor.user, "contribute") == "yes"
    assert _may(anonymous.user, "contribute") == "no"
    assert _may(editor.user, "no_such_permission") == "no"


def test_require_refuses_with_a_403_and_a_message(
    anonymous: Visitor, contributor: Persona, editor: Persona
) -> None:
    require(editor.user, EDIT_CONTENT)
    require(contributor.user, CONTRIBUTE)
    with pytest.raises(NotAllowed, match=NOT_ALLOWED):
        require(contributor.user, EDIT_CONTENT)
    with pytest.raises(NotAllowed, match="Editors only"):
        require(anonymous.user, CONTRIBUTE, "Editors only")


class _NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _post(data: dict[str, str], on_valid: object) -> tuple[HttpResponse, list[Any]]:
    """Post ``data`` to a form page; the response and the forms its page was drawn with."""
    request: HttpRequest = RequestFactory().post("/", data)
    drawn: list[Any] = []

    def keep(sender: object, context: Any, **kwargs: object) -> None:
        if "form" in context:
            drawn.append(context["form"])

    template_rendered.connect(keep)
    try:
        response = form_page(request, _NameForm, "400.html", {}, on_valid)  # type: ignore[arg-type]
    finally:
        template_rendered.disconnect(keep)
    return response, drawn


def test_a_form_page_keeps_the_answer_and_shows_a_refusal_with_400() -> None:
    def refuse(data: dict[str, str]) -> HttpResponse:
        raise Refused(f"{data['name']} is taken.")

    response, drawn = _post({"name": "Ada"}, refuse)
    assert response.status_code == 400
    assert drawn[0].non_field_errors() == ["Ada is taken."]
    assert drawn[0]["name"].value() == "Ada"


def test_a_form_page_goes_on_when_the_write_succeeds_and_answers_400_on_bad_input() -> None:
    written: list[str] = []

    def save(data: dict[str, str]) -> HttpResponse:
        written.append(data["name"])
        return HttpResponse(status=302)

    assert _post({"name": "Ada"}, save)[0].status_code == 302
    response, drawn = _post({"name": "x" * 21}, save)
    assert response.status_code == 400 and drawn[0].errors["name"]
    assert written == ["Ada"]
