"""/search/ with two words marks both in each result, whatever forms the text uses."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories import PlaybookFactory

FILLER = " ".join(["Partners meet every month."] * 12)


@pytest.mark.django_db(transaction=True)
def test_two_words_are_both_highlighted(run_worker: Callable[[], None]) -> None:
    PlaybookFactory.create(
        slug="s",
        title="Searchable",
        is_default=True,
        text=(
            "# Delivery\n\n## Drop-ins\n\n"
            f"The library opens early. {FILLER} Volunteers from the library and other libraries "
            "run drop-ins.\n"
        ),
    )
    run_worker()  # the search index is updated by the worker
    page = Client().get("/search/", {"q": "volunteers libraries"}).content.decode()
    assert "1 result." in page
    marked = {word.casefold() for word in re.findall(r"<mark>(.*?)</mark>", page)}
    # Both words, from the part of the text holding both, not the first match only;
    # and "library" too, as a form of "libraries".
    assert marked == {"volunteers", "libraries", "library"}
