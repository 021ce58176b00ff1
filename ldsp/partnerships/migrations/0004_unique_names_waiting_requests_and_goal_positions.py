"""One organisation per matching key, one waiting join request per partnership and
organisation, one goal per position in a partnership's plan: the database refuses a second,
so two requests at the same moment cannot both get in."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_fill_names_and_resolve_duplicates"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                fields=("normalised_name",), name="organisation_name_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="joinrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("partnership", "normalised_name"),
                name="join_request_pending_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.UniqueConstraint(
                fields=("partnership", "position"), name="goal_position_once"
            ),
        ),
    ]
