"""The curators' CSV tools in admin: export the selected facilities, import a file after a preview."""

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from imports.csv_format import CsvFileError, import_listings, read_csv, write_csv

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PREVIEW_CHANGES = 200
# An uploaded file waits here between its preview and "apply"; the session holds its random name.
UPLOAD_DIR = Path(tempfile.gettempdir()) / "iopfinder-csv-imports"
SESSION_KEY = "facility_csv_import"


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
            if summary is not None:
                UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
                token = secrets.token_hex(16)
                (UPLOAD_DIR / token).write_bytes(data)
                request.session[SESSION_KEY] = {"token": token, "name": upload.name}
            context.update(
                problems=problems, summary=summary, changes=summary.changes[:PREVIEW_CHANGES] if summary else []
            )
    context["form"] = form
    return TemplateResponse(request, "admin/facilities/facility/import_csv.html", context)


def _apply(modeladmin, request):
    pending = request.session.pop(SESSION_KEY, None)
    path = UPLOAD_DIR / pending["token"] if pending else None
    if path is None or not path.is_file():
        messages.error(request, "That preview has expired. Upload the file again.")
        return redirect("admin:facilities_facility_import_csv")
    try:
        listings, problems = read_csv(path.read_bytes(), pending["name"])
        if problems:
            raise CsvFileError("the file has row problems")
        summary = import_listings(listings, user=request.user, reason=f"Imported from {pending['name']} in admin")
    except CsvFileError as error:
        messages.error(request, f"Nothing was imported: {error}")
        return redirect("admin:facilities_facility_import_csv")
    finally:
        path.unlink(missing_ok=True)
    messages.success(request, f"Imported {pending['name']}: {summary}.")
    return redirect("admin:facilities_facility_changelist")
