"""Curators view, add and change the three lists 0006 added (who is served, ages accepted, support services), as
they do the others (0003): every list's Spanish name is theirs to write."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Curators"
MODELS = ["eligibility", "agegroup", "supportservice"]
CODENAMES = [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change")]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so the group can hold them.
    app_config = apps.get_app_config("facilities")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="facilities", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="facilities", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("facilities", "0016_seed_vocabulary_spanish"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
