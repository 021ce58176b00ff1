"""The types that API input is declared with, so every value has a limit.

Each string type has a maximum length (from ``ldsp.core.limits``) and refuses
the NUL character, as Django's form fields do: PostgreSQL cannot store it in
text. Each whole-number type is bounded by the column it is looked up in or
stored in. A value outside these is answered 422 ``{"detail": …}`` before any
view code runs. A test walks the OpenAPI document to keep it that way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar, get_type_hints

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from ldsp.core.limits import (
    BODY_MAX,
    EMAIL_MAX,
    INT_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    NARRATIVE_MAX,
    ORGANISATIONS_MAX,
    QUOTE_MAX,
    ROW_ID_MAX,
    SLUG_MAX,
    SUMMARY_MAX,
    TOKEN_NAME_MAX,
)


def refuse_null_characters(value: str) -> str:
    """Refuse text with the NUL character in it."""
    if "\x00" in value:
        raise PydanticCustomError("null_character", "Text must not contain null characters.")
    return value


def refuse_invalid_email(value: str) -> str:
    """Refuse anything Django's own email check (the one forms use) refuses."""
    try:
        validate_email(value)
    except DjangoValidationError:
        raise PydanticCustomError(
            "email", "Enter an email address in the correct format, like name@example.com."
        ) from None
    return value


View = TypeVar("View", bound=Callable[..., Any])


def resolve_annotations(view: View) -> View:
    """Turn a view's annotations from strings into the types they name.

    Put it under ``@paginate``: django-ninja reads a decorated view's annotations
    in the decorator's module, where names like ``Slug`` are unknown.
    """
    view.__annotations__ = get_type_hints(view, include_extras=True)
    return view


_NO_NUL = AfterValidator(refuse_null_characters)

Slug = Annotated[str, Field(max_length=SLUG_MAX), _NO_NUL]
"""A slug, key, code or choice value, as in a URL or a query."""
Name = Annotated[str, Field(max_length=NAME_MAX), _NO_NUL]
"""A name or a title."""
TokenName = Annotated[str, Field(max_length=TOKEN_NAME_MAX), _NO_NUL]
"""What an API token is for."""
Summary = Annotated[str, Field(max_length=SUMMARY_MAX), _NO_NUL]
"""One or two sentences."""
Organisations = Annotated[str, Field(max_length=ORGANISATIONS_MAX), _NO_NUL]
"""The organisations involved in something, as one line of text."""
Quote = Annotated[str, Field(max_length=QUOTE_MAX), _NO_NUL]
"""A few words quoted from a text."""
Message = Annotated[str, Field(max_length=MESSAGE_MAX), _NO_NUL]
"""A comment, reply, reason or rationale."""
Narrative = Annotated[str, Field(max_length=NARRATIVE_MAX), _NO_NUL]
"""A few paragraphs of a story, like a play's challenge or impact."""
Body = Annotated[str, Field(max_length=BODY_MAX), _NO_NUL]
"""The whole text of a Playbook section."""
Email = Annotated[str, Field(max_length=EMAIL_MAX), AfterValidator(refuse_invalid_email)]
"""An email address, checked as the forms check it."""

RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
"""A row id, as in ``/suggestions/{suggestion_id}``."""
RevisionNumber = Annotated[int, Field(ge=1, le=INT_MAX)]
"""A section's revision number: 1, 2, 3 …"""
Position = Annotated[int, Field(ge=0, le=INT_MAX)]
"""A character position in a text."""
