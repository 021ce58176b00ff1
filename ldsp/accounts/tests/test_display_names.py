"""People are shown by the name they chose, else "Member <number>": never by their email
address or any part of it. The rule, usernames, profiles for every account, revision
notes, credits and audit entries; the public pages are walked in
tests/site/test_names_not_emails.py."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from conftest import Persona
from ldsp.accounts.models import Profile
from ldsp.accounts.roles import Role
from ldsp.accounts.selectors import (
    credits_public,
    display_name,
    display_names,
    text_without_emails,
)
from ldsp.accounts.services import role_grant, user_create
from ldsp.core.models import AuditEvent
from tests.factories import RevisionFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "secret.person@example.org"
EDITOR_EMAIL = "hidden.editor@example.org"
PRIVATE = ["secret.person", "hidden.editor", "secretperson", "hiddeneditor"]


def _nameless(email: str, roles: list[Role] | None = None) -> User:
    """Someone who never chose a display name."""
    return UserFactory.create(email=email, display_name="", roles=roles or [])


def _assert_private(content: str) -> None:
    lowered = content.lower()
    for fragment in PRIVATE:
        assert fragment not in lowered, f"{fragment!r} is shown"


# The rule


def test_someone_without_a_display_name_is_a_numbered_member() -> None:
    user = _nameless(SECRET_EMAIL)
    assert display_name(user) == f"Member {user.pk}"
    assert Profile.objects.get(user=user).name == f"Member {user.pk}"
    assert display_names([user.pk]) == {user.pk: f"Member {user.pk}"}


def test_a_display_name_of_only_spaces_counts_as_none() -> None:
    user = _nameless(SECRET_EMAIL)
    Profile.objects.filter(user=user).update(display_name="   ")
    user.refresh_from_db()
    assert display_name(user) == f"Member {user.pk}"


def test_an_account_that_is_gone_is_a_former_member() -> None:
    user = _nameless(SECRET_EMAIL)
    gone = user.pk
    user.delete()
    assert display_name(None) == "Former member"
    assert display_names([gone]) == {gone: "Former member"}


def test_someone_whose_profile_is_missing_is_still_a_numbered_member() -> None:
    user = get_user_model().objects.create_user(username="legacy", email=SECRET_EMAIL)
    Profile.objects.filter(user=user).delete()
    user = get_user_model().objects.get(pk=user.pk)
    assert display_name(user) == f"Member {user.pk}"
    assert display_names([user.pk]) == {user.pk: f"Member {user.pk}"}


# Usernames


def test_an_account_made_by_the_service_has_a_username_unrelated_to_the_email() -> None:
    user = user_create(email=SECRET_EMAIL, password="a-long-test-password-1")
    assert user.username.startswith("member-")
    _assert_private(user.username)
    assert Client().login(username=SECRET_EMAIL, password="a-long-test-password-1")


def test_signing_up_gives_a_username_unrelated_to_the_email() -> None:
    password = "a-very-long-new-password-9"
    response = Client().post(
        "/accounts/signup/",
        {"email": SECRET_EMAIL, "password1": password, "password2": password},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email=SECRET_EMAIL)
    assert user.username.startswith("member-")
    _assert_private(user.username)


def test_demo_people_have_usernames_unrelated_to_their_emails() -> None:
    from ldsp.accounts import demo

    demo.load()
    for email, _, _, _ in demo.DEMO_PEOPLE:
        user = get_user_model().objects.get(email=email)
        assert email.split("@")[0] not in user.username


# Every account has a profile


def test_createsuperuser_makes_a_profile_and_the_pages_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-test-password-1")
    call_command(
        "createsuperuser", interactive=False, username="root", email=SECRET_EMAIL, verbosity=0
    )
    user = get_user_model().objects.get(username="root")
    assert Profile.objects.filter(user=user).count() == 1

    client = Client()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["display_name"] == f"Member {user.pk}"


def test_create_user_makes_one_profile_however_often_the_account_is_saved() -> None:
    user = get_user_model().objects.create_user(username="someone", email=SECRET_EMAIL)
    user.first_name = "Changed"
    user.save()
    assert Profile.objects.filter(user=user).count() == 1
    assert user.profile.display_name == ""


def test_a_revision_by_an_account_made_on_the_command_line_shows_in_the_api() -> None:
    user = get_user_model().objects.create_superuser(
        username="admin", email=SECRET_EMAIL, password="a-long-test-password-1"
    )
    revision = RevisionFactory.create(author=user)
    section = revision.section
    response = Client().get(
        f"/api/v1/playbooks/{section.playbook.slug}/sections/{section.slug}/revisions"
    )
    assert response.status_code == 200
    assert response.json()["items"][0]["author"] == f"Member {user.pk}"
    _assert_private(response.content.decode())


# Revision notes


def test_email_addresses_in_notes_are_shown_as_names() -> None:
    known = UserFactory.create(email=EDITOR_EMAIL, display_name="Eddie")
    text = f"Suggestion 4, accepted by {EDITOR_EMAIL}; thanks to nobody@elsewhere.example.com."
    assert text_without_emails(text) == "Suggestion 4, accepted by Eddie; thanks to a member."
    assert text_without_emails(EDITOR_EMAIL.upper()) == "Eddie"
    assert known.pk


def test_an_old_username_in_an_accepted_by_note_is_shown_as_a_name() -> None:
    user = get_user_model().objects.create_user(username="hiddeneditor", email=EDITOR_EMAIL)
    assert (
        text_without_emails("Suggestion 9, accepted by hiddeneditor")
        == f"Suggestion 9, accepted by Member {user.pk}"
    )
    # Words that are nobody's username are left as they were written.
    assert text_without_emails("Suggestion 9, accepted by Eddie") == (
        "Suggestion 9, accepted by Eddie"
    )


def test_a_note_with_no_email_is_shown_as_written_without_a_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        assert text_without_emails("Made it clearer for readers") == "Made it clearer for readers"


# Credits


def test_credits_made_from_an_email_are_shown_as_names() -> None:
    named = UserFactory.create(email="named@example.org", display_name="Nadia")
    nameless = _nameless(SECRET_EMAIL)
    credits = [
        {"user_id": nameless.pk, "name": "secret.person", "revisions": 2},
        {"user_id": named.pk, "name": "Nadia at the time", "revisions": 1},
        {"user_id": 999999, "name": "gone@example.org", "revisions": 1},
    ]
    assert [c["name"] for c in credits_public(credits)] == [
        f"Member {nameless.pk}",
        "Nadia at the time",
        "a member",
    ]


# Audit entries


def test_role_changes_are_recorded_by_name_and_account_number(staff: Persona) -> None:
    user = _nameless(SECRET_EMAIL)
    role_grant(actor=staff.user, user=user, role=Role.EDITOR)
    event = AuditEvent.objects.get(verb="role.granted")
    assert event.summary == f"Member {user.pk} (account {user.pk}) is now editor"
