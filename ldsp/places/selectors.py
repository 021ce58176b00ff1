"""Where is a postcode? District centroid, then local authority, then area."""

from __future__ import annotations

from dataclasses import dataclass

from ldsp.lib.postcodes import Postcode, PostcodeError, parse_postcode
from ldsp.places.models import Area, AreaScheme, LocalAuthority, PostcodeDistrict


@dataclass
class PostcodePlace:
    """What a postcode resolves to."""

    postcode: Postcode
    district: PostcodeDistrict
    local_authority: LocalAuthority
    area: Area


def default_scheme() -> AreaScheme | None:
    return AreaScheme.objects.filter(is_default=True).first()


def postcode_place(text: str) -> PostcodePlace:
    """Resolve a postcode or outward code to its district, local authority and area.

    Raises PostcodeError with a message for the person who typed it.
    """
    postcode = parse_postcode(text)
    district = (
        PostcodeDistrict.objects.select_related("local_authority")
        .filter(code=postcode.outward)
        .first()
    )
    if district is None or district.active_postcodes == 0:
        raise PostcodeError(f"We cannot find the postcode district {postcode.outward}.")
    if district.local_authority is None:
        raise PostcodeError(
            f"{postcode.formatted} is not in England. LDSP Hub covers England only."
        )
    scheme = default_scheme()
    area = (
        Area.objects.filter(scheme=scheme, local_authorities=district.local_authority).first()
        if scheme
        else None
    )
    if area is None:
        raise PostcodeError(f"{postcode.formatted} is not in any area we know.")
    return PostcodePlace(
        postcode=postcode, district=district, local_authority=district.local_authority, area=area
    )
