"""The search form's choices from every vocabulary (therapies, payment, languages, …), cached per language.

Every search needs them and they change only when a curator edits a list. An edit clears this process's
copy at once (SearchConfig.ready connects the vocabularies' signals); other server processes keep theirs for
at most CHOICES_CACHE_SECONDS.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Value
from django.utils.translation import get_language

from facilities.models import Facility
from programs.models import Therapy
from programs.vocabulary import labelled

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


def choices_cache_key(language: str) -> str:
    return f"{CHOICES_CACHE_KEY}:{language}"


def vocabulary_choices() -> dict[str, list[tuple[str, str]]]:
    """Parameter -> (slug, name) of every entry, in the active language and by that name: cached, else one query."""
    key = choices_cache_key(get_language() or settings.LANGUAGE_CODE)
    return cache.get_or_set(key, _query_vocabulary_choices, CHOICES_CACHE_SECONDS)


def _query_vocabulary_choices() -> dict[str, list[tuple[str, str]]]:
    columns = ("kind", "slug", "name", "name_es")
    queries = [Therapy.objects.order_by().annotate(kind=Value("therapy")).values_list(*columns)]
    for parameter, field_name in VOCABULARY_PARAMETERS.items():
        model = Facility._meta.get_field(field_name).related_model
        queries.append(model.objects.order_by().annotate(kind=Value(parameter)).values_list(*columns))
    rows = {parameter: [] for parameter in CHOICE_PARAMETERS}
    for kind, *row in queries[0].union(*queries[1:], all=True):
        rows[kind].append(row)
    return {parameter: labelled(rows[parameter]) for parameter in CHOICE_PARAMETERS}


def forget_cached_choices(**kwargs):
    """Connected to every vocabulary's post_save and post_delete: every language's copy."""
    cache.delete_many([choices_cache_key(code) for code, _name in settings.LANGUAGES])
