"""Suggestions, endorsements, discussion, comments and follows move here from the
Playbook app. Their tables keep their names, so no row moves: only Django's idea of
which app owns them changes, along with the content types and audit entries that
name them."""

import importlib

from django.conf import settings
from django.db import migrations

# The state these models were created with, in the Playbook app's migration that made
# their tables. Applied migrations never change, so taking the state from there keeps
# the two exactly alike.
CREATED = importlib.import_module("ldsp.playbook.migrations.0002_suggestions_comments_and_follows")

MOVED = ["suggestion", "endorsement", "suggestionmessage", "comment", "follow"]


def taken_over(operation):
    """``operation``'s model, owned by this app and keeping its table in the database."""
    fields = []
    for name, field in operation.fields:
        _, path, args, kwargs = field.deconstruct()
        if str(kwargs.get("to", "")).lower() in {f"playbook.{model}" for model in MOVED}:
            kwargs["to"] = "coproduction." + str(kwargs["to"]).split(".", 1)[1].lower()
        fields.append((name, type(field)(*args, **kwargs)))
    options = {**operation.options, "db_table": f"playbook_{operation.name.lower()}"}
    return migrations.CreateModel(name=operation.name, fields=fields, options=options)


def relabel(apps, schema_editor, old="playbook", new="coproduction"):
    """Point content types and audit entries at the new app (and back, on reversal)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        AuditEvent.objects.filter(target_type=f"{old}.{model}").update(
            target_type=f"{new}.{model}"
        )


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, old="coproduction", new="playbook")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("playbook", "0002_suggestions_comments_and_follows"),
        ("core", "0001_outbound_email_and_audit"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[taken_over(operation) for operation in CREATED.Migration.operations],
            database_operations=[],
        ),
        migrations.RunPython(relabel, relabel_back),
    ]
