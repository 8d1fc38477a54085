"""One validated search, as the results page and the API run it: the Facility queryset's rules, chained."""

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects

from facilities.models import Facility, matching_programs
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
        """Published facilities meeting every condition but the place, each with its `matched_programs`."""
        facilities = Facility.objects.published() if facilities is None else facilities
        # source_values is what the national directory said: for imports, never shown.
        return self.meeting_conditions(facilities.defer("source_values")).with_matching_programs(self.programs)

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
        more than once (facilities.duplicates) once, as its first matching listing (see `same_place`)."""
        facilities = self.within_radius(Facility.objects.published())
        return self.matching(facilities).filter(self.first_of_its_place()).ordered(self.sort, self.place, self.programs)

    def rows(self, ids) -> list[Facility]:
        """The facilities with these ids (a page of `results`, nearest first), in that order, as `results` gives them
        (with their distance and matched programs) and with `also_here` (`same_place`): loaded by primary key (the
        conditions that found the ids are not run again), the other listings of their places when some share one,
        then the programs of all of them in one query: two queries, three with other listings."""
        facilities = Facility.objects.filter(pk__in=ids).defer("source_values")
        if self.place:
            facilities = facilities.with_distance(self.place)
        by_pk = {facility.pk: facility for facility in facilities}
        page = [by_pk[pk] for pk in ids if pk in by_pk]
        keys = {facility.place_key for facility in page if facility.place_shared} - {""}
        others = list(self.others_at(keys).exclude(pk__in=ids).defer("source_values").order_by("pk")) if keys else []
        prefetch_related_objects([*page, *others], matching_programs(self.programs))
        _place_together(page, others)
        return page

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

    def same_place(self, facilities) -> None:
        """Give each of the facilities (a page of results) that has not got it from `rows` `also_here`: the other
        listings of the same place that match, with their `matched_programs`. No query when no listing of the page
        shares its place with another (the stored `place_shared`); else one, and one more for their programs when some
        match."""
        facilities = [facility for facility in facilities if not hasattr(facility, "also_here")]
        keys = {facility.place_key for facility in facilities if facility.place_shared} - {""}
        if not keys:
            _place_together(facilities, [])
            return
        others = self.others_at(keys).defer("source_values").with_matching_programs(self.programs)
        _place_together(facilities, others.exclude(pk__in=[facility.pk for facility in facilities]).order_by("pk"))

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

    def nearest_beyond_radius(self, limit: int = 3) -> list[Facility]:
        """When nothing is within the radius: the closest matches farther out, nearest first.

        Their ids are found first (on PostgreSQL from the facilities_facility_lat_lng index alone), then
        only those facilities are loaded: a search that matches nothing anywhere scans the index, not the table.
        """
        if self.place is None:
            return []
        base = self.matching().filter(self.first_of_its_place(radius=False))
        order = ("distance", "name", "pk")
        for miles in (250, 1000, None):  # widening boxes keep the distance computation on few rows
            candidates = base.near(self.place, miles) if miles else base.with_distance(self.place)
            candidates = candidates.filter(distance__gt=self.miles).order_by(*order).prefetch_related(None)
            ids = list(candidates.values_list("pk", flat=True)[:limit])
            if len(ids) == limit:  # fewer: a nearer match may lie just outside this box's circle
                break
        if not ids:
            return []
        return list(base.with_distance(self.place).filter(pk__in=ids).order_by(*order))


def _place_together(facilities, others) -> None:
    """Give each facility the others at its place, as `also_here`."""
    by_place = defaultdict(list)
    for other in others:
        by_place[other.place_key].append(other)
    for facility in facilities:
        facility.also_here = by_place.get(facility.place_key, [])
