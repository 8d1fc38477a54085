"""The settings module is read in a fresh interpreter each time, with exactly the environment given."""

import os
import subprocess

import pytest
from django.db import connection

from tests import servers


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    return servers.run_django(code, {**clean, **env})


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_django("print('started')")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "started" not in result.stdout


def test_it_starts_with_a_secret_key_and_debug_off():
    result = run_django("from django.conf import settings; print(settings.DEBUG)", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_alone_is_enough_for_local_development():
    result = run_django("from django.conf import settings; print(settings.DEBUG)", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_malformed_yes_no_value_fails_loudly():
    result = run_django("print('started')", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    # A real unreachable database: PostgreSQL on a port where nothing listens.
    code = (
        "from django.test import Client; "
        "response = Client().get('/healthz/'); print(response.status_code, response.content.decode())"
    )
    result = run_django(
        code,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere",
        LOG_LEVEL="CRITICAL",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("503")
    assert "unavailable" in result.stdout


def test_database_url_selects_postgresql_and_the_default_is_sqlite():
    sqlite = run_django("from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])", DEBUG="1")
    postgres = run_django(
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/iopfinder",
    )
    assert sqlite.stdout.strip() == "django.db.backends.sqlite3"
    assert postgres.stdout.strip() == "django.db.backends.postgresql"


def test_postgresql_binds_values_on_the_server_and_prepares_unless_the_threshold_is_0():
    code = "from django.conf import settings; print(sorted(settings.DATABASES['default']['OPTIONS'].items()))"
    postgres = {"DEBUG": "1", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/iopfinder"}
    default, off = run_django(code, **postgres), run_django(code, DATABASE_PREPARE_THRESHOLD="0", **postgres)
    assert "('prepare_threshold', 5), ('server_side_binding', True)" in default.stdout, default.stderr
    assert "server_side_binding" not in off.stdout and "prepare_threshold" not in off.stdout, off.stderr


@pytest.mark.django_db
def test_a_search_run_again_on_a_connection_is_planned_once(client, make_facility):
    """The point of server-side binding: the same search from another place is the same statement, prepared."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; this run is on SQLite")
    make_facility(name="Harbor Light Recovery")
    for zip_code in ["45402", "45403", "45404", "45405", "45406", "45409", "45410"]:
        assert client.get(f"/api/v1/facilities/?location={zip_code}").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("COUNT(" in statement and "OVER ()" in statement for statement in prepared), prepared
