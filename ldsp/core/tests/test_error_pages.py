from __future__ import annotations

from django.test import Client, RequestFactory

from conftest import Persona, Visitor
from ldsp.core import views


def test_a_missing_page_is_a_404_in_the_site_look(anonymous: Visitor) -> None:
    response = anonymous.client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "govuk-template" in page


def test_a_missing_api_path_is_a_json_404(anonymous: Visitor) -> None:
    response = anonymous.client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_500_page_is_drawn_in_the_site_look(db: object) -> None:
    request = RequestFactory().get("/broken/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_500_answer_under_the_api_is_json() -> None:
    response = views.server_error(RequestFactory().get("/api/v1/anything"))
    assert response.status_code == 500
    assert b'"detail"' in response.content


def test_the_403_page_offers_sign_in_to_anonymous_visitors(db: object) -> None:
    request = RequestFactory().get("/secret/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = views.permission_denied(request)
    assert response.status_code == 403
    assert "Sign in" in response.content.decode()


def test_a_form_sent_without_csrf_gets_the_expired_page(contributor: Persona) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor.user)
    response = client.post("/accounts/profile/", {"display_name": "x"})
    assert response.status_code == 403
    assert "Your page has expired" in response.content.decode()
