"""What a search shows of each listing — its results card, its API result — made once and kept.

A listing's fragment is kept in the shared cache under a key of the code's release and the listings' data version
(both from facilities/data_version.py, so a write or a new release makes every fragment anew), today's date (a report
of availability expires at midnight), the listing, the programs the search matched and the other listings shown at its
address. A page whose fragments are kept reads them in one round trip and loads none of their therapies, who each
place serves or payment. FRAGMENT_CACHE=0 turns the keeping off; fragments are then made for every answer, the same
way.

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

from facilities import data_version

HOLE = re.compile("\x00([a-z]+):([^\x00]*)\x00")


def hole(name: str, value="") -> str:
    """A part of a fragment left to fill for each request: NUL never occurs in a listing's or a vocabulary's text
    (PostgreSQL refuses it)."""
    return f"\x00{name}:{value}\x00"


def fill(fragment: str, **parts) -> str:
    """The fragment with each hole replaced by what `parts[name](value)` says belongs there in this request."""
    return HOLE.sub(lambda match: parts[match[1]](match[2]), fragment)


def add_cards(facilities, search_query: str, ticked) -> None:
    """Give each of the facilities (a page of results, or the nearest beyond the radius), with their
    `matched_programs` and `also_here`, its `card`: the HTML the results page shows for it."""
    search = f"?search={escape(urlencode(search_query, ''))}" if search_query else ""
    ticked = set(ticked)
    cards = kept(facilities, "card", make_cards)
    for facility in facilities:
        card = fill(
            cards[facility.pk],
            search=lambda _: search,
            distance=lambda _, facility=facility: floatformat(facility.distance, 1),
            tick=lambda pk: " checked" if pk in ticked else "",
        )
        facility.card = mark_safe(card)


def kept(facilities, kind: str, make) -> dict:
    """{pk: fragment} of the facilities: kept ones from the cache in one round trip, the others from `make(missing)`
    (a list, in their order), then kept. `kind` names the fragment and everything else it depends on."""
    facilities = list(facilities)
    version = data_version.current()
    prefix = f"listing:{data_version.release()}:{version}:{timezone.localdate():%Y%m%d}"
    keys = {facility.pk: fragment_key(facility, kind, prefix) for facility in facilities}
    found = cache.get_many(list(keys.values())) if settings.FRAGMENT_CACHE else {}
    missing = [facility for facility in facilities if keys[facility.pk] not in found]
    if missing:
        made = {keys[facility.pk]: value for facility, value in zip(missing, make(missing), strict=True)}
        found.update(made)
        # With a read replica, a fragment made just after a write may hold the rows from before it: shown, not kept.
        if settings.FRAGMENT_CACHE and data_version.age(version) >= settings.PAGE_CACHE_AFTER_WRITE_SECONDS:
            cache.set_many(made, settings.FRAGMENT_CACHE_SECONDS)
    return {pk: found[key] for pk, key in keys.items()}


def fragment_key(facility, kind: str, prefix: str) -> str:
    """`prefix` (the release, data version and day) and what a fragment shows beyond the listing's own rows: which
    programs matched, which other listings of its place, and whether the search has a place (a distance)."""
    others = [(other.pk, [program.pk for program in other.matched_programs]) for other in also_here(facility)]
    shown = (kind, facility.pk, [program.pk for program in facility.matched_programs], others, has_distance(facility))
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


def make_cards(facilities) -> list[str]:
    """The cards of these facilities with their holes, from four queries however many there are."""
    prefetch_related_objects(facilities, "matched_programs__therapies", "eligibility", "payment_options")
    prefetch_related_objects([other for facility in facilities for other in also_here(facility)], "eligibility")
    return [render_to_string("includes/facility_card.html", {"facility": facility}) for facility in facilities]


def also_here(facility) -> list:
    return getattr(facility, "also_here", [])  # the nearest beyond the radius are shown without them


def has_distance(facility) -> bool:
    return getattr(facility, "distance", None) is not None
