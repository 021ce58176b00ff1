"""Fixtures the finder's tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django import DjangoDbBlocker

from ldsp.places.models import Area, AreaScheme, LocalAuthority, PostcodeDistrict
from ldsp.places.services import places_load


@pytest.fixture(scope="module")
def shipped_geography(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The shipped geography, loaded once for a module (it takes seconds) and committed,
    so each test's rollback keeps it; removed afterwards."""
    with django_db_blocker.unblock():
        places_load()
    yield
    with django_db_blocker.unblock():
        PostcodeDistrict.objects.all().delete()
        Area.objects.all().delete()
        LocalAuthority.objects.all().delete()
        AreaScheme.objects.all().delete()
