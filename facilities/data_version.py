"""What the public pages are made from: the listings' data version, one value in the shared cache that every write to
what the pages show replaces, and the release of the code that makes them (`release`).

The page cache (iopfinder/pagecache.py) keeps a page with the version it was made from, and serves it only while the
version is still the same, so no server serves a listing older than the last change, whichever server made the
change. Writes reach it two ways: the model signals of the records the pages show (`connect`, from
FacilitiesConfig.ready), and `facilities.history.record_history`, which every bulk write (imports, bulk actions,
program updates, the daily upkeep) goes through, since bulk writes send no signals.

A new version is the time it was made and a random value, never a count: if the cache loses the key (a restarted
Redis), the next version cannot be one an old page was kept with; and the page cache can tell how recent it is.
"""

import hashlib
import time
import uuid
from functools import cache as cache_result

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "listings:data-version"
SOURCES = ("*/*.py", "*/templatetags/*.py", "templates/**/*.html", "static/css/*.css", "static/js/*.js")
NOT_SOURCES = {".venv", "tests", "benchmarks"}


def current() -> str:
    """The version now (made, and kept without expiry, on first use)."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, _fresh(), timeout=None)
        version = cache.get(KEY) or "unversioned"  # no cache at all: the page cache then never finds a page
    return version


def bump(**signal) -> None:
    """Something the public pages show has changed: a new version once the change is committed (before, a page made
    meanwhile from the old rows would be kept under the new version)."""
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(KEY, _fresh(), timeout=None)


def _fresh() -> str:
    """A version never made before: when it was made, and a random part."""
    return f"{time.time():.3f}:{uuid.uuid4().hex[:16]}"


def age(version: str) -> float:
    """Seconds since this version was made (a version made before versions said their time: a long time)."""
    made, _, _ = version.partition(":")
    try:
        return time.time() - float(made)
    except ValueError:
        return float("inf")


def connect(models) -> None:
    """Replace the version on every save and delete of these models' records, and every change of their lists."""
    for model in models:
        post_save.connect(bump, sender=model, dispatch_uid=f"data-version-save-{model._meta.label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"data-version-delete-{model._meta.label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(bump, sender=through, dispatch_uid=f"data-version-lists-{through._meta.label}")


@cache_result
def release() -> str:
    """The code that makes the pages, as a short digest of its Python files, templates and static files: the same on
    every server of one release, new with the next, so no server serves a page or card made by the code before."""
    root, digest = settings.BASE_DIR, hashlib.sha256()
    paths = (path for pattern in SOURCES for path in root.glob(pattern))
    for path in sorted(path for path in paths if path.relative_to(root).parts[0] not in NOT_SOURCES):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
