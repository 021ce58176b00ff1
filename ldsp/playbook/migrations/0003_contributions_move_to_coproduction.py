"""Suggestions, endorsements, discussion, comments and follows now belong to the
co-production app (its migration 0001 takes them over). Their tables stay where
they are: this only removes them from the Playbook's model state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('playbook', '0002_suggestions_comments_and_follows'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Endorsement'),
                migrations.DeleteModel(name='SuggestionMessage'),
                migrations.DeleteModel(name='Follow'),
                migrations.DeleteModel(name='Comment'),
                migrations.DeleteModel(name='Suggestion'),
            ],
            database_operations=[],
        ),
    ]
