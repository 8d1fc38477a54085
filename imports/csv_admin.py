"""The curators' CSV tools in admin: export the selected facilities, import a file after a preview."""

import os
import re
import secrets
import stat
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from imports.csv_format import CsvFileError, import_listings, read_csv, write_csv

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PREVIEW_CHANGES = 200
# An uploaded file waits in settings.UPLOAD_DIR between its preview and "apply" (or "cancel"), at most KEEP_SECONDS.
# The preview page carries the file's random token, and the session lists the tokens its curator previewed, so
# "apply" writes exactly the file on screen, and only for the curator who uploaded it.
SESSION_KEY = "facility_csv_imports"
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


def export_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"iopfinder-facilities-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(queryset, response)
    return response


class UploadForm(forms.Form):
    file = forms.FileField(help_text="A CSV in the format 'Export selected as CSV' produces (UTF-8).")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
        return upload


def import_csv_view(modeladmin, request):
    """GET: the upload form. POST a file: a dry run shows what would change. POST apply: it is written."""
    if not (modeladmin.has_add_permission(request) and modeladmin.has_change_permission(request)):
        raise PermissionDenied
    context = {**modeladmin.admin_site.each_context(request), "opts": modeladmin.model._meta, "title": "Import CSV"}
    if request.method == "POST" and "apply" in request.POST:
        return _apply(modeladmin, request)
    if request.method == "POST" and "cancel" in request.POST:
        return _cancel(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            listings, problems = read_csv(data, upload.name)
            summary = None if problems else import_listings(listings, dry_run=True, user=request.user)
        except CsvFileError as error:
            form.add_error("file", str(error))
        else:
            token = None
            if summary is not None:
                folder = upload_dir()
                sweep(folder)
                token = secrets.token_hex(16)
                (folder / token).write_bytes(data)
                request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), token: upload.name}
            context.update(
                problems=problems,
                summary=summary,
                changes=summary.changes[:PREVIEW_CHANGES] if summary else [],
                token=token,
                file_name=upload.name,
            )
    context["form"] = form
    return TemplateResponse(request, "admin/facilities/facility/import_csv.html", context)


def _previewed(request) -> tuple[str, str, Path] | None:
    """(token, file name, path) of the preview the form names, if this session made it and its file is there."""
    token = request.POST.get("token", "")
    name = request.session.get(SESSION_KEY, {}).get(token) if TOKEN.match(token) else None
    path = upload_dir() / token if name else None
    return (token, name, path) if path and path.is_file() else None


def _forget(request, token: str, path: Path | None):
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if path is not None:
        path.unlink(missing_ok=True)


def _apply(modeladmin, request):
    previewed = _previewed(request)
    if previewed is None:
        messages.error(request, "That preview has expired or was already applied. Upload the file again.")
        return redirect("admin:facilities_facility_import_csv")
    token, name, path = previewed
    try:
        listings, problems = read_csv(path.read_bytes(), name)
        if problems:
            raise CsvFileError("the file has row problems")
        summary = import_listings(listings, user=request.user, reason=f"Imported from {name} in admin")
    except CsvFileError as error:
        messages.error(request, f"Nothing was imported: {error}")
        return redirect("admin:facilities_facility_import_csv")
    finally:
        _forget(request, token, path)
    messages.success(request, f"Imported {name}: {summary}.")
    return redirect("admin:facilities_facility_changelist")


def _cancel(request):
    previewed = _previewed(request)
    if previewed:
        _forget(request, previewed[0], previewed[2])
        messages.info(request, f"Cancelled: {previewed[1]} was not imported, and its upload is deleted.")
    return redirect("admin:facilities_facility_changelist")
