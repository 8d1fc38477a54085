from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_place_shared(apps, schema_editor):
    """What FacilityQuerySet.mark_first_listings does for `place_shared`, for the listings already there (frozen)."""
    Facility = apps.get_model("facilities", "Facility")
    other = Exists(
        Facility.objects.filter(is_published=True, place_key=OuterRef("place_key"))
        .exclude(place_key="")
        .exclude(pk=OuterRef("pk"))
    )
    Facility.objects.filter(other).update(place_shared=True)


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0012_license_spelling"),
    ]

    operations = [
        migrations.AddField(
            model_name="facility",
            name="place_shared",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Another published listing has the same place (FacilityQuerySet.mark_first_listings): a "
                "result looks for the other listings of its place only when this is set.",
            ),
        ),
        migrations.RunPython(mark_place_shared, migrations.RunPython.noop),
    ]
