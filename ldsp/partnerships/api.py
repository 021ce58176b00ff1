"""Public API for areas, partnerships, organisations, memberships, pledges and postcodes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ldsp.core.apierrors import LOOKUP_ERRORS, READ_ERRORS, errors
from ldsp.core.apitypes import Slug, resolve_annotations
from ldsp.lib.postcodes import PostcodeError
from ldsp.partnerships.models import Membership, Organisation, Partnership, Pledge
from ldsp.places.models import Area
from ldsp.places.selectors import default_scheme, postcode_place

router = Router(tags=["network"])


class AreaOut(Schema):
    code: str
    name: str
    slug: str
    scheme: str
    local_authorities: list[str]
    boundary: dict[str, Any] | None = None


class PartnershipOut(Schema):
    slug: str
    name: str
    status: str
    launched_on: date | None
    summary: str
    website: str
    areas: list[str]
    url: str


class OrganisationOut(Schema):
    slug: str
    name: str
    sector: str
    website: str
    url: str


class MembershipOut(Schema):
    partnership: str
    organisation: str
    role: str
    since: date | None


class PledgeOut(Schema):
    id: int
    partnership: str
    organisation: str
    description: str
    quantity: int
    unit: str
    delivered: int
    percent: int
    due_on: date | None
    status: str


class PostcodeOut(Schema):
    postcode: str
    district: str
    local_authority: str
    local_authority_code: str
    area: str
    area_code: str
    partnerships: list[str]


def _area_out(area: Area, *, geometry: bool) -> AreaOut:
    return AreaOut(
        code=area.code,
        name=area.name,
        slug=area.slug,
        scheme=area.scheme.slug,
        local_authorities=[la.code for la in area.local_authorities.all()],
        boundary=area.boundary if geometry else None,
    )


@router.get(
    "/areas",
    response={200: list[AreaOut], **READ_ERRORS},
    summary="Areas of the default scheme",
)
@paginate
def area_list(request: HttpRequest, geometry: bool = False) -> list[AreaOut]:
    areas = Area.objects.filter(scheme=default_scheme()).select_related("scheme")
    return [
        _area_out(area, geometry=geometry)
        for area in areas.prefetch_related("local_authorities").order_by("name")
    ]


@router.get(
    "/areas/{code}",
    response={200: AreaOut, **LOOKUP_ERRORS},
    summary="An area, with its boundary as GeoJSON",
)
def area_detail(request: HttpRequest, code: Slug) -> AreaOut:
    area = get_object_or_404(Area.objects.select_related("scheme"), code=code)
    return _area_out(area, geometry=True)


def _partnership_out(p: Partnership) -> PartnershipOut:
    return PartnershipOut(
        slug=p.slug,
        name=p.name,
        status=p.status,
        launched_on=p.launched_on,
        summary=p.summary,
        website=p.website,
        areas=[area.code for area in p.areas.all()],
        url=p.get_absolute_url(),
    )


@router.get(
    "/partnerships", response={200: list[PartnershipOut], **READ_ERRORS}, summary="Partnerships"
)
@paginate
@resolve_annotations
def partnership_list(request: HttpRequest, status: Slug = "") -> list[PartnershipOut]:
    found = Partnership.objects.prefetch_related("areas").order_by("name")
    if status:
        found = found.filter(status=status)
    return [_partnership_out(p) for p in found]


@router.get(
    "/partnerships/{slug}",
    response={200: PartnershipOut, **LOOKUP_ERRORS},
    summary="A partnership",
)
def partnership_detail(request: HttpRequest, slug: Slug) -> PartnershipOut:
    return _partnership_out(get_object_or_404(Partnership, slug=slug))


@router.get(
    "/partnerships/{slug}/memberships",
    response={200: list[MembershipOut], **LOOKUP_ERRORS},
    summary="Its members",
)
@paginate
@resolve_annotations
def membership_list(request: HttpRequest, slug: Slug) -> list[MembershipOut]:
    partnership = get_object_or_404(Partnership, slug=slug)
    return [
        MembershipOut(
            partnership=slug, organisation=m.organisation.slug, role=m.role, since=m.since
        )
        for m in Membership.objects.filter(partnership=partnership).select_related("organisation")
    ]


@router.get(
    "/partnerships/{slug}/pledges",
    response={200: list[PledgeOut], **LOOKUP_ERRORS},
    summary="Its pledges",
)
@paginate
@resolve_annotations
def pledge_list(request: HttpRequest, slug: Slug) -> list[PledgeOut]:
    partnership = get_object_or_404(Partnership, slug=slug)
    return [
        PledgeOut(
            id=p.pk,
            partnership=slug,
            organisation=p.organisation.slug,
            description=p.description,
            quantity=p.quantity,
            unit=p.unit,
            delivered=p.delivered,
            percent=p.percent,
            due_on=p.due_on,
            status=p.status,
        )
        for p in Pledge.objects.filter(partnership=partnership).select_related("organisation")
    ]


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **READ_ERRORS},
    summary="Organisations",
)
@paginate
def organisation_list(request: HttpRequest) -> list[OrganisationOut]:
    return [
        OrganisationOut(
            slug=o.slug, name=o.name, sector=o.sector, website=o.website, url=o.get_absolute_url()
        )
        for o in Organisation.objects.order_by("name")
    ]


@router.get(
    "/postcodes/{postcode}",
    response={200: PostcodeOut, **errors(400, 422)},
    summary="Which area covers a postcode",
)
def postcode_detail(request: HttpRequest, postcode: Slug) -> PostcodeOut:
    try:
        place = postcode_place(postcode)
    except PostcodeError as error:
        raise HttpError(400, str(error)) from None
    return PostcodeOut(
        postcode=place.postcode.formatted,
        district=place.district.code,
        local_authority=place.local_authority.name,
        local_authority_code=place.local_authority.code,
        area=place.area.name,
        area_code=place.area.code,
        partnerships=[p.slug for p in place.area.partnerships.order_by("name")],
    )
