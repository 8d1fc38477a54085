"""Demand: how often each listing is shown in search results and opened, counted per day, written in batches.

A page adds its listings' ids to this process's tally, in memory: no query and no cache call on the request path.
Every DEMAND_FLUSH_SECONDS a background thread of the process adds the tally to `ListingDemand` (one upsert per
few hundred listings), and once more when the process exits; `flush()` does it at once. Only listing ids and
the day are kept: never the query, the place searched, the client or the time of day. Counts a crash loses
are at most one interval's.
"""

import atexit
import logging
import os
import threading
import time
from collections import Counter
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from facilities.models import Facility, ListingDemand

log = logging.getLogger(__name__)

BATCH = 500
KINDS = ("shown", "opened")

_lock = threading.Lock()
_tally: Counter = Counter()  # (day, facility id, kind) -> count
_flusher_pid: int | None = None
_recording = threading.local()


def shown(facility_ids) -> None:
    """These listings were shown in a page of search results (or an API answer)."""
    _count(facility_ids, "shown")


def opened(facility_id: int) -> None:
    """This listing's own page was opened."""
    _count([facility_id], "opened")


@contextmanager
def recording():
    """Within it, this thread's counts are also listed (as [(kind, ids)]), for a cached page to count them again
    each time it is served (iopfinder/pagecache.py)."""
    counted: list[tuple[str, list[int]]] = []
    _recording.counted = counted
    try:
        yield counted
    finally:
        _recording.counted = None


def recount(counted: list[tuple[str, list[int]]]) -> None:
    """Count again what a page counted when it was made (`recording`)."""
    for kind, facility_ids in counted:
        _count(facility_ids, kind)


def _count(facility_ids, kind: str) -> None:
    facility_ids = list(facility_ids)
    if getattr(_recording, "counted", None) is not None:
        _recording.counted.append((kind, facility_ids))
    if not settings.DEMAND_COUNTING:
        return
    day = timezone.localdate()
    with _lock:
        for facility_id in facility_ids:
            _tally[(day, facility_id, kind)] += 1
    _start_flusher()


def pending() -> int:
    """How many counts wait in this process's tally (for tests and the health of the flusher)."""
    with _lock:
        return sum(_tally.values())


def flush() -> int:
    """Add this process's tally to the database; returns the number of (listing, day) rows written. On a database
    error the counts go back into the tally for the next flush."""
    global _tally
    with _lock:
        tally, _tally = _tally, Counter()
    if not tally:
        return 0
    rows: dict[tuple, list[int]] = {}
    for (day, facility_id, kind), count in tally.items():
        rows.setdefault((facility_id, day), [0, 0])[KINDS.index(kind)] += count
    try:
        with transaction.atomic():
            existing = set(Facility.objects.filter(pk__in={key[0] for key in rows}).values_list("pk", flat=True))
            values = [(*key, *counts) for key, counts in rows.items() if key[0] in existing]
            for start in range(0, len(values), BATCH):
                _upsert(values[start : start + BATCH])
    except Exception:
        log.exception("Could not write listing demand; keeping %d counts for the next flush.", sum(tally.values()))
        with _lock:
            _tally.update(tally)
        return 0
    return len(values)


def _upsert(values: list[tuple]) -> None:
    """INSERT … ON CONFLICT DO UPDATE adding to the day's counts (PostgreSQL and SQLite alike)."""
    table = ListingDemand._meta.db_table
    quote = connection.ops.quote_name
    placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(values))
    sql = (
        f"INSERT INTO {quote(table)} (facility_id, day, shown, opened) VALUES {placeholders}"
        f" ON CONFLICT (facility_id, day) DO UPDATE SET shown = {quote(table)}.shown + excluded.shown,"
        f" opened = {quote(table)}.opened + excluded.opened"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [item for row in values for item in row])


def _start_flusher() -> None:
    """One daemon thread per process (a forked worker starts its own), when DEMAND_FLUSH_SECONDS is set."""
    global _flusher_pid
    if not settings.DEMAND_FLUSH_SECONDS or _flusher_pid == os.getpid():
        return
    with _lock:
        if _flusher_pid == os.getpid():
            return
        first = _flusher_pid is None
        _flusher_pid = os.getpid()
    threading.Thread(target=_flush_every, name="demand-flusher", daemon=True).start()
    if first:
        atexit.register(_flush_quietly)


def _flush_every() -> None:
    """Flush every DEMAND_FLUSH_SECONDS while it is set; when it is set to 0, stop (the next count starts again)."""
    global _flusher_pid
    while seconds := settings.DEMAND_FLUSH_SECONDS:
        time.sleep(seconds)
        _flush_quietly()
    with _lock:
        _flusher_pid = None


def _flush_quietly() -> None:
    try:
        flush()
    finally:
        connection.close()  # the thread's own connection; the next flush opens a new one
