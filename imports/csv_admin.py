"""The curators' import tools in admin: export the selected facilities as CSV; import a CSV after a preview, or the
yearly national directory. An upload becomes an ImportJob run off the request (imports.tasks); its page shows
the progress, then the preview or the summary."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from imports.csv_format import write_csv
from imports.models import ImportJob
from imports.tasks import run_import_job
from imports.uploads import directory_suffix, save_upload

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DIRECTORY_BYTES = 100 * 1024 * 1024


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


class DirectoryUploadForm(forms.Form):
    file = forms.FileField(
        help_text="SAMHSA's national directory: the workbook (.xlsx) or its CSV export (.csv, or .csv.gz compressed)."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not directory_suffix(upload.name):
            raise forms.ValidationError("Expected the directory workbook (.xlsx) or a CSV export (.csv, .csv.gz).")
        if upload.size > MAX_DIRECTORY_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_DIRECTORY_BYTES // (1024 * 1024)} MB.")
        return upload


def _check_permission(modeladmin, request):
    if not (modeladmin.has_add_permission(request) and modeladmin.has_change_permission(request)):
        raise PermissionDenied


def _context(modeladmin, request, title: str) -> dict:
    return {**modeladmin.admin_site.each_context(request), "opts": modeladmin.model._meta, "title": title}


def _start(request, kind: str, upload, token: str) -> ImportJob:
    job = ImportJob.objects.create(kind=kind, file_name=upload.name, token=token, user=request.user)
    run_import_job.enqueue(job.pk)
    return job


def import_csv_view(modeladmin, request):
    """GET: the upload form. POST a file: a preview job (a dry run) starts, and its page shows what would change."""
    _check_permission(modeladmin, request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = _start(request, ImportJob.Kind.CSV_PREVIEW, upload, save_upload(upload))
        return redirect(job)
    context = {**_context(modeladmin, request, "Import CSV"), "form": form}
    return TemplateResponse(request, "admin/facilities/facility/import_csv.html", context)


def import_directory_view(modeladmin, request):
    """GET: the upload form. POST a file: the import starts as `manage.py import_samhsa` runs it."""
    _check_permission(modeladmin, request)
    form = DirectoryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = _start(request, ImportJob.Kind.DIRECTORY, upload, save_upload(upload, directory_suffix(upload.name)))
        return redirect(job)
    context = {**_context(modeladmin, request, "Import the national directory"), "form": form}
    return TemplateResponse(request, "admin/facilities/facility/import_directory.html", context)


def import_job_view(modeladmin, request, job_id: int):
    """A job's progress, then its result; a finished CSV preview offers Apply and Cancel to whoever uploaded it."""
    _check_permission(modeladmin, request)
    job = get_object_or_404(ImportJob, pk=job_id)
    applied = ImportJob.objects.filter(kind=ImportJob.Kind.CSV_APPLY, token=job.token).first()
    can_decide = (
        job.kind == ImportJob.Kind.CSV_PREVIEW
        and job.status == ImportJob.Status.DONE
        and job.user_id == request.user.pk
        and applied is None
        and job.path.is_file()
    )
    if request.method == "POST" and "apply" in request.POST:
        return _apply(request, job) if can_decide else _expired(request)
    if request.method == "POST" and "cancel" in request.POST:
        return _cancel(request, job) if can_decide else _expired(request)
    context = {
        **_context(modeladmin, request, f"{job.get_kind_display()}: {job.file_name}"),
        "job": job,
        "result": job.result,
        "can_decide": can_decide,
        "applied": applied,
    }
    return TemplateResponse(request, "admin/facilities/facility/import_job.html", context)


def _expired(request):
    messages.error(request, "That preview has expired or was already applied. Upload the file again.")
    return redirect("admin:facilities_facility_import_csv")


def _apply(request, preview: ImportJob):
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                kind=ImportJob.Kind.CSV_APPLY, file_name=preview.file_name, token=preview.token, user=request.user
            )
    except IntegrityError:  # applied in another tab a moment ago
        return _expired(request)
    run_import_job.enqueue(job.pk)
    return redirect(job)


def _cancel(request, preview: ImportJob):
    preview.path.unlink(missing_ok=True)
    messages.info(request, f"Cancelled: {preview.file_name} was not imported, and its upload is deleted.")
    return redirect("admin:facilities_facility_changelist")
