"""Where a person is searching from: ZIP codes, "City, ST" and coordinates, resolved offline.

ZIP and city coordinates come from the zipcodes package (GeoNames, CC BY 4.0). Nothing here touches the
network: text that is none of those is answered with a message, never sent to a geocoder, because a page
request must not wait on (or tell) an outside service what a person searched for.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import zipcodes

from geo.states import US_STATES

MAX_LOCATION_LENGTH = 100
LATITUDES = (-90, 90)  # the ranges of a coordinate, here and on a Facility
LONGITUDES = (-180, 180)
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
    about: str = "location"  # what was wrong: "location" (the text), "latitude" or "longitude"

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


def resolve(location: str = "", latitude: str = "", longitude: str = "") -> Place:
    """The place a search is centred on, or a LocationError with a message for the person.

    Typed text wins over lat/lng (a browser's location from an earlier search may still be in the form).
    """
    text = " ".join((location or "").split())
    if not text and (latitude or longitude):
        return _coordinates(latitude, longitude, "your location", separate=True)
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
    return _city(text)


def _coordinates(latitude: str, longitude: str, label: str, *, separate: bool = False) -> Place:
    """A point from two numbers; `separate`: they came as two values (lat, lng), so an error says which."""
    not_numbers = f"Latitude and longitude must both be numbers. {HELP}"
    out_of_range = (
        f"Latitude must be between {LATITUDES[0]} and {LATITUDES[1]} and longitude between {LONGITUDES[0]} and "
        f"{LONGITUDES[1]}. {HELP}"
    )
    ends = (("latitude", latitude, LATITUDES), ("longitude", longitude, LONGITUDES))
    numbers = {}
    for name, text, _ in ends:
        try:
            numbers[name] = float(text)
        except (TypeError, ValueError):
            raise LocationError(not_numbers, about=name if separate else "location") from None
    for name, _, bounds in ends:
        if not (math.isfinite(numbers[name]) and _within(numbers[name], bounds)):
            raise LocationError(out_of_range, about=name if separate else "location")
    return Place(label, numbers["latitude"], numbers["longitude"])


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


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


def _city(text: str) -> Place:
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
    where = f" in {state}" if state else ""
    raise LocationError(f"We could not find a city called {name.strip()!r}{where}. {HELP}")


def _state_code(text: str) -> str | None:
    text = text.strip().upper().replace(".", "")
    if text in STATE_CODES:
        return text
    return STATE_NAMES.get(text)
