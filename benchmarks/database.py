"""The benchmark's own database: an SQLite file under benchmarks/.data, or a PostgreSQL database it
creates and drops on the server DATABASE_URL names. Never the development database."""

import importlib
import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DATA_DIR = Path(__file__).resolve().parent / ".data"
DEFAULT_NAME = "iopfinder_bench"


class BenchDatabase:
    def __init__(self, development_url: str, name: str = DEFAULT_NAME):
        self.vendor = "postgresql" if development_url.startswith(("postgres://", "postgresql://")) else "sqlite"
        self.name = name
        if self.vendor == "postgresql":
            parts = urlsplit(development_url)
            if parts.path.lstrip("/") == name:
                raise SystemExit(f"DATABASE_URL already names {name!r}; the benchmark creates and drops that database.")
            self.url = urlunsplit(parts._replace(path=f"/{name}"))
            self.maintenance_url = urlunsplit(parts._replace(path="/postgres"))
        else:
            self.path = DATA_DIR / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def label(self) -> str:
        return f"PostgreSQL database {self.name}" if self.vendor == "postgresql" else f"SQLite file {self.path}"

    def exists(self) -> bool:
        if self.vendor == "sqlite":
            return self.path.exists()
        with self._maintenance() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return cursor.fetchone() is not None

    def create(self):
        self.drop()
        if self.vendor == "sqlite":
            DATA_DIR.mkdir(exist_ok=True)
            return
        with self._maintenance() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        from django.conf import settings
        from django.db import connections

        if settings.configured:
            connections.close_all()
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        with self._maintenance() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    @contextmanager
    def _maintenance(self):
        import psycopg

        connection = psycopg.connect(self.maintenance_url, autocommit=True)  # CREATE/DROP DATABASE: no transaction
        try:
            with connection.cursor() as cursor:
                yield cursor
        finally:
            connection.close()


def configure_django(database: BenchDatabase):
    """Point Django's settings at the benchmark database, with production-like settings (DEBUG off)."""
    os.environ["DATABASE_URL"] = database.url
    production_like()


def production_like():
    """Django started as a server starts, with the benchmark's settings, on the database DATABASE_URL names."""
    os.environ["RATELIMIT_ENABLE"] = "0"  # a benchmark is one client asking as fast as it can, on purpose
    os.environ["DEBUG"] = "0"  # DEBUG on records every query and would slow every request down
    os.environ["PAGE_CACHE"] = "0"  # the pages as made; bench.py times the kept ones apart ("cached")
    # Each listing's card and API result kept (search/fragments.py), as production keeps them in Redis; with
    # FRAGMENT_CACHE=0 every answer makes them anew.
    os.environ.setdefault("FRAGMENT_CACHE", "1")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-insecure-key")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "iopfinder.settings"
    # Start up as the server does (iopfinder/wsgi.py): Django set up, then its start-up objects frozen out of
    # the garbage collector's way.
    importlib.import_module("iopfinder.wsgi")
