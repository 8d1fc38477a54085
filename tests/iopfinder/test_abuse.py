"""A bounded abuse test: one client floods the API for 10 s through gunicorn (two workers sharing Redis); the
limit answers 429 and a second client is still served."""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.servers import free_port, listening, require_machine_redis

ROOT = Path(settings.BASE_DIR)
LIMIT = 100  # API requests a minute per client, for this test


def ask(url: str, client: str) -> int:
    request = urllib.request.Request(url, headers={"X-Forwarded-For": client})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_flood_from_one_client_is_refused_while_another_is_served(tmp_path):
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install wrk)")
    require_machine_redis()
    pytest.importorskip("gunicorn")
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "test-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "CACHE_KEY_PREFIX": f"abuse-{uuid.uuid4().hex}",
        "RATELIMIT_ENABLE": "1",
        "RATELIMIT_API_PER_MINUTE": str(LIMIT),
        "TRUST_X_FORWARDED_FOR": "1",  # the two clients are told apart by the address a proxy would add
        "LOG_LEVEL": "ERROR",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    command = [sys.executable, "-m", "gunicorn", "iopfinder.wsgi:application", "-w", "2", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/v1/facilities/"
    try:
        assert listening(port), "gunicorn did not start"
        flood = subprocess.Popen(
            ["wrk", "-t1", "-c4", "-d10s", "-H", "X-Forwarded-For: 203.0.113.7", url],
            stdout=subprocess.PIPE,
            text=True,
        )
        other = []
        while flood.poll() is None:
            other.append(ask(url, "198.51.100.2"))
            time.sleep(0.5)
        report = flood.communicate()[0]
    finally:
        server.terminate()
        server.wait(timeout=10)

    total = int(re.search(r"(\d+) requests in", report).group(1))
    refused = int(re.search(r"Non-2xx or 3xx responses: (\d+)", report).group(1))
    assert total / 10 >= 100, report  # a flood: at least a hundred requests a second
    assert total - refused <= 2 * LIMIT, report  # at most the limit per window (10 s may span two)
    assert other and set(other) == {200}, other  # the second client is served throughout
