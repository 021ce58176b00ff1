"""The page cache cannot be turned against the site: content cannot become the live
CSP nonce, and made-up query strings cannot fill the cache."""

from __future__ import annotations

import html
import random
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from ldsp.core.pagecache import CONTENT_VERSION_KEY, content_version, nonce_marker
from tests.factories import CommentFactory, PartnershipFactory, section_with_text

FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"
OLD_PLACEHOLDER = "__LDSP_CSP_NONCE__"


def _nonce(response: HttpResponseBase) -> str:
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert match
    return match.group(1)


def _page_queries(queries: CaptureQueriesContext) -> list[str]:
    """The queries a response made, leaving out reads of a database cache."""
    cache_table = str(settings.CACHES["default"].get("LOCATION", ""))
    return [q["sql"] for q in queries.captured_queries if cache_table not in q["sql"]]


def _entries(folder: Path) -> int:
    """Entries in the file caches under ``folder``."""
    return len(list(folder.rglob("*.djcache")))


@pytest.fixture(params=["pages", "default"])
def cache_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """File caches in a folder of their own: a "pages" cache beside the default one, or
    the default cache alone. Yields the folder that holds them all."""
    config = {"default": {"BACKEND": FILE_CACHE, "LOCATION": str(tmp_path / "default")}}
    if request.param == "pages":
        config["pages"] = {"BACKEND": FILE_CACHE, "LOCATION": str(tmp_path / "pages")}
    with override_settings(CACHES=config):
        yield tmp_path


def _hostile_section_url(text: str) -> str:
    """A section whose text shows ``text`` as code, with a comment whose HTML holds a
    script with ``text`` as its nonce (as if something unescaped got through)."""
    section = section_with_text("Scripts", f"Someone typed `<script nonce={text}>` here.")
    CommentFactory.create(
        section=section, body_html=f'<script nonce="{text}">alert("stolen")</script>'
    )
    return section.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.usefixtures("cache_backend")
def test_content_holding_the_old_placeholder_never_gets_the_nonce() -> None:
    url = _hostile_section_url(OLD_PLACEHOLDER)
    fresh = Client().get(url)
    fresh_page, fresh_nonce = fresh.content.decode(), _nonce(fresh)
    template_attributes = fresh_page.count(f'nonce="{fresh_nonce}"')
    assert template_attributes >= 1
    assert fresh_page.count(fresh_nonce) == template_attributes

    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            cached = Client().get(url)
        assert _page_queries(queries) == []  # served from the cache
        page, nonce = cached.content.decode(), _nonce(cached)
        assert nonce != fresh_nonce
        assert page.count(nonce) == page.count(f'nonce="{nonce}"') == template_attributes
        assert page == fresh_page.replace(fresh_nonce, nonce)
        assert f'<script nonce="{OLD_PLACEHOLDER}">alert' in page
        assert html.escape(f"<script nonce={OLD_PLACEHOLDER}>") in page


@pytest.mark.django_db
def test_a_page_holding_the_marker_is_served_fresh_and_never_stored(
    cache_folder: Path,
) -> None:
    url = _hostile_section_url(nonce_marker())
    content_version()  # the default cache holds the version before counting
    stored = _entries(cache_folder)
    for _ in range(3):
        response = Client().get(url)
        page, nonce = response.content.decode(), _nonce(response)
        assert response.status_code == 200
        assert page.count(nonce) == page.count(f'nonce="{nonce}"') == 1
        assert f'<script nonce="{nonce_marker()}">alert' in page
        assert html.escape(f"<script nonce={nonce_marker()}>") in page
    assert _entries(cache_folder) == stored


def test_the_marker_is_secret_to_each_deployment() -> None:
    marker = nonce_marker()
    assert settings.SECRET_KEY not in marker
    with override_settings(SECRET_KEY="another-deployment-key-for-tests"):
        assert nonce_marker() != marker


@pytest.mark.django_db
def test_page_copies_go_to_the_pages_cache_and_the_version_stays_in_the_default(
    cache_folder: Path,
) -> None:
    first = Client().get("/")
    second = Client().get("/")
    assert second.content.decode() == first.content.decode().replace(_nonce(first), _nonce(second))
    assert caches["default"].get(CONTENT_VERSION_KEY) is not None
    if "pages" in settings.CACHES:
        assert _entries(cache_folder / "pages") == 1
        assert _entries(cache_folder / "default") == 1  # the content version, no page
    else:
        assert _entries(cache_folder / "default") == 2  # the content version and the page


def _junk(rng: random.Random) -> dict[str, str]:
    """A made-up query string: unknown names, and now and then a name some page uses."""
    names = ["page", "q", "status", "utm_source", "fbclid", "x"]
    letters = string.ascii_letters + string.digits
    query: dict[str, str] = {}
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(names) if rng.random() < 0.3 else "".join(rng.choices(letters, k=8))
        query[name] = "".join(rng.choices(letters + " =<>&", k=rng.randint(0, 12)))
    return query


@pytest.mark.django_db
def test_junk_query_strings_are_answered_but_never_stored(cache_folder: Path) -> None:
    client = Client()
    client.get("/")
    stored = _entries(cache_folder)
    rng = random.Random(20261201)
    for _ in range(1000):
        assert client.get("/", _junk(rng)).status_code == 200
    assert _entries(cache_folder) == stored


@pytest.mark.django_db
def test_a_listed_page_is_cached_and_one_with_extra_parameters_is_drawn_fresh(
    cache_folder: Path,
) -> None:
    for number in range(1, 27):  # 25 to a page: the last one is alone on page 2
        PartnershipFactory.create(name=f"Partnership {number:02}")
    client = Client()
    content_version()
    before = _entries(cache_folder)
    second_page = client.get("/partnerships/", {"page": "2"}).content.decode()
    assert "Partnership 26" in second_page and "Partnership 25" not in second_page
    assert _entries(cache_folder) == before + 1
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/partnerships/", {"page": "2"})
    assert _page_queries(queries) == []
    assert "Partnership 26" in again.content.decode()

    tagged = client.get("/partnerships/", {"page": "2", "utm": "x"})
    page = tagged.content.decode()
    assert tagged.status_code == 200
    assert "Partnership 26" in page and "Partnership 25" not in page
    assert "page=1&amp;utm=x" in page  # pagination keeps the visitor's parameters
    assert "utm=x" not in second_page
    assert _entries(cache_folder) == before + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"page": "two"},
        {"page": "0002"},
        {"status": "nonsense"},
        {"area": "<script>"},
        {"sector": "x" * 50},
    ],
)
def test_listed_parameters_with_values_the_page_does_not_use_are_not_stored(
    cache_folder: Path, query: dict[str, str]
) -> None:
    client = Client()
    client.get("/partnerships/")
    stored = _entries(cache_folder)
    assert client.get("/partnerships/", query).status_code == 200
    assert client.get("/partnerships/", query).status_code == 200
    assert _entries(cache_folder) == stored


@pytest.mark.django_db
def test_a_repeated_parameter_is_not_stored(cache_folder: Path) -> None:
    client = Client()
    client.get("/partnerships/")
    stored = _entries(cache_folder)
    assert client.get("/partnerships/?page=1&page=2").status_code == 200
    assert _entries(cache_folder) == stored
