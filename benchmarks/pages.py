"""Pages of the database DATABASE_URL names, timed as they are made: the shipped national directory that `make run`
loads, say, rather than the benchmark's synthetic one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iopfinder .venv/bin/python -m benchmarks.pages \\
        "/search/?location=10001&radius=25" "/api/v1/facilities/?location=10001&radius=25"

The settings are the benchmark's (benchmarks/database.py: DEBUG off, the page cache off, each listing's card and API
result kept unless FRAGMENT_CACHE=0), and nothing is written: the listings' demand is not counted.
"""

import argparse
import os
import statistics
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="the pages to time, e.g. /search/?location=10001&radius=25")
    parser.add_argument("--runs", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first (default 10)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the database to read (it is only read).")
    os.environ["DEMAND_COUNTING"] = "0"
    from benchmarks.database import production_like

    production_like()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    print(f"{'page':58} {'median':>7} {'p95':>7} {'min':>7}  ms   bytes  queries")
    for path in args.paths:
        for _ in range(args.warmup):
            client.get(path)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(
            f"{path:58} {statistics.median(times):7.1f} {p95:7.1f} {min(times):7.1f}      "
            f"{len(response.content):6,}  {len(queries):>3}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
