"""gunicorn under load: wrk drives a mix of search URLs over loopback for a fixed time.

Each gunicorn set-up ("sync:3" = 3 sync workers, "gthread:2x4" = 2 workers of 4 threads) serves the
benchmark database with DEBUG off; wrk (Debian's package) runs a few seconds of warm-up, then the
measured run, with one thread and a fixed number of connections. Both stop by themselves: wrk after
its duration or its request cap, gunicorn when this module terminates it.
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.database import DATA_DIR

WARMUP_SECONDS = 5
HOST = "localhost"  # every request names the same site, as behind a load balancer, whichever server answers it
MAX_REQUESTS_PER_SECOND = 5_000  # the request cap: wrk stops at this rate times the duration
RADII = ("10", "25", "25", "25", "50", "100")
FILTERS = (
    {}, {}, {}, {}, {"type": "iop"}, {"type": "php"}, {"type": ["iop", "php"]}, {"schedule": "evening"},
    {"therapy": "cbt"}, {"sort": "name"},
    {"therapy": ["cbt", "group-therapy"], "hours_min": "9", "hours_max": "15", "schedule": "evening"},
    {"accepting": "1"}, {"payment": "medicaid"}, {"telehealth": "1"}, {"type": "iop", "page": "2"},
)  # fmt: skip
LUA = """-- Written by benchmarks/loadtest.py: cycles through the search URLs below.
local paths = {%(paths)s}
local max_requests = %(max_requests)d
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end
function init(args)
  counter, answered, not_ok = offset, 0, 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then not_ok = not_ok + 1 end
  if answered >= max_requests then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "not_200": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def mix(seed: int, size: int = 600) -> list[str]:
    """Searches as people make them: a ZIP (or city) where ZIPs are, a radius, sometimes a filter; pages and API."""
    from benchmarks.synthetic import zip_pool

    rng = random.Random(seed)
    places = zip_pool()
    urls = []
    for _ in range(size):
        zip_code, _, _, city, state = rng.choice(places)
        location = f"{city.title()}, {state}" if rng.random() < 0.1 else zip_code
        params = {"location": location, "radius": rng.choice(RADII), **rng.choice(FILTERS)}
        if rng.random() < 0.7:
            urls.append(f"/search/?{urlencode(params, doseq=True)}")
        else:  # the API answers a page past the last with 404, so it is asked for first pages only
            params.pop("page", None)
            urls.append(f"/api/v1/facilities/?{urlencode(params, doseq=True)}")
    return urls


def run(database, args) -> list[dict]:
    DATA_DIR.mkdir(exist_ok=True)
    script = DATA_DIR / "wrk-mix.lua"
    urls = mix(args.seed)
    script.write_text(
        LUA
        % {
            "paths": ",\n  ".join(json.dumps(url) for url in urls),
            "max_requests": MAX_REQUESTS_PER_SECOND * args.load_seconds,
        }
    )
    results = []
    for config in args.load_configs:
        print(
            f"\nLoad test: gunicorn {config}, {args.connections} connections, {args.load_seconds} s, {len(urls)} URLs"
        )
        load_before = os.getloadavg()[0]  # other work on the machine, before this test adds its own
        prefix = f"bench-{os.getpid()}-{time.time_ns()}"  # one cache for the config's servers, none from earlier runs
        with ExitStack() as servers:
            base_urls = [servers.enter_context(gunicorn(config, prefix)) for _ in range(server_count(config))]
            if cached(config):  # one warm pass through the first server: every URL of the mix made once and kept
                for url in urls:
                    request = urllib.request.Request(base_urls[0] + url, headers={"Host": HOST})
                    urllib.request.urlopen(request, timeout=30).close()
            wrk(base_urls, script, min(WARMUP_SECONDS, args.load_seconds), args.connections)
            result = wrk(base_urls, script, args.load_seconds, args.connections)
        result = {
            "config": config,
            "connections": args.connections,
            "seconds": args.load_seconds,
            **result,
            "load_average": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        }
        print(
            f"  {result['requests_per_second']:.0f} requests/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
            f"{result['errors']} errors ({result['requests']:,} requests)"
        )
        results.append(result)
    return results


def server_count(config: str) -> int:
    """'2*sync:1+cache': two app servers (two gunicorns on two ports, one PostgreSQL, one Redis), wrk driving both."""
    count, star, _ = config.partition("*")
    return int(count) if star else 1


def cached(config: str) -> bool:
    """'sync:2+cache': the page cache on, shared by the workers in Redis, after one warm pass over the mix."""
    return config.endswith("+cache")


def parse_config(config: str) -> list[str]:
    """'sync:3' -> 3 sync workers; 'gthread:2x4' -> 2 workers with 4 threads each; '/close' -> no keep-alive;
    '+cache' at the end: the page cache on (`cached`); '2*' in front: two such servers (`server_count`).

    A gthread worker keeps the connections it accepted, so a few keep-alive clients can all land on one
    worker and leave the other core idle; '/close' answers each request with Connection: close instead.
    """
    servers, star, server = config.removesuffix("+cache").partition("*")
    setup, _, close = (server if star else servers).partition("/")
    kind, _, size = setup.partition(":")
    workers, _, threads = size.partition("x")
    valid = kind in ("sync", "gthread") and workers.isdigit() and (not threads or threads.isdigit())
    if not valid or close not in ("", "close") or (star and not (servers.isdigit() and int(servers) > 0)):
        raise SystemExit(
            "A load configuration looks like sync:3, gthread:2x4, gthread:2x4/close, sync:2+cache or 2*sync:1+cache, "
            f"not {config!r}."
        )
    options = ["--worker-class", kind, "--workers", workers]
    return options + (["--threads", threads] if threads else []) + (["--keep-alive", "0"] if close else [])


@contextmanager
def gunicorn(config: str, prefix: str):
    """A gunicorn serving the benchmark database (the environment bench.py set up) on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (DATA_DIR / f"gunicorn-{port}.log").open("w")
    command = [sys.executable, "-m", "gunicorn", "iopfinder.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += [*parse_config(config), "--timeout", "30", "--graceful-timeout", "5", "--log-level", "warning"]
    root = Path(__file__).resolve().parent.parent
    env = os.environ.copy()
    # The workers (and the config's servers) share one cache, as production's do (the listings' kept cards and API
    # results, search/fragments.py, with it), under the config's own prefix. The page cache only with "+cache".
    env.update(PAGE_CACHE="1" if cached(config) else "0", CACHE_KEY_PREFIX=prefix)
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with {server.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{base_url}/healthz/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer /healthz/ within 30 s; see {log.name}")
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the group this module started: gunicorn and its workers
            server.wait()
        log.close()


def wrk(base_urls: list[str], script: Path, seconds: int, connections: int) -> dict:
    """wrk against each server at once, the connections shared out; the numbers of all of them together (latency
    percentiles: the worst server's)."""
    share = max(1, connections // len(base_urls))
    command = ["wrk", "-t1", f"-c{share}", f"-d{seconds}s", "--timeout", "5s", "-H", f"Host: {HOST}", "-s", str(script)]
    runs = [
        subprocess.Popen(
            [*command, base_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for base_url in base_urls
    ]
    raws = []
    for run_ in runs:
        stdout, stderr = run_.communicate(timeout=seconds + 60)
        line = next((line for line in stdout.splitlines() if line.startswith("RESULT ")), None)
        if run_.returncode or line is None:
            raise SystemExit(f"wrk printed no result:\n{stdout}\n{stderr}")
        raws.append(json.loads(line.removeprefix("RESULT ")))
    keys = ("not_200", "connect", "read", "write", "timeout")
    errors = sum(raw[key] for raw in raws for key in keys)
    return {
        "requests": sum(raw["requests"] for raw in raws),
        "requests_per_second": round(sum(raw["requests"] / (raw["duration_us"] / 1e6) for raw in raws), 1),
        "p50_ms": round(max(raw["p50_us"] for raw in raws) / 1000, 1),
        "p90_ms": round(max(raw["p90_us"] for raw in raws) / 1000, 1),
        "p99_ms": round(max(raw["p99_us"] for raw in raws) / 1000, 1),
        "max_ms": round(max(raw["max_us"] for raw in raws) / 1000, 1),
        "errors": errors,
        "error_detail": {key: sum(raw[key] for raw in raws) for key in keys},
        "servers": len(raws),
    }
