"""The README's PostgreSQL backup and restore, run as printed: the restored copy has the same listings and history."""

import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from facilities.models import Facility

# Committed rows (pg_dump reads another connection); serialized_rollback brings back the seeded vocabularies an
# earlier transactional test may have flushed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def rows(database_settings: dict, name: str, sql: str) -> list[tuple]:
    with (
        psycopg.connect(
            dbname=name,
            user=database_settings["USER"],
            host=database_settings["HOST"] or None,
            port=database_settings["PORT"] or None,
            password=database_settings["PASSWORD"] or None,
        ) as conn,
        conn.cursor() as cursor,
    ):
        cursor.execute(sql)
        return cursor.fetchall()


def test_a_dump_restores_into_a_new_database_with_the_same_listings_and_history(tmp_path, make_facility):
    if connection.vendor != "postgresql":
        pytest.skip("the backup is PostgreSQL's pg_dump; this run is on SQLite")
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    facility = make_facility(name="Harbor Light Recovery")
    facility.phone = "(937) 555-0199"
    facility.save()
    assert facility.history.count() == 2

    settings_ = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": settings_["HOST"] or "",
        "PGPORT": str(settings_["PORT"] or ""),
        "PGUSER": settings_["USER"] or "",
        "PGPASSWORD": settings_["PASSWORD"] or "",
    }
    source, copy, dump = settings_["NAME"], f"iopfinder_restore_{uuid.uuid4().hex[:8]}", tmp_path / "iopfinder.dump"
    # As the README prints them.
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], check=True, env=env)
    subprocess.run(["createdb", copy], check=True, env=env)
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={copy}", str(dump)], check=True, env=env)
        listings = "SELECT name, phone, slug FROM facilities_facility ORDER BY id"
        history = "SELECT name, phone, history_type FROM facilities_historicalfacility ORDER BY history_id"
        assert rows(settings_, copy, listings) == rows(settings_, source, listings) != []
        assert rows(settings_, copy, history) == rows(settings_, source, history)
        assert len(rows(settings_, copy, history)) == 2
        vocabularies = "SELECT slug FROM facilities_paymentoption ORDER BY slug"
        assert rows(settings_, copy, vocabularies) == rows(settings_, source, vocabularies) != []
    finally:
        subprocess.run(["dropdb", "--if-exists", copy], check=True, env=env)
    assert Facility.objects.filter(name="Harbor Light Recovery").exists()
