"""Street-address geocoding: the one module that talks to a geocoder over the network.

It imports no models. Its only caller is the batch job (facilities.geocoding), run by the geocode_facilities
command and a Facility admin action; never save(), a signal or a page request (a test fails if a page opens a
socket). Tests fake the geocoder passed in (anything with `.geocode(query, exactly_one=True)`).
"""

import functools
import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from geopy.exc import ConfigurationError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

FOUND_FOR = timedelta(days=30)
# A miss is kept for a shorter time: the geocoder's data improves, and a curator may fix the address.
NOT_FOUND_FOR = timedelta(days=1)
_MISSING = object()


class GeocodingError(Exception):
    """The geocoder could not be asked or did not answer (network, quota, timeout). Never cached."""


class RateLimitedGeocoder:
    """A geopy geocoder asked at most once a second, as Nominatim's usage policy requires."""

    def __init__(self, geocoder, **geocode_options):
        self.geocoder = geocoder
        # swallow_exceptions=False: by default RateLimiter turns an outage into None, which would read as
        # "not found" and be cached. Service errors are still retried twice, five seconds apart.
        self.limited = RateLimiter(
            functools.partial(geocoder.geocode, **geocode_options), min_delay_seconds=1, swallow_exceptions=False
        )

    def geocode(self, query, exactly_one=True):
        return self.limited(query, exactly_one=exactly_one)


def configured_geocoder() -> RateLimitedGeocoder | None:
    """The geocoder the settings ask for, or None when GEOCODER is empty. Sends nothing.

    One instance per configuration for the whole process, so its rate limiter holds across every command
    run and admin action in it, not only within one call.
    """
    if not settings.GEOCODER:
        return None
    if settings.GEOCODER != "nominatim":
        raise ImproperlyConfigured(f"GEOCODER must be empty or 'nominatim'; got {settings.GEOCODER!r}.")
    return _nominatim(settings.GEOCODER_USER_AGENT, settings.GEOCODER_DOMAIN, settings.GEOCODER_TIMEOUT)


@functools.cache
def _nominatim(user_agent: str, domain: str, timeout) -> RateLimitedGeocoder:
    if not user_agent:
        raise ImproperlyConfigured(
            "GEOCODER_USER_AGENT is not set. Nominatim's usage policy requires a user agent that identifies this "
            "site, with a contact, e.g. 'iopfinder.example.org/admin@example.org'."
        )
    try:
        nominatim = Nominatim(
            user_agent=user_agent,
            domain=domain,
            timeout=timeout,
        )
    except ConfigurationError as error:  # geopy refuses its own sample user agents on the public host
        raise ImproperlyConfigured(f"GEOCODER_USER_AGENT: {error}") from error
    # country_codes is an argument of Nominatim.geocode, not of its constructor: bind it here so callers and
    # fakes share the plain `.geocode(query, exactly_one=True)` interface.
    return RateLimitedGeocoder(nominatim, country_codes="us")


def normalize(query: str) -> str:
    return " ".join(query.split())


def cache_key(query: str) -> str:
    # Hashed: addresses contain spaces, which cache backends such as memcached do not accept in keys.
    return "geocode:" + hashlib.sha256(normalize(query).casefold().encode()).hexdigest()


def geocode(query: str, *, geocoder=None) -> tuple[float, float] | None:
    """(latitude, longitude) for an address, or None when the geocoder finds nothing. Found and not-found
    answers are cached; a GeocodingError (the geocoder could not answer) is not. Without a geocoder given,
    the configured one is used; without either, only the cache answers."""
    query = normalize(query)
    if not query:
        return None
    key = cache_key(query)
    cached = cache.get(key, _MISSING)
    if cached is not _MISSING:
        return tuple(cached) if cached else None
    if geocoder is None:
        geocoder = configured_geocoder()
    if geocoder is None:
        raise GeocodingError("No geocoder is configured.")
    try:
        location = geocoder.geocode(query, exactly_one=True)
    except GeopyError as error:
        raise GeocodingError(f"The geocoder could not answer for {query!r}: {type(error).__name__}: {error}") from error
    if location is None:
        cache.set(key, None, NOT_FOUND_FOR.total_seconds())
        return None
    point = (location.latitude, location.longitude)
    cache.set(key, point, FOUND_FOR.total_seconds())
    return point
