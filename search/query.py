"""One validated search, as the results page and the API run it: the Facility queryset's rules, chained."""

from dataclasses import dataclass, field

from facilities.models import Facility
from programs.models import ProgramCriteria


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
        facilities = facilities.defer("source_values")
        if self.co_occurring:
            facilities = facilities.treating_co_occurring()
        if self.name:
            facilities = facilities.named_like(self.name)
        for field_name, slugs in self.lists.items():
            if slugs:
                facilities = facilities.with_any(field_name, slugs)
        return facilities.offering(self.programs).with_matching_programs(self.programs)

    def results(self):
        """The matches within the radius (every match without a place), in the order asked for."""
        facilities = Facility.objects.published()
        if self.place:
            # The radius first: SQLite tests the conditions in the order written, the cheap box before EXISTS.
            facilities = facilities.near(self.place, self.miles)
        return self.matching(facilities).ordered(self.sort, self.place, self.programs)

    def nearest_beyond_radius(self, limit: int = 3) -> list[Facility]:
        """When nothing is within the radius: the closest matches farther out, nearest first.

        Their ids are found first (on PostgreSQL from the facilities_facility_lat_lng index alone), then
        only those facilities are loaded: a search that matches nothing anywhere scans the index, not the table.
        """
        if self.place is None:
            return []
        base = self.matching()
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
