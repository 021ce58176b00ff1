"""Every model has a factory, and every factory makes a row that saves."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import pytest
from django.apps import apps
from django.db import models
from factory.django import DjangoModelFactory

from tests import factories
from tests.factories import (
    PlaybookFactory,
    SectionFactory,
    UserFactory,
    current_revision,
    playbook_with_sections,
)

# Every app of ours, so a new app's models cannot slip by without factories.
APPS = [config.label for config in apps.get_app_configs() if config.name.startswith("ldsp.")]


@runtime_checkable
class Linkable(Protocol):
    """A model with a page of its own (every model of ours has one)."""

    def get_absolute_url(self) -> str: ...


def _factories_by_model() -> dict[type[models.Model], type[DjangoModelFactory[Any]]]:
    found: dict[type[models.Model], type[DjangoModelFactory[Any]]] = {}
    for value in vars(factories).values():
        is_factory = isinstance(value, type) and issubclass(value, DjangoModelFactory)
        if is_factory and value is not DjangoModelFactory:
            found[value._meta.model] = value
    return found


MODELS = [model for label in APPS for model in apps.get_app_config(label).get_models()]
# Bookkeeping rows that no one reads as a page: rate-limit counts, the database cache and
# the page cache's restart counter.
WITHOUT_PAGES = {"RateCount", "CacheEntry", "ContentVersion"}


def test_every_model_of_the_project_has_a_factory() -> None:
    missing = [model.__name__ for model in MODELS if model not in _factories_by_model()]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_each_factory_makes_a_row_that_saves(db: None, model: type[models.Model]) -> None:
    instance = _factories_by_model()[model].create()
    assert isinstance(instance, model)
    instance.refresh_from_db()
    assert model._default_manager.filter(pk=instance.pk).exists()
    assert str(instance)
    if model.__name__ not in WITHOUT_PAGES:
        assert isinstance(instance, Linkable) and instance.get_absolute_url()


def test_people_are_made_by_the_real_service_with_a_profile_and_roles(db: None) -> None:
    from ldsp.accounts.roles import Role, roles_of

    user = UserFactory.create(display_name="Edith", roles=[Role.EDITOR])
    assert user.profile.name == "Edith"
    assert roles_of(user) == [Role.EDITOR, Role.CONTRIBUTOR]
    assert user.check_password(factories.FACTORY_PASSWORD)


def test_a_section_has_a_current_revision_written_by_the_service(db: None) -> None:
    section = SectionFactory.create(title="Governance", body="Who decides, and how.")
    revision = current_revision(section)
    assert (revision.number, revision.title) == (1, "Governance")
    assert "Who decides, and how.</p>" in revision.body_html
    assert section.title == "Governance"
    child = SectionFactory.create(parent=section)
    assert child.playbook == section.playbook and not child.is_chapter


def test_a_playbook_with_sections_goes_through_the_import(db: None) -> None:
    playbook = playbook_with_sections(7)
    titles = [section.title for section in playbook.sections.order_by("position")]
    assert titles[:2] == ["Chapter 1", "Section 1"] and len(titles) == 2 + 7
    assert PlaybookFactory.create().sections.count() == 0
