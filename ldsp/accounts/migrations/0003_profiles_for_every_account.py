"""Give every existing account a profile: accounts made with `createsuperuser` (or
otherwise outside the sign-up) had none, and pages expect one."""

from django.conf import settings
from django.db import migrations


def profiles_for_accounts_without_one(apps, schema_editor):
    user_app, user_model = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(user_app, user_model)
    Profile = apps.get_model("accounts", "Profile")
    db = schema_editor.connection.alias
    missing = User.objects.using(db).filter(profile__isnull=True).values_list("pk", flat=True)
    Profile.objects.using(db).bulk_create(Profile(user_id=user_id) for user_id in missing)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile_area"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Going back keeps the profiles: a blank profile is harmless, and we cannot
        # tell the ones made here from ones people made themselves.
        migrations.RunPython(profiles_for_accounts_without_one, migrations.RunPython.noop),
    ]
