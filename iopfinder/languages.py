"""The API's language: its `lang` parameter, else the client's Accept-Language, else English.

The pages' language is their address (/es/…, LocaleMiddleware with i18n_patterns); the API's addresses are the same
in every language, so a client says which it wants. Only labels and messages change: codes and slugs never do.
"""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.utils import translation
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

API_PREFIX = "/api/"
# Open data in HSDS is English only (hsds/api.py): its answers, its 429 and their Content-Language say so.
ENGLISH_ONLY_PREFIX = "/api/hsds/"


def requested_language(request) -> str:
    """`lang` when it names a language we have, else the best of Accept-Language we have, else LANGUAGE_CODE. An
    unknown `lang` is the API form's to refuse (a 400 that names it)."""
    try:
        wanted = [request.GET.get("lang", "")]
    except TooManyFieldsSent:
        wanted = []  # the API answers that with its 400, in the client's language below
    wanted += [code for code, _ in parse_accept_lang_header(request.headers.get("Accept-Language", ""))]
    for code in wanted:
        if code and code != "*":
            try:
                return get_supported_language_variant(code)
            except LookupError:
                continue
    return settings.LANGUAGE_CODE


def api_language(get_response):
    """After LocaleMiddleware (which gives every address outside /es/ English): the API's language for its request."""

    def middleware(request):
        if request.path_info.startswith(API_PREFIX) and not request.path_info.startswith(ENGLISH_ONLY_PREFIX):
            translation.activate(requested_language(request))
            request.LANGUAGE_CODE = translation.get_language()
        return get_response(request)

    return middleware
