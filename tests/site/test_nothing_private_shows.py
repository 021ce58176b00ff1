"""Nothing private reaches a public surface.

A hidden comment, a hidden reply, a reply under a hidden thread, the reasons for
hiding them, a play that was never published, and moderators' notes each carry a
unique marker. Walking every page, API call, CSV, search and the published report —
as a visitor and as a contributor who wrote none of it — no marker may appear.
The walk lists every URL and API operation, so a new surface joins it or fails.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import Persona, Visitor
from ldsp.accounts.roles import Role
from ldsp.consultations.models import Round
from ldsp.consultations.services import report_publish, round_close
from ldsp.coproduction.models import Comment
from ldsp.coproduction.services.comments import comment_hide, comment_reply
from ldsp.finder.identifiers import service_id
from ldsp.finder.models import Centre
from ldsp.playbook.models import Release, Section
from ldsp.playbook.services.releases import release_publish
from ldsp.plays.models import Play
from ldsp.plays.services import play_moderate
from tests.factories import (
    CentreFactory,
    ChangeReportFactory,
    CommentFactory,
    FeedbackMessageFactory,
    OfferFactory,
    PartnershipFactory,
    PartnershipMessageFactory,
    PlayFactory,
    PostcodeDistrictFactory,
    RoundFactory,
    SuggestionFactory,
    UserFactory,
    section_with_text,
)

MARKERS = {
    "hidden comment": "zqxhiddencomment",
    "hidden comment's reason": "zqxhidingreason",
    "hidden reply": "zqxhiddenreply",
    "hidden reply's reason": "zqxreplyreason",
    "reply under a hidden thread": "zqxreplyunderhidden",
    "unpublished play's title": "zqxplaytitle",
    "unpublished play's summary": "zqxplaysummary",
    "unpublished play's story": "zqxplaystory",
    "unpublished play's author": "zqxplayauthor",
    "moderator's notes on an unpublished play": "zqxunpublishednotes",
    "author of a hidden comment": "zqxhiddenauthor",
    "message to a partnership's coordinators": "zqxcontactmessage",
    "address of someone who wrote to a partnership": "zqxcontactsender",
    "feedback on the service": "zqxfeedbackmessage",
    "address of someone who gave feedback": "zqxfeedbacksender",
    "closed centre's name": "zqxclosedcentre",
    "offer at a closed centre": "zqxclosedoffer",
    "change reported about a centre": "zqxchangereport",
    "address of someone who reported a change": "zqxchangereporter",
}

# A word in every private text, to search for (the markers themselves would be echoed
# back in the search box).
FINDABLE = "zqxfindme"

# Pages that only the people involved may open; they are checked elsewhere.
SIGNED_IN_OR_WRITE_ONLY = {
    "playbook:edit",
    "playbook:revert",
    "playbook:release_new",
    "coproduction:suggest",
    "coproduction:suggest_passage",
    "coproduction:comment_create",
    "coproduction:follow",
    "coproduction:review_queue",
    "coproduction:suggestion_endorse",
    "coproduction:suggestion_discuss",
    "coproduction:suggestion_withdraw",
    "coproduction:suggestion_accept",
    "coproduction:suggestion_reject",
    "coproduction:suggestion_resolve",
    "coproduction:comment_reply",
    "coproduction:comment_state",
    "coproduction:comment_hide",
    "coproduction:unfollow",
    "partnerships:edit",
    "partnerships:join",
    "partnerships:join_requests",
    "partnerships:join_request",
    "partnerships:pledge_new",
    "partnerships:goal_new",
    "consultations:close",
    "plays:submit",
    "plays:moderation",
    "plays:edit",
    "plays:moderate",
    "accounts:token_create",
    "accounts:token_created",
    "accounts:token_revoke",
    "admin_login",
    "finder:manage",
    "finder:centre_create",
    "finder:centre_edit",
    "finder:centre_checked",
    "finder:offer_create",
    "finder:offer_edit",
    "finder:offer_delete",
    "finder:session_create",
    "finder:report_resolve",
    "finder:import_upload",
    "finder:import_template",
    "finder:import_preview",
    "api:centre_replace",
    "api:centre_update",
    "api:token_revoke",
    "api:suggestion_withdraw",
    "api:suggestion_accept",
    "api:suggestion_reject",
    "api:comment_reply",
    "api:comment_state",
}


@dataclass
class World:
    section: Section
    round: Round
    hidden_thread: Comment
    unpublished_play: Play
    published_play: Play
    release: Release
    partnership_slug: str
    suggestion_id: int
    centre_slug: str
    offer_id: int


@pytest.fixture
def world(db: None, editor: Persona) -> World:
    now = timezone.now()
    section = section_with_text(
        "Topic", "First paragraph.\n\nSecond paragraph.", slug="p", is_default=True
    )
    round_ = RoundFactory.create(
        playbook=section.playbook,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=7),
    )
    writer = UserFactory.create(display_name="Wendy Writer")
    hidden_author = UserFactory.create(display_name=MARKERS["author of a hidden comment"])

    findable = f" {FINDABLE}"
    shown = CommentFactory.create(section=section, author=writer, body="A fair question.")
    comment_reply(actor=writer, comment=shown, body="And a follow-up.")
    hidden_reply = comment_reply(
        actor=editor.user, comment=shown, body=MARKERS["hidden reply"] + findable
    )
    comment_hide(actor=editor.user, comment=hidden_reply, reason=MARKERS["hidden reply's reason"])

    hidden_thread = CommentFactory.create(
        section=section, author=hidden_author, body=MARKERS["hidden comment"] + findable
    )
    comment_reply(
        actor=writer, comment=hidden_thread, body=MARKERS["reply under a hidden thread"] + findable
    )
    comment_hide(
        actor=editor.user, comment=hidden_thread, reason=MARKERS["hidden comment's reason"]
    )
    suggestion = SuggestionFactory.create(section=section, author=writer)

    play_author = UserFactory.create(display_name=MARKERS["unpublished play's author"])
    unpublished = PlayFactory.create(
        title=MARKERS["unpublished play's title"] + findable,
        summary=MARKERS["unpublished play's summary"] + findable,
        challenge=MARKERS["unpublished play's story"] + findable,
        author=play_author,
        round=round_,
    )
    play_moderate(
        actor=editor.user,
        play=unpublished,
        decision=Play.Status.CHANGES_REQUESTED,
        notes=MARKERS["moderator's notes on an unpublished play"],
    )
    published = PlayFactory.create(title="Library drop-ins", author=writer, round=round_)
    play_moderate(
        actor=editor.user, play=published, decision=Play.Status.PUBLISHED, notes="", sections=[]
    )

    round_close(actor=editor.user, round_=round_)
    report_publish(actor=editor.user, round_=round_, outcome_summary="We changed the guide.")
    release = release_publish(
        actor=editor.user, playbook=section.playbook, number="1.0", label="First"
    )
    partnership = PartnershipFactory.create()
    PartnershipMessageFactory.create(
        partnership=partnership,
        sender_email=MARKERS["address of someone who wrote to a partnership"] + "@example.net",
        message=MARKERS["message to a partnership's coordinators"] + findable,
    )
    FeedbackMessageFactory.create(
        email=MARKERS["address of someone who gave feedback"] + "@example.net",
        message=MARKERS["feedback on the service"] + findable,
    )
    # An open centre that someone reported a change to, and a closed one, in PR1.
    place = PostcodeDistrictFactory.create(code="PR1", postcode_area="PR")
    centre = CentreFactory.create(postcode_district=place)
    offer = OfferFactory.create(centre=centre, skill_areas=["communicating"])
    ChangeReportFactory.create(
        centre=centre,
        message=MARKERS["change reported about a centre"] + findable,
        email=MARKERS["address of someone who reported a change"] + "@example.net",
    )
    closed = CentreFactory.create(
        postcode_district=place,
        name=MARKERS["closed centre's name"] + findable,
        status=Centre.Status.CLOSED,
    )
    OfferFactory.create(centre=closed, title=MARKERS["offer at a closed centre"] + findable)
    return World(
        section=section,
        round=Round.objects.get(pk=round_.pk),
        hidden_thread=hidden_thread,
        unpublished_play=unpublished,
        published_play=published,
        release=release,
        partnership_slug=partnership.slug,
        suggestion_id=suggestion.pk,
        centre_slug=centre.slug,
        offer_id=offer.pk,
    )


def _page_arguments(world: World) -> dict[str, dict[str, Any] | None]:
    """How to fill in each public page's URL."""
    playbook = world.section.playbook.slug
    section = {"slug": playbook, "section_slug": world.section.slug}
    release = {"slug": playbook, "number": world.release.number}
    return {
        "playbook:contents": {"slug": playbook},
        "playbook:current_md": {"slug": playbook},
        "playbook:section": section,
        "playbook:history": section,
        "playbook:compare": {**section, "?": "from=1&to=1"},
        "playbook:releases": {"slug": playbook},
        "playbook:release_compare": {"slug": playbook},
        "playbook:release_md": release,
        "playbook:release_html": release,
        "playbook:release_pdf": release,
        "playbook:release": release,
        "playbook:release_section": {**release, "section_slug": world.section.slug},
        "coproduction:suggestion": {"suggestion_id": world.suggestion_id},
        "partnerships:partnership": {"slug": world.partnership_slug},
        "partnerships:contact": {"slug": world.partnership_slug},
        "partnerships:contact_sent": {"slug": world.partnership_slug},
        "partnerships:pledge": None,  # a pledge page needs a pledge; none hold markers
        "partnerships:organisation": None,
        "consultations:round": {"slug": world.round.slug},
        "consultations:report": {"slug": world.round.slug},
        "consultations:report_csv": {"slug": world.round.slug},
        "plays:play": {"slug": world.published_play.slug},
        # The dashboard itself needs no arguments and is walked as it is.
        "dashboards:yours": {"kind": "comments"},
        "finder:find": {"?": "q=PR1"},
        "finder:results_csv": {"?": "q=PR1"},
        "finder:centre": {"slug": world.centre_slug},
        "finder:report_change": {"slug": world.centre_slug},
        "finder:report_sent": {"slug": world.centre_slug},
        "finder:partnership_gaps": {"slug": world.partnership_slug},
        "finder:partnership_gaps_csv": {"slug": world.partnership_slug},
    }


def _api_arguments(world: World) -> dict[str, dict[str, Any] | None]:
    """How to fill in each API read's URL (the query string for lists that need one)."""
    playbook = world.section.playbook.slug
    section = {"slug": playbook, "section_slug": world.section.slug}
    release = {"slug": playbook, "number": world.release.number}
    return {
        "api:playbook_detail": {"slug": playbook},
        "api:section_list": {"slug": playbook},
        "api:section_detail": section,
        "api:revision_list": section,
        "api:release_list": {"slug": playbook},
        "api:release_detail": release,
        "api:release_markdown_api": release,
        "api:release_export_status": {**release, "export_format": "pdf"},
        "api:suggestion_detail": {"suggestion_id": world.suggestion_id},
        "api:comment_list": {"?": f"playbook={playbook}&section={world.section.slug}"},
        "api:area_detail": None,
        "api:partnership_detail": {"slug": world.partnership_slug},
        "api:membership_list": {"slug": world.partnership_slug},
        "api:pledge_list": {"slug": world.partnership_slug},
        "api:postcode_detail": None,
        "api:round_detail": {"slug": world.round.slug},
        "api:round_report": {"slug": world.round.slug},
        "api:play_detail": {"slug": world.published_play.slug},
        "api:centre_detail": {"slug": world.centre_slug},
        "api:openreferral_service": {"id": service_id(world.offer_id)},
    }


def _named_patterns() -> list[tuple[str, URLPattern]]:
    """Every named URL the site serves (not Django admin's or the sign-in app's own)."""
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin" or "allauth" in str(pattern.urlconf_name):
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                found.append(
                    (f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern)
                )

    walk(get_resolver().url_patterns, None)
    return found


def _public_urls(world: World) -> list[str]:
    arguments = {**_page_arguments(world), **_api_arguments(world)}
    urls: list[str] = []
    unlisted: list[str] = []
    for name, pattern in _named_patterns():
        if name in SIGNED_IN_OR_WRITE_ONLY:
            continue
        needs_arguments = bool(pattern.pattern.converters) or "<" in str(pattern.pattern)
        if not needs_arguments and name not in arguments:
            urls.append(reverse(name))
            continue
        if name not in arguments:
            unlisted.append(name)
            continue
        kwargs = arguments[name]
        if kwargs is None:
            continue
        query = kwargs.pop("?", None)
        url = reverse(name, kwargs=kwargs) if kwargs else reverse(name)
        urls.append(f"{url}?{query}" if query else url)
    # Reads that only a POST of the same path shares a name with are still reads.
    urls.append(reverse("api:suggestion_list"))
    urls.append(reverse("api:play_list"))
    assert not unlisted, (
        f"Add these URLs to the walk in {__name__} (or to SIGNED_IN_OR_WRITE_ONLY): {unlisted}"
    )
    return urls


def _searches() -> list[str]:
    return [
        f"{reverse('search')}?q={FINDABLE}",
        f"{reverse('plays:list')}?q={FINDABLE}",
        f"{reverse('api:play_list')}?search={FINDABLE}",
        f"{reverse('api:openreferral_services')}?text={FINDABLE}",
        f"{reverse('finder:find')}?q=PR1&radius=25",
    ]


def _leaks(client: Client, urls: list[str]) -> list[str]:
    leaks: list[str] = []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"{url} failed with {response.status_code}"
        content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        text = content.decode("utf-8", errors="replace")
        leaks.extend(f"{what} on {url}" for what, marker in MARKERS.items() if marker in text)
    return leaks


def test_a_visitor_sees_nothing_private_anywhere(world: World, anonymous: Visitor) -> None:
    urls = _public_urls(world) + _searches()
    assert len(urls) > 40
    assert _leaks(anonymous.client, urls) == []


def test_a_contributor_who_wrote_none_of_it_sees_nothing_private(
    world: World, contributor: Persona
) -> None:
    urls = _public_urls(world) + _searches()
    assert _leaks(contributor.client, urls) == []


def test_the_walk_would_see_a_marker_that_is_shown(world: World, editor: Persona) -> None:
    """The walk is not blind: editors, who may see hidden comments, do see the markers."""
    section_url = reverse(
        "playbook:section",
        kwargs={"slug": world.section.playbook.slug, "section_slug": world.section.slug},
    )
    leaks = _leaks(editor.client, [section_url])
    assert any("hidden comment on" in leak for leak in leaks)
    assert any("reply under a hidden thread" in leak for leak in leaks)


def test_the_report_counts_what_it_withholds(world: World, anonymous: Visitor) -> None:
    report = anonymous.client.get(
        reverse("api:round_report", kwargs={"slug": world.round.slug})
    ).json()
    outcomes = [row["outcome"] for row in report["contributions"]]
    assert "Removed by the editors" in outcomes
    assert "Not published" in outcomes
    # Two comment threads, one suggestion and two plays: every one is counted.
    assert report["figures"]["total"] == 5
    assert report["figures"]["by_kind"] == {"comment": 2, "suggestion": 1, "play": 2}
    withheld = [row for row in report["contributions"] if row["outcome"] == "Not published"]
    assert withheld[0]["author"] == withheld[0]["summary"] == withheld[0]["section"] == ""


def test_the_author_and_moderators_still_see_an_unpublished_play(
    world: World, editor: Persona
) -> None:
    author = world.unpublished_play.author
    client = Client()
    client.force_login(author)
    url = world.unpublished_play.get_absolute_url()
    for who in (client, editor.client):
        page = who.get(url)
        assert page.status_code == 200
        assert MARKERS["moderator's notes on an unpublished play"] in page.content.decode()
    stranger = UserFactory.create(roles=[Role.COORDINATOR])
    other = Client()
    other.force_login(stranger)
    assert other.get(url).status_code == 404
