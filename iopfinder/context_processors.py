from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from search.forms import query_errors


def site(request):
    """Site-wide values every template may use."""
    return {
        "SITE_NAME": "IOP Finder",
        "DEBUG": settings.DEBUG,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "alternates": alternates(request),
    }


def alternates(request) -> list[dict]:
    """This page in each language (its query string, so the search, kept, unless it is too big to be a person's:
    the page that refuses it does not repeat it): the language switcher and the hreflang links. The current
    language is marked `current`."""
    query = request.META.get("QUERY_STRING", "")
    here = request.path if query and query_errors(query) else request.get_full_path()
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(here, code),
            "absolute_url": request.build_absolute_uri(translate_url(here, code)),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
