"""Where a person is searching from: ZIP codes, "City, ST" and coordinates, resolved offline.

ZIP and city coordinates come from the zipcodes package (GeoNames, CC BY 4.0). Any other text goes
to the configured geocoder (facilities.geocoding), and only when one is configured.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import zipcodes
from django.conf import settings
from django.db.models import F, FloatField, Func

from facilities.states import US_STATES

# geopy's great_circle uses this mean Earth radius (6371.009 km); using it too keeps distances identical.
EARTH_RADIUS_MILES = 6371.009 / 1.609344
MAX_LOCATION_LENGTH = 100
HELP = "Enter a 5-digit ZIP code, or a city and state like Dayton, OH."
ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$")
LAT_LNG = re.compile(r"^(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$")
STATE_NAMES = {name.upper(): code for code, name in US_STATES}
STATE_CODES = {code for code, _ in US_STATES}


@dataclass(frozen=True)
class Place:
    label: str  # what the page says was searched: "Atlanta, GA 30301"
    latitude: float
    longitude: float


@dataclass
class LocationError(Exception):
    message: str
    choices: list[tuple[str, str]] = field(default_factory=list)  # (label, location to search) for "did you mean"

    def __str__(self):
        return self.message


def _zipcodes_entries() -> list[dict]:
    """The zipcodes package's entries, without letting the package keep them.

    zipcodes caches its 42,000 entries as Python dicts for the life of the process: some 170,000 objects
    that every full garbage collection walks, stalling a request for about 150 ms each time. The two
    tables below are all the site needs, so they are built from a list that is then freed.
    """
    entries = zipcodes.list_all()
    if hasattr(zipcodes, "_zips_cache"):  # the package's module-level cache (zipcodes 3.0)
        zipcodes._zips_cache = None
    return entries


@cache
def _zip_table() -> dict[str, tuple[float, float, str, str]]:
    """ZIP -> (latitude, longitude, city, state), built once per process (about half a second)."""
    table = {}
    for entry in _zipcodes_entries():
        try:
            table[entry["zip_code"]] = (float(entry["lat"]), float(entry["long"]), entry["city"], entry["state"])
        except (KeyError, TypeError, ValueError):
            continue
    return table


@cache
def _city_table() -> dict[str, dict[str, tuple[float, float, str]]]:
    """CITY NAME -> state -> (latitude, longitude, display name): the mean of the city's ordinary ZIPs."""
    points = defaultdict(lambda: defaultdict(list))
    names = {}
    for entry in _zipcodes_entries():
        if entry.get("zip_code_type") != "STANDARD" or not entry.get("active"):
            continue
        key = _city_key(entry["city"])
        points[key][entry["state"]].append((float(entry["lat"]), float(entry["long"])))
        names[(key, entry["state"])] = entry["city"]
    return {
        city: {
            state: (
                sum(p[0] for p in coords) / len(coords),
                sum(p[1] for p in coords) / len(coords),
                names[(city, state)],
            )
            for state, coords in states.items()
        }
        for city, states in points.items()
    }


def _city_key(name: str) -> str:
    name = re.sub(r"[.']", "", name.upper())
    name = re.sub(r"^(ST|SAINT)\b", "SAINT", name)  # "St. Louis" and "Saint Louis" are one city
    return " ".join(name.split())


def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """The ZIP's centre point (approximate: a ZIP can span miles), or None for an unknown ZIP."""
    entry = _zip_table().get((zip_code or "").strip()[:5])
    return (entry[0], entry[1]) if entry else None


def resolve(location: str = "", latitude: str = "", longitude: str = "", *, geocoder=None) -> Place:
    """The place a search is centred on, or a LocationError with a message for the person.

    Typed text wins over lat/lng (a browser's location from an earlier search may still be in the form).
    """
    text = " ".join((location or "").split())
    if not text and (latitude or longitude):
        return _coordinates(latitude, longitude, "your location")
    if not text:
        raise LocationError(HELP)
    if len(text) > MAX_LOCATION_LENGTH:
        raise LocationError(f"That is too long for a place. {HELP}")
    if match := ZIP.match(text):
        return _zip(match.group(1))
    if match := LAT_LNG.match(text):
        return _coordinates(match.group(1), match.group(2), text)
    if re.fullmatch(r"\d+[\d-]*", text):
        raise LocationError(f"{text!r} is not a ZIP code. {HELP}")
    return _city(text, geocoder=geocoder)


def _coordinates(latitude: str, longitude: str, label: str) -> Place:
    try:
        lat, lng = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise LocationError(f"Latitude and longitude must both be numbers. {HELP}") from None
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise LocationError(f"Latitude must be between -90 and 90 and longitude between -180 and 180. {HELP}")
    return Place(label, lat, lng)


def _zip(code: str) -> Place:
    entry = _zip_table().get(code)
    if entry is None:
        raise LocationError(
            f"We could not find the ZIP code {code}. Check it, or enter a city and state like Dayton, OH."
        )
    latitude, longitude, city, state = entry
    return Place(f"{city}, {state} {code}", latitude, longitude)


def _split_city_state(text: str) -> tuple[str, str]:
    """'Dayton, OH', 'Dayton OH', 'Dayton, Ohio', 'Kansas City Missouri' -> (city, state text)."""
    if "," in text:
        name, _, state_text = text.rpartition(",")
        return name, state_text
    words = text.split()
    for size in (2, 1):  # "New Mexico" before "Mexico"
        if len(words) > size and _state_code(" ".join(words[-size:])):
            return " ".join(words[:-size]), " ".join(words[-size:])
    return text, ""


def _city(text: str, *, geocoder) -> Place:
    name, state_text = _split_city_state(text)
    state = _state_code(state_text)
    if state_text.strip() and state is None:
        raise LocationError(f"We do not know the state {state_text.strip()!r}. {HELP}")
    states = _city_table().get(_city_key(name))
    if states and state in states:
        latitude, longitude, display = states[state]
        return Place(f"{display}, {state}", latitude, longitude)
    if states and state is None:
        if len(states) == 1:
            (state, (latitude, longitude, display)), *_ = states.items()
            return Place(f"{display}, {state}", latitude, longitude)
        choices = sorted(f"{display}, {code}" for code, (_, _, display) in states.items())
        raise LocationError(
            f"{choices[0].split(',')[0]} is the name of a city in {len(choices)} states. Which one did you mean?",
            [(choice, choice) for choice in choices],
        )
    if settings.GEOCODER:
        return _geocode(text, geocoder=geocoder)
    where = f" in {state}" if state else ""
    raise LocationError(f"We could not find a city called {name.strip()!r}{where}. {HELP}")


def _state_code(text: str) -> str | None:
    text = text.strip().upper().replace(".", "")
    if text in STATE_CODES:
        return text
    return STATE_NAMES.get(text)


def _geocode(text: str, *, geocoder) -> Place:
    from facilities import geocoding  # the network lives there; imported only when configured

    try:
        point = geocoding.geocode(text, geocoder=geocoder)
    except geocoding.GeocodingError:
        raise LocationError(f"We could not look up {text!r} just now. {HELP}") from None
    if point is None:
        raise LocationError(f"We could not find {text!r}. {HELP}")
    return Place(text, *point)


def bounding_box(
    latitude: float, longitude: float, miles: float
) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Latitude range and longitude ranges (two when the box crosses the 180th meridian) that hold every
    point within `miles` of the centre: the cheap, indexed prefilter before the exact distance."""
    degrees = math.degrees(miles / EARTH_RADIUS_MILES)
    south, north = max(latitude - degrees, -90.0), min(latitude + degrees, 90.0)
    widest = max(abs(south), abs(north))
    if widest >= 89.9:
        return (south, north), [(-180.0, 180.0)]
    spread = min(degrees / math.cos(math.radians(widest)), 180.0)
    west, east = longitude - spread, longitude + spread
    if west < -180:
        return (south, north), [(west + 360, 180.0), (-180.0, east)]
    if east > 180:
        return (south, north), [(west, 180.0), (-180.0, east - 360)]
    return (south, north), [(west, east)]


class GreatCircleMiles(Func):
    """The distance in miles from a point to each row's latitude and longitude, in SQL.

    The same formula as geopy's great_circle (a numerically stable form of the spherical law of
    cosines), with its Earth radius, so the site and an independent computation agree. Written as one
    SQL expression rather than a tree of some 30 Django functions: a search compiles it twice, and the
    tree took about a millisecond each time (BENCHMARKS.md).
    """

    output_field = FloatField()

    def __init__(self, latitude: float, longitude: float):
        super().__init__(F("latitude"), F("longitude"))
        self.point = (float(latitude), float(longitude))

    def as_sql(self, compiler, connection, **extra_context):
        latitude, longitude = (compiler.compile(column)[0] for column in self.get_source_expressions())
        return great_circle_sql(latitude, longitude, *self.point)


def great_circle_sql(latitude_column: str, longitude_column: str, latitude: float, longitude: float):
    """(sql, params): the distance in miles from the point to the rows' columns; the point's numbers as params."""
    lat1, lng1 = math.radians(latitude), math.radians(longitude)
    lat2, lng2 = f"RADIANS({latitude_column})", f"RADIANS({longitude_column})"
    delta = f"({lng2} - %s)"
    y = f"SQRT(POWER(COS({lat2}) * SIN({delta}), 2) + POWER(%s * SIN({lat2}) - %s * COS({lat2}) * COS({delta}), 2))"
    x = f"%s * SIN({lat2}) + %s * COS({lat2}) * COS({delta})"
    sin1, cos1 = math.sin(lat1), math.cos(lat1)
    return f"(%s * ATAN2({y}, {x}))", [EARTH_RADIUS_MILES, lng1, cos1, sin1, lng1, sin1, cos1, lng1]
