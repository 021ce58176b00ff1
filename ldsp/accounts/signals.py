"""Every account has a profile, however it was made (sign-up, `createsuperuser`, admin)."""

from __future__ import annotations

from typing import Any

from ldsp.accounts import services


def profile_for_new_user(
    sender: Any, instance: Any, created: bool, raw: bool, **kwargs: Any
) -> None:
    """Give a newly saved account its blank profile.

    Loading a fixture (``raw``) brings its own profiles, so it is left alone.
    """
    if created and not raw:
        services.profile_ensure(user=instance)
