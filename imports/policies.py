"""How an import's policy matches listings to facilities and decides who wins a difference.

- `FollowSource` (the national directory): facilities by (source, source_id). Each keeps, in
  `source_values`, what the source said last time; a value follows the source only while the stored
  value still equals that (nobody changed it since). A value a curator changed is kept and reported
  as a conflict whenever the source says otherwise.
- `Overwrite` (IOP Finder's CSV): facilities by slug; the file wins every field, list and program in it.
"""

from decimal import Decimal

from facilities.models import Facility
from imports.records import Listing, ProgramListing
from programs.models import Program

NOT_TRACKED = object()  # no earlier value from the source: the current value is the curator's
SOURCE_WINS = object()  # the policy lets the listing overwrite whatever is stored
# The source's last word has no entry for the value: a field or list the mapping has added since. Nobody has set
# it while it is empty.
ADDED_SINCE = object()
EMPTY = (None, "", [])


class ListingError(Exception):
    """The listings as a whole cannot be written; nothing is."""


def jsonable(value):
    """The form a value is stored and compared in: JSON-safe and stable across databases."""
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return round(value, 7)
    if isinstance(value, str):
        return str(value)  # a TextChoices member compares and prints as its plain value
    return value


def merge(base, current, new) -> tuple[object, bool]:
    """Three-way merge of one value: (value to keep, whether it is a conflict)."""
    if current == new:
        return current, False
    if base is ADDED_SINCE:
        return (new, False) if current in EMPTY else (current, True)
    if base is SOURCE_WINS or (base is not NOT_TRACKED and current == base):
        return new, False  # the policy says so, or nobody touched it since the last import
    return current, True


def listing_base(listing: Listing) -> dict:
    """What the source says of a facility, as `source_values` keeps it; programs are added by the caller."""
    return {
        "fields": {name: jsonable(value) for name, value in listing.fields.items()},
        "vocabularies": dict(listing.vocabularies),
        "programs": {},
    }


def program_base(pk: int, listing: ProgramListing) -> dict:
    """What the source says of one of a facility's programs, as `source_values` keeps it."""
    return {
        "pk": pk,
        "fields": {name: jsonable(value) for name, value in listing.fields.items()},
        "therapies": list(listing.therapies),
    }


class FollowSource:
    """Follow the source unless a curator changed it: the national directory."""

    tracks_source = True

    def __init__(self, source: str):
        self.source = source

    def scope(self, listings: list[Listing]):
        return Facility.objects.filter(source=self.source).exclude(source_id="")

    def key(self, facility: Facility) -> str:
        return facility.source_id

    def check(self, listings: list[Listing]):
        pass  # keys come from the source itself and are unique within it

    def new_facilities(self, listings: list[Listing]) -> list[Facility]:
        taken = set(Facility.objects.values_list("slug", flat=True))
        facilities = []
        for listing in listings:
            facility = Facility(source=self.source, source_id=listing.key, **listing.defaults, **listing.fields)
            facility.slug = facility.unique_slug(taken=taken)
            facility.place_key = facility.same_place_key()
            facility.source_values = listing_base(listing)  # its programs are added once they exist
            facilities.append(facility)
        return facilities

    def pair_programs(self, listing: Listing, programs: list[Program], tracked: dict) -> list[tuple]:
        """By type: the program this source made (in `tracked`), else a curator's own program of that type.

        Returns (program listing, program or None, what the source said of it or None) triples.
        """
        by_pk = {program.pk: program for program in programs}
        tracked_pks = {known["pk"] for known in tracked.values() if known}
        own = [program for program in programs if program.pk not in tracked_pks]
        pairs = []
        for item in listing.programs:
            known = tracked.get(item.type)
            if known:
                pairs.append((item, by_pk.get(known["pk"]), known))
                continue
            program = next((p for p in own if p.type == item.type), None)
            if program is not None:
                own.remove(program)
            pairs.append((item, program, None if program is None else {}))  # {}: every value is the curator's
        return pairs


class Overwrite:
    """The listing wins, keyed by slug: IOP Finder's CSV. New facilities keep the slug the file gives."""

    tracks_source = False

    def scope(self, listings: list[Listing]):
        return Facility.objects.filter(slug__in=[listing.key for listing in listings]).defer("source_values")

    def key(self, facility: Facility) -> str:
        return facility.slug

    def check(self, listings: list[Listing]):
        """A source record belongs to one facility: the database's unique constraint, as a message."""
        keyed = [listing for listing in listings if listing.fields.get("source_id")]
        if not keyed:
            return
        owners = {
            (source, source_id): slug
            for source, source_id, slug in Facility.objects.exclude(source_id="").values_list(
                "source", "source_id", "slug"
            )
        }
        for listing in keyed:
            source_key = (listing.fields["source"], listing.fields["source_id"])
            owner = owners.setdefault(source_key, listing.key)
            if owner != listing.key:
                raise ListingError(f"{listing.key}: source record {'/'.join(source_key)} already belongs to {owner}.")

    def new_facilities(self, listings: list[Listing]) -> list[Facility]:
        facilities = [Facility(**listing.defaults, **listing.fields) for listing in listings]
        for facility in facilities:
            facility.place_key = facility.same_place_key()
        return facilities

    def pair_programs(self, listing: Listing, programs: list[Program], tracked: None) -> list[tuple]:
        """By type and name, in file order; a program only the listing has is new."""
        unmatched = list(programs)
        pairs = []
        for item in listing.programs:
            program = next((p for p in unmatched if (p.type, p.name) == (item.type, item.fields["name"])), None)
            if program is not None:
                unmatched.remove(program)
            pairs.append((item, program, None))
        return pairs
