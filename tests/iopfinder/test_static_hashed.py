"""Production's static files (`make serve`, STATIC_HASHED=1): collectstatic names each file by its content, the pages
link those names, and WhiteNoise serves them compressed with a year's Cache-Control, so a browser, proxy or CDN keeps
them and a new release's file is a new name. Run in fresh interpreters, as `make serve` runs."""

import os
import re

from tests import servers

PAGE = """
from django.test import Client
client = Client()
page = client.get("/about/").content.decode()
css = next(part for part in page.split('"') if "/static/css/site." in part)
print(css)
answer = client.get(css, headers={"accept-encoding": "gzip"})
print(answer.status_code, answer["Cache-Control"], answer.get("Content-Encoding", ""))
"""


def test_the_pages_link_hashed_names_that_are_kept_for_a_year(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        STATIC_HASHED="1",
        STATIC_ROOT=str(tmp_path / "staticfiles"),
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        RATELIMIT_ENABLE="0",
    )
    collect = "from django.core.management import call_command; call_command('collectstatic', interactive=False)"
    collected = servers.run_django(collect, env, timeout=120)
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()
    served = servers.run_django(PAGE, env)
    assert served.returncode == 0, served.stderr
    link, answer = served.stdout.strip().splitlines()
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", link)
    assert answer.startswith("200 ") and "max-age=315360000" in answer and "immutable" in answer
    assert answer.endswith(" gzip")  # compressed once at collectstatic, not per request


def test_without_it_the_names_are_the_files_own():
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "STATIC_HASHED"}}
    result = servers.run_django(
        "from django.templatetags.static import static; print(static('css/site.css'))", {**env, "DEBUG": "1"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/static/css/site.css"
