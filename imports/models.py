"""An import a curator started in admin, run off the request by imports.tasks.run_import_job."""

import time
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from imports.uploads import directory_suffix, upload_path

RESULT_LINES = 200  # a job keeps at most this many of each kind of line (changes, problems, …); counts are complete


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        CSV_PREVIEW = "csv-preview", "CSV preview"
        CSV_APPLY = "csv-apply", "CSV import"
        DIRECTORY = "directory", "National directory import"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=255, help_text="The name of the file as the curator uploaded it.")
    token = models.CharField(max_length=32, help_text="The uploaded file's name in the private upload folder.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0, help_text="Rows read so far.")
    total = models.PositiveIntegerField(default=0, help_text="Rows in the file, once known.")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            # A previewed upload is applied once, however often "Apply" is pressed.
            models.UniqueConstraint(
                fields=["token"], condition=models.Q(kind="csv-apply"), name="imports_importjob_one_apply_per_upload"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.file_name} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("admin:facilities_facility_import_job", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def path(self) -> Path:
        """The uploaded file; it may be gone (applied, cancelled, or a day old)."""
        return upload_path(self.token, directory_suffix(self.file_name) if self.kind == self.Kind.DIRECTORY else "")

    def start(self):
        self.status, self.started = self.Status.RUNNING, timezone.now()
        self.save(update_fields=["status", "started"])

    def progress_recorder(self):
        """A callback(done, total) that saves the progress at most once per 1% of the rows and per half second."""
        last = {"done": -1, "at": 0.0}

        def record(done: int, total: int):
            now = time.monotonic()
            if done != total and (done - last["done"] < total / 100 or now - last["at"] < 0.5):
                return
            last.update(done=done, at=now)
            self.done, self.total = done, total
            self.save(update_fields=["done", "total"])

        return record

    def finish(self, result: dict):
        self.status, self.result, self.finished = self.Status.DONE, result, timezone.now()
        self.save(update_fields=["status", "result", "finished"])

    def fail(self, message: str):
        self.status, self.error, self.finished = self.Status.FAILED, message, timezone.now()
        self.save(update_fields=["status", "error", "result", "finished"])
