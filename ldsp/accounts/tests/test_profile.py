from __future__ import annotations

import pytest

from conftest import Persona, Visitor
from ldsp.accounts import services
from ldsp.accounts.models import Profile


def test_visitors_are_asked_to_sign_in(anonymous: Visitor) -> None:
    response = anonymous.client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/profile/")


def test_a_person_sees_their_account(contributor: Persona) -> None:
    page = contributor.client.get("/accounts/profile/").content.decode()
    assert contributor.email in page
    assert "Contributor" in page
    assert "You have no API tokens." in page


def test_a_person_updates_their_profile(contributor: Persona) -> None:
    response = contributor.client.post(
        "/accounts/profile/",
        {
            "display_name": "Alice A",
            "organisation_name": "Good Things Foundation",
            "sector": "charity",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=contributor.user)
    assert (profile.display_name, profile.organisation_name, profile.sector) == (
        "Alice A",
        "Good Things Foundation",
        "charity",
    )
    page = contributor.client.get("/accounts/profile/").content.decode()
    assert "Your profile has been updated." in page


def test_a_bad_profile_is_refused_with_errors_and_nothing_changes(contributor: Persona) -> None:
    response = contributor.client.post(
        "/accounts/profile/",
        {"display_name": "", "organisation_name": "x" * 201, "sector": "pirates"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a display name" in page
    assert "Organisation must be 200 characters or fewer" in page
    assert "Select a valid choice" in page
    assert 'href="#id_display_name"' in page
    assert Profile.objects.get(user=contributor.user).display_name == "Alice"


def test_nobody_changes_someone_elses_profile(contributor: Persona, editor: Persona) -> None:
    with pytest.raises(PermissionError):
        services.profile_update(
            actor=editor.user,
            user=contributor.user,
            display_name="Hijacked",
            organisation_name="",
            sector="",
        )
    assert Profile.objects.get(user=contributor.user).display_name == "Alice"


def test_staff_may_correct_someone_elses_profile(contributor: Persona, staff: Persona) -> None:
    services.profile_update(
        actor=staff.user,
        user=contributor.user,
        display_name="Alice (corrected)",
        organisation_name="",
        sector="other",
    )
    assert Profile.objects.get(user=contributor.user).display_name == "Alice (corrected)"
