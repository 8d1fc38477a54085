"""Curators create and send update links (add, view, change: ending one early), review what programs send (view and
change; updates come from programs, so no add), and answer requests for a new link (view and change). No delete."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Curators"
CODENAMES = [
    "add_updatelink",
    "view_updatelink",
    "change_updatelink",
    "view_proposedupdate",
    "change_proposedupdate",
    "view_linkrequest",
    "change_linkrequest",
]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    group.permissions.add(*Permission.objects.filter(content_type__app_label="updates", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    group.permissions.remove(*Permission.objects.filter(content_type__app_label="updates", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("updates", "0001_update_links"),
        ("facilities", "0003_curators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
