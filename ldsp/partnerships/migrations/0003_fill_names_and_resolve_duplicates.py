"""Make existing rows fit the constraints the next migration adds, without losing any.

- Organisations: each gets its matching key. Where two already share one, the oldest keeps
  it and each later one gets the key plus two spaces and its id, which no name can match
  (keys never hold two spaces in a row), so staff can find and merge them in the admin.
- Join requests: each gets its matching key. Where one partnership has several waiting
  requests for the same organisation, the oldest stays waiting and the later ones are
  declined with a reason saying so.
- Goals: where two goals of one partnership share a position, that partnership's goals are
  numbered again from 1 in their current order (position, then age).

Uses the matching rule in ldsp.partnerships.names, the one the application looks names up
with. Going back leaves the rows as they are: nothing here is lost by keeping it.
"""

from django.db import migrations
from django.utils import timezone

from ldsp.partnerships.names import NORMALISED_NAME_MAX, organisation_name_normalise

DUPLICATE_REQUEST_REASON = (
    "Closed automatically: an earlier request for the same organisation to join this "
    "partnership is still waiting for a decision."
)


def _key(name):
    return organisation_name_normalise(name)[:NORMALISED_NAME_MAX]


def fill_organisation_keys(apps, schema_editor):
    Organisation = apps.get_model("partnerships", "Organisation")
    db = schema_editor.connection.alias
    seen = set()
    for pk, name in Organisation.objects.using(db).order_by("pk").values_list("pk", "name"):
        key = _key(name)
        if key in seen:
            unmatchable = f"  #{pk}"
            key = key[: NORMALISED_NAME_MAX - len(unmatchable)] + unmatchable
        seen.add(key)
        Organisation.objects.using(db).filter(pk=pk).update(normalised_name=key)


def fill_join_request_keys_and_close_duplicates(apps, schema_editor):
    JoinRequest = apps.get_model("partnerships", "JoinRequest")
    db = schema_editor.connection.alias
    requests = JoinRequest.objects.using(db).order_by("created_at", "pk")
    waiting = set()
    for pk, partnership_id, name, status in requests.values_list(
        "pk", "partnership_id", "organisation_name", "status"
    ):
        key = _key(name)
        changes = {"normalised_name": key}
        if status == "pending":
            if (partnership_id, key) in waiting:
                changes.update(
                    status="declined", decided_at=timezone.now(), reason=DUPLICATE_REQUEST_REASON
                )
            waiting.add((partnership_id, key))
        JoinRequest.objects.using(db).filter(pk=pk).update(**changes)


def renumber_clashing_goal_positions(apps, schema_editor):
    Goal = apps.get_model("partnerships", "Goal")
    db = schema_editor.connection.alias
    seen = set()
    clashing = set()
    for place in Goal.objects.using(db).values_list("partnership_id", "position"):
        (clashing if place in seen else seen).add(place)
    for partnership_id in {partnership_id for partnership_id, _ in clashing}:
        goals = Goal.objects.using(db).filter(partnership_id=partnership_id)
        in_order = goals.order_by("position", "pk").values_list("pk", flat=True)
        for position, pk in enumerate(list(in_order), 1):
            goals.filter(pk=pk).update(position=position)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_organisation_and_join_request_matching_names"),
    ]

    operations = [
        migrations.RunPython(fill_organisation_keys, migrations.RunPython.noop),
        migrations.RunPython(
            fill_join_request_keys_and_close_duplicates, migrations.RunPython.noop
        ),
        migrations.RunPython(renumber_clashing_goal_positions, migrations.RunPython.noop),
    ]
