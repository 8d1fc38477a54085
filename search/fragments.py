"""What a search shows of each listing — its results card, its API result — made once and kept.

A listing's fragment is kept in the shared cache under a key of the code's release and the listings' data version
(both from facilities/data_version.py, so a write or a new release makes every fragment anew), today's date (a report
of availability expires at midnight), the listing, the search's program conditions (which decide the programs it
shows) and the other listings shown at its address. A page whose fragments are all kept loads no listing's text and
no program: its search's hits (search.query.Search.hits) and one round trip to the cache make it. FRAGMENT_CACHE=0
turns the keeping off; fragments are then made for every answer, the same way.

What belongs to one request is never kept. A card is rendered with holes for it (`{% hole %}`,
search/templatetags/fragments.py: the link back to the search, the distance, the compare ticks), filled for each
page; an API result is kept without its distance, added for each answer.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.defaultfilters import floatformat, urlencode
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from facilities import data_version
from facilities.views import map_points

HOLE = re.compile("\x00([a-z]+):([^\x00]*)\x00")


def hole(name: str, value="") -> str:
    """A part of a fragment left to fill for each request: NUL never occurs in a listing's or a vocabulary's text
    (PostgreSQL refuses it)."""
    return f"\x00{name}:{value}\x00"


def fill(fragment: str, **parts) -> str:
    """The fragment with each hole replaced by what `parts[name](value)` says belongs there in this request."""
    return HOLE.sub(lambda match: parts[match[1]](match[2]), fragment)


def add_cards(search, hits, search_query: str, ticked) -> None:
    """Give each of the search's hits (a page of results, or the nearest beyond the radius) its `card`, the HTML the
    results page shows for it, its map marker `point` (None without coordinates) and `program_pks`, the programs its
    card offers to compare."""
    query = f"?search={escape(urlencode(search_query, ''))}" if search_query else ""
    ticked = set(ticked)

    def make(missing):
        return [
            {"card": card, "point": next(iter(map_points([facility])), None), "program_pks": shown_programs(facility)}
            for facility, card in zip(missing, make_cards(missing), strict=True)
        ]

    made = kept(search, hits, "card", make)
    hits[:] = [hit for hit in hits if hit.pk in made]  # a listing deleted since the search found it: not shown
    for hit in hits:
        card = fill(
            made[hit.pk]["card"],
            search=lambda _: query,
            distance=lambda _, hit=hit: floatformat(hit.distance, 1),
            tick=lambda pk: " checked" if pk in ticked else "",
        )
        hit.card, hit.point, hit.program_pks = mark_safe(card), made[hit.pk]["point"], made[hit.pk]["program_pks"]


def kept(search, hits, kind: str, make) -> dict:
    """{pk: fragment} of the search's hits: kept ones from the cache in one round trip, the others made by
    `make(facilities)` from the hits' listings (search.query.Search.listings: a list, in their order), then kept;
    none for a listing deleted since its hit was found. `kind` names the fragment and everything it depends on beyond
    the listing and the search."""
    if not hits:
        return {}  # no read of the shared cache for nothing (the nearest beyond the radius, on most pages)
    version = data_version.current()
    prefix = fragment_prefix(search, kind, version)
    keys = {hit.pk: fragment_key(hit, prefix) for hit in hits}
    found = cache.get_many(list(keys.values())) if settings.FRAGMENT_CACHE else {}
    missing = [hit for hit in hits if keys[hit.pk] not in found]
    if missing:
        facilities = search.listings(missing)
        made = {keys[facility.pk]: value for facility, value in zip(facilities, make(facilities), strict=True)}
        found.update(made)
        # With a read replica, a fragment made just after a write may hold the rows from before it: shown, not kept.
        if settings.FRAGMENT_CACHE and data_version.age(version) >= settings.PAGE_CACHE_AFTER_WRITE_SECONDS:
            cache.set_many(made, settings.FRAGMENT_CACHE_SECONDS)
    return {pk: found[key] for pk, key in keys.items() if key in found}


def fragment_prefix(search, kind: str, version) -> str:
    """The code's release, the data version, today (availability reported expires at midnight), and what a fragment
    shows of a listing beyond its own rows: the kind of fragment, its language and which of its programs the search
    matches (all that the search's program conditions decide)."""
    shown = hashlib.sha256(repr((kind, get_language(), search.programs)).encode()).hexdigest()[:32]
    return f"listing:{data_version.release()}:{version}:{timezone.localdate():%Y%m%d}:{shown}"


def fragment_key(hit, prefix: str) -> str:
    """The prefix, the listing, whether it is shown with a distance, and the other listings of its place it shows."""
    others = ",".join(str(other.pk) for other in hit.also_here)
    return f"{prefix}:{hit.pk}:{'d' if hit.distance is not None else 'n'}:{others}"


def make_cards(facilities) -> list[str]:
    """The cards of these facilities with their holes, from four queries however many there are."""
    prefetch_related_objects(facilities, "matched_programs__therapies", "eligibility", "payment_options")
    prefetch_related_objects([other for facility in facilities for other in facility.also_here], "eligibility")
    return [render_to_string("includes/facility_card.html", {"facility": facility}) for facility in facilities]


def shown_programs(facility) -> list[int]:
    """The programs a facility's card shows, each with a compare tick: its own and those of the listings of its
    place."""
    return [program.pk for listing in [facility, *facility.also_here] for program in listing.matched_programs]
