from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from search.forms import MAX_QUERY_LENGTH, MAX_QUERY_VALUES


def site(request):
    """Site-wide values every template may use."""
    return {
        "SITE_NAME": "IOP Finder",
        "DEBUG": settings.DEBUG,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        # Made only for a page that shows them (base.html), once.
        "alternates": SimpleLazyObject(lambda: alternates(request)),
    }


def alternates(request) -> list[dict]:
    """This page in each language (its query string, so the search, kept, unless it is too big to be a person's:
    the page that refuses it does not repeat it): the language switcher and the hreflang links. The current
    language is marked `current`.

    A page's address is the same in every language but for the language's prefix (/es/…; none for English:
    iopfinder/urls.py), so each is the address with its prefix changed: no URL resolving."""
    query = request.META.get("QUERY_STRING", "")
    too_big = len(query) > MAX_QUERY_LENGTH or query.count("&") >= MAX_QUERY_VALUES  # search.forms.query_errors' bounds
    here = request.path if too_big else request.get_full_path()
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and here.startswith(f"/{code}/"):
            here = here[len(code) + 1 :]
    current = translation.get_language()
    pages = []
    for code, name in settings.LANGUAGES:
        url = here if code == settings.LANGUAGE_CODE else f"/{code}{here}"
        pages.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return pages
