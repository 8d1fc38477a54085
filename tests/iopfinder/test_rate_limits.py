"""Rate limits on the search page, compare and the API: per client, counted in the (shared) cache."""

import time
import uuid

import pytest
import redis
from django.test import Client, override_settings
from django.urls import reverse

from tests.servers import require_machine_redis

pytestmark = pytest.mark.django_db
SEARCH = "/search/?location=45402"
API = "/api/v1/facilities/?location=45402"


# Half way through a minute: the windows are fixed minutes, and a test that ran across a minute's edge would see
# the count start again.
NOW = 1_800_000_030.0


@pytest.fixture(autouse=True)
def rate_limits_on(settings, monkeypatch):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {"search": (5, 60), "api": (8, 60)}
    monkeypatch.setattr("iopfinder.ratelimit.clock", lambda: NOW)


def ask(client, path, address="203.0.113.7", times=1):
    return [client.get(path, REMOTE_ADDR=address) for _ in range(times)][-1]


def test_over_the_limit_a_person_gets_a_429_page_saying_when_to_try_again(client):
    assert ask(client, SEARCH, times=5).status_code == 200
    response = ask(client, SEARCH)
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert wait == 30  # the rest of this minute's window
    page = response.content.decode()
    assert f"{wait} second" in page
    assert "988" in page  # the crisis lines are on this page too


def test_the_api_answers_json_with_retry_after(client):
    assert ask(client, API, times=8).status_code == 200
    response = ask(client, API)
    assert response.status_code == 429
    assert response["Retry-After"].isdigit()
    assert list(response.json()["errors"]) == ["rate_limit"]


def test_another_client_is_still_served(client):
    ask(client, SEARCH, times=6)
    assert ask(client, SEARCH).status_code == 429
    assert ask(Client(), SEARCH, address="198.51.100.2").status_code == 200


def test_the_search_and_the_api_are_counted_apart_and_compare_with_the_search(client, make_facility, make_program):
    program = make_program(make_facility())
    ask(client, SEARCH, times=4)
    assert ask(client, f"{reverse('facilities:compare')}?p={program.pk}").status_code == 200  # the fifth of the group
    assert ask(client, f"{reverse('facilities:compare')}?p={program.pk}").status_code == 429
    assert ask(client, API).status_code == 200


def test_ratelimit_enable_off_switches_every_limit_off(client, settings):
    settings.RATELIMIT_ENABLE = False
    assert ask(client, SEARCH, times=20).status_code == 200


def test_a_forged_forwarded_for_header_is_not_a_new_client(client):
    for number in range(6):
        response = client.get(SEARCH, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert response.status_code == 429


def test_a_burst_from_one_client_is_refused_while_a_second_client_is_served(client):
    """A bounded abuse test: one client asks as fast as it can for 2 s; another asks now and then."""
    settings_limits = (30, 60)
    with override_settings(RATE_LIMITS={"search": settings_limits, "api": settings_limits}):
        statuses, other, started = [], [], time.monotonic()
        while time.monotonic() - started < 2:
            statuses.append(ask(client, API).status_code)
            if len(statuses) % 20 == 0 and len(other) < 10:
                other.append(ask(Client(), API, address="198.51.100.2").status_code)
    assert statuses[:30] == [200] * 30
    assert set(statuses[30:]) == {429} and len(statuses) > 60
    assert other and set(other) == {200}


def test_the_count_is_kept_in_redis_where_every_worker_sees_it(client):
    require_machine_redis()
    prefix = f"test-{uuid.uuid4().hex}"
    shared = {
        "default": {
            "BACKEND": "iopfinder.cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=shared):
        ask(client, SEARCH, times=3)
        # What another worker reads: the count in Redis itself, not in this process's memory.
        server = redis.Redis(host="127.0.0.1", port=6379, db=15)
        keys = server.keys(f"{prefix}:*ratelimit:search:203.0.113.7:*")
        assert len(keys) == 1 and int(server.get(keys[0])) == 3
        server.delete(*keys)
