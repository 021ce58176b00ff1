"""Importing centres from the CSV template: preview, confirm, refusals, re-import, limits, CLI."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from ldsp.accounts.roles import Role
from ldsp.core.errors import NotAllowed, Refused
from ldsp.core.models import AuditEvent
from ldsp.finder.imports import (
    MAX_BYTES,
    ImportFileRefused,
    import_confirm,
    import_preview,
)
from ldsp.finder.imports.values import opening_times
from ldsp.finder.models import Centre, CentreImport, Offer, OpeningSlot
from ldsp.partnerships.models import Organisation
from ldsp.places.models import LocalAuthority
from tests.factories import (
    AreaFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "centres_good.csv").read_text()
BAD = (DATA / "centres_bad.csv").read_text()
TEMPLATE = (Path(__file__).parents[1] / "import_template.csv").read_text()


@pytest.fixture(scope="module", autouse=True)
def geography(shipped_geography: None) -> None:
    """The shipped geography, for every test here."""


@pytest.fixture(autouse=True)
def organisations() -> None:
    OrganisationFactory(name="Sheffield City Council")
    OrganisationFactory(name="Rotherham Digital Champions")


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Centre.objects.count(),
        Offer.objects.count(),
        OpeningSlot.objects.count(),
        Organisation.objects.count(),
        AuditEvent.objects.count(),
    )


def _coordinator_for(*authority_names: str) -> User:
    area = AreaFactory.create(
        local_authorities=list(LocalAuthority.objects.filter(name__in=authority_names))
    )
    return coordinator_of(PartnershipFactory.create(areas=[area]))


def test_a_good_file_is_previewed_without_writing_and_then_imported() -> None:
    before = _counts()

    preview = import_preview(actor=None, file_name="centres.csv", content=GOOD)

    assert _counts() == before
    assert preview.status == CentreImport.Status.PREVIEWED
    counts = preview.report["counts"]
    assert (counts["centres_create"], counts["offers_create"], counts["rows_refused"]) == (2, 3, 0)
    assert [row["row"] for row in preview.report["rows"]] == ["Line 2", "Line 4", "Line 5"]

    written = import_confirm(actor=None, centre_import=preview)

    assert written["centres_created"] == 2 and written["offers_created"] == 3
    library = Centre.objects.get(source="csv", source_id="SHF-LIB-1")
    assert library.name == "Sheffield Central Library"
    assert library.address == "Surrey Street\nSheffield"
    assert library.local_authority.name == "Sheffield"
    assert library.step_free and library.last_checked_on == datetime.date(2025, 1, 15)
    assert sorted(language.code for language in library.languages.all()) == ["en", "pl"]
    assert [str(slot) for slot in library.opening_slots.all()] == [
        "Monday 10:00–12:30",
        "Wednesday 14:00–16:00",
        "Thursday 14:00–16:00",
        "Friday 14:00–16:00",
    ]
    drop_in = library.offers.get(source_id="SHF-LIB-1-DROPIN")
    assert drop_in.skill_areas == ["communicating", "transacting"]
    assert drop_in.lends_devices and drop_in.free_data and drop_in.is_free
    course = Offer.objects.get(source_id="ROT-HUB-2-WORK")
    assert (course.is_free, course.cost, course.booking_needed) == (
        False,
        "£10 for the course",
        True,
    )
    assert course.centre.local_authority.name == "Rotherham"
    preview.refresh_from_db()
    assert preview.status == CentreImport.Status.IMPORTED
    assert AuditEvent.objects.filter(verb="centres.imported").count() == 1


def test_bad_rows_are_refused_with_line_and_field_and_nothing_is_written() -> None:
    before = _counts()

    preview = import_preview(actor=None, file_name="centres.csv", content=BAD)

    assert preview.status == CentreImport.Status.REFUSED
    problems = {
        (row["row"], problem["field"])
        for row in preview.report["rows"]
        for problem in row["problems"]
    }
    assert ("Line 4", "postcode") in problems
    assert ("Line 5", "opening_times") in problems
    assert ("Line 5", "skill_areas") in problems
    assert not any(row == "Line 2" for row, _ in problems)
    with pytest.raises(Refused):
        import_confirm(actor=None, centre_import=preview)
    assert _counts() == (before[0], before[1], before[2], before[3], before[4])


def test_importing_the_same_file_again_changes_nothing() -> None:
    import_confirm(
        actor=None, centre_import=import_preview(actor=None, file_name="a.csv", content=GOOD)
    )
    updated = {centre.pk: centre.updated_at for centre in Centre.objects.all()}
    events = AuditEvent.objects.count()

    again = import_preview(actor=None, file_name="a.csv", content=GOOD)

    counts = again.report["counts"]
    assert (counts["centres_unchanged"], counts["offers_unchanged"]) == (2, 3)
    assert counts["centres_create"] == counts["centres_change"] == counts["offers_create"] == 0
    written = import_confirm(actor=None, centre_import=again)
    assert not any(written.values())
    assert AuditEvent.objects.count() == events
    assert {centre.pk: centre.updated_at for centre in Centre.objects.all()} == updated


def test_a_changed_value_is_shown_and_written_as_a_change() -> None:
    import_confirm(
        actor=None, centre_import=import_preview(actor=None, file_name="a.csv", content=GOOD)
    )
    changed = GOOD.replace("0114 273 4711", "0114 000 1111")

    preview = import_preview(actor=None, file_name="a.csv", content=changed)

    library_row = preview.report["rows"][0]
    assert library_row["centre_action"] == "change"
    assert library_row["centre_changes"] == ["phone"]
    import_confirm(actor=None, centre_import=preview)
    assert Centre.objects.get(source_id="SHF-LIB-1").phone == "0114 000 1111"


def test_a_centre_added_by_hand_is_matched_by_name_and_postcode_not_doubled() -> None:
    import_confirm(
        actor=None,
        centre_import=import_preview(
            actor=None, file_name="a.csv", content=GOOD.replace("SHF-LIB-1", "OTHER-REF")
        ),
    )
    Centre.objects.filter(source_id="OTHER-REF").update(source="", source_id="")

    preview = import_preview(actor=None, file_name="a.csv", content=GOOD)

    assert preview.report["rows"][0]["centre_action"] == "change"
    import_confirm(actor=None, centre_import=preview)
    assert Centre.objects.filter(name="Sheffield Central Library").count() == 1


def test_a_coordinator_may_import_only_centres_in_their_partnership_areas() -> None:
    coordinator = _coordinator_for("Sheffield")

    preview = import_preview(actor=coordinator, file_name="a.csv", content=GOOD)

    refused = [row for row in preview.report["rows"] if row["status"] == "refused"]
    assert [row["row"] for row in refused] == ["Line 5"]
    assert (
        "Rotherham, which is not in your partnership's areas"
        in (refused[0]["problems"][0]["message"])
    )
    with pytest.raises(Refused):
        import_confirm(actor=coordinator, centre_import=preview)
    assert not Centre.objects.exists()


def test_a_coordinator_of_both_areas_imports_the_file() -> None:
    coordinator = _coordinator_for("Sheffield", "Rotherham")

    preview = import_preview(actor=coordinator, file_name="a.csv", content=GOOD)
    import_confirm(actor=coordinator, centre_import=preview)

    assert Centre.objects.count() == 2
    assert AuditEvent.objects.filter(verb="centres.imported", actor=coordinator).exists()


def test_a_coordinator_cannot_add_organisations_but_staff_can() -> None:
    unknown = GOOD.replace("Rotherham Digital Champions", "Brand New Trust")
    coordinator = _coordinator_for("Sheffield", "Rotherham")

    refused = import_preview(actor=coordinator, file_name="a.csv", content=unknown)
    allowed = import_preview(
        actor=UserFactory.create(roles=[Role.STAFF]), file_name="a.csv", content=unknown
    )

    problem = next(row for row in refused.report["rows"] if row["problems"])["problems"][0]
    assert problem["field"] == "organisation"
    assert "“Brand New Trust” is not an organisation on LDSP Hub" in problem["message"]
    assert allowed.report["organisations_to_add"] == ["Brand New Trust"]
    import_confirm(actor=allowed.actor, centre_import=allowed)
    assert Organisation.objects.filter(name="Brand New Trust").exists()


def test_people_who_do_not_coordinate_cannot_import() -> None:
    with pytest.raises(NotAllowed):
        import_preview(
            actor=UserFactory.create(roles=[Role.CONTRIBUTOR]), file_name="a.csv", content=GOOD
        )


def test_only_the_uploader_or_staff_may_confirm() -> None:
    coordinator = _coordinator_for("Sheffield", "Rotherham")
    other = _coordinator_for("Sheffield", "Rotherham")
    preview = import_preview(actor=coordinator, file_name="a.csv", content=GOOD)

    with pytest.raises(NotAllowed):
        import_confirm(actor=other, centre_import=preview)
    assert not Centre.objects.exists()


def test_a_file_is_imported_once() -> None:
    preview = import_preview(actor=None, file_name="a.csv", content=GOOD)
    import_confirm(actor=None, centre_import=preview)

    with pytest.raises(Refused, match="imported already"):
        import_confirm(actor=None, centre_import=preview)


def test_a_failure_part_way_leaves_nothing_written(monkeypatch: pytest.MonkeyPatch) -> None:
    preview = import_preview(actor=None, file_name="a.csv", content=GOOD)
    before = _counts()
    calls = {"n": 0}
    from ldsp.finder.imports import apply

    real = apply.offer_save

    def failing(**kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(apply, "offer_save", failing)
    with pytest.raises(RuntimeError):
        import_confirm(actor=None, centre_import=preview)

    assert _counts() == before
    preview.refresh_from_db()
    assert preview.status == CentreImport.Status.PREVIEWED


def test_the_downloadable_template_imports_cleanly() -> None:
    OrganisationFactory(name="Example City Council")

    preview = import_preview(actor=None, file_name="template.csv", content=TEMPLATE)

    assert preview.report["counts"]["rows_refused"] == 0
    assert preview.report["counts"]["offers_create"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The file is empty"),
        ("name,postcode\nA,S1 1XZ\n", "missing these columns: centre_ref, organisation, address"),
        (GOOD.splitlines()[0] + "\n", "no centres under it"),
        (GOOD.encode("cp1252").replace(b"\xa3", b"\xa3\xff"), "not saved as UTF-8"),
        (b"x" * (MAX_BYTES + 1), "smaller than 5 MB"),
    ],
)
def test_files_that_cannot_be_read_are_refused_whole(content: str | bytes, message: str) -> None:
    with pytest.raises(ImportFileRefused, match=message):
        import_preview(actor=None, file_name="a.csv", content=content)
    assert not CentreImport.objects.exists()


def test_more_than_five_thousand_rows_are_refused() -> None:
    header, first = GOOD.splitlines()[0], "R,A,Sheffield City Council,1 Street,S1 1XZ"
    content = header + "\n" + "\n".join(first.replace("R,", f"R{n},") for n in range(5_001))
    with pytest.raises(ImportFileRefused, match="more than 5,000 rows"):
        import_preview(actor=None, file_name="a.csv", content=content)


def test_a_later_line_that_contradicts_its_centre_is_refused() -> None:
    lines = GOOD.splitlines()
    lines[3] = lines[3].replace("SHF-LIB-1,,,,,", "SHF-LIB-1,Another Name,,,,", 1)
    preview = import_preview(actor=None, file_name="a.csv", content="\n".join(lines))

    row = next(row for row in preview.report["rows"] if row["row"] == "Line 4")
    assert row["problems"][0]["field"] == "name"
    assert "differs from line 2" in row["problems"][0]["message"]


def test_opening_times_read_days_runs_and_two_stretches() -> None:
    slots = opening_times("Mon-Wed 09:00-12:00; sat 10.00-12:00, 13:00-16:00")
    assert [(day, f"{o:%H:%M}", f"{c:%H:%M}") for day, o, c in slots] == [
        (0, "09:00", "12:00"),
        (1, "09:00", "12:00"),
        (2, "09:00", "12:00"),
        (5, "10:00", "12:00"),
        (5, "13:00", "16:00"),
    ]


def test_the_command_prints_the_preview_and_imports_with_yes(tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(GOOD)
    out = StringIO()

    call_command("import_centres", str(path), "--yes", stdout=out)

    assert "Line 2" in out.getvalue() and "2 centres to add" in out.getvalue()
    assert Centre.objects.count() == 2


def test_the_command_refuses_a_file_with_bad_rows_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(BAD)
    out = StringIO()

    with pytest.raises(CommandError, match="rows are refused"):
        call_command("import_centres", str(path), "--yes", stdout=out)

    assert "Line 4" in out.getvalue() and "postcode" in out.getvalue()
    assert not Centre.objects.exists()


def test_the_command_asks_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(GOOD)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")

    call_command("import_centres", str(path), stdout=StringIO())

    assert not Centre.objects.exists()


def test_the_template_download_is_the_documented_template(client: Client) -> None:
    coordinator = _coordinator_for("Sheffield")
    client.force_login(coordinator)

    response = client.get(reverse("finder:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.getvalue().decode() == TEMPLATE
