"""Accounts made before every account got a profile (with `createsuperuser`, say) are
given one by the migration; accounts that had one keep it unchanged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0002_profile_area")]
AFTER = [("accounts", "0003_profiles_for_every_account")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_the_migration_gives_every_account_without_a_profile_a_blank_one() -> None:
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    OldUser = old.get_model("auth", "User")
    OldProfile = old.get_model("accounts", "Profile")
    # Saved through the historical models, so nothing gives these a profile.
    bare = OldUser.objects.create(username="root", email="secret.person@example.org")
    named = OldUser.objects.create(username="named", email="named@example.org")
    OldProfile.objects.create(user=named, display_name="Nadia", organisation_name="Library")
    assert not OldProfile.objects.filter(user_id=bare.pk).exists()

    _migrate(AFTER)

    from ldsp.accounts.models import Profile
    from ldsp.accounts.selectors import display_name

    profile = Profile.objects.get(user_id=bare.pk)
    assert profile.display_name == ""
    assert display_name(profile.user) == f"Member {bare.pk}"
    kept = Profile.objects.get(user_id=named.pk)
    assert (kept.display_name, kept.organisation_name) == ("Nadia", "Library")
    assert Profile.objects.count() == 2
