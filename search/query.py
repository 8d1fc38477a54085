"""One validated search, as the results page and the API run it: the Facility queryset's rules, chained."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from facilities.models import Facility
from programs.models import Program, ProgramCriteria


@dataclass(frozen=True)
class Search:
    place: object = None  # a geo.places.Place, or None for a search without a place
    miles: int = 25
    programs: ProgramCriteria = field(default_factory=ProgramCriteria)  # must all hold for one program
    co_occurring: bool = False
    name: str = ""  # the facility's name contains it
    lists: dict = field(default_factory=dict)  # Facility list field -> slugs, any of
    sort: str = "distance"

    def matching(self, facilities=None):
        """Published facilities meeting every condition but the place."""
        facilities = Facility.objects.published() if facilities is None else facilities
        # source_values is what the national directory said: for imports, never shown.
        return self.meeting_conditions(facilities.defer("source_values"))

    def meeting_conditions(self, facilities):
        """Those of the facilities that meet every condition but the place (and, with HIDE_UNVERIFIED_AFTER_MONTHS,
        were verified within that many months)."""
        if settings.HIDE_UNVERIFIED_AFTER_MONTHS:
            facilities = facilities.verified_within_months(settings.HIDE_UNVERIFIED_AFTER_MONTHS)
        if self.co_occurring:
            facilities = facilities.treating_co_occurring()
        if self.name:
            facilities = facilities.named_like(self.name)
        for field_name, slugs in self.lists.items():
            if slugs:
                facilities = facilities.with_any(field_name, slugs)
        return facilities.offering(self.programs)

    def within_radius(self, facilities):
        # The radius first: SQLite tests the conditions in the order written, the cheap box before EXISTS.
        return facilities.near(self.place, self.miles) if self.place else facilities

    def results(self):
        """The matches within the radius (every match without a place), in the order asked for; a place listed
        more than once (facilities.duplicates) once, as its first matching listing (see `hits`)."""
        facilities = self.within_radius(Facility.objects.published())
        return self.matching(facilities).filter(self.first_of_its_place()).ordered(self.sort, self.place, self.programs)

    def hits(self, found) -> list[Hit]:
        """A page of `results` (`found`: the matches, ordered and sliced) as the page needs them before their kept
        fragments (search/fragments.py): each listing's id, distance and place, with the other listings of its place
        that match (`also_here`). One query from the search indexes, and one more when some listing of the page
        shares its place with another (the stored `place_shared`). No listing's text, no program: `listings` loads
        those for the fragments not kept."""
        names = [
            "pk",
            "place_key",
            "place_shared",
            *(name for name in HIT_ANNOTATIONS if name in found.query.annotations),
        ]
        hits = [Hit(**row) for row in found.values(*names)]
        keys = {hit.place_key for hit in hits if hit.place_shared} - {""}
        if keys:
            others = self.others_at(keys).exclude(pk__in=[hit.pk for hit in hits]).order_by("pk")
            _place_together(hits, [Hit(**row) for row in others.values("pk", "place_key")])
        return hits

    def listings(self, hits) -> list[Facility]:
        """The facilities of these hits, in their order, as a results card or an API result shows them: with their
        distance, the programs of theirs that match (`matched_programs`) and the listings of `also_here`, loaded.
        Two queries however many there are. A listing deleted since its hit was found is left out."""
        others = [other for hit in hits for other in hit.also_here]
        loaded = Facility.objects.filter(pk__in=[hit.pk for hit in [*hits, *others]]).defer("source_values")
        by_pk = {facility.pk: facility for facility in loaded.order_by().with_matching_programs(self.programs)}
        facilities = []
        for hit in hits:
            if facility := by_pk.get(hit.pk):
                facility.distance = hit.distance
                facility.also_here = [by_pk[other.pk] for other in hit.also_here if other.pk in by_pk]
                facilities.append(facility)
        return facilities

    def first_of_its_place(self, radius: bool = True):
        """The condition that no matching listing of the same place (facilities.duplicates) comes first, by id;
        within the radius unless `radius` is False."""
        within = radius and self.place is not None
        if not self.has_conditions() and not within:
            return Q(listed_first=True)  # every published listing matches: the first of each place is shown
        earlier = (
            Facility.objects.published()
            .filter(place_key=OuterRef("place_key"), pk__lt=OuterRef("pk"))
            .exclude(place_key="")  # a key not yet computed is no place
        )
        if within:
            earlier = self.within_radius(earlier)
        # Most listings are their place's first (stored, read from the search indexes): no subquery runs for them.
        return Q(listed_first=True) | ~Exists(self.meeting_conditions(earlier))

    def has_conditions(self) -> bool:
        """Whether the search asks more of a facility than being published (and near the place)."""
        return bool(self.co_occurring or self.name or any(self.lists.values()) or self.programs)

    def others_at(self, place_keys):
        """The published listings within the radius that meet every condition, at these places."""
        nearby = self.within_radius(Facility.objects.published())
        return self.meeting_conditions(nearby).filter(place_key__in=place_keys)

    def left_out_for_unreported_hours(self) -> int:
        """How many more facilities the same search lists with include_unreported: those left out only because
        their programs have not reported the hours or days asked about. One query; none without such a filter."""
        criteria = self.programs
        asks = criteria.hours_min is not None or criteria.hours_max is not None or criteria.days_max
        if not asks or criteria.include_unreported:
            return 0
        wider = replace(self, programs=replace(criteria, include_unreported=True))
        meeting_this_search = Program.objects.meeting(criteria).filter(facility=OuterRef("pk"))
        return wider.results().filter(~Exists(meeting_this_search)).count()

    def nearest_beyond_radius(self, limit: int = 3) -> list[Hit]:
        """When nothing is within the radius: the closest matches farther out, nearest first.

        Their ids are found on PostgreSQL from the facilities_facility_lat_lng index alone: a search that matches
        nothing anywhere scans the index, not the table. They are shown without the other listings of their place.
        """
        if self.place is None:
            return []
        base = self.matching().filter(self.first_of_its_place(radius=False))
        order = ("distance", "name", "pk")
        for miles in (250, 1000, None):  # widening boxes keep the distance computation on few rows
            candidates = base.near(self.place, miles) if miles else base.with_distance(self.place)
            candidates = candidates.filter(distance__gt=self.miles).order_by(*order)
            hits = [Hit(**row) for row in candidates.values("pk", "place_key", "distance")[:limit]]
            if len(hits) == limit:  # fewer: a nearer match may lie just outside this box's circle
                break
        return hits


@dataclass
class Hit:
    """A listing a search found, as its page knows it before the listing's fragments: no text of its own."""

    pk: int
    place_key: str
    place_shared: bool = False  # some other listing has the same place_key (Facility.place_shared)
    distance: float | None = None  # miles from the search's place; None without one
    search_total: int | None = None  # how many the search found, when the page's query counted them
    also_here: list[Hit] = field(default_factory=list)  # the other listings of its place that match


# What a page of results may have computed for each listing besides its columns (search.paginator.SearchPaginator).
HIT_ANNOTATIONS = ("distance", "search_total")


def _place_together(hits, others) -> None:
    """Give each hit the others at its place, as `also_here`."""
    by_place = defaultdict(list)
    for other in others:
        by_place[other.place_key].append(other)
    for hit in hits:
        hit.also_here = by_place.get(hit.place_key, [])
