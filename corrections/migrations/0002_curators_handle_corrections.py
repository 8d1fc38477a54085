"""Curators handle the corrections inbox (view and change; corrections come from visitors, so no add or delete),
and manage the lists issue 12 added (who is served, ages accepted, support services) like the other lists."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Curators"
CODENAMES = {
    "corrections": ["view_correction", "change_correction"],
    "facilities": [
        f"{action}_{model}"
        for model in ("eligibility", "agegroup", "supportservice")
        for action in ("view", "add", "change")
    ],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    for app_label, codenames in CODENAMES.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    for app_label, codenames in CODENAMES.items():
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_correction"),
        ("facilities", "0003_curators_group"),
        ("facilities", "0007_seed_directory_meanings"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
