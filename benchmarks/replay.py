"""The load test's URL mix, split in two: what each answer costs in this process, and what its SQL alone costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iopfinder_bench_ab REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python -m benchmarks.replay --connections 2 --seconds 15

Each URL of the load test's mix (benchmarks.loadtest.mix, the same seed) is asked twice in this process with the
benchmark's settings (the page cache off; with REDIS_URL the cards are kept there, as in the load test, whose every
set-up shares one Redis) and the second answer is timed and its SQL captured. Then the captured SQL alone is replayed,
URL by URL, on connections of its own for a fixed time, each connection a process: how many URLs' worth of SQL the
database answers a second, which bounds what any set of app servers could serve cold on this machine. Nothing is
written: the listings' demand is not counted.
"""

import argparse
import multiprocessing
import os
import statistics
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replay", description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 2], help="replay on this many (default 1 2)")
    parser.add_argument("--seconds", type=float, default=15, help="each replay's length (default 15)")
    parser.add_argument("--seed", type=int, default=2024, help="the mix's seed (the load test's default)")
    parser.add_argument("--size", type=int, default=600, help="how many URLs of the mix (default 600, the load test's)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL benchmark database (it is only read).")
    os.environ["DEMAND_COUNTING"] = "0"
    from benchmarks.database import production_like

    production_like()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.loadtest import HOST, mix

    client, urls, statements, times = Client(HTTP_HOST=HOST), mix(args.seed, args.size), [], []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        statements.append([query["sql"] for query in captured])
    mean, median = statistics.fmean(times), statistics.median(times)
    print(f"{len(urls)} URLs, {sum(map(len, statements)):,} queries; each answered in this process (its SQL included):")
    print(f"  mean {mean:.1f} ms, median {median:.1f} ms: one process answers {1000 / mean:.0f} a second")
    connection.close()
    for count in args.connections:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            done = sum(pool.starmap(_replay, [(statements, index, args.seconds) for index in range(count)]))
        print(f"  the SQL alone on {count} connection(s): {done / args.seconds:.0f} URLs' worth a second")
    return 0


def _replay(statements, index: int, seconds: float) -> int:
    """Run the URLs' statements in turn, starting at a different URL in each process, for `seconds`, on the process's
    own connection with the site's settings (closed before the fork, so each process opens its own); how many URLs."""
    from django.db import connection

    done, position, end = 0, index * 7919, time.perf_counter() + seconds
    with connection.cursor() as cursor:
        while time.perf_counter() < end:
            for sql in statements[position % len(statements)]:
                cursor.execute(sql)  # no parameters: the captured SQL carries its values, and a % is a %
                cursor.fetchall()
            position, done = position + 1, done + 1
    connection.close()
    return done


if __name__ == "__main__":
    raise SystemExit(main())
