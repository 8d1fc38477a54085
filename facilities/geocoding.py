"""Street-address geocoding: the one module that talks to a geocoder over the network.

Called from the geocode_facilities command and a Facility admin action, never from save(), a signal or a page
request. Tests fake the geocoder passed in (anything with `.geocode(query, exactly_one=True)`).
"""

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from geopy.exc import ConfigurationError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from facilities.models import Facility

FOUND_FOR = timedelta(days=30)
# A miss is kept for a shorter time: the geocoder's data improves, and a curator may fix the address.
NOT_FOUND_FOR = timedelta(days=1)
CHANGE_REASON = "Geocoded"
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
    """The geocoder the settings ask for, or None when GEOCODER is empty. Builds it; sends nothing."""
    if not settings.GEOCODER:
        return None
    if settings.GEOCODER != "nominatim":
        raise ImproperlyConfigured(f"GEOCODER must be empty or 'nominatim'; got {settings.GEOCODER!r}.")
    if not settings.GEOCODER_USER_AGENT:
        raise ImproperlyConfigured(
            "GEOCODER_USER_AGENT is not set. Nominatim's usage policy requires a user agent that identifies this "
            "site, with a contact, e.g. 'iopfinder.example.org/admin@example.org'."
        )
    try:
        nominatim = Nominatim(
            user_agent=settings.GEOCODER_USER_AGENT,
            domain=settings.GEOCODER_DOMAIN,
            timeout=settings.GEOCODER_TIMEOUT,
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


@dataclass
class GeocodeSummary:
    geocoded: int = 0
    not_found: int = 0
    failed: int = 0
    skipped: int = 0
    problems: list[tuple[Facility, str]] = field(default_factory=list)

    def __str__(self):
        return f"Geocoded {self.geocoded}, not found {self.not_found}, failed {self.failed}, skipped {self.skipped}"


def needs_geocoding(facility: Facility) -> bool:
    """The rule of FacilityQuerySet.needing_geocoding(), for one facility in memory."""
    return not facility.has_coordinates or facility.is_approximate


def street_address(facility: Facility) -> str:
    """The address a geocoder is asked about. Street line 2 (suite, floor) is left out: it only confuses
    geocoders. ZIP+4 is cut to its five digits for the same reason."""
    return f"{facility.street1}, {facility.city}, {facility.state} {facility.zip_code[:5]}"


def geocode_facilities(facilities, *, geocoder, user=None) -> GeocodeSummary:
    """Give each facility that needs it street-level coordinates, saving each with a "Geocoded" history entry.
    Asks the geocoder once per uncached address, so it takes about a second a facility against Nominatim.
    One facility's failure does not stop the others."""
    summary = GeocodeSummary()
    for facility in facilities:
        if not needs_geocoding(facility):
            summary.skipped += 1
            continue
        if not facility.street1.strip():
            # Its ZIP-area coordinates are already the best there is.
            summary.skipped += 1
            summary.problems.append((facility, "no street address"))
            continue
        query = street_address(facility)
        try:
            point = geocode(query, geocoder=geocoder)
        except GeocodingError as error:
            summary.failed += 1
            summary.problems.append((facility, str(error)))
            continue
        if point is None:
            summary.not_found += 1
            summary.problems.append((facility, f"address not found: {query}"))
            continue
        facility.latitude, facility.longitude = (round(value, 6) for value in point)
        facility.location_precision = Facility.LocationPrecision.ADDRESS
        facility._change_reason = CHANGE_REASON
        if user is not None:
            facility._history_user = user
        # Only the location fields: a long run must not write back other fields a curator edited meanwhile.
        facility.save(update_fields=["latitude", "longitude", "location_precision", "updated_at"])
        summary.geocoded += 1
    return summary
