"""What the tests that start a real server or a fresh interpreter share: a free port, waiting for it to listen, the
machine's Redis, the tests' database for another process, and Django run in a process of its own."""

import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

MACHINE_REDIS = ("127.0.0.1", 6379)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int, seconds: float = 10) -> bool:
    """Whether something accepts connections on the local port within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def require_machine_redis():
    """Skip the test when the machine's Redis (127.0.0.1:6379, in every session and in CI) does not answer."""
    try:
        socket.create_connection(MACHINE_REDIS, timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")


def shared_database_url() -> str:
    """The tests' own PostgreSQL database as a URL, for a server process to share (it sees rows once committed)."""
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


def run_django(code: str, env: dict, timeout: int = 60) -> subprocess.CompletedProcess:
    """`code`, run after django.setup() in a fresh interpreter from the project folder, with exactly `env`."""
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "iopfinder.settings"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
