"""Suggestions, endorsements, discussion, comments and follows move here from the
Playbook app. Their tables keep their names, so no row moves: only Django's idea of
which app owns them changes, along with the content types and audit entries that
name them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["suggestion", "endorsement", "suggestionmessage", "comment", "follow"]


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
        ('playbook', '0002_suggestions_comments_and_follows'),
        ('core', '0001_outbound_email_and_audit'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField()),
                        ('body_html', models.TextField()),
                        ('anchor', models.JSONField(blank=True, default=dict)),
                        ('placed_start', models.PositiveIntegerField(blank=True, null=True)),
                        ('placed_end', models.PositiveIntegerField(blank=True, null=True)),
                        ('is_outdated', models.BooleanField(default=False)),
                        ('state', models.CharField(choices=[('open', 'Open'), ('resolved', 'Resolved')], default='open', max_length=10)),
                        ('hidden_at', models.DateTimeField(blank=True, null=True)),
                        ('hidden_reason', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='playbook_comments', to=settings.AUTH_USER_MODEL)),
                        ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='coproduction.comment')),
                        ('placed_revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='playbook.revision')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('revision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='playbook.revision')),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='playbook.section')),
                    ],
                    options={
                        'db_table': 'playbook_comment',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Suggestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(blank=True, help_text='A new title, if any.', max_length=200)),
                        ('body', models.TextField(help_text='The whole proposed text of the section.')),
                        ('rationale', models.TextField()),
                        ('state', models.CharField(choices=[('open', 'Open'), ('needs_resolution', 'Needs resolution'), ('accepted', 'Accepted'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], db_index=True, default='open', max_length=20)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('decision_reason', models.TextField(blank=True)),
                        ('merge_state', models.JSONField(blank=True, default=dict, help_text='For a suggestion that needs resolution: the revision it was merged against, the merged text and each conflict.')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='suggestions', to=settings.AUTH_USER_MODEL)),
                        ('base_revision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='playbook.revision')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('result_revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='playbook.revision')),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='suggestions', to='playbook.section')),
                    ],
                    options={
                        'db_table': 'playbook_suggestion',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='SuggestionMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField()),
                        ('body_html', models.TextField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('suggestion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='coproduction.suggestion')),
                    ],
                    options={
                        'db_table': 'playbook_suggestionmessage',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Follow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to='playbook.section')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='section_follows', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'playbook_follow',
                        'ordering': ['created_at'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'section'), name='follow_once')],
                    },
                ),
                migrations.CreateModel(
                    name='Endorsement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('suggestion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='endorsements', to='coproduction.suggestion')),
                    ],
                    options={
                        'db_table': 'playbook_endorsement',
                        'ordering': ['created_at'],
                        'constraints': [models.UniqueConstraint(fields=('suggestion', 'user'), name='endorse_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel, relabel_back),
    ]
