"""The finder's API: centres near a place (and writes for the people who keep them), and
the Open Referral UK read API that council directories and national finders consume.

Everything published starts from ``selectors.public_centres()``; writes go through
``services.centre_save``, which checks who may change what.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router
from ninja.pagination import paginate

from ldsp.accounts.api_auth import SIGNED_IN
from ldsp.core.apierrors import LOOKUP_ERRORS, errors
from ldsp.core.apitypes import Name, Slug, resolve_annotations
from ldsp.core.limits import INT_MAX
from ldsp.finder import selectors, services
from ldsp.finder.api_schemas import (
    AccessibilityOut,
    CentreIn,
    CentreOut,
    CentrePatch,
    FieldErrorOut,
    Language,
    OfferOut,
    OpeningOut,
    Postcode,
    ServiceOut,
    ServicePageOut,
    SessionOut,
    TaxonomyOut,
    TaxonomyPageOut,
    Weekday,
)
from ldsp.finder.identifiers import pk_from, service_id
from ldsp.finder.models import Audience, Centre, Format, Level, Offer, SkillArea
from ldsp.finder.openreferral_write import (
    SUPPORT_FLAGS,
    published_offers,
    service_dict,
    taxonomy_terms,
)
from ldsp.finder.services import CentreDetails, FinderError
from ldsp.finder.vocabulary import LANGUAGES, TAXONOMY_VOCABULARY, taxonomy_term_id
from ldsp.lib.distance import box_around, distance_km
from ldsp.partnerships.models import Organisation

router = Router(tags=["finder"])
openreferral_router = Router(tags=["openreferral"])

# A search near a place with no radius given reaches this far (about 6 miles).
DEFAULT_RADIUS_KM = 10.0
MAX_RADIUS_KM = 100.0
# The profile's API pages 50 services at a time unless asked otherwise.
OPENREFERRAL_PAGE_SIZE = 50
OPENREFERRAL_MAX_PAGE_SIZE = 100
DEFAULT_PROXIMITY_M = 5000.0

WRITE_ERRORS = {**errors(401, 403, 404, 422), 400: FieldErrorOut}


# --- centres: reading ------------------------------------------------------------------------


def _offer_out(offer: Offer) -> OfferOut:
    return OfferOut(
        id=offer.pk,
        service_id=service_id(offer.pk),
        title=offer.title,
        description=offer.description,
        skill_areas=offer.skill_areas,
        levels=offer.levels,
        specialist_skills=offer.specialist_skills,
        formats=offer.formats,
        audiences=offer.audiences,
        is_free=offer.is_free,
        cost=offer.cost,
        lends_devices=offer.lends_devices,
        gives_devices=offer.gives_devices,
        free_data=offer.free_data,
        computers_and_wifi=offer.computers_and_wifi,
        booking_needed=offer.booking_needed,
        sessions=[
            SessionOut(
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                places=session.places,
                places_left=session.places_left,
            )
            for session in offer.sessions.all()
        ],
    )


def _centre_out(centre: Centre, offers: Iterable[Offer], km: float | None = None) -> CentreOut:
    return CentreOut(
        slug=centre.slug,
        name=centre.name,
        url=centre.get_absolute_url(),
        organisation=centre.organisation.slug,
        organisation_name=centre.organisation.name,
        description=centre.description,
        address=centre.address,
        postcode=centre.postcode,
        local_authority=centre.local_authority.name,
        latitude=centre.latitude,
        longitude=centre.longitude,
        location_is_approximate=centre.location_is_approximate,
        opening_times=[
            OpeningOut(
                weekday=list(Weekday)[slot.weekday],
                opens_at=f"{slot.opens_at:%H:%M}",
                closes_at=f"{slot.closes_at:%H:%M}",
            )
            for slot in centre.opening_slots.all()
        ],
        opening_note=centre.opening_note,
        phone=centre.phone,
        email=centre.email,
        website=centre.website,
        accessibility=AccessibilityOut(
            step_free=centre.step_free,
            accessible_toilet=centre.accessible_toilet,
            hearing_loop=centre.hearing_loop,
            bsl=centre.bsl,
            assistive_technology=centre.assistive_technology,
        ),
        languages=[language.code for language in centre.languages.all()],
        status=centre.status,
        last_checked_on=centre.last_checked_on,
        not_checked_for_a_year=centre.is_stale,
        distance_km=None if km is None else round(km, 3),
        offers=[_offer_out(offer) for offer in offers],
    )


class _CentrePage:
    """Centres found (ids, with distances when near a place), turned into API objects
    only for the page asked for, in a fixed number of queries."""

    def __init__(
        self, found: Sequence[tuple[int, float | None]], filters: selectors.CentreFilters
    ) -> None:
        self.found = found
        self.filters = filters

    def __len__(self) -> int:
        return len(self.found)

    def __getitem__(self, window: slice) -> list[CentreOut]:
        page = self.found[window]
        offers = (
            selectors.matching_offers(self.filters)
            .prefetch_related("sessions")
            .order_by("title", "pk")
        )
        centres = (
            Centre.objects.filter(pk__in=[pk for pk, _km in page])
            .select_related("organisation", "local_authority")
            .prefetch_related(
                "opening_slots",
                "languages",
                Prefetch("offers", queryset=offers, to_attr="offers_matching"),
            )
        )
        by_pk = {centre.pk: centre for centre in centres}
        return [
            _centre_out(by_pk[pk], by_pk[pk].offers_matching, km)  # type: ignore[attr-defined]
            for pk, km in page
            if pk in by_pk
        ]


@router.get(
    "/centres",
    response={200: list[CentreOut], **errors(400, 404, 422)},
    summary="Centres, nearest first when near a place",
)
@paginate
@resolve_annotations
def centre_list(
    request: HttpRequest,
    near: Annotated[
        Name,
        Field(
            description="A full postcode (S1 2BX), an outward code (S1) or a town (Sheffield). "
            "Without it: every centre, by name.",
        ),
    ] = "",
    radius_km: Annotated[float, Field(gt=0, le=MAX_RADIUS_KM)] = DEFAULT_RADIUS_KM,
    skill_area: SkillArea | None = None,
    level: Level | None = None,
    format: Format | None = None,
    audience: Audience | None = None,
    language: Annotated[
        Language, Field(description="An ISO 639-1 code, e.g. pl; sgn for BSL.")
    ] = "",
    free_only: bool = False,
    free_devices: Annotated[bool, Field(description="Lends or gives devices.")] = False,
    free_data: Annotated[bool, Field(description="Gives free mobile data or SIMs.")] = False,
    step_free: bool = False,
    open_on: Weekday | None = None,
) -> list[CentreOut]:
    if language and language not in LANGUAGES:
        raise FinderError(f"We do not know the language “{language}”. Use a code such as pl.")
    filters = selectors.CentreFilters(
        skill_area=skill_area or "",
        level=level or "",
        format=format or "",
        audience=audience or "",
        language=language,
        free_only=free_only,
        free_devices=free_devices,
        free_data=free_data,
        step_free=step_free,
        open_on=open_on.number if open_on is not None else None,
    )
    found: Sequence[tuple[int, float | None]]
    if near.strip():
        place = selectors.place_find(near)
        found = selectors.centres_near(
            place.latitude, place.longitude, radius_km=radius_km, filters=filters
        )
    else:
        found = [
            (pk, None)
            for pk in selectors.centres_filtered(selectors.public_centres(), filters)
            .order_by("name", "pk")
            .values_list("pk", flat=True)
        ]
    return _CentrePage(found, filters)  # type: ignore[return-value]


@router.get(
    "/centres/{slug}",
    response={200: CentreOut, **LOOKUP_ERRORS},
    summary="A centre, with all it offers",
)
def centre_detail(request: HttpRequest, slug: Slug) -> CentreOut:
    try:
        centre = selectors.centre_detail(slug)
    except Centre.DoesNotExist:
        raise Http404 from None
    return _centre_out(centre, centre.offers.all())


# --- centres: writing -------------------------------------------------------------------------


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise FinderError(
            f"There is no organisation “{slug}”. Use the slug of an organisation in "
            "/api/v1/organisations.",
            field="organisation",
        )
    return organisation


def _details_of(centre: Centre) -> CentreDetails:
    """A centre's answers as they are, to change some of them."""
    return CentreDetails(
        name=centre.name,
        organisation=centre.organisation,
        address=centre.address,
        postcode=centre.postcode,
        description=centre.description,
        opening_note=centre.opening_note,
        phone=centre.phone,
        email=centre.email,
        website=centre.website,
        step_free=centre.step_free,
        accessible_toilet=centre.accessible_toilet,
        hearing_loop=centre.hearing_loop,
        bsl=centre.bsl,
        assistive_technology=centre.assistive_technology,
        status=centre.status,
        last_checked_on=centre.last_checked_on,
        opening_slots=[
            (slot.weekday, slot.opens_at, slot.closes_at) for slot in centre.opening_slots.all()
        ],
        languages=[language.code for language in centre.languages.all()],
        # An exact point stays while the postcode does.
        latitude=None if centre.location_is_approximate else centre.latitude,
        longitude=None if centre.location_is_approximate else centre.longitude,
        source=centre.source,
        source_id=centre.source_id,
    )


def _changes(payload: CentreIn | CentrePatch) -> dict[str, Any]:
    """The payload as CentreDetails fields, leaving out what a patch does not change."""
    # Times and dates are already parsed: no need to warn that they are not text.
    given = payload.model_dump(exclude_unset=isinstance(payload, CentrePatch), warnings=False)
    changes: dict[str, Any] = {}
    for name, value in given.items():
        if name == "organisation":
            if value is not None:
                changes["organisation"] = _organisation(value)
        elif name == "opening_times":
            if value is not None:
                changes["opening_slots"] = [
                    (Weekday(slot["weekday"]).number, slot["opens_at"], slot["closes_at"])
                    for slot in value
                ]
        elif name in ("email", "website"):
            changes[name] = value or ""
        elif value is not None or name == "last_checked_on":
            changes[name] = str(value) if name == "status" else value
    return changes


def _save(request: HttpRequest, details: CentreDetails, centre: Centre | None) -> CentreOut:
    try:
        saved = services.centre_save(actor=request.user, details=details, centre=centre)
    except FinderError as error:
        raise _FieldRefused(str(error), error.field) from None
    return centre_detail(request, saved.slug)


# The service's names for answers that the API names otherwise.
_API_FIELD = {"opening_slots": "opening_times"}


class _FieldRefused(Exception):
    """A write the service refused, with the API's name for the answer at fault."""

    def __init__(self, detail: str, field: str) -> None:
        super().__init__(detail)
        self.detail, self.field = detail, _API_FIELD.get(field, field)


def _manageable(request: HttpRequest, slug: str) -> Centre:
    """The centre to change; one the public cannot see is "not found" to anyone who may
    not change it, so its existence is not given away."""
    centre = (
        Centre.objects.select_related("organisation", "local_authority")
        .prefetch_related("opening_slots", "languages")
        .filter(slug=slug)
        .first()
    )
    if centre is None or (
        centre.status == Centre.Status.CLOSED
        and not services.can_manage_centres_in(request.user, centre.local_authority)  # type: ignore[arg-type]
    ):
        raise Http404
    return centre


def _write(request: HttpRequest, run: Any) -> Any:
    try:
        return run()
    except _FieldRefused as refusal:
        return 400, FieldErrorOut(detail=refusal.detail, field=refusal.field)


@router.post(
    "/centres",
    response={201: CentreOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Add a centre (coordinators in their areas, staff anywhere)",
)
def centre_create(request: HttpRequest, payload: CentreIn) -> Any:
    def run() -> tuple[int, CentreOut]:
        try:
            details = CentreDetails(**_changes(payload))
        except FinderError as error:
            raise _FieldRefused(str(error), error.field) from None
        return 201, _save(request, details, None)

    return _write(request, run)


@router.put(
    "/centres/{slug}",
    response={200: CentreOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Replace a centre's details",
)
def centre_replace(request: HttpRequest, slug: Slug, payload: CentreIn) -> Any:
    centre = _manageable(request, slug)

    def run() -> CentreOut:
        try:
            details = CentreDetails(
                **_changes(payload), source=centre.source, source_id=centre.source_id
            )
        except FinderError as error:
            raise _FieldRefused(str(error), error.field) from None
        return _save(request, details, centre)

    return _write(request, run)


@router.patch(
    "/centres/{slug}",
    response={200: CentreOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Change some of a centre's details",
)
def centre_update(request: HttpRequest, slug: Slug, payload: CentrePatch) -> Any:
    centre = _manageable(request, slug)

    def run() -> CentreOut:
        try:
            changes = _changes(payload)
        except FinderError as error:
            raise _FieldRefused(str(error), error.field) from None
        details = replace(_details_of(centre), **changes)
        if "postcode" in changes and changes["postcode"] != centre.postcode:
            # A new postcode places the centre afresh.
            details = replace(details, latitude=None, longitude=None)
        return _save(request, details, centre)

    return _write(request, run)


# --- Open Referral UK --------------------------------------------------------------------------


def _centre_url(centre: Centre) -> str:
    return f"{settings.SITE_URL}{centre.get_absolute_url()}"


def _service(offer: Offer) -> ServiceOut:
    return ServiceOut(**service_dict(offer, centre_url=_centre_url(offer.centre)))


def _term_filter(term_id: str) -> Q | None:
    """Offers tagged with a published term; None when the term is not ours."""
    for flag in SUPPORT_FLAGS:
        if term_id == taxonomy_term_id("support", flag):
            return Q(**{flag: True})
    for kind, choices in (
        ("area", SkillArea),
        ("level", Level),
        ("format", Format),
        ("audience", Audience),
    ):
        for value in choices.values:
            if term_id == taxonomy_term_id(kind, value):
                return Q(tags__kind=kind, tags__value=value)
    return None


def _page_numbers(total: int, page: int, per_page: int) -> dict[str, Any]:
    pages = math.ceil(total / per_page)
    return {
        "totalElements": total,
        "totalPages": pages,
        "number": page,
        "size": per_page,
        "first": page == 1,
        "last": page >= pages,
    }


@openreferral_router.get(
    "/openreferral/services",
    response={200: ServicePageOut, **errors(400, 422)},
    exclude_none=True,
    summary="Services (our offers), as Open Referral UK publishes them",
)
def openreferral_services(
    request: HttpRequest,
    page: Annotated[int, Field(ge=1, le=INT_MAX, description="Which page, counting from 1.")] = 1,
    per_page: Annotated[int, Field(ge=1, le=OPENREFERRAL_MAX_PAGE_SIZE)] = OPENREFERRAL_PAGE_SIZE,
    text: Annotated[Name, Field(description="Words in the service's name or description.")] = "",
    postcode: Annotated[
        Postcode, Field(description="Only services near this postcode, nearest first.")
    ] = "",
    proximity: Annotated[
        float, Field(gt=0, le=MAX_RADIUS_KM * 1000, description="How near, in metres.")
    ] = DEFAULT_PROXIMITY_M,
    taxonomy_id: Annotated[Slug, Field(description="Only services tagged with this term.")] = "",
) -> dict[str, Any]:
    offers: QuerySet[Offer] = Offer.objects.filter(centre__in=selectors.public_centres())
    if text.strip():
        offers = offers.filter(
            Q(title__icontains=text.strip()) | Q(description__icontains=text.strip())
        )
    if taxonomy_id:
        term = _term_filter(taxonomy_id)
        offers = offers.filter(term) if term is not None else offers.none()
    start = (page - 1) * per_page
    if postcode.strip():
        ordered = _offers_near(offers, postcode, proximity / 1000)
        total, page_pks = len(ordered), ordered[start : start + per_page]
        by_pk = {offer.pk: offer for offer in published_offers().filter(pk__in=page_pks)}
        content = [by_pk[pk] for pk in page_pks if pk in by_pk]
    else:
        total = offers.count()
        window = offers.order_by("centre__name", "title", "pk").values_list("pk", flat=True)
        page_pks = list(window[start : start + per_page]) if start < total else []
        content = list(published_offers().filter(pk__in=page_pks)) if page_pks else []
    return {
        **_page_numbers(total, page, per_page),
        "content": [_service(offer) for offer in content],
    }


def _offers_near(offers: QuerySet[Offer], text: str, radius_km: float) -> list[int]:
    """The offers' ids at centres within the radius of a place, nearest centre first."""
    place = selectors.place_find(text)
    box = box_around(place.latitude, place.longitude, radius_km)
    rows = offers.filter(
        centre__latitude__range=(box.south, box.north),
        centre__longitude__range=(box.west, box.east),
    ).values_list("pk", "title", "centre__latitude", "centre__longitude")
    measured = [
        (distance_km(place.latitude, place.longitude, lat, lon), title, pk)
        for pk, title, lat, lon in rows
    ]
    return [pk for km, _title, pk in sorted(measured) if km <= radius_km]


@openreferral_router.get(
    "/openreferral/services/{id}",
    response={200: ServiceOut, **LOOKUP_ERRORS},
    exclude_none=True,
    summary="One service, in full",
)
def openreferral_service(request: HttpRequest, id: Slug) -> ServiceOut:
    # Our ids carry the offer's key (see identifiers): one indexed lookup, no search.
    pk = pk_from("offer", id)
    offer = published_offers().filter(pk=pk).first() if pk is not None else None
    if offer is not None:
        return _service(offer)
    raise Http404


@openreferral_router.get(
    "/openreferral/taxonomies",
    response={200: TaxonomyPageOut, **errors(422)},
    exclude_none=True,
    summary="The Essential Digital Skills vocabulary services are tagged with",
)
def openreferral_taxonomies(
    request: HttpRequest,
    page: Annotated[int, Field(ge=1, le=INT_MAX)] = 1,
    per_page: Annotated[int, Field(ge=1, le=OPENREFERRAL_MAX_PAGE_SIZE)] = OPENREFERRAL_PAGE_SIZE,
    vocabulary: Annotated[
        Slug, Field(description=f"Only terms of this vocabulary: {TAXONOMY_VOCABULARY}.")
    ] = "",
) -> dict[str, Any]:
    terms = [
        term for term in taxonomy_terms() if not vocabulary or term["vocabulary"] == vocabulary
    ]
    start = (page - 1) * per_page
    return {
        **_page_numbers(len(terms), page, per_page),
        "content": [TaxonomyOut(**term) for term in terms[start : start + per_page]],
    }
