"""The authorisation matrix: who may open every page and call every API operation, and
who may write through it. ``test_authorization_matrix`` reads this and fails when the site
has an address or API operation that is not listed here.

Each entry is keyed by the URL's name (``namespace:name``) or, for the API, by
``"METHOD /api/v1/path"`` exactly as the OpenAPI document spells it. The roles are:

- ``anonymous``: not signed in;
- ``contributor``, ``editor``, ``staff``: signed in with that role;
- ``coordinator``: a coordinator of the partnership the addresses point at;
- ``other_coordinator``: a coordinator of another partnership.

The data the addresses point at (``World``) belongs to people who are none of these,
except where an entry says so (the contributor's API token and the play sent back to them).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ldsp.accounts.models import ApiToken
from ldsp.accounts.roles import Role
from ldsp.consultations.models import Round
from ldsp.consultations.services import report_publish
from ldsp.coproduction.models import Comment, Suggestion
from ldsp.coproduction.services.follows import UNSUBSCRIBE
from ldsp.coproduction.services.suggestions import suggestion_accept
from ldsp.core.sectors import Sector
from ldsp.core.signed_links import link_token
from ldsp.finder.identifiers import service_id
from ldsp.finder.imports import import_preview
from ldsp.finder.imports.csv_format import HEADER
from ldsp.finder.models import Centre, CentreImport, ChangeReport, Offer
from ldsp.partnerships.models import JoinRequest, Organisation, Partnership, Pledge
from ldsp.places.models import Area, PostcodeDistrict
from ldsp.playbook.models import Playbook, Release, Section
from ldsp.plays.models import Play
from tests.factories import (
    ApiTokenFactory,
    AreaFactory,
    AreaSchemeFactory,
    CentreFactory,
    ChangeReportFactory,
    CommentFactory,
    FollowFactory,
    GoalFactory,
    JoinRequestFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OfferFactory,
    OrganisationFactory,
    PartnershipFactory,
    PlaybookFactory,
    PlayFactory,
    PledgeFactory,
    PostcodeDistrictFactory,
    ReleaseExportFactory,
    ReleaseFactory,
    RevisionFactory,
    RoundFactory,
    SuggestionFactory,
    UserFactory,
    coordinator_of,
    current_revision,
)

ANONYMOUS = "anonymous"
CONTRIBUTOR = "contributor"
EDITOR = "editor"
COORDINATOR = "coordinator"
OTHER_COORDINATOR = "other_coordinator"
STAFF = "staff"
ROLES = (ANONYMOUS, CONTRIBUTOR, EDITOR, COORDINATOR, OTHER_COORDINATOR, STAFF)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
EDITORS = frozenset({EDITOR, STAFF})
# The coordinators of the partnership in the address, and staff.
MANAGERS = frozenset({COORDINATOR, STAFF})
NOBODY: frozenset[str] = frozenset()

SIGN_IN_URL = "/accounts/login/"


@dataclass
class World:
    """The rows every address in the matrix points at, made once per test module."""

    users: dict[str, User]
    playbook: Playbook
    section: Section
    conflicted: Suggestion
    suggestion: Suggestion
    comment: Comment
    unfollow_token: str
    release: Release
    area: Area
    postcode: str
    partnership: Partnership
    organisation: Organisation
    join_request: JoinRequest
    pledge: Pledge
    open_round: Round
    closed_round: Round
    published_round: Round
    published_play: Play
    submitted_play: Play
    returned_play: Play
    token: ApiToken
    centre: Centre
    offer: Offer
    change_report: ChangeReport
    centre_import: CentreImport

    @property
    def section_url(self) -> str:
        return f"/playbooks/{self.playbook.slug}/sections/{self.section.slug}/"

    @property
    def partnership_url(self) -> str:
        return f"/partnerships/{self.partnership.slug}/"


def _person(name: str, roles: list[Role]) -> User:
    return UserFactory.create(email=f"{name}@example.org", display_name=name.title(), roles=roles)


def world_build() -> World:
    """Make the world: personas, a playbook with history, contributions by other people,
    two partnerships with their coordinators, rounds, plays and an API token."""
    users = {
        CONTRIBUTOR: _person("alice", []),
        EDITOR: _person("edith", [Role.EDITOR]),
        STAFF: _person("stella", [Role.STAFF]),
    }
    someone_else = _person("sam", [])
    reviewer = _person("reece", [Role.EDITOR])

    scheme = AreaSchemeFactory.create(is_default=True)
    district = LocalAuthorityFactory.create()
    area = AreaFactory.create(scheme=scheme, local_authorities=[district])
    PostcodeDistrictFactory.create(code="PR1", postcode_area="PR", local_authority=district)

    playbook = PlaybookFactory.create(
        is_default=True,
        text=(
            "# Getting started\n\nWhy partnerships matter.\n\n"
            "## Shared purpose\n\nAgree what you are for.\n\nWrite it down.\n\n"
            "## Meeting well\n\nMeet every month.\n\nKeep notes.\n"
        ),
    )
    section, other_section = Section.objects.filter(
        playbook=playbook, parent__isnull=False
    ).order_by("position")
    RevisionFactory.create(section=section, body="Agree what you are for.\n\nShare it widely.")
    section.refresh_from_db()
    suggestion = SuggestionFactory.create(section=section, author=someone_else)
    comment = CommentFactory.create(section=section, author=someone_else)
    follow = FollowFactory.create(section=section, user=someone_else)

    # A suggestion whose paragraph an editor changed meanwhile: it needs resolving.
    conflicted = SuggestionFactory.create(
        section=other_section,
        author=someone_else,
        body="Meet every fortnight.\n\nKeep notes.",
    )
    RevisionFactory.create(section=other_section, body="Meet every week.\n\nKeep notes.")
    conflicted = suggestion_accept(actor=reviewer, suggestion=conflicted)
    assert conflicted.state == Suggestion.State.NEEDS_RESOLUTION

    release = ReleaseFactory.create(playbook=playbook, number="1.0", published_by=reviewer)
    ReleaseExportFactory.create(release=release)

    partnership = PartnershipFactory.create(slug="here", areas=[area])
    # Elsewhere covers another district, so its coordinator keeps no centres here.
    elsewhere = PartnershipFactory.create(
        slug="elsewhere",
        areas=[AreaFactory.create(scheme=scheme, local_authorities=[LocalAuthorityFactory()])],
    )
    users[COORDINATOR] = coordinator_of(partnership, email="colin@example.org")
    users[OTHER_COORDINATOR] = coordinator_of(elsewhere, email="olive@example.org")
    organisation = OrganisationFactory.create()
    MembershipFactory.create(partnership=partnership, organisation=organisation)
    pledge = PledgeFactory.create(partnership=partnership, organisation=organisation)
    GoalFactory.create(partnership=partnership)
    join_request = JoinRequestFactory.create(partnership=partnership, requested_by=someone_else)

    now = timezone.now()
    open_round = RoundFactory.create(playbook=playbook)
    closed_round = RoundFactory.create(
        playbook=playbook,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=20),
    )
    published_round = RoundFactory.create(
        playbook=playbook,
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=50),
    )
    published_round = report_publish(
        actor=reviewer, round_=published_round, outcome_summary="We changed three sections."
    )

    published_play = PlayFactory.create(
        area=area, author=someone_else, status=Play.Status.PUBLISHED, published_at=now
    )
    submitted_play = PlayFactory.create(area=area, author=someone_else)
    returned_play = PlayFactory.create(
        area=area, author=users[CONTRIBUTOR], status=Play.Status.CHANGES_REQUESTED
    )

    centre = CentreFactory.create(
        postcode_district=PostcodeDistrict.objects.get(code="PR1"), organisation=organisation
    )
    offer = OfferFactory.create(centre=centre)
    change_report = ChangeReportFactory.create(centre=centre, email="reporter@example.net")
    centre_import = import_preview(
        actor=users[COORDINATOR], file_name="centres.csv", content=_import_csv(organisation)
    )

    return World(
        users=users,
        playbook=playbook,
        section=section,
        conflicted=conflicted,
        suggestion=suggestion,
        comment=comment,
        unfollow_token=link_token(UNSUBSCRIBE, {"user": follow.user_id, "section": section.pk}),
        release=release,
        area=area,
        postcode="PR1 1AA",
        partnership=partnership,
        organisation=organisation,
        join_request=join_request,
        pledge=pledge,
        open_round=open_round,
        closed_round=closed_round,
        published_round=published_round,
        published_play=published_play,
        submitted_play=submitted_play,
        returned_play=returned_play,
        token=ApiTokenFactory.create(user=users[CONTRIBUTOR]),
        centre=centre,
        offer=offer,
        change_report=change_report,
        centre_import=centre_import,
    )


def _import_csv(organisation: Organisation) -> str:
    """A one-centre file in the import template, for the coordinator's district."""
    header = list(HEADER)
    row = {column: "" for column in header}
    row.update(
        centre_ref="MATRIX-1",
        name="Matrix Library",
        organisation=organisation.name,
        address="1 Fishergate",
        postcode="PR1 2AA",
        status="open",
        offer_ref="MATRIX-1-DROPIN",
        offer_title="Digital drop-in",
        free="yes",
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


Data = Callable[[World], dict[str, Any]]


def _no_data(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Rule:
    """Who may use one method of an address, and what they get.

    ``ok`` are the statuses for someone allowed. Someone refused gets 403 when signed in
    (or ``refused``, where an address hides what is not theirs with a 404), and when not
    signed in is sent to sign in or answered 401/403. A refused write must change nothing;
    an allowed one must change something (unless ``writes`` is False). ``xfail`` names the
    roles for whom the site is known to get this wrong, and why.
    """

    allowed: frozenset[str]
    ok: frozenset[int] = frozenset({200})
    data: Data = _no_data
    refused: frozenset[int] = frozenset({403})
    writes: bool = True
    xfail: Mapping[str, str] = field(default_factory=dict)


def read(allowed: frozenset[str], *ok: int, **kwargs: Any) -> Rule:
    return Rule(allowed=allowed, ok=frozenset(ok or {200}), **kwargs)


def write(allowed: frozenset[str], data: Data = _no_data, *ok: int, **kwargs: Any) -> Rule:
    return Rule(allowed=allowed, data=data, ok=frozenset(ok or {302}), **kwargs)


@dataclass(frozen=True)
class Page:
    """An address of the site: how to build it, and the rule for GET and for POST
    (None: the address does not take that method)."""

    url: Callable[[World], str]
    get: Rule | None = None
    post: Rule | None = None


def _section(suffix: str = "") -> Callable[[World], str]:
    return lambda w: w.section_url + suffix


def _partnership(suffix: str = "") -> Callable[[World], str]:
    return lambda w: w.partnership_url + suffix


def _release(suffix: str) -> Callable[[World], str]:
    return lambda w: f"/playbooks/{w.playbook.slug}/releases/{w.release.number}{suffix}"


def _play_data(w: World) -> dict[str, Any]:
    return {
        "title": "Digital champions in libraries",
        "summary": "Volunteers help people get online.",
        "area": w.area.pk,
        "organisations": "The library",
        "challenge": "People were offline.",
        "approach": "Weekly drop-ins.",
        "impact": "200 people helped.",
        "lessons": "Go where people are.",
        "skill_areas": ["communicating"],
        "levels": ["foundation"],
        "audiences": ["older"],
        "contact_email": "me@example.org",
    }


def _current(w: World) -> int:
    return current_revision(w.section).pk


def _ninja_page(status: int) -> Rule:
    return write(EVERYONE, _no_data, status, writes=False)


# Any coordinator may open the coordinators' pages (they list only their own centres).
KEEPERS = frozenset({COORDINATOR, OTHER_COORDINATOR, STAFF})


def _centre(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/find/centres/{w.centre.slug}/{suffix}"


def _manage_centre(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/find/manage/centres/{w.centre.slug}/{suffix}"


def _offer(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/find/manage/offers/{w.offer.pk}/{suffix}"


def _centre_form(w: World) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "name": "Fishergate Library",
        "organisation": w.organisation.pk,
        "address": "1 Fishergate",
        "postcode": "PR1 2AA",
        "status": "active",
        "monday_opens": "10:00",
        "monday_closes": "12:30",
        "last_checked_on-day": today.day,
        "last_checked_on-month": today.month,
        "last_checked_on-year": today.year,
    }


def _offer_form(w: World) -> dict[str, Any]:
    return {
        "title": "Online safety",
        "skill_areas": ["safe_legal"],
        "is_free": "yes",
        "booking_needed": "no",
    }


def _session_form(w: World) -> dict[str, Any]:
    day = timezone.localdate() + datetime.timedelta(days=14)
    return {
        "held_on-day": day.day,
        "held_on-month": day.month,
        "held_on-year": day.year,
        "starts_at": "10:00",
        "ends_at": "12:00",
        "places": 10,
        "places_left": 10,
    }


def _upload(w: World) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("centres.csv", _import_csv(w.organisation).encode()),
        "format": "csv",
    }


PAGES: dict[str, Page] = {
    # Site-wide
    "core:home": Page(lambda w: "/", get=read(EVERYONE)),
    "core:data_licence": Page(lambda w: "/data-and-licences/", get=read(EVERYONE)),
    "core:healthz": Page(lambda w: "/healthz", get=read(EVERYONE)),
    "core:feedback": Page(
        lambda w: "/feedback/",
        get=read(EVERYONE),
        post=write(EVERYONE, lambda w: {"message": "The map is clear.", "page": "/areas/"}),
    ),
    "core:feedback_sent": Page(lambda w: "/feedback/sent/", get=read(EVERYONE)),
    "search": Page(lambda w: "/search/?q=partnership", get=read(EVERYONE)),
    # django-ninja's own pages answer any method the same way, and write nothing.
    "api:api-root": Page(lambda w: "/api/v1/", get=read(EVERYONE, 200, 404), post=_ninja_page(404)),
    "api:openapi-json": Page(
        lambda w: "/api/v1/openapi.json", get=read(EVERYONE), post=_ninja_page(200)
    ),
    "api:openapi-view": Page(lambda w: "/api/v1/docs", get=read(EVERYONE), post=_ninja_page(200)),
    # The admin's sign-in sends people to the site's; only staff go on to the admin.
    "admin_login": Page(
        lambda w: "/admin/login/",
        get=read(frozenset({STAFF}), 302),
        post=write(frozenset({STAFF}), _no_data, 302, writes=False),
    ),
    # Your account
    "accounts:profile": Page(
        lambda w: "/accounts/profile/",
        get=read(SIGNED_IN),
        post=write(
            SIGNED_IN,
            lambda w: {"display_name": "New name", "organisation_name": "", "sector": "charity"},
        ),
    ),
    "accounts:token_create": Page(
        lambda w: "/accounts/profile/tokens/",
        post=write(SIGNED_IN, lambda w: {"name": "Nightly export"}),
    ),
    "accounts:token_created": Page(
        lambda w: "/accounts/profile/tokens/new/", get=read(SIGNED_IN, 302)
    ),
    # The token belongs to the contributor: only its owner sees it, others get a 404.
    "accounts:token_revoke": Page(
        lambda w: f"/accounts/profile/tokens/{w.token.pk}/revoke/",
        get=read(frozenset({CONTRIBUTOR}), refused=frozenset({404})),
        post=write(frozenset({CONTRIBUTOR}), refused=frozenset({404})),
    ),
    # The Playbook
    "playbook:default": Page(lambda w: "/playbook/", get=read(EVERYONE)),
    "playbook:contents": Page(lambda w: f"/playbooks/{w.playbook.slug}/", get=read(EVERYONE)),
    "playbook:current_md": Page(
        lambda w: f"/playbooks/{w.playbook.slug}/current.md", get=read(EVERYONE)
    ),
    "playbook:section": Page(_section(), get=read(EVERYONE)),
    "playbook:history": Page(_section("history/"), get=read(EVERYONE)),
    "playbook:compare": Page(_section("compare/?from=1&to=2"), get=read(EVERYONE)),
    "playbook:edit": Page(
        _section("edit/"),
        get=read(EDITORS),
        post=write(
            EDITORS,
            lambda w: {
                "title": "Shared purpose",
                "body": "Agree what you are for, together.",
                "message": "Said who agrees",
                "base_revision": _current(w),
            },
        ),
    ),
    "playbook:revert": Page(_section("revert/1/"), get=read(EDITORS), post=write(EDITORS)),
    "playbook:releases": Page(
        lambda w: f"/playbooks/{w.playbook.slug}/releases/", get=read(EVERYONE)
    ),
    "playbook:release_new": Page(
        lambda w: f"/playbooks/{w.playbook.slug}/releases/new/",
        get=read(EDITORS),
        post=write(EDITORS, lambda w: {"number": "2.0", "label": "Final", "notes": ""}),
    ),
    "playbook:release_compare": Page(
        lambda w: f"/playbooks/{w.playbook.slug}/releases/compare/", get=read(EVERYONE)
    ),
    "playbook:release": Page(_release("/"), get=read(EVERYONE)),
    "playbook:release_section": Page(
        lambda w: _release("/sections/")(w) + f"{w.section.slug}/", get=read(EVERYONE)
    ),
    "playbook:release_md": Page(_release(".md"), get=read(EVERYONE)),
    "playbook:release_html": Page(_release(".html"), get=read(EVERYONE)),
    # Until the worker has made the PDF, everyone is sent to the release page to wait.
    "playbook:release_pdf": Page(_release(".pdf"), get=read(EVERYONE, 302)),
    # Co-production
    "coproduction:suggest": Page(
        _section("suggest/"),
        get=read(SIGNED_IN),
        post=write(
            SIGNED_IN,
            lambda w: {
                "title": "Shared purpose",
                "body": "Agree what you are for.\n\nShare it with every partner.",
                "rationale": "Clearer.",
                "base_revision": _current(w),
            },
        ),
    ),
    "coproduction:suggest_passage": Page(
        _section("suggest/passage/"),
        get=read(SIGNED_IN),
        post=write(
            SIGNED_IN,
            lambda w: {
                "base_revision": _current(w),
                "paragraph": 0,
                "replacement": "Agree, in writing, what you are for.",
                "rationale": "Clearer.",
            },
        ),
    ),
    "coproduction:comment_create": Page(
        _section("comments/"),
        post=write(
            SIGNED_IN,
            lambda w: {"revision": _current(w), "paragraph": 0, "quote": "", "body": "Why?"},
        ),
    ),
    "coproduction:follow": Page(_section("follow/"), post=write(SIGNED_IN)),
    "coproduction:review_queue": Page(lambda w: "/suggestions/review/", get=read(EDITORS)),
    "coproduction:suggestion": Page(
        lambda w: f"/suggestions/{w.suggestion.pk}/", get=read(EVERYONE)
    ),
    "coproduction:suggestion_endorse": Page(
        lambda w: f"/suggestions/{w.suggestion.pk}/endorse/", post=write(SIGNED_IN)
    ),
    "coproduction:suggestion_discuss": Page(
        lambda w: f"/suggestions/{w.suggestion.pk}/discuss/",
        post=write(SIGNED_IN, lambda w: {"body": "Could this be shorter?"}),
    ),
    # Only the suggestion's author may withdraw it, and it is someone else's.
    "coproduction:suggestion_withdraw": Page(
        lambda w: f"/suggestions/{w.suggestion.pk}/withdraw/",
        get=read(NOBODY),
        post=write(NOBODY),
    ),
    "coproduction:suggestion_accept": Page(
        lambda w: f"/suggestions/{w.suggestion.pk}/accept/",
        get=read(EDITORS),
        post=write(EDITORS, lambda w: {"response": "Thank you: it is in."}),
    ),
    "coproduction:suggestion_reject": Page(
        lambda w: f"/suggestions/{w.suggestion.pk}/reject/",
        get=read(EDITORS),
        post=write(EDITORS, lambda w: {"reason": "Out of scope."}),
    ),
    "coproduction:suggestion_resolve": Page(
        lambda w: f"/suggestions/{w.conflicted.pk}/resolve/",
        get=read(EDITORS),
        post=write(
            EDITORS,
            lambda w: {
                "choice-0": "theirs",
                "against_revision": w.conflicted.merge_state["against_revision"],
            },
        ),
    ),
    "coproduction:comment_reply": Page(
        lambda w: f"/comments/{w.comment.pk}/reply/",
        post=write(SIGNED_IN, lambda w: {"body": "Every month."}),
    ),
    # The comment's author or an editor; the comment is someone else's.
    "coproduction:comment_state": Page(
        lambda w: f"/comments/{w.comment.pk}/state/",
        post=write(EDITORS, lambda w: {"resolved": "true"}),
    ),
    "coproduction:comment_hide": Page(
        lambda w: f"/comments/{w.comment.pk}/hide/",
        get=read(EDITORS),
        post=write(EDITORS, lambda w: {"reason": "Off topic."}),
    ),
    # The signed link in an email is the permission: whoever holds it may unfollow.
    "coproduction:unfollow": Page(lambda w: f"/unfollow/{w.unfollow_token}/", get=read(EVERYONE)),
    # The network
    "partnerships:directory": Page(lambda w: "/partnerships/", get=read(EVERYONE)),
    "partnerships:directory_csv": Page(lambda w: "/partnerships.csv", get=read(EVERYONE)),
    "partnerships:partnership": Page(_partnership(), get=read(EVERYONE)),
    # Anyone may write to the coordinators; a visitor gives an address for the reply.
    "partnerships:contact": Page(
        _partnership("contact/"),
        get=read(EVERYONE),
        post=write(
            EVERYONE,
            lambda w: {
                "sender_name": "Vera",
                "sender_email": "vera@example.net",
                "message": "Do you run sessions for older people?",
            },
        ),
    ),
    "partnerships:contact_sent": Page(_partnership("contact/sent/"), get=read(EVERYONE)),
    "partnerships:edit": Page(
        _partnership("edit/"),
        get=read(MANAGERS),
        post=write(MANAGERS, lambda w: {"status": "paused", "summary": "Taking a break."}),
    ),
    "partnerships:join": Page(
        _partnership("join/"),
        get=read(SIGNED_IN),
        post=write(
            SIGNED_IN,
            lambda w: {"organisation_name": "Newcomers", "sector": Sector.CHARITY, "message": "Hi"},
        ),
    ),
    "partnerships:join_requests": Page(_partnership("join-requests/"), get=read(MANAGERS)),
    "partnerships:join_request": Page(
        lambda w: f"{w.partnership_url}join-requests/{w.join_request.pk}/",
        get=read(MANAGERS),
        post=write(MANAGERS, lambda w: {"decision": "approve"}),
    ),
    "partnerships:pledge": Page(
        lambda w: f"{w.partnership_url}pledges/{w.pledge.pk}/",
        get=read(MANAGERS),
        post=write(MANAGERS, lambda w: {"delivered": 12, "status": "at_risk"}),
    ),
    "partnerships:pledge_new": Page(
        _partnership("pledges/new/"),
        get=read(MANAGERS),
        post=write(
            MANAGERS,
            lambda w: {
                "organisation": w.organisation.pk,
                "description": "Lend laptops",
                "quantity": 10,
                "unit": "laptops",
            },
        ),
    ),
    "partnerships:goal_new": Page(
        _partnership("goals/new/"),
        get=read(MANAGERS),
        post=write(MANAGERS, lambda w: {"title": "Reach more", "measure": "People", "target": 5}),
    ),
    "partnerships:organisation": Page(
        lambda w: f"/organisations/{w.organisation.slug}/", get=read(EVERYONE)
    ),
    "partnerships:coverage": Page(lambda w: "/areas/", get=read(EVERYONE)),
    # Consultations
    "consultations:list": Page(lambda w: "/consultations/", get=read(EVERYONE)),
    "consultations:round": Page(
        lambda w: f"/consultations/{w.open_round.slug}/", get=read(EVERYONE)
    ),
    "consultations:close": Page(
        lambda w: f"/consultations/{w.open_round.slug}/close/", post=write(EDITORS)
    ),
    # A published report: everyone reads it; editors add corrections.
    "consultations:report": Page(
        lambda w: f"/consultations/{w.published_round.slug}/report/",
        get=read(EVERYONE),
        post=write(EDITORS, lambda w: {"text": "One suggestion was counted twice."}),
    ),
    # Before its report is published, a round's contributions are for editors only.
    "consultations:report_csv": Page(
        lambda w: f"/consultations/{w.closed_round.slug}/report.csv", get=read(EDITORS)
    ),
    # Plays
    "plays:list": Page(lambda w: "/plays/", get=read(EVERYONE)),
    "plays:play": Page(lambda w: f"/plays/{w.published_play.slug}/", get=read(EVERYONE)),
    # Dashboards: everyone signed in has their own; each shows only its owner's things.
    "dashboards:home": Page(lambda w: "/dashboard/", get=read(SIGNED_IN)),
    "dashboards:yours": Page(lambda w: "/dashboard/suggestions/", get=read(SIGNED_IN)),
    "plays:submit": Page(
        lambda w: "/plays/submit/", get=read(SIGNED_IN), post=write(SIGNED_IN, _play_data)
    ),
    "plays:moderation": Page(lambda w: "/plays/moderation/", get=read(EDITORS)),
    "plays:moderate": Page(
        lambda w: f"/plays/{w.submitted_play.pk}/moderate/",
        get=read(EDITORS),
        post=write(EDITORS, lambda w: {"decision": "published", "notes": ""}),
    ),
    # Only its author changes a play sent back to them; this one is the contributor's.
    # Moderators may see it and are refused; to anyone else it does not exist.
    "plays:edit": Page(
        lambda w: f"/plays/{w.returned_play.pk}/edit/",
        get=read(frozenset({CONTRIBUTOR}), refused=frozenset({403, 404})),
        post=write(frozenset({CONTRIBUTOR}), _play_data, refused=frozenset({403, 404})),
    ),
    # The finder: anyone finds help and reports a change; coordinators keep the centres in
    # their partnerships' districts (the other coordinator's partnership is elsewhere).
    "finder:find": Page(lambda w: "/find/?q=PR1", get=read(EVERYONE)),
    "finder:results_csv": Page(lambda w: "/find/results.csv?q=PR1", get=read(EVERYONE)),
    "finder:centre": Page(_centre(), get=read(EVERYONE)),
    "finder:report_change": Page(
        _centre("report/"),
        get=read(EVERYONE),
        post=write(EVERYONE, lambda w: {"message": "It now opens on Saturdays."}),
    ),
    "finder:report_sent": Page(_centre("report/sent/"), get=read(EVERYONE)),
    "finder:manage": Page(lambda w: "/find/manage/", get=read(KEEPERS)),
    "finder:centre_create": Page(
        lambda w: "/find/manage/centres/new/",
        get=read(KEEPERS),
        # The other coordinator may add centres, but not in this district: the form says so.
        post=write(MANAGERS, _centre_form, refused=frozenset({400, 403})),
    ),
    "finder:centre_edit": Page(
        _manage_centre(), get=read(MANAGERS), post=write(MANAGERS, _centre_form)
    ),
    "finder:centre_checked": Page(_manage_centre("checked/"), post=write(MANAGERS)),
    "finder:offer_create": Page(
        _manage_centre("offers/new/"),
        get=read(MANAGERS),
        post=write(MANAGERS, _offer_form),
    ),
    "finder:offer_edit": Page(_offer(), get=read(MANAGERS), post=write(MANAGERS, _offer_form)),
    "finder:offer_delete": Page(_offer("delete/"), get=read(MANAGERS), post=write(MANAGERS)),
    "finder:session_create": Page(
        _offer("sessions/new/"), get=read(MANAGERS), post=write(MANAGERS, _session_form)
    ),
    "finder:report_resolve": Page(
        lambda w: f"/find/manage/reports/{w.change_report.pk}/resolve/", post=write(MANAGERS)
    ),
    # Uploading stores a preview (rows outside the person's districts are refused in it).
    "finder:import_upload": Page(
        lambda w: "/find/import/", get=read(KEEPERS), post=write(KEEPERS, _upload)
    ),
    "finder:import_template": Page(lambda w: "/find/import/template.csv", get=read(KEEPERS)),
    # Only the coordinator who uploaded the file, and staff, see or confirm its preview.
    "finder:import_preview": Page(
        lambda w: f"/find/import/{w.centre_import.pk}/",
        get=read(MANAGERS, refused=frozenset({404})),
        post=write(MANAGERS, refused=frozenset({404})),
    ),
    "finder:gaps": Page(lambda w: "/areas/help-missing/", get=read(EVERYONE)),
    "finder:gaps_csv": Page(lambda w: "/areas/help-missing.csv", get=read(EVERYONE)),
    "finder:partnership_gaps": Page(_partnership("help-missing/"), get=read(EVERYONE)),
    "finder:partnership_gaps_csv": Page(
        lambda w: f"/partnerships/{w.partnership.slug}/help-missing.csv", get=read(EVERYONE)
    ),
}


@dataclass(frozen=True)
class Operation:
    """An API operation: its address with the parameters filled in, and its rule
    (``data`` is the JSON body)."""

    url: Callable[[World], str]
    rule: Rule


API = "/api/v1"


def _api(path: Callable[[World], str], rule: Rule) -> Operation:
    return Operation(lambda w: API + path(w), rule)


def _section_api(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/playbooks/{w.playbook.slug}/sections/{w.section.slug}{suffix}"


def _release_api(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/playbooks/{w.playbook.slug}/releases/{w.release.number}{suffix}"


def _api_play(w: World) -> dict[str, Any]:
    return {**_play_data(w), "area": w.area.code}


def _section_ref(w: World) -> dict[str, Any]:
    return {"playbook": w.playbook.slug, "section": w.section.slug}


def _centre_api(w: World) -> dict[str, Any]:
    return {
        "name": "Fishergate Library",
        "organisation": w.organisation.slug,
        "address": "1 Fishergate",
        "postcode": "PR1 2AA",
    }


OPERATIONS: dict[str, Operation] = {
    # The finder's API: reads for everyone; coordinators write centres in their districts.
    "GET /api/v1/centres": _api(lambda w: "/centres?near=PR1", read(EVERYONE)),
    "POST /api/v1/centres": _api(lambda w: "/centres", write(MANAGERS, _centre_api, 201)),
    "GET /api/v1/centres/{slug}": _api(lambda w: f"/centres/{w.centre.slug}", read(EVERYONE)),
    "PUT /api/v1/centres/{slug}": _api(
        lambda w: f"/centres/{w.centre.slug}", write(MANAGERS, _centre_api, 200)
    ),
    "PATCH /api/v1/centres/{slug}": _api(
        lambda w: f"/centres/{w.centre.slug}",
        write(MANAGERS, lambda w: {"phone": "01772 000 000"}, 200),
    ),
    "GET /api/v1/openreferral/services": _api(lambda w: "/openreferral/services", read(EVERYONE)),
    "GET /api/v1/openreferral/services/{id}": _api(
        lambda w: f"/openreferral/services/{service_id(w.offer.pk)}", read(EVERYONE)
    ),
    "GET /api/v1/openreferral/taxonomies": _api(
        lambda w: "/openreferral/taxonomies", read(EVERYONE)
    ),
    "GET /api/v1/me": _api(lambda w: "/me", read(SIGNED_IN)),
    "GET /api/v1/me/tokens": _api(lambda w: "/me/tokens", read(SIGNED_IN)),
    "POST /api/v1/me/tokens": _api(
        lambda w: "/me/tokens", write(SIGNED_IN, lambda w: {"name": "Nightly export"}, 201)
    ),
    # The token belongs to the contributor; to anyone else it does not exist.
    "DELETE /api/v1/me/tokens/{token_id}": _api(
        lambda w: f"/me/tokens/{w.token.pk}",
        write(frozenset({CONTRIBUTOR}), _no_data, 204, refused=frozenset({404})),
    ),
    "GET /api/v1/playbooks": _api(lambda w: "/playbooks", read(EVERYONE)),
    "GET /api/v1/playbooks/{slug}": _api(lambda w: f"/playbooks/{w.playbook.slug}", read(EVERYONE)),
    "GET /api/v1/playbooks/{slug}/sections": _api(
        lambda w: f"/playbooks/{w.playbook.slug}/sections", read(EVERYONE)
    ),
    "GET /api/v1/playbooks/{slug}/sections/{section_slug}": _api(_section_api(), read(EVERYONE)),
    "GET /api/v1/playbooks/{slug}/sections/{section_slug}/revisions": _api(
        _section_api("/revisions"), read(EVERYONE)
    ),
    "GET /api/v1/playbooks/{slug}/releases": _api(
        lambda w: f"/playbooks/{w.playbook.slug}/releases", read(EVERYONE)
    ),
    "GET /api/v1/playbooks/{slug}/releases/{number}": _api(_release_api(), read(EVERYONE)),
    "GET /api/v1/playbooks/{slug}/releases/{number}/markdown": _api(
        _release_api("/markdown"), read(EVERYONE)
    ),
    "GET /api/v1/playbooks/{slug}/releases/{number}/exports/{export_format}": _api(
        _release_api("/exports/pdf"), read(EVERYONE)
    ),
    "GET /api/v1/suggestions": _api(lambda w: "/suggestions", read(EVERYONE)),
    "POST /api/v1/suggestions": _api(
        lambda w: "/suggestions",
        write(
            SIGNED_IN,
            lambda w: {
                **_section_ref(w),
                "base_revision": current_revision(w.section).number,
                "body": "Agree what you are for.\n\nTell everyone.",
                "rationale": "Clearer.",
            },
            201,
        ),
    ),
    "GET /api/v1/suggestions/{suggestion_id}": _api(
        lambda w: f"/suggestions/{w.suggestion.pk}", read(EVERYONE)
    ),
    "POST /api/v1/suggestions/{suggestion_id}/withdraw": _api(
        lambda w: f"/suggestions/{w.suggestion.pk}/withdraw", write(NOBODY)
    ),
    "POST /api/v1/suggestions/{suggestion_id}/accept": _api(
        lambda w: f"/suggestions/{w.suggestion.pk}/accept", write(EDITORS, _no_data, 200)
    ),
    "POST /api/v1/suggestions/{suggestion_id}/reject": _api(
        lambda w: f"/suggestions/{w.suggestion.pk}/reject",
        write(EDITORS, lambda w: {"reason": "Out of scope."}, 200),
    ),
    "GET /api/v1/comments": _api(
        lambda w: f"/comments?playbook={w.playbook.slug}&section={w.section.slug}", read(EVERYONE)
    ),
    "POST /api/v1/comments": _api(
        lambda w: "/comments",
        write(
            SIGNED_IN,
            lambda w: {
                **_section_ref(w),
                "revision": current_revision(w.section).number,
                "body": "Why?",
                "start": 0,
                "end": 5,
            },
            201,
        ),
    ),
    "POST /api/v1/comments/{comment_id}/replies": _api(
        lambda w: f"/comments/{w.comment.pk}/replies",
        write(SIGNED_IN, lambda w: {"body": "Every month."}, 201),
    ),
    "POST /api/v1/comments/{comment_id}/state": _api(
        lambda w: f"/comments/{w.comment.pk}/state",
        write(EDITORS, lambda w: {"resolved": True}, 200),
    ),
    "GET /api/v1/areas": _api(lambda w: "/areas", read(EVERYONE)),
    "GET /api/v1/areas/{code}": _api(lambda w: f"/areas/{w.area.code}", read(EVERYONE)),
    "GET /api/v1/partnerships": _api(lambda w: "/partnerships", read(EVERYONE)),
    "GET /api/v1/partnerships/{slug}": _api(
        lambda w: f"/partnerships/{w.partnership.slug}", read(EVERYONE)
    ),
    "GET /api/v1/partnerships/{slug}/memberships": _api(
        lambda w: f"/partnerships/{w.partnership.slug}/memberships", read(EVERYONE)
    ),
    "GET /api/v1/partnerships/{slug}/pledges": _api(
        lambda w: f"/partnerships/{w.partnership.slug}/pledges", read(EVERYONE)
    ),
    "GET /api/v1/organisations": _api(lambda w: "/organisations", read(EVERYONE)),
    "GET /api/v1/postcodes/{postcode}": _api(
        lambda w: f"/postcodes/{w.postcode.replace(' ', '%20')}", read(EVERYONE)
    ),
    "GET /api/v1/rounds": _api(lambda w: "/rounds", read(EVERYONE)),
    "GET /api/v1/rounds/{slug}": _api(lambda w: f"/rounds/{w.open_round.slug}", read(EVERYONE)),
    "GET /api/v1/rounds/{slug}/report": _api(
        lambda w: f"/rounds/{w.published_round.slug}/report", read(EVERYONE)
    ),
    "GET /api/v1/plays": _api(lambda w: "/plays", read(EVERYONE)),
    "POST /api/v1/plays": _api(lambda w: "/plays", write(SIGNED_IN, _api_play, 201)),
    "GET /api/v1/plays/{slug}": _api(lambda w: f"/plays/{w.published_play.slug}", read(EVERYONE)),
}

# Third-party pages, covered as groups rather than one by one.
GROUPS = {
    "admin": "Django admin: staff only; everyone else is sent to the admin sign-in.",
    "allauth": (
        "Signing in, signing up, email and password pages (django-allauth): open to "
        "everyone, none needs staff, and none answers with a server error."
    ),
}
