"""The search at national scale: page, API and the raw-SQL floor, then gunicorn under load.

    make bench                                   # 100,000 facilities; PostgreSQL when DATABASE_URL says so
    make bench BENCH_ARGS="--facilities 10000 100000 1000000 --naive"
    .venv/bin/python -m benchmarks.bench --help

Builds a synthetic directory in a database of its own (benchmarks/database.py), times every scenario
(benchmarks/scenarios.py) through Django's test client with DEBUG off, checks each answer against the
floor, prints a table and writes it as JSON. See BENCHMARKS.md for the results and how to read them.
"""

import argparse
import cProfile
import importlib.util
import json
import os
import platform
import pstats
import shutil
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.database import DATA_DIR, DEFAULT_NAME, BenchDatabase, configure_django

HERE = Path(__file__).resolve().parent
NAIVE_FACILITIES = 10_000
# Issue 16's must-holds at 100,000 facilities on PostgreSQL: the radius searches at 10 and 25 miles with the page
# cache off, a page served by it, and the load test's mix with it on (after a warm pass) and off.
TARGETS = {
    "scenarios": ("zip-10mi", "zip-25mi"),
    "page_median": 8.0,
    "page_floor": 3.0,
    "api_median": 4.0,
    "queries": 4,
    "cached_median": 1.5,
    "load_rps_cached": 1000,
    "load_rps_cold": 250,
}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--facilities", type=int, nargs="+", default=[100_000], help="directory sizes, in turn")
    parser.add_argument("--runs", type=int, default=60, help="timed requests per scenario and kind (default 60)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first (default 10)")
    parser.add_argument("--scenarios", nargs="+", help="only these scenarios (default: all; with --smoke: a few)")
    parser.add_argument(
        "--naive", action="store_true", help=f"add the load-everything geopy baseline at {NAIVE_FACILITIES:,}"
    )
    parser.add_argument("--load-seconds", type=int, default=60, help="load test length; 0 skips it (default 60)")
    parser.add_argument(
        "--load-configs",
        nargs="+",
        default=["sync:2"],
        help="gunicorn set-ups to load-test, e.g. sync:2 sync:3 gthread:2x4 gthread:2x4/close; +cache: the page cache "
        "on, after a warm pass; 2*sync:1+cache: two app servers sharing PostgreSQL and Redis (default sync:2)",
    )
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections of the load test")
    parser.add_argument("--profile", metavar="SCENARIO", help="print a cProfile of the page for one scenario and stop")
    parser.add_argument("--phases", metavar="SCENARIO", help="time the parts of one scenario's request and stop")
    parser.add_argument("--smoke", action="store_true", help="a small run for CI: a few scenarios; any error fails")
    parser.add_argument("--json", type=Path, help="where to write the results (default benchmarks/results-<db>.json)")
    parser.add_argument(
        "--db-name", default=DEFAULT_NAME, help=f"the database (or file) to create (default {DEFAULT_NAME})"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (and reuse it if its size fits)"
    )
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    from benchmarks.loadtest import parse_config

    for config in args.load_configs:
        parse_config(config)  # a mistyped configuration stops the run before anything is measured
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    database = BenchDatabase(os.environ.get("DATABASE_URL", ""), args.db_name)
    if args.load_seconds and not (args.profile or args.phases):
        if not shutil.which("wrk"):
            sys.exit("The load test needs wrk (Debian: apt-get install wrk), or pass --load-seconds 0.")
        if importlib.util.find_spec("gunicorn") is None:
            sys.exit("The load test needs gunicorn (pip install -e '.[dev]'), or pass --load-seconds 0.")
    configure_django(database)
    from benchmarks.scenarios import SCENARIOS

    wanted = args.scenarios or ([s.name for s in SCENARIOS if s.smoke] if args.smoke else [s.name for s in SCENARIOS])
    unknown = {*wanted, *filter(None, (args.profile, args.phases))} - {s.name for s in SCENARIOS}
    if unknown:
        sys.exit(f"Unknown scenario(s): {', '.join(sorted(unknown))}. Known: {', '.join(s.name for s in SCENARIOS)}")
    scenarios = [s for s in SCENARIOS if s.name in wanted]
    print(f"Benchmark database: {database.label()}")
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "runs": []}
    problems = []
    for count in args.facilities:
        with prepared(database, count, args) as generation:
            if args.profile or args.phases:
                inspect = profile if args.profile else phases
                inspect(next(s for s in SCENARIOS if s.name == (args.profile or args.phases)), args)
                return 0
            report.setdefault("machine", machine(database))
            run = {"facilities": count, "generation": generation, "scenarios": []}
            load_before = os.getloadavg()[0]  # other work on the machine shows in the timings: recorded with them
            for scenario in scenarios:
                result = measure(scenario, args)
                run["scenarios"].append(result)
                problems.extend(f"{count:,} {scenario.name}: {problem}" for problem in result["problems"])
            run["load_average"] = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}
            print_table(run, report["machine"]["database"])
            if count == NAIVE_FACILITIES and args.naive:
                run["naive"] = naive_baseline(scenarios, args)
            if args.load_seconds:
                from benchmarks import loadtest

                run["load"] = loadtest.run(database, args)
                problems.extend(
                    f"{count:,} load test {result['config']}: {result['errors']} errors"
                    for result in run["load"]
                    if result["errors"]
                )
            report["runs"].append(run)
    if args.naive and NAIVE_FACILITIES not in args.facilities:
        with prepared(database, NAIVE_FACILITIES, args) as generation:
            report["naive"] = {
                "facilities": NAIVE_FACILITIES,
                "generation": generation,
                "scenarios": naive_baseline(scenarios, args),
            }
    print_targets(report)
    path = (
        args.json
        or (DATA_DIR if args.smoke else HERE) / f"{'smoke' if args.smoke else 'results'}-{database.vendor}.json"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"\nWrote {path}")
    for problem in problems:
        print(f"ERROR {problem}", file=sys.stderr)
    return 1 if problems else 0


@contextmanager
def prepared(database: BenchDatabase, count: int, args):
    """A fresh benchmark database with `count` synthetic facilities, dropped on the way out (unless --keep).

    Yields how the directory was made (row counts and seconds)."""
    from django.core.cache import cache
    from django.core.management import call_command

    try:
        if args.keep and database.exists() and _facility_count() == count:
            print(f"\nReusing {database.label()} with {count:,} facilities (--keep)")
            yield {"reused": True}
            return
        print(f"\nGenerating {count:,} facilities in {database.label()}")
        database.create()
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrated = round(time.perf_counter() - started, 1)
        from benchmarks.synthetic import generate

        generation = {**generate(count, seed=args.seed, report=lambda line: None), "migrate_seconds": migrated}
        cache.clear()  # nothing cached from the directory of another size
        print("  " + ", ".join(f"{key} {value:,}" for key, value in generation.items()))
        yield generation
    finally:
        if not args.keep:
            from facilities import demand

            demand.flush()  # the listing counts the run made, written before their database goes (not at exit)
            database.drop()


def _facility_count() -> int | None:
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM facilities_facility")
            return cursor.fetchone()[0]
    except DatabaseError:
        return None


def machine(database) -> dict:
    from django import VERSION
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": ".".join(map(str, VERSION[:3])),
        "database": {"vendor": database.vendor, "version": version},
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def paths(scenario) -> tuple[str, str]:
    query = urlencode(scenario.params, doseq=True)
    return f"/search/?{query}", f"/api/v1/facilities/?{query}"


def measure(scenario, args) -> dict:
    """Median and p95 of the page, the API and the floor, interleaved; query counts; and a check of the answers."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.scenarios import floor_sql
    from geo.places import resolve

    place = resolve(scenario.location) if scenario.location else None
    sql = floor_sql(scenario, place and place.latitude, place and place.longitude, connection.vendor)
    client = Client()
    page_path, api_path = paths(scenario)
    problems = []

    def page():
        response = client.get(page_path)
        if response.status_code != 200:
            problems.append(f"page answered {response.status_code}")

    def api():
        response = client.get(api_path)
        if response.status_code != 200:
            problems.append(f"API answered {response.status_code}")

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    kinds = {"page": page, "api": api, "floor": floor}
    samples = {kind: [] for kind in kinds}
    for run in range(args.warmup + args.runs):
        for kind, call in kinds.items():
            started = time.perf_counter()
            call()
            elapsed = time.perf_counter() - started
            if run >= args.warmup:
                samples[kind].append(elapsed * 1000)
    samples["cached"] = cached_page(client, page_path, args, problems)
    queries = {}
    for kind, path in (("page", page_path), ("api", api_path)):
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries[kind] = len(captured.captured_queries)
    matches = check_answers(scenario, sql, client, page_path, api_path, problems)
    result = {
        "scenario": scenario.name,
        "url": page_path,
        "matches": matches,
        "queries": queries,
        **{kind: summary(values) for kind, values in samples.items()},
        "problems": sorted(set(problems)),
    }
    result["page_floor"] = round(result["page"]["median"] / result["floor"]["median"], 1)
    result["api_floor"] = round(result["api"]["median"] / result["floor"]["median"], 1)
    status = "ok" if not result["problems"] else "; ".join(result["problems"])
    page_ms, floor_ms, cached_ms = result["page"]["median"], result["floor"]["median"], result["cached"]["median"]
    print(
        f"  {scenario.name:<28} page {page_ms:7.1f} ms  floor {floor_ms:6.1f} ms  cached {cached_ms:5.2f} ms  {status}"
    )
    return result


def cached_page(client, page_path: str, args, problems: list) -> list[float]:
    """Times of the page served by the page cache (iopfinder/pagecache.py), after one request that made and kept it;
    a served page that runs a query is a problem."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    times = []
    with override_settings(PAGE_CACHE=True):
        client.get(page_path)
        with CaptureQueriesContext(connection) as captured:
            client.get(page_path)
        if captured.captured_queries:
            problems.append(f"the cached page ran {len(captured.captured_queries)} queries")
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(page_path)
            times.append((time.perf_counter() - started) * 1000)
    return times


def check_answers(scenario, sql, client, page_path, api_path, problems) -> int:
    """The page, the API and the floor show the same facilities, in the same order, with the same programs."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from benchmarks.scenarios import floor_result

    with connection.cursor() as cursor:
        cursor.execute(sql)
        total, expected = floor_result(cursor.fetchall(), cursor.description)
    setup_test_environment()  # records the page's template context, for this one untimed request
    try:
        context = client.get(page_path).context
    finally:
        teardown_test_environment()
    hits = list(context["page"].object_list) or list(context.get("nearest") or [])
    page_rows = [(f.pk, f.slug, [p.pk for p in f.matched_programs]) for f in context["search"].listings(hits)]
    if context["page"].paginator.count != total:
        problems.append(f"page counts {context['page'].paginator.count}, floor {total}")
    if page_rows != expected:
        problems.append(f"page shows {page_rows[:3]}…, floor {expected[:3]}…")
    data = client.get(api_path).json()
    if data.get("count") != total:
        problems.append(f"API counts {data.get('count')}, floor {total}")
    if scenario.fallback_box is None and [item["slug"] for item in data.get("results", [])] != [e[1] for e in expected]:
        problems.append("API lists other facilities than the floor")
    return total


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "mean": round(statistics.fmean(ordered), 2),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
        "runs": len(ordered),
    }


def naive_baseline(scenarios, args) -> list[dict]:
    """Every published facility into Python, distances with geopy: what the SQL search replaces."""
    from django.db.models import Prefetch
    from django.test import Client
    from geopy.distance import great_circle

    from facilities.models import Facility
    from geo.places import resolve
    from programs.models import Program

    print(f"\nNaive baseline (all facilities into Python, geopy distances) at {NAIVE_FACILITIES:,}")
    client = Client()
    results = []
    runs = min(args.runs, 5)  # seconds each: a few runs show it
    for scenario in scenarios:
        place = resolve(scenario.location) if scenario.location else None
        centre = (place.latitude, place.longitude) if place else None

        def search(scenario=scenario, centre=centre):
            programs = Program.objects.order_by_level().prefetch_related("therapies")
            rows = []
            for facility in Facility.objects.published().prefetch_related(Prefetch("programs", queryset=programs)):
                if scenario.facility_test and not scenario.facility_test(facility):
                    continue
                matched = [p for p in facility.programs.all() if not scenario.program_test or scenario.program_test(p)]
                if scenario.program_test and not matched:
                    continue
                if centre is None:
                    rows.append((0, facility.name, facility.pk, matched))
                elif facility.latitude is not None:
                    miles = great_circle(centre, (facility.latitude, facility.longitude)).miles
                    rows.append((miles, facility.name, facility.pk, matched))
            within = [row for row in rows if centre is None or row[0] <= scenario.radius]
            if scenario.fallback_box is not None:
                return len(within), sorted(row for row in rows if row[0] > scenario.radius)[:3]
            by_distance = scenario.order == "distance"
            within.sort(key=(lambda r: (r[0], r[1], r[2])) if by_distance else (lambda r: (r[1], r[2])))
            start = (scenario.page - 1) * 20
            return len(within), within[start : start + 20]

        times = []
        for _ in range(runs):
            started = time.perf_counter()
            total, shown = search()
            times.append((time.perf_counter() - started) * 1000)
        page_times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(paths(scenario)[0])
            page_times.append((time.perf_counter() - started) * 1000)
        result = {
            "scenario": scenario.name,
            "matches": total,
            "naive": summary(times),
            "page": summary(page_times),
            "ids": [row[2] for row in shown],
        }
        print(
            f"  {scenario.name:<28} naive {result['naive']['median']:8.1f} ms   page {result['page']['median']:6.1f} ms"
        )
        results.append(result)
    return results


def profile(scenario, args):
    from django.test import Client

    client = Client()
    page_path = paths(scenario)[0]
    for _ in range(args.warmup):
        client.get(page_path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.runs):
        client.get(page_path)
    profiler.disable()
    print(f"\ncProfile of {args.runs} requests of {page_path}")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def phases(scenario, args):
    """Where a request's time goes: its parts timed cumulatively, without a profiler (medians of --runs)."""
    from django.db.models import Count, Window
    from django.test import Client, RequestFactory

    from search.forms import PAGE_SIZE as RESULTS_PER_PAGE
    from search.forms import SearchForm
    from search.paginator import SearchPaginator

    client = Client()
    page_path, api_path = paths(scenario)
    data = RequestFactory().get(page_path).GET

    def the_search():
        form = SearchForm(data)
        form.is_valid()
        return form.search

    def search():
        return the_search().results()

    def ids():
        queryset = search().prefetch_related(None).annotate(total=Window(Count("pk")))
        return list(queryset.values_list("pk", "total")[:RESULTS_PER_PAGE])

    def hits():
        found = the_search()
        return SearchPaginator(found.results(), RESULTS_PER_PAGE, hits=found.hits).get_page(1).object_list

    def rows():
        found = the_search()
        return found.listings(
            SearchPaginator(found.results(), RESULTS_PER_PAGE, hits=found.hits).get_page(1).object_list
        )

    steps = {
        "middleware and routing (GET /healthz/)": lambda: client.get("/healthz/"),
        "the search: form, choices, validation, the place, the queryset": search,
        "+ the page's ids and the count (SQL)": ids,
        "+ the page's hits: their places and the others there (SQL)": hits,
        "+ their listings and programs, for cards not kept (SQL)": rows,
        "the whole page": lambda: client.get(page_path),
        "the whole API answer": lambda: client.get(api_path),
    }
    medians = {}
    for name, step in steps.items():
        for _ in range(args.warmup):
            step()
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            step()
            times.append((time.perf_counter() - started) * 1000)
        medians[name] = statistics.median(times)
    print(f"\nWhere the time goes: {page_path} (medians of {args.runs} runs, milliseconds)")
    print("  (a line with + includes the line before it)")
    for name, median in medians.items():
        print(f"  {name:<66} {median:6.1f}")
    hits_ms = medians["+ the page's hits: their places and the others there (SQL)"]
    for label, whole in (
        ("the rest of the page, its cards kept", "the whole page"),
        ("the rest of the API", "the whole API answer"),
    ):
        print(f"  {label:<66} {medians[whole] - hits_ms:6.1f}")


def print_table(run, database):
    vendor = "PostgreSQL" if database["vendor"] == "postgresql" else "SQLite"
    load = run["load_average"]
    print(
        f"\n{run['facilities']:,} facilities on {vendor} — milliseconds, median / p95 over each run"
        f" (load average {load['before']} before, {load['after']} after)"
    )
    header = (
        f"{'scenario':<28} {'matches':>7}  {'page med':>8} {'p95':>6}  {'API med':>7} {'p95':>6}  "
        f"{'floor med':>9} {'p95':>6}  {'page/floor':>10} {'API/floor':>9}  {'queries':>7}  {'cached med':>10}"
    )
    print(header)
    print("-" * len(header))
    for r in run["scenarios"]:
        print(
            f"{r['scenario']:<28} {r['matches']:>7,}  {r['page']['median']:>8.1f} {r['page']['p95']:>6.1f}  "
            f"{r['api']['median']:>7.1f} {r['api']['p95']:>6.1f}  "
            f"{r['floor']['median']:>9.2f} {r['floor']['p95']:>6.2f}  "
            f"{r['page_floor']:>10.1f} {r['api_floor']:>9.1f}  {r['queries']['page']:>3} / {r['queries']['api']:<2}  "
            f"{r['cached']['median']:>10.2f}"
        )


def print_targets(report):
    """The issue's must-holds, checked where they apply: 100,000 facilities on PostgreSQL."""
    if report.get("machine", {}).get("database", {}).get("vendor") != "postgresql":
        return
    for run in report["runs"]:
        if run["facilities"] != 100_000:
            continue
        print("\nMust-holds at 100,000 facilities on PostgreSQL (issue 16)")
        for r in run["scenarios"]:
            if r["scenario"] not in TARGETS["scenarios"]:
                continue
            missed = []
            if r["page"]["median"] > TARGETS["page_median"]:
                missed.append(f"page median {r['page']['median']} > {TARGETS['page_median']}")
            if r["page_floor"] > TARGETS["page_floor"]:
                missed.append(f"page {r['page_floor']}x the floor > {TARGETS['page_floor']}x")
            if r["api"]["median"] > TARGETS["api_median"]:
                missed.append(f"API median {r['api']['median']} > {TARGETS['api_median']}")
            if max(r["queries"].values()) > TARGETS["queries"]:
                missed.append(f"{max(r['queries'].values())} queries > {TARGETS['queries']}")
            if r.get("cached") and r["cached"]["median"] > TARGETS["cached_median"]:
                missed.append(f"cached page median {r['cached']['median']} > {TARGETS['cached_median']}")
            print(f"  {r['scenario']:<28} {'met' if not missed else 'MISSED: ' + '; '.join(missed)}")
        for load in run.get("load", []):
            wanted = TARGETS["load_rps_cached" if load["config"].endswith("+cache") else "load_rps_cold"]
            ok = load["requests_per_second"] >= wanted and not load["errors"]
            print(
                f"  load test {load['config']:<18} {load['requests_per_second']:.0f} req/s (at least {wanted}), "
                f"{load['errors']} errors: {'met' if ok else 'MISSED'}"
            )


if __name__ == "__main__":
    sys.exit(main())
