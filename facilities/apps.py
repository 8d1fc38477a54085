from django.apps import AppConfig
from django.db.models.signals import post_delete


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = "Facilities"

    def ready(self):
        from facilities.models import Facility

        post_delete.connect(forget_listing, sender=Facility)


def forget_listing(sender, instance, **kwargs):
    """A deleted listing no longer makes its place shared."""
    sender.objects.mark_first_listings({instance.place_key})
