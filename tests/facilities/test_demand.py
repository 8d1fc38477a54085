"""Demand: how often listings are shown and opened, counted per day in memory and written in batches."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from facilities import demand
from facilities.models import ListingDemand

pytestmark = pytest.mark.django_db


def counts():
    return {(row.facility.name, row.day): (row.shown, row.opened) for row in ListingDemand.objects.select_related()}


def test_counting_a_search_page_costs_no_query(client, make_facility, make_program, settings):
    for number in range(3):
        make_program(make_facility(name=f"Place {number}"))

    def queries(counting: bool) -> list[str]:
        settings.DEMAND_COUNTING = counting
        client.get("/search/?location=45402")  # warm the choices cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/?location=45402")
        assert response.status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    without = queries(False)
    assert demand.pending() == 0
    with_counting = queries(True)
    assert with_counting == without  # the same queries, not one more
    assert demand.pending() == 6  # two pages, three listings each
    assert not ListingDemand.objects.exists()  # nothing written until the batch is flushed


def test_a_flush_writes_one_row_per_listing_and_day_and_adds_to_it_later(client, make_facility, make_program):
    shown_twice, opened = make_facility(name="Shown"), make_facility(name="Opened")
    make_program(shown_twice)
    make_program(opened)
    client.get("/search/?location=45402")
    client.get("/search/?location=45402&type=iop")
    client.get(opened.get_absolute_url())
    client.get(f"/api/v1/facilities/{opened.slug}/")

    with CaptureQueriesContext(connection) as captured:
        assert demand.flush() == 2
    writes = [query for query in captured.captured_queries if "INSERT" in query["sql"]]
    assert len(writes) == 1  # one upsert for the batch, not one per page view
    today = timezone.localdate()
    assert counts() == {("Shown", today): (2, 0), ("Opened", today): (2, 2)}

    client.get("/api/v1/facilities/?location=45402")
    demand.flush()
    assert counts() == {("Shown", today): (3, 0), ("Opened", today): (3, 2)}
    assert demand.pending() == 0


def test_only_listing_ids_and_days_are_kept(client, make_facility, make_program):
    make_program(make_facility(name="Private"))
    client.get("/search/?location=45402&q=Private", REMOTE_ADDR="203.0.113.9")
    demand.flush()
    row = ListingDemand.objects.values().get()
    assert set(row) == {"id", "facility_id", "day", "shown", "opened"}  # no query, place, client or time of day


def test_a_listing_deleted_before_the_flush_is_skipped_and_the_rest_written(client, make_facility, make_program):
    kept, gone = make_facility(name="Kept"), make_facility(name="Gone")
    demand.shown([kept.pk, gone.pk])
    gone.delete()
    assert demand.flush() == 1
    assert list(counts()) == [("Kept", timezone.localdate())]


def test_a_failed_flush_keeps_the_counts_for_the_next(make_facility, monkeypatch):
    facility = make_facility()
    demand.shown([facility.pk])

    def broken(values):
        raise RuntimeError("database gone")

    monkeypatch.setattr(demand, "_upsert", broken)
    assert demand.flush() == 0
    assert demand.pending() == 1
    monkeypatch.undo()
    assert demand.flush() == 1
    assert counts() == {(facility.name, timezone.localdate()): (1, 0)}


def test_counts_from_many_threads_are_all_kept(make_facility):
    facility = make_facility()

    def view_many():
        for _ in range(500):
            demand.shown([facility.pk])

    threads = [threading.Thread(target=view_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert demand.pending() == 2000
    demand.flush()
    assert ListingDemand.objects.get().shown == 2000


def test_each_day_has_its_own_row(make_facility, monkeypatch):
    facility = make_facility()
    today = timezone.localdate()
    demand.opened(facility.pk)
    monkeypatch.setattr(timezone, "localdate", lambda: today + timedelta(days=1))
    demand.opened(facility.pk)
    demand.flush()
    assert sorted(ListingDemand.objects.values_list("day", "opened")) == [(today, 1), (today + timedelta(days=1), 1)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_flusher_thread_writes_on_its_own_and_stops_when_switched_off(make_facility, settings):
    facility = make_facility()  # committed: the thread has a connection of its own
    settings.DEMAND_FLUSH_SECONDS = 0.05
    demand.shown([facility.pk])

    def written() -> bool:
        try:
            return ListingDemand.objects.exists()
        except OperationalError:  # SQLite's shared in-memory test database: the thread is writing this moment
            return False

    for _ in range(200):
        if written():
            break
        time.sleep(0.05)
    settings.DEMAND_FLUSH_SECONDS = 0
    for _ in range(200):
        if demand._flusher_pid is None:
            break
        time.sleep(0.05)
    assert demand._flusher_pid is None  # the thread has ended
    assert counts() == {(facility.name, timezone.localdate()): (1, 0)}
