"""Before and after the search's performance fixes, side by side on one database in one run.

    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.fixes --facilities 100000

Each fix can be switched off in this process, so the states below are measured in turns (before, after,
before, after, …) on the same data under the same conditions:

- before: the plain (latitude, longitude) index, Django's Paginator, and the nearest matches beyond the
  radius loaded whole at each widening step;
- indexes: the published-only covering location index and the name index (migration 0005);
- after: those, facilities.filters.SearchPaginator (one pass for the page's ids and the count) and
  FacilityFilter.nearest_beyond_radius finding ids first.

Freeing the zipcodes package's cache (facilities.geo) shows in garbage collection, measured at the end.

It describes the first round of fixes as they were made (BENCHMARKS.md, "What I changed"; that table was
measured at commit d900ae2). The second round's changes are in every state here; benchmarks.ab compares
whole revisions instead. It is not part of CI and may need adjusting if those parts of facilities change.
"""

import argparse
import gc
import os
import statistics
import sys
import time

from benchmarks.bench import paths, prepared
from benchmarks.database import DEFAULT_NAME, BenchDatabase, configure_django

STATES = ("before", "indexes", "after")
NEAREST = None  # FacilityFilter.nearest_beyond_radius as it is now, set in main()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fixes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--facilities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="timed requests per scenario, state and round")
    parser.add_argument("--rounds", type=int, default=2, help="turns through the states (default 2)")
    parser.add_argument("--scenarios", nargs="+")
    parser.add_argument("--db-name", default=DEFAULT_NAME)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    database = BenchDatabase(os.environ.get("DATABASE_URL", ""), args.db_name)
    configure_django(database)
    from benchmarks.scenarios import SCENARIOS
    from facilities.filters import FacilityFilter

    global NEAREST
    NEAREST = FacilityFilter.nearest_beyond_radius

    scenarios = [s for s in SCENARIOS if not args.scenarios or s.name in args.scenarios]
    with prepared(database, args.facilities, args):
        samples = {(state, s.name, kind): [] for state in STATES for s in scenarios for kind in ("page", "api")}
        queries = {}
        try:
            for _ in range(args.rounds):
                for state in STATES:
                    with switched(state):
                        for scenario in scenarios:
                            queries[(state, scenario.name)] = time_scenario(scenario, args.runs, samples, state)
        finally:
            set_indexes(new=True)  # a kept database is left as the migrations made it
        report(scenarios, samples, queries)
        garbage_collection()
    return 0


class switched:
    """Puts the code and the indexes in one of STATES for the duration."""

    def __init__(self, state: str):
        self.state = state

    def __enter__(self):
        from django.core.paginator import Paginator

        from facilities import api, views
        from facilities.filters import FacilityFilter, SearchPaginator

        set_indexes(new=self.state != "before")
        after = self.state == "after"
        views.SearchPaginator = api.SearchPaginator = SearchPaginator if after else Paginator
        FacilityFilter.nearest_beyond_radius = NEAREST if after else nearest_rows_at_each_step

    def __exit__(self, *exc):
        from facilities import api, views
        from facilities.filters import FacilityFilter, SearchPaginator

        views.SearchPaginator = api.SearchPaginator = SearchPaginator
        FacilityFilter.nearest_beyond_radius = NEAREST


def nearest_rows_at_each_step(self, limit: int = 3):
    """FacilityFilter.nearest_beyond_radius as it was: whole rows at each widening step."""
    place, data = self.place, self.form.cleaned_data
    if place is None:
        return []
    base = self.matching(self.queryset, data)
    for miles in (250, 1000):
        found = list(
            base.near(place.latitude, place.longitude, miles)
            .filter(distance__gt=self.radius_miles)
            .order_by("distance", "name", "pk")[:limit]
        )
        if len(found) == limit:
            return found
    return list(
        base.with_distance(place.latitude, place.longitude)
        .filter(distance__gt=self.radius_miles)
        .order_by("distance", "name", "pk")[:limit]
    )


def set_indexes(*, new: bool):
    """The location and name indexes of migration 0005 (new) or the plain one they replaced."""
    from django.db import connection, models

    from facilities.models import Facility

    old = [models.Index(fields=["latitude", "longitude"], name="facilities_facility_lat_lng")]
    names = ("facilities_facility_lat_lng", "facilities_facility_name")
    current = [index for index in Facility._meta.indexes if index.name in names]
    wanted, unwanted = (current, old) if new else (old, current)
    with connection.cursor() as cursor:
        existing = connection.introspection.get_constraints(cursor, Facility._meta.db_table)
    with connection.schema_editor() as editor:
        for index in unwanted:
            if index.name in existing:
                editor.remove_index(Facility, index)
        for index in wanted:
            if index.name in existing:
                editor.remove_index(Facility, index)
            editor.add_index(Facility, index)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE facilities_facility")


def time_scenario(scenario, runs: int, samples: dict, state: str) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counted = {}
    for kind, path in zip(("page", "api"), paths(scenario), strict=True):
        for _ in range(3):
            client.get(path)
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            samples[(state, scenario.name, kind)].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{state} {scenario.name} {kind}: HTTP {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        counted[kind] = len(captured.captured_queries)
    return counted


def report(scenarios, samples, queries):
    print("\nMedian milliseconds (queries), page | API, in the states of STATES")
    header = f"{'scenario':<28}" + "".join(f"{state:>22}" for state in STATES)
    print(header)
    print("-" * len(header))
    for kind in ("page", "api"):
        for s in scenarios:
            cells = [
                f"{statistics.median(samples[(state, s.name, kind)]):>8.1f} ({queries[(state, s.name)][kind]})"
                for state in STATES
            ]
            print(f"{s.name + ' ' + kind:<28}" + "".join(f"{cell:>22}" for cell in cells))


def garbage_collection():
    """How long a full collection stalls a request with and without the zipcodes package's cache."""
    import zipcodes

    from facilities import geo

    geo._zip_table()
    geo._city_table()

    def full_collection():
        started = time.perf_counter()
        gc.collect()
        return (time.perf_counter() - started) * 1000

    freed = min(full_collection() for _ in range(3))
    zipcodes.list_all()  # the package caches its entries again, as it did before facilities.geo freed them
    kept = min(full_collection() for _ in range(3))
    zipcodes._zips_cache = None
    print(f"\nA full garbage collection: {kept:.0f} ms with the zipcodes cache kept, {freed:.0f} ms with it freed")


if __name__ == "__main__":
    sys.exit(main())
