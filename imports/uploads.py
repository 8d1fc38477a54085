"""Files curators upload in admin, kept in a private folder until their import job has read them.

Each waits under a random token (with the suffix the directory reader needs), at most KEEP_SECONDS. An import job
names its file by that token, so "apply" writes exactly the file whose preview is on screen.
"""

import os
import re
import secrets
import stat
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEEP_SECONDS = 24 * 60 * 60
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def upload_dir() -> Path:
    """The private folder for uploads: created 0700; refused when another user owns it or others may read it."""
    folder = Path(settings.UPLOAD_DIR) / "csv-imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = folder.stat()
    if status.st_uid != os.getuid() or stat.S_IMODE(status.st_mode) & 0o077:
        raise ImproperlyConfigured(f"{folder} must belong to this user and be private (chmod 700).")
    return folder


def sweep(folder: Path):
    """Uploads nobody applied or cancelled go after a day."""
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def save_upload(upload, suffix: str = "") -> str:
    """Write an uploaded file into the private folder, chunk by chunk; its token."""
    folder = upload_dir()
    sweep(folder)
    token = secrets.token_hex(16)
    with open(folder / f"{token}{suffix}", "xb") as destination:
        for chunk in upload.chunks():
            destination.write(chunk)
    return token


def upload_path(token: str, suffix: str = "") -> Path:
    if not TOKEN.match(token):
        raise ValueError(f"not an upload token: {token!r}")
    return upload_dir() / f"{token}{suffix}"


def directory_suffix(name: str) -> str:
    """The ending the directory reader goes by (.xlsx, .csv or .csv.gz); "" for any other file."""
    return next((suffix for suffix in (".xlsx", ".csv.gz", ".csv") if name.lower().endswith(suffix)), "")
