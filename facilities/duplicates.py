"""When two listings are the same place: the same normalised name, street and 5-digit ZIP.

Each facility stores its key (Facility.place_key, kept up to date on save and by the importer). The search
shows one place once, with the programs of every listing there (search.query.Search); the admin shows
curators the facilities that look alike, whatever their source.
"""

import re

from django.db.models import Count, QuerySet


def normalise(text: str) -> str:
    """Upper case, punctuation dropped, spaces collapsed: 'St. Mary's  Center' -> 'ST MARYS CENTER'."""
    return " ".join(re.sub(r"[^A-Z0-9 ]", "", text.upper().replace("&", " AND ")).split())


def place_key(name: str, street: str, zip_code: str) -> str:
    """What makes two listings the same place, as Facility.place_key stores it."""
    return "|".join((normalise(name), normalise(street), zip_code[:5]))


def possible_duplicate_ids(facilities: QuerySet) -> set[int]:
    """The ids of those of `facilities` that share their place with another of them, in one query."""
    shared = facilities.values("place_key").annotate(listings=Count("pk")).filter(listings__gt=1).values("place_key")
    return set(facilities.filter(place_key__in=shared).values_list("pk", flat=True))


def duplicates_of(facility) -> QuerySet:
    """The other facilities at the same place as `facility`, any source, published or not."""
    return type(facility).objects.filter(place_key=facility.place_key).exclude(pk=facility.pk).order_by("name", "pk")
