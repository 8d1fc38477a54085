"""The shared cache: Redis when REDIS_URL is set, shared by every process, and never the reason a page fails."""

import shutil
import subprocess
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from iopfinder.cache import ForgivingRedisCache
from search.choices import choices_cache_key
from tests.servers import free_port, listening, require_machine_redis

pytestmark = pytest.mark.django_db


def redis_settings(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "iopfinder.cache.ForgivingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # never another test's or the site's keys
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, on a free port, that the test may stop (never the machine's)."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    assert listening(port), "redis-server did not start"
    yield server, f"redis://127.0.0.1:{port}/0"
    server.kill()
    server.wait()


def test_with_redis_url_the_cache_is_shared_between_processes(own_redis):
    _server, url = own_redis
    with override_settings(CACHES=redis_settings(url)):
        caches["default"].set("shared", "seen by every worker", 60)
        # Another process has its own backend object and connection: the value is in Redis, not in memory.
        other_process = ForgivingRedisCache(url, {"KEY_PREFIX": caches["default"].key_prefix})
        assert other_process.get("shared") == "seen by every worker"


def test_the_search_choices_are_cached_in_redis(client, own_redis):
    _server, url = own_redis
    with override_settings(CACHES=redis_settings(url)):
        assert client.get("/search/").status_code == 200
        assert caches["default"].get(choices_cache_key("en")) is not None
        assert client.get("/healthz/").json()["cache"] == "ok"


def test_when_redis_goes_away_pages_still_work_and_healthz_says_degraded(client, own_redis, make_facility):
    server, url = own_redis
    make_facility(name="Still Listed")
    # As production runs: the page cache and each listing's kept card and API result in Redis too.
    with override_settings(CACHES=redis_settings(url), PAGE_CACHE=True, FRAGMENT_CACHE=True):
        for path in ("/search/?location=45402", "/search/?location=45402&radius=50", "/api/v1/facilities/?radius=50"):
            assert client.get(path).status_code == 200
        kept = redis.Redis.from_url(url).keys("*")
        assert any(b":listing:" in key for key in kept) and any(b":page:" in key for key in kept)
        server.kill()
        server.wait()
        for path in ("/", "/search/?location=45402", "/api/v1/facilities/?location=45402", "/learn/"):
            assert client.get(path).status_code == 200, path
        assert "Still Listed" in client.get("/search/?location=45402&radius=100").content.decode()
        assert "Still Listed" in client.get("/api/v1/facilities/?location=45402&radius=100").content.decode()
        health = client.get("/healthz/")
        assert health.status_code == 200
        assert health.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}


def test_the_machines_redis_works_as_the_shared_cache(client):
    url = "redis://127.0.0.1:6379/15"
    require_machine_redis()
    with override_settings(CACHES=redis_settings(url)):
        backend = caches["default"]
        backend.set("probe", 1, 5)
        assert backend.get("probe") == 1
        assert backend.incr("probe") == 2
        backend.delete("probe")


def test_without_redis_url_the_cache_is_the_processs_own(client):
    assert client.get("/healthz/").json()["cache"] == "local"
