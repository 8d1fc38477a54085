"""A program's own report of its listing: a single-use, expiring link a curator sends, and the update it proposes."""

from django.conf import settings
from django.db import models

from facilities.models import Facility


class UpdateLink(models.Model):
    """A link a curator created for one facility: it works once, until `expires_at`."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="update_links")
    email = models.EmailField(blank=True, help_text="Where the link was sent, if it was emailed.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Update link for {self.facility.name}"


class ProposedUpdate(models.Model):
    """What a program sent through its link. It never changes the listing by itself: a curator applies it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a curator"
        APPLIED = "applied", "Applied"
        PARTLY_APPLIED = "partly", "Partly applied"
        REJECTED = "rejected", "Rejected"

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="proposed_updates")
    link = models.OneToOneField(UpdateLink, null=True, on_delete=models.SET_NULL, related_name="proposed_update")
    submitted_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(default=dict, help_text="The values the program sent, by facility and program field.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Update from {self.facility.name} ({self.submitted_at:%Y-%m-%d})"
