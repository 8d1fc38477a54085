"""A program's own report of its listing: a single-use, expiring link a curator sends, the update it proposes, and
a request for a new link when one no longer works."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from facilities.models import Facility

# Tokens signed for update links and nothing else: a token signed elsewhere in the site is no update link.
TOKEN_SALT = "updates.link"


class UpdateLink(models.Model):
    """A link a curator created for one facility: it works once, until `expires_at`."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        USED = "used", "Used"
        EXPIRED = "expired", "Expired"

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="update_links")
    email = models.EmailField(
        blank=True, help_text="Where to email the link. Leave empty to copy the link and read it out or text it."
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the email and of the form the link opens.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(help_text="The link stops working then. Set it to now to end it early.")
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Update link for {self.facility.name}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + timedelta(days=settings.UPDATE_LINK_DAYS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The form in the link's language: /es/update/<token>/ for a link in Spanish."""
        with override(self.language):
            return reverse("updates:form", args=[self.token])

    @property
    def token(self) -> str:
        """The link's id, signed: a changed token is refused before any query."""
        return signing.Signer(salt=TOKEN_SALT).sign_object(self.pk)

    @staticmethod
    def id_from_token(token: str) -> int:
        """The link id a token names; signing.BadSignature when it was not made here or was changed."""
        link_id = signing.Signer(salt=TOKEN_SALT).unsign_object(token)
        if not isinstance(link_id, int):
            raise signing.BadSignature("Not an update link.")
        return link_id

    @property
    def state(self) -> str:
        if self.used_at is not None:
            return self.State.USED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.OPEN

    def claim(self) -> bool:
        """Mark the link used, if it still works: True for exactly one of any number of simultaneous callers."""
        now = timezone.now()
        claimed = UpdateLink.objects.filter(pk=self.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
        if claimed:
            self.used_at = now
        return bool(claimed)


class ProposedUpdate(models.Model):
    """What a program sent through its link. It never changes the listing by itself: a curator applies it.

    `data` holds everything the form sent: {"facility": {field: value}, "programs": [{"id", "label", "values"}]},
    lists as slugs, hours as text ("9.5"), session times as true / false / null.
    """

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

    class Meta:
        verbose_name = "program update"
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"Update from {self.facility.name} ({self.submitted_at:%Y-%m-%d})"

    @property
    def submitted_on(self):
        """The day the program sent it, in the site's time zone: the day its facts are dated."""
        return timezone.localdate(self.submitted_at)


class LinkRequest(models.Model):
    """Someone whose link no longer worked asked for a new one."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        HANDLED = "handled", "Handled"

    link = models.ForeignKey(
        UpdateLink,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        help_text="The expired or used link they opened. Empty when the link was not one of ours (mistyped or "
        "changed).",
    )
    facility = models.ForeignKey(
        Facility, null=True, blank=True, on_delete=models.CASCADE, related_name="link_requests"
    )
    contact = models.CharField(max_length=200, help_text="The email or phone they left for the new link.")
    note = models.TextField(blank=True, max_length=2000, help_text="What they wrote: often the program's name.")
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the page they asked from: the new link's too.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "request for a new link"
        verbose_name_plural = "requests for a new link"
        ordering = ["-created_at"]

    def __str__(self):
        return f"New link for {self.facility.name if self.facility_id else 'an unknown program'}"
