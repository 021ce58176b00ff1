"""Release exports count their attempts and know when to try again.

Existing rows keep their status. An export that had already failed gets one more
attempt when it is next asked for (``next_attempt_at`` now), as it would have before."""

from django.db import migrations, models
from django.db.models.functions import Now


def failed_exports_may_try_again(apps, schema_editor):
    ReleaseExport = apps.get_model("playbook", "ReleaseExport")
    ReleaseExport.objects.filter(status="failed", next_attempt_at__isnull=True).update(
        next_attempt_at=Now()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('playbook', '0003_contributions_move_to_coproduction'),
    ]

    operations = [
        migrations.AddField(
            model_name='releaseexport',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, help_text='Attempts started since it was last made or staff tried again.'),
        ),
        migrations.AddField(
            model_name='releaseexport',
            name='next_attempt_at',
            field=models.DateTimeField(blank=True, help_text='When a failed export is tried again; empty once the site has given up.', null=True),
        ),
        migrations.AlterField(
            model_name='releaseexport',
            name='error',
            field=models.TextField(blank=True, help_text='Why the last attempt failed, for staff.'),
        ),
        migrations.RunPython(failed_exports_may_try_again, migrations.RunPython.noop),
    ]
