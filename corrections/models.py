"""A visitor's report that a listing is wrong, and the curators' handling of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility


class Correction(models.Model):
    class Reason(models.TextChoices):
        WRONG_PHONE = "wrong-phone", _("The phone number is wrong")
        CLOSED = "closed", _("It has closed")
        MOVED = "moved", _("It has moved")
        NOT_ACCEPTING = "not-accepting", _("It is not taking new patients")
        WRONG_HOURS = "wrong-hours", _("The hours or schedule are wrong")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in-progress", "In progress"
        FIXED = "fixed", "Fixed"
        REJECTED = "rejected", "Rejected"

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="corrections")
    reason = models.CharField(max_length=20, choices=Reason)
    details = models.TextField(blank=True, max_length=2000, help_text="What the visitor wrote, if anything.")
    contact = models.CharField(
        max_length=200, blank=True, help_text="An email or phone the visitor chose to leave, if any. Never shown."
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    curator_note = models.TextField(blank=True, help_text="For curators only: what was checked or done.")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="corrections_status_created")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.facility.name}"
