"""gunicorn believes a forwarded scheme only when TRUST_X_FORWARDED_PROTO says a proxy sets it."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.servers import free_port, listening

ROOT = Path(settings.BASE_DIR)


def server_url_seen(tmp_path, trust: str) -> str:
    """The API's own address as a gunicorn started from the project directory reports it, asked over plain HTTP
    from 127.0.0.1 with X-Forwarded-Proto: https."""
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "test-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TRUST_X_FORWARDED_PROTO": trust,
        "SECURE_SSL_REDIRECT": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "iopfinder.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/schema/", headers={"X-Forwarded-Proto": "https"}
        )
        assert listening(port), "gunicorn did not start"
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)["servers"][0]["url"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_forwarded_scheme_is_believed_only_when_configured(tmp_path):
    pytest.importorskip("gunicorn")
    assert server_url_seen(tmp_path, "0").startswith("http://")
    assert server_url_seen(tmp_path, "1").startswith("https://")
