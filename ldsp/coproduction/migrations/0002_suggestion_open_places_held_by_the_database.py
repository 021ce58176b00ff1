"""Each pending suggestion takes a numbered place among its author's open suggestions on
the section, and the database keeps two from sharing a place, so a person's limit of
open suggestions holds even when two arrive at once.

Existing pending suggestions are numbered before the constraint is added, oldest first,
one group per author and section. No data is changed or lost: a person who already has
more pending suggestions than today's limit (if it was lowered) keeps them all, in
places above the limit, and can add no more until enough are decided. Decided
suggestions need no place."""

from django.db import migrations, models

PENDING = ["open", "needs_resolution"]


def number_open_suggestions(apps, schema_editor):
    Suggestion = apps.get_model("coproduction", "Suggestion")
    pending = (
        Suggestion.objects.filter(state__in=PENDING)
        .order_by("author_id", "section_id", "created_at", "id")
        .only("id", "author_id", "section_id")
    )
    group = None
    place = 0
    numbered = []
    for suggestion in pending.iterator(chunk_size=2000):
        if (suggestion.author_id, suggestion.section_id) != group:
            group = (suggestion.author_id, suggestion.section_id)
            place = 0
        place += 1
        suggestion.open_slot = place
        numbered.append(suggestion)
    Suggestion.objects.bulk_update(numbered, ["open_slot"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("coproduction", "0001_take_over_contributions_from_playbook"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestion",
            name="open_slot",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Which of its author's places for open suggestions on this section "
                "it takes (1 up to SUGGESTIONS_OPEN_PER_SECTION); empty once decided. Two "
                "pending suggestions by one person on one section never share a place.",
                null=True,
            ),
        ),
        # Going back, the field is simply removed again.
        migrations.RunPython(number_open_suggestions, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="suggestion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", PENDING)),
                fields=("author", "section", "open_slot"),
                name="suggestion_open_slot_once",
            ),
        ),
    ]
