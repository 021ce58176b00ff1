"""Factories for every model of the project, so each test builds exactly the data it needs.

Where a model's rules live in a service, the factory goes through the service rather
than around it: people are made by ``user_create`` (so they have a profile and their
roles), revisions by ``revision_write`` (numbered, rendered, made current), releases by
``release_publish`` (a snapshot with credits), and a playbook given ``text`` is filled by
the real Markdown import. Everything else is a plain row with sensible defaults.

Call ``SomeFactory.create(...)`` (not ``SomeFactory(...)``) to get a typed result.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from factory.django import DjangoModelFactory

from ldsp.accounts.models import ApiToken, Profile
from ldsp.accounts.roles import Role
from ldsp.accounts.services import user_create
from ldsp.consultations.models import ReportCorrection, Round
from ldsp.coproduction.models import Comment, Endorsement, Follow, Suggestion, SuggestionMessage
from ldsp.core.models import (
    AuditEvent,
    CacheEntry,
    ContentVersion,
    FeedbackMessage,
    OutboundEmail,
    RateCount,
)
from ldsp.core.sectors import Sector
from ldsp.dashboards.models import DashboardVisit, EditorDigest
from ldsp.finder.models import (
    Centre,
    CentreImport,
    CentreLanguage,
    ChangeReport,
    CourseSession,
    Offer,
    OfferTag,
    OpeningSlot,
)
from ldsp.lib.anchoring import anchor_make
from ldsp.lib.markdown import render_markdown
from ldsp.lib.tokens import token_make
from ldsp.partnerships.models import (
    Action,
    Goal,
    JoinRequest,
    Membership,
    Organisation,
    Partnership,
    PartnershipMessage,
    Pledge,
)
from ldsp.places.models import Area, AreaScheme, LocalAuthority, PostcodeDistrict
from ldsp.playbook.models import (
    Playbook,
    Release,
    ReleaseEntry,
    ReleaseExport,
    Revision,
    Section,
)
from ldsp.playbook.services.imports import playbook_import
from ldsp.playbook.services.releases import release_publish
from ldsp.playbook.services.revisions import revision_write
from ldsp.plays.models import Play, PlayTag

FACTORY_PASSWORD = "a-long-factory-password-1"
# A small square near Preston, as GeoJSON: enough for maps and point-in-polygon.
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-2.8, 53.7], [-2.6, 53.7], [-2.6, 53.8], [-2.8, 53.8], [-2.8, 53.7]]],
}


def outline_text(sections: int, *, per_chapter: int = 5, words: int = 40) -> str:
    """A playbook in Markdown with ``sections`` sections, five to a chapter."""
    lines: list[str] = []
    for number in range(sections):
        if number % per_chapter == 0:
            chapter = number // per_chapter + 1
            lines += [f"# Chapter {chapter}", "", f"Introduction to chapter {chapter}.", ""]
        text = " ".join(f"word{(number * 7 + i) % 97}" for i in range(words))
        lines += [f"## Section {number + 1}", "", text, "", f"- point {number + 1}", ""]
    return "\n".join(lines)


def _code(prefix: str, number: int, width: int) -> str:
    """A unique code that fits a short field: ``prefix`` then ``number`` in base 36."""
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + digits
        if number == 0:
            break
    return prefix + digits.rjust(width - len(prefix), "0")


# People


class UserFactory(DjangoModelFactory[User]):
    """A person with a confirmed email, a profile and ``roles`` (say ``[Role.EDITOR]``;
    everyone is a contributor), made by the real ``user_create``."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = FACTORY_PASSWORD
    display_name = factory.Sequence(lambda n: f"Person {n}")
    roles = factory.LazyFunction(list)
    verified = True

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return user_create(**kwargs)

    @classmethod
    def _build(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return model_class(username=kwargs["email"], email=kwargs["email"])


class ProfileFactory(DjangoModelFactory[Profile]):
    """A person's profile. Every person already has one, so this fills it in."""

    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Profile {n}")
    organisation_name = "Good Things Foundation"
    sector = Sector.CHARITY

    @classmethod
    def _create(cls, model_class: type[Profile], *args: Any, **kwargs: Any) -> Profile:
        user = kwargs.pop("user")
        profile, _ = model_class.objects.update_or_create(user=user, defaults=kwargs)
        return profile


class ApiTokenFactory(DjangoModelFactory[ApiToken]):
    """A personal API token (its plaintext is not kept: use the service when a test needs it)."""

    class Meta:
        model = ApiToken

    class Params:
        token = factory.LazyFunction(token_make)

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Script {n}")
    prefix = factory.LazyAttribute(lambda o: o.token.prefix)
    digest = factory.LazyAttribute(lambda o: o.token.digest)


# Site-wide records


class OutboundEmailFactory(DjangoModelFactory[OutboundEmail]):
    """An email waiting in the outgoing queue."""

    class Meta:
        model = OutboundEmail

    to = factory.Sequence(lambda n: [f"reader{n}@example.org"])
    subject = "Hello"
    body_text = "Plain words"
    body_html = "<p>Plain words</p>"


class AuditEventFactory(DjangoModelFactory[AuditEvent]):
    """An entry in the audit log."""

    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(UserFactory)
    verb = "test.recorded"
    target_type = "auth.user"
    target_id = factory.LazyAttribute(lambda o: str(o.actor.pk) if o.actor else "")
    summary = "Something was recorded"


class RateCountFactory(DjangoModelFactory[RateCount]):
    """One person's count of one kind of action in the current hour."""

    class Meta:
        model = RateCount

    scope = "contribution"
    who = factory.Sequence(str)
    window_start = factory.LazyFunction(
        lambda: timezone.now().replace(minute=0, second=0, microsecond=0)
    )
    expires_at = factory.LazyAttribute(lambda o: o.window_start + datetime.timedelta(hours=1))
    count = 1


class CacheEntryFactory(DjangoModelFactory[CacheEntry]):
    """A row of the database cache (written by Django's cache, not by our code)."""

    class Meta:
        model = CacheEntry

    cache_key = factory.Sequence(lambda n: f":1:ldsp:test:{n}")
    value = "gAVLAS4="  # pickle of 1, base64-encoded, as the database cache stores it
    expires = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))


class ContentVersionFactory(DjangoModelFactory[ContentVersion]):
    """The page cache's restart counter (the site keeps one row)."""

    class Meta:
        model = ContentVersion

    epoch = 1


# Places


class AreaSchemeFactory(DjangoModelFactory[AreaScheme]):
    """A way of dividing England into areas."""

    class Meta:
        model = AreaScheme

    slug = factory.Sequence(lambda n: f"scheme-{n}")
    name = factory.Sequence(lambda n: f"Scheme {n}")


class LocalAuthorityFactory(DjangoModelFactory[LocalAuthority]):
    """A local authority district."""

    class Meta:
        model = LocalAuthority

    code = factory.Sequence(lambda n: _code("E07", n, 9))
    name = factory.Sequence(lambda n: f"District {n}")
    latitude = 53.75
    longitude = -2.7
    boundary = factory.LazyFunction(lambda: dict(SQUARE))


class AreaFactory(DjangoModelFactory[Area]):
    """An area of a scheme, such as a LEP area."""

    class Meta:
        model = Area
        skip_postgeneration_save = True

    scheme = factory.SubFactory(AreaSchemeFactory)
    code = factory.Sequence(lambda n: _code("E37", n, 9))
    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    boundary = factory.LazyFunction(lambda: dict(SQUARE))

    @factory.post_generation
    def local_authorities(area: Area, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            area.local_authorities.set(extracted)


class PostcodeDistrictFactory(DjangoModelFactory[PostcodeDistrict]):
    """The outward part of a postcode, and the district it falls in."""

    class Meta:
        model = PostcodeDistrict

    code = factory.Sequence(lambda n: _code("Q", n, 4))
    postcode_area = "Q"
    latitude = 53.75
    longitude = -2.7
    postcodes = 100
    active_postcodes = 90
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class FeedbackMessageFactory(DjangoModelFactory[FeedbackMessage]):
    """Feedback on the service sent from the Beta banner's link."""

    class Meta:
        model = FeedbackMessage

    page = "/partnerships/"
    message = "The map was easy to use."


# The partnership network


class OrganisationFactory(DjangoModelFactory[Organisation]):
    """An organisation that can belong to partnerships."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    sector = Sector.COMMUNITY

    @factory.post_generation
    def areas(organisation: Organisation, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            organisation.areas.set(extracted)


class PartnershipFactory(DjangoModelFactory[Partnership]):
    """A partnership covering one area (a new one unless ``areas=[...]`` is given)."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    status = Partnership.Status.ACTIVE
    summary = "Working together on digital skills."

    @factory.post_generation
    def areas(partnership: Partnership, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            partnership.areas.set(extracted if extracted is not None else [AreaFactory.create()])

    @factory.post_generation
    def coordinators(partnership: Partnership, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            partnership.coordinators.set(extracted)


def coordinator_of(partnership: Partnership, **fields: Any) -> User:
    """A person with the coordinator role who is listed on ``partnership``, so may manage it."""
    person = UserFactory.create(roles=[Role.COORDINATOR], **fields)
    partnership.coordinators.add(person)
    return person


class MembershipFactory(DjangoModelFactory[Membership]):
    """An organisation's place in a partnership."""

    class Meta:
        model = Membership

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class JoinRequestFactory(DjangoModelFactory[JoinRequest]):
    """An organisation asking to join a partnership, waiting for a decision."""

    class Meta:
        model = JoinRequest

    partnership = factory.SubFactory(PartnershipFactory)
    organisation_name = factory.Sequence(lambda n: f"Hopeful Organisation {n}")
    sector = Sector.COMMUNITY
    message = "We run weekly drop-ins."
    requested_by = factory.SubFactory(UserFactory)


class PartnershipMessageFactory(DjangoModelFactory[PartnershipMessage]):
    """A message a visitor sent to a partnership's coordinators."""

    class Meta:
        model = PartnershipMessage

    partnership = factory.SubFactory(PartnershipFactory)
    sender_name = "Vera Visitor"
    sender_email = factory.Sequence(lambda n: f"visitor{n}@example.net")
    message = "Do you run sessions for older people?"
    recipients = 1


class GoalFactory(DjangoModelFactory[Goal]):
    """A goal in a partnership's action plan."""

    class Meta:
        model = Goal

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    measure = "People helped"
    target = 100
    position = factory.Sequence(lambda n: n + 1)  # unique within a partnership


class ActionFactory(DjangoModelFactory[Action]):
    """A step in a partnership's action plan."""

    class Meta:
        model = Action

    partnership = factory.SubFactory(PartnershipFactory)
    goal = factory.SubFactory(GoalFactory, partnership=factory.SelfAttribute("..partnership"))
    title = factory.Sequence(lambda n: f"Action {n}")


class PledgeFactory(DjangoModelFactory[Pledge]):
    """An organisation's commitment in a partnership (the organisation is made a member)."""

    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    description = "Train people in digital skills"
    quantity = 1000
    unit = "people"

    @factory.post_generation
    def membership(pledge: Pledge, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Membership.objects.get_or_create(
                partnership=pledge.partnership, organisation=pledge.organisation
            )


# The Playbook


class PlaybookFactory(DjangoModelFactory[Playbook]):
    """A playbook; ``text=`` (Markdown) fills it through the real import."""

    class Meta:
        model = Playbook
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"playbook-{n}")
    title = factory.Sequence(lambda n: f"Playbook {n}")

    @factory.post_generation
    def text(playbook: Playbook, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            playbook_import(actor=None, playbook=playbook, text=extracted)


def playbook_with_sections(
    sections: int = 6, *, per_chapter: int = 5, words: int = 40, **fields: Any
) -> Playbook:
    """A playbook imported from ``outline_text``: chapters of five "Section N" each."""
    return PlaybookFactory.create(
        text=outline_text(sections, per_chapter=per_chapter, words=words), **fields
    )


def section_with_text(title: str, body: str, **playbook_fields: Any) -> Section:
    """Section ``title`` with ``body``, in a chapter of a new playbook made by the import."""
    playbook = PlaybookFactory.create(
        text=f"# Chapter\n\n## {title}\n\n{body}\n", **playbook_fields
    )
    return Section.objects.select_related("current_revision").get(
        playbook=playbook, parent__isnull=False
    )


def _write_revision(
    section: Section, *, title: str, body: str, author: User | None, message: str, source: str
) -> Revision:
    """Lock the section and write the revision, as the editing services do."""
    with transaction.atomic():
        Section.objects.select_for_update().get(pk=section.pk)
        section.refresh_from_db(fields=["current_revision"])
        return revision_write(
            section=section,
            title=title,
            body=body,
            author=author,
            message=message,
            source=source,
        )


class SectionFactory(DjangoModelFactory[Section]):
    """A chapter (or, given ``parent=``, a section) with a current revision of
    ``title`` and ``body``, written by the real ``revision_write`` as an import would."""

    class Meta:
        model = Section

    parent = None
    playbook = factory.Maybe(
        "parent",
        yes_declaration=factory.SelfAttribute("parent.playbook"),
        no_declaration=factory.SubFactory(PlaybookFactory),
    )
    key = factory.Sequence(lambda n: f"topic-{n}")
    slug = factory.SelfAttribute("key")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Topic {n}")
    body = "A partnership starts with a shared purpose.\n\nA coordinator keeps partners talking."

    @classmethod
    def _create(
        cls, model_class: type[Section], *args: Any, title: str, body: str, **kwargs: Any
    ) -> Section:
        section = model_class.objects.create(**kwargs)
        _write_revision(
            section,
            title=title,
            body=body,
            author=None,
            message="Imported",
            source=Revision.Source.IMPORT,
        )
        return section

    @classmethod
    def _build(
        cls, model_class: type[Section], *args: Any, title: str, body: str, **kwargs: Any
    ) -> Section:
        return model_class(**kwargs)


class RevisionFactory(DjangoModelFactory[Revision]):
    """A new revision of a section, written by the real ``revision_write`` and made current."""

    class Meta:
        model = Revision

    section = factory.SubFactory(SectionFactory)
    title = factory.SelfAttribute("section.title")
    body = factory.Sequence(lambda n: f"Revised text, version {n}.")
    author = factory.SubFactory(UserFactory, roles=[Role.EDITOR])
    message = "Made it clearer"
    source = Revision.Source.EDIT

    @classmethod
    def _create(cls, model_class: type[Revision], *args: Any, **kwargs: Any) -> Revision:
        section = kwargs.pop("section")
        return _write_revision(section, **kwargs)


class ReleaseFactory(DjangoModelFactory[Release]):
    """A release of a playbook, published by the real ``release_publish``."""

    class Meta:
        model = Release

    playbook = factory.SubFactory(PlaybookFactory, text=outline_text(2))
    number = factory.Sequence(lambda n: f"0.{n + 1}")
    label = "Public draft"
    notes = ""
    published_by = factory.SubFactory(UserFactory, roles=[Role.EDITOR])

    @classmethod
    def _create(cls, model_class: type[Release], *args: Any, **kwargs: Any) -> Release:
        return release_publish(
            actor=kwargs["published_by"],
            playbook=kwargs["playbook"],
            number=kwargs["number"],
            label=kwargs["label"],
            notes=kwargs["notes"],
        )


class ReleaseEntryFactory(DjangoModelFactory[ReleaseEntry]):
    """One more section in a release (a new section of the release's playbook)."""

    class Meta:
        model = ReleaseEntry

    release = factory.SubFactory(ReleaseFactory)
    section = factory.SubFactory(
        SectionFactory, playbook=factory.SelfAttribute("..release.playbook")
    )
    revision = factory.SelfAttribute("section.current_revision")
    position = factory.Sequence(lambda n: 1000 + n)


class ReleaseExportFactory(DjangoModelFactory[ReleaseExport]):
    """The PDF of a release (the one already requested, if publishing queued it)."""

    class Meta:
        model = ReleaseExport
        django_get_or_create = ("release", "format")

    release = factory.SubFactory(ReleaseFactory)
    format = ReleaseExport.Format.PDF


# Co-production


class SuggestionFactory(DjangoModelFactory[Suggestion]):
    """An open suggestion that adds a paragraph to a section's current text."""

    class Meta:
        model = Suggestion

    section = factory.SubFactory(SectionFactory)
    base_revision = factory.SelfAttribute("section.current_revision")
    author = factory.SubFactory(UserFactory)
    body = factory.LazyAttribute(lambda o: f"{o.base_revision.body}\n\nA suggested new paragraph.")
    rationale = "Clearer for readers."


class EndorsementFactory(DjangoModelFactory[Endorsement]):
    """Someone supporting a suggestion."""

    class Meta:
        model = Endorsement

    suggestion = factory.SubFactory(SuggestionFactory)
    user = factory.SubFactory(UserFactory)


class SuggestionMessageFactory(DjangoModelFactory[SuggestionMessage]):
    """A message in the discussion of a suggestion."""

    class Meta:
        model = SuggestionMessage

    suggestion = factory.SubFactory(SuggestionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Could this be *shorter*?"
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))


class CommentFactory(DjangoModelFactory[Comment]):
    """A comment anchored to the first word of a section's current text."""

    class Meta:
        model = Comment

    section = factory.SubFactory(SectionFactory)
    revision = factory.SelfAttribute("section.current_revision")
    author = factory.SubFactory(UserFactory)
    body = "How often is enough?"
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    anchor = factory.LazyAttribute(
        lambda o: anchor_make(o.revision.body, 0, len(o.revision.body.split()[0])).to_dict()
    )
    placed_revision = factory.SelfAttribute("revision")
    placed_start = factory.LazyAttribute(lambda o: o.anchor["start"])
    placed_end = factory.LazyAttribute(lambda o: o.anchor["end"])


class FollowFactory(DjangoModelFactory[Follow]):
    """Someone following a section."""

    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    section = factory.SubFactory(SectionFactory)


# Consultations


class RoundFactory(DjangoModelFactory[Round]):
    """A consultation round that opened yesterday and closes in a week."""

    class Meta:
        model = Round

    playbook = factory.SubFactory(PlaybookFactory)
    title = factory.Sequence(lambda n: f"Round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class ReportCorrectionFactory(DjangoModelFactory[ReportCorrection]):
    """A correction appended to a round's report."""

    class Meta:
        model = ReportCorrection

    round = factory.SubFactory(RoundFactory)
    text = "One suggestion was counted twice."
    author = factory.SubFactory(UserFactory, roles=[Role.EDITOR])


# Plays

PLAY_TAG_FIELDS = ("skill_areas", "levels", "audiences")


class PlayFactory(DjangoModelFactory[Play]):
    """A submitted play, with tag rows that match its tag lists."""

    class Meta:
        model = Play
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Library drop-ins {n}")
    slug = factory.Sequence(lambda n: f"library-drop-ins-{n}")
    summary = "Weekly drop-ins."
    area = factory.SubFactory(AreaFactory)
    organisations = "Library"
    challenge = "People were offline."
    approach = "Drop-ins."
    impact = "240 people helped."
    lessons = "Go where people are."
    skill_areas = factory.LazyFunction(lambda: ["communicating"])
    levels = factory.LazyFunction(lambda: ["foundation"])
    audiences = factory.LazyFunction(lambda: ["older"])
    contact_email = "me@example.org"
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def tags(play: Play, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            PlayTag.objects.bulk_create(
                PlayTag(play=play, kind=kind, value=value)
                for kind in PLAY_TAG_FIELDS
                for value in getattr(play, kind)
            )


class PlayTagFactory(DjangoModelFactory[PlayTag]):
    """One more tag on a play (added to the play's list too)."""

    class Meta:
        model = PlayTag
        skip_postgeneration_save = True

    play = factory.SubFactory(PlayFactory)
    kind = "audiences"
    value = "everyone"

    @factory.post_generation
    def listed(tag: PlayTag, create: bool, extracted: Any, **kwargs: Any) -> None:
        values = getattr(tag.play, tag.kind)
        if create and tag.value not in values:
            values.append(tag.value)
            tag.play.save(update_fields=[tag.kind])


class DashboardVisitFactory(DjangoModelFactory[DashboardVisit]):
    """When someone last looked at their dashboard."""

    class Meta:
        model = DashboardVisit

    user = factory.SubFactory(UserFactory)
    seen_at = factory.LazyFunction(timezone.now)


class EditorDigestFactory(DjangoModelFactory[EditorDigest]):
    """A digest already sent to an editor today."""

    class Meta:
        model = EditorDigest

    editor = factory.SubFactory(UserFactory)
    day = factory.LazyFunction(timezone.localdate)
    covers_until = factory.LazyFunction(timezone.now)
    suggestions = 1


class CentreFactory(DjangoModelFactory[Centre]):
    """A centre where help is given, at its postcode district's centre."""

    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre {n}")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    address = "1 High Street"
    postcode_district = factory.SubFactory(PostcodeDistrictFactory)
    postcode = factory.LazyAttribute(lambda centre: f"{centre.postcode_district.code} 1AA")
    latitude = factory.LazyAttribute(lambda centre: centre.postcode_district.latitude)
    longitude = factory.LazyAttribute(lambda centre: centre.postcode_district.longitude)
    local_authority = factory.LazyAttribute(lambda centre: centre.postcode_district.local_authority)
    last_checked_on = factory.LazyFunction(datetime.date.today)


class OpeningSlotFactory(DjangoModelFactory[OpeningSlot]):
    """Tuesday mornings."""

    class Meta:
        model = OpeningSlot

    centre = factory.SubFactory(CentreFactory)
    weekday = 1
    opens_at = datetime.time(10, 0)
    closes_at = datetime.time(12, 30)


class CentreLanguageFactory(DjangoModelFactory[CentreLanguage]):
    """Help given in Polish."""

    class Meta:
        model = CentreLanguage

    centre = factory.SubFactory(CentreFactory)
    code = "pl"


class OfferFactory(DjangoModelFactory[Offer]):
    """A free drop-in offer, with no tags unless given (use ``offer_save`` for tags)."""

    class Meta:
        model = Offer

    centre = factory.SubFactory(CentreFactory)
    title = factory.Sequence(lambda n: f"Drop-in help {n}")


class OfferTagFactory(DjangoModelFactory[OfferTag]):
    """A filter tag of an offer."""

    class Meta:
        model = OfferTag

    offer = factory.SubFactory(OfferFactory)
    kind = "area"
    value = "communicating"


class CourseSessionFactory(DjangoModelFactory[CourseSession]):
    """A course session next week with places left."""

    class Meta:
        model = CourseSession

    offer = factory.SubFactory(OfferFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=2))
    places = 10
    places_left = 4


class ChangeReportFactory(DjangoModelFactory[ChangeReport]):
    """Someone says a centre's details are wrong."""

    class Meta:
        model = ChangeReport

    centre = factory.SubFactory(CentreFactory)
    message = "The library now opens on Saturdays too."


class CentreImportFactory(DjangoModelFactory[CentreImport]):
    """A previewed import of a CSV file."""

    class Meta:
        model = CentreImport

    file_name = "centres.csv"
    format = CentreImport.Format.CSV
    content = "name\n"
    content_hash = "0" * 64


def current_revision(section: Section) -> Revision:
    """The section's current revision, which every section made by these factories has."""
    revision = section.current_revision
    assert revision is not None, f"{section.key} has no revision"
    return revision
