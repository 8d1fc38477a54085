from django.apps import AppConfig, apps
from django.db.models.signals import post_delete


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = "Facilities"

    def ready(self):
        from facilities import data_version
        from facilities.models import Facility
        from programs.models import Program
        from programs.vocabulary import Vocabulary

        post_delete.connect(forget_listing, sender=Facility)
        # What the public pages show: listings, programs and the vocabularies they name (the page cache's version).
        vocabularies = [model for model in apps.get_models() if issubclass(model, Vocabulary)]
        data_version.connect([Facility, Program, *vocabularies])


def forget_listing(sender, instance, **kwargs):
    """A deleted listing no longer makes its place shared."""
    sender.objects.mark_first_listings({instance.place_key})
