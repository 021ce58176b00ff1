"""Add the key organisation names are matched by (see ldsp.partnerships.names). It is filled
by the next migration and made unique by the one after."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_partnerships_organisations_plans_pledges"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="normalised_name",
            field=models.CharField(
                default="",
                editable=False,
                help_text="The name as matched: see ldsp.partnerships.names.",
                max_length=800,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="joinrequest",
            name="normalised_name",
            field=models.CharField(
                default="",
                editable=False,
                help_text="The organisation's name as matched: see ldsp.partnerships.names.",
                max_length=800,
            ),
            preserve_default=False,
        ),
    ]
