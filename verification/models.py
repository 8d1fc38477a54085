"""The verification loop: the queue of published listings curators call (a proxy of Facility, for its own admin page
and permission), and the record of each call: which facts the facility confirmed, when, and who asked."""

from django.conf import settings
from django.db import models

from facilities.models import Facility


class QueuedListing(Facility):
    """A published listing as the verification queue shows it (verification.queue annotates demand and what waits)."""

    class Meta:
        proxy = True
        verbose_name = "listing to verify"
        verbose_name_plural = "listings to verify"


class Verification(models.Model):
    """One call to a facility: the day, the curator, and what they confirmed ("phones", "hours of Evening IOP")."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="verifications")
    day = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    fields = models.JSONField(default=list, help_text="What the facility confirmed, as the curator ticked it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phone verification"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.facility.name} verified by phone on {self.day}"

    @property
    def fields_text(self) -> str:
        return ", ".join(self.fields)
