from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from programs.vocabulary import Vocabulary
        from search.choices import forget_cached_choices

        # Only the vocabularies: a receiver for every model would also cost every other model Django's fast delete.
        for model in apps.get_models():
            if issubclass(model, Vocabulary):
                post_save.connect(forget_cached_choices, sender=model)
                post_delete.connect(forget_cached_choices, sender=model)
