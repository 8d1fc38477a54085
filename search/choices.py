"""The search form's choices from every vocabulary (therapies, payment, languages, …), cached.

Every search needs them and they change only when a curator edits a list. An edit clears this process's
copy at once (SearchConfig.ready connects the vocabularies' signals); other server processes keep theirs for
at most CHOICES_CACHE_SECONDS.
"""

from django.core.cache import cache
from django.db.models import Value

from facilities.models import Facility
from programs.models import Therapy

CHOICES_CACHE_KEY = "vocabulary-choices"
CHOICES_CACHE_SECONDS = 60
# Search parameter -> Facility list (many-to-many field): any selected entry matches.
VOCABULARY_PARAMETERS = {
    "served": "eligibility",
    "age": "ages",
    "payment": "payment_options",
    "language": "languages",
    "population": "populations",
    "service": "services",
    "medication": "medications",
}
CHOICE_PARAMETERS = ("therapy", *VOCABULARY_PARAMETERS)


def vocabulary_choices() -> dict[str, list[tuple[str, str]]]:
    """Parameter -> (slug, name) of every entry, by name: cached, else one query."""
    return cache.get_or_set(CHOICES_CACHE_KEY, _query_vocabulary_choices, CHOICES_CACHE_SECONDS)


def _query_vocabulary_choices() -> dict[str, list[tuple[str, str]]]:
    queries = [Therapy.objects.order_by().annotate(kind=Value("therapy")).values_list("kind", "slug", "name")]
    for parameter, field_name in VOCABULARY_PARAMETERS.items():
        model = Facility._meta.get_field(field_name).related_model
        queries.append(model.objects.order_by().annotate(kind=Value(parameter)).values_list("kind", "slug", "name"))
    choices = {parameter: [] for parameter in CHOICE_PARAMETERS}
    for kind, slug, name in sorted(queries[0].union(*queries[1:], all=True), key=lambda row: row[2].casefold()):
        choices[kind].append((slug, name))
    return choices


def forget_cached_choices(**kwargs):
    """Connected to every vocabulary's post_save and post_delete."""
    cache.delete(CHOICES_CACHE_KEY)
