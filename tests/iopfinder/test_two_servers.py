"""Many app servers on one PostgreSQL and one Redis (issue 16): two gunicorns on two ports, each with the page cache
on. A curator's edit through one is shown at once by both (neither serves a kept page older than the edit), a
curator signed in through one is signed in on the other, and a rate limit counts the requests made to both.

Runs when the tests' database is PostgreSQL (the servers share it with the test, which commits its rows), against
the machine's Redis, with a cache key prefix of its own."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.servers import free_port, listening, require_machine_redis, shared_database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(settings.BASE_DIR)
HOST = "iopfinder.test"  # what a load balancer passes on to every app server
API_LIMIT = 6
SEARCH = "/search/?location=45402"


PREFIX = f"two-servers-{uuid.uuid4().hex}"


@contextmanager
def two_servers():
    """Two gunicorns (one worker each) on the test database and the machine's Redis, sharing one key prefix."""
    url = shared_database_url()
    env = {
        **os.environ,
        "SECRET_KEY": "test-only-two-servers",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": url,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": PREFIX,
        "PAGE_CACHE": "1",
        "RATELIMIT_ENABLE": "1",
        "RATELIMIT_API_PER_MINUTE": str(API_LIMIT),
        "RATELIMIT_SEARCH_PER_MINUTE": "1000",
        "DEMAND_COUNTING": "0",
        "SECURE_SSL_REDIRECT": "0",
        # Plain HTTP on loopback here (production's proxy speaks HTTPS): cookies a client sends back over HTTP.
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "iopfinder.wsgi:application", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            assert listening(port, seconds=60), "gunicorn did not start"
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def kept_pages() -> list[bytes]:
    import redis

    return redis.Redis(host="127.0.0.1", port=6379, db=0).keys(f"{PREFIX}:*page:*")


def get(opener, url: str) -> tuple[int, str, dict]:
    try:
        with opener.open(urllib.request.Request(url, headers={"Host": HOST}), timeout=20) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def sign_in(opener, base: str, username: str, password: str):
    _, html, _ = get(opener, f"{base}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"}
    request = urllib.request.Request(
        f"{base}/admin/login/", data=urllib.parse.urlencode(form).encode(), headers={"Host": HOST}
    )
    with opener.open(request, timeout=20) as response:
        assert response.url.endswith("/admin/"), "the curator is signed in"


def post_form(opener, base: str, path: str, fields: dict):
    _, html, _ = get(opener, f"{base}{path}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    request = urllib.request.Request(
        f"{base}{path}",
        data=urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True).encode(),
        headers={"Host": HOST},
    )
    with opener.open(request, timeout=20) as response:
        return response.status


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the servers share the tests' database: run with DATABASE_URL=postgres://… (CI does)")
    require_machine_redis()


def test_an_edit_through_one_server_is_shown_at_once_by_both(on_postgresql, make_facility, make_program, curator):
    facility = make_facility(name="Harbor Light Recovery")
    make_program(facility)
    curator.set_password("a-curator-password-42")
    curator.save()
    anonymous = urllib.request.build_opener()
    with two_servers() as (first, second):
        for base in (first, second, first, second):  # each made, then kept
            status, html, headers = get(anonymous, base + SEARCH)
            assert status == 200 and "Harbor Light Recovery" in html
        kept = headers["ETag"]
        assert len(kept_pages()) == 1  # one page, made by one server, kept in the one shared cache for both

        curator_browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        sign_in(curator_browser, first, "curator", "a-curator-password-42")
        changed = post_form(
            curator_browser,
            first,
            "/admin/facilities/facility/",
            {"action": "unpublish", "_selected_action": [facility.pk], "index": "0"},
        )
        assert changed == 200
        for base in (second, first):
            status, html, headers = get(anonymous, base + SEARCH)
            assert status == 200 and "Harbor Light Recovery" not in html, base
            assert headers["ETag"] != kept
        # Signed in through the first, the curator is signed in on the second: sessions live in the database.
        assert get(curator_browser, second + "/admin/")[0] == 200
        assert "Harbor Light Recovery" in get(curator_browser, second + "/admin/facilities/facility/")[1]


def test_a_rate_limit_counts_the_requests_made_to_both_servers(on_postgresql, make_facility):
    make_facility(name="Harbor Light Recovery")
    anonymous = urllib.request.build_opener()
    with two_servers() as servers:
        for _attempt in range(2):  # a burst that crosses a minute boundary is counted in two windows: once more
            minute = int(time.time() // 60)
            answers = [get(anonymous, f"{servers[n % 2]}/api/v1/facilities/?q={n}")[0] for n in range(API_LIMIT + 2)]
            if int(time.time() // 60) == minute:
                break
        assert answers[:API_LIMIT] == [200] * API_LIMIT  # half of them through each server
        assert answers[API_LIMIT:] == [429, 429]
