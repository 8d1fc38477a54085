"""Create the Curators group: view, add and change listings and vocabularies; never delete, never manage users."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Curators"
CURATED_MODELS = {
    "facilities": ["facility", "paymentoption", "language", "population", "medication", "accreditation"],
    "programs": ["program", "therapy"],
}
ACTIONS = ["view", "add", "change"]


def create_curators_group(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [f"{action}_{model}" for models in CURATED_MODELS.values() for model in models for action in ACTIONS]
    permissions = Permission.objects.filter(content_type__app_label__in=CURATED_MODELS, codename__in=codenames)
    group.permissions.set(permissions)


def delete_curators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("facilities", "0002_seed_vocabularies"),
        ("programs", "0002_seed_therapies"),
    ]

    operations = [migrations.RunPython(create_curators_group, delete_curators_group)]
