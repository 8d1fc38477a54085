"""Where a person is searching from: ZIP codes, "City, ST" (or a state's name), addresses ending in either, and
coordinates, resolved offline.

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
from django.utils.translation import gettext, gettext_noop

from geo.states import US_STATES

MAX_LOCATION_LENGTH = 100
LATITUDES = (-90, 90)  # the ranges of a coordinate, here and on a Facility
LONGITUDES = (-180, 180)
HELP = gettext_noop("Enter a 5-digit ZIP code, or a city and state like Dayton, OH.")  # gettext(HELP) in a message
ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$")
LAT_LNG = re.compile(r"^(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$")
COUNTRY = re.compile(r"[\s,]+(?:U\.?S\.?(?:A\.?)?|United States(?: of America)?)$", re.IGNORECASE)
ENDS = " ,.;:!?"  # punctuation a person may leave around a place, dropped
ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "FT": "FORT", "MT": "MOUNT"}  # in city names, either way
STATE_CODES = {code for code, _ in US_STATES}
STATE_NAMES = {" ".join(name.upper().replace(".", "").split()): code for code, name in US_STATES}


@dataclass(frozen=True)
class Place:
    label: str  # what the page says was searched: "Atlanta, GA 30301"
    latitude: float
    longitude: float
    from_lat_lng: bool = False  # given as the lat and lng parameters (the browser's location), not typed


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
    """One spelling of a city's name: "St. Louis", "ST LOUIS" and "Saint Louis" are one key, as are "Ft"/"Fort",
    "Mt"/"Mount" and "Winston-Salem"/"Winston Salem"."""
    words = re.sub(r"[.']", "", name.upper()).replace("-", " ").split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


@cache
def _longest_city_name() -> int:
    """The most words in a city's name (5 in the 2023 tables): how far back an address is searched for one."""
    return max(len(key.split()) for key in _city_table())


def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """The ZIP's centre point (approximate: a ZIP can span miles), or None for an unknown ZIP."""
    entry = _zip_table().get((zip_code or "").strip()[:5])
    return (entry[0], entry[1]) if entry else None


def resolve(location: str = "", latitude: str = "", longitude: str = "") -> Place:
    """The place a search is centred on, or a LocationError with a message for the person.

    Typed text wins over lat/lng (a browser's location from an earlier search may still be in the form). The text
    may be a ZIP or ZIP+4, "City, ST", "City State", or a street address ending in either: a ZIP at the end wins.
    """
    text = " ".join((location or "").split())
    if not text and (latitude or longitude):
        return _coordinates(latitude, longitude, gettext("your location"), separate=True)
    if not text:
        raise LocationError(gettext(HELP))
    if len(text) > MAX_LOCATION_LENGTH:
        raise LocationError(_with_help(gettext("That is too long for a place.")))
    text = COUNTRY.sub("", text.strip(ENDS)).strip(ENDS)
    if not text:
        raise LocationError(gettext(HELP))
    if match := LAT_LNG.match(text):
        return _coordinates(match.group(1), match.group(2), text)
    last_word = re.split(r"[ ,]", text)[-1]
    if match := ZIP.match(last_word):
        return _zip(match.group(1), before=text[: -len(last_word)].strip(ENDS))
    if re.fullmatch(r"\d+[\d-]*", text):
        raise LocationError(_with_help(gettext("%(text)s is not a ZIP code.") % {"text": repr(text)}))
    return _city(text)


def _coordinates(latitude: str, longitude: str, label: str, *, separate: bool = False) -> Place:
    """A point from two numbers; `separate`: they came as two values (lat, lng), so an error says which."""
    not_numbers = _with_help(gettext("Latitude and longitude must both be numbers."))
    out_of_range = _with_help(
        gettext("Latitude must be between %(south)s and %(north)s and longitude between %(west)s and %(east)s.")
        % {"south": LATITUDES[0], "north": LATITUDES[1], "west": LONGITUDES[0], "east": LONGITUDES[1]}
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
    return Place(label, numbers["latitude"], numbers["longitude"], from_lat_lng=separate)


def _within(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _zip(code: str, before: str = "") -> Place:
    """The ZIP's place; `before`: the text ahead of it ("Dayton, OH"), searched instead when the ZIP is unknown.

    A ZIP wins over the city and state before it, even when they disagree: the label names the ZIP's city.
    """
    entry = _zip_table().get(code)
    if entry is None:
        if before:
            try:
                return _city(before)
            except LocationError:
                pass
        raise LocationError(
            gettext("We could not find the ZIP code %(code)s. Check it, or enter a city and state like Dayton, OH.")
            % {"code": code}
        )
    latitude, longitude, city, state = entry
    return Place(f"{city}, {state} {code}", latitude, longitude)


def _city(text: str) -> Place:
    """'Dayton, OH', 'Dayton OH', 'dayton ohio', '100 N Main St, Dayton, OH', 'Springfield' (which one?)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    last, before = parts[-1], parts[-2] if len(parts) > 1 else ""
    if before and (state := _state_code(last)):
        return _city_in(before, state)
    if not before and (state := _state_code(last)):
        return _state_alone(last, state)
    not_in_state = None
    words = last.split()
    for size in (3, 2, 1):  # "District of Columbia", "New Mexico" before "Mexico"
        if len(words) > size and (state := _state_code(" ".join(words[-size:]))):
            try:
                return _city_in(" ".join(words[:-size]), state)
            except LocationError as error:
                not_in_state = not_in_state or error
    if place := _city_anywhere(last):  # "Mount Washington" is in Kentucky
        return place
    if not_in_state:
        raise not_in_state
    if before:
        raise LocationError(_with_help(gettext("We do not know the state %(state)s.") % {"state": repr(last)}))
    raise LocationError(_with_help(gettext("We could not find a city called %(city)s.") % {"city": repr(last)}))


def _city_in(name: str, state: str) -> Place:
    """The city `name` ends with in `state`: the longest run of its last words that is one ("100 N Main St Dayton")."""
    words, table = name.split(), _city_table()
    for size in range(min(len(words), _longest_city_name()), 0, -1):
        states = table.get(_city_key(" ".join(words[-size:])), {})
        if state in states:
            latitude, longitude, display = states[state]
            return Place(f"{display}, {state}", latitude, longitude)
    elsewhere = _choices(table.get(_city_key(name), {}))
    message = gettext("We could not find a city called %(city)s in %(state)s.") % {"city": repr(name), "state": state}
    raise LocationError(_with_help(message), elsewhere)


def _city_anywhere(name: str) -> Place | None:
    """The city of that name if one state has it, None if none does; a LocationError offering each if several do."""
    states = _city_table().get(_city_key(name), {})
    if len(states) == 1:
        (state, (latitude, longitude, display)), *_ = states.items()
        return Place(f"{display}, {state}", latitude, longitude)
    if states:
        choices = _choices(states)
        message = gettext("%(city)s is the name of a city in %(count)d states. Which one did you mean?")
        raise LocationError(message % {"city": choices[0][0].split(",")[0], "count": len(choices)}, choices)
    return None


def _state_alone(text: str, state: str) -> Place:
    """'New York' is a city in its state; 'Ohio' (a village in Illinois) is taken as the state, too wide to search."""
    states = _city_table().get(_city_key(text), {})
    if state in states:
        latitude, longitude, display = states[state]
        return Place(f"{display}, {state}", latitude, longitude)
    cities = _choices(states)
    message = gettext("%(state)s is a state: enter a city and state, like Dayton, OH, or a 5-digit ZIP code.") % {
        "state": repr(text)
    }
    if cities:
        also = gettext("Or did you mean a city of that name?")
        message = f"{message} {also}"
    raise LocationError(message, cities)


def _with_help(message: str) -> str:
    """The message, then what to type instead."""
    return f"{message} {gettext(HELP)}"


def _choices(states: dict[str, tuple[float, float, str]]) -> list[tuple[str, str]]:
    """(label, location to search) for "did you mean": a city's name in each state that has it."""
    labels = sorted(f"{display}, {code}" for code, (_, _, display) in states.items())
    return [(label, label) for label in labels]


def _state_code(text: str) -> str | None:
    text = " ".join(text.upper().replace(".", "").split())
    if text in STATE_CODES:
        return text
    return STATE_NAMES.get(text)
