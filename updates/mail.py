"""The email that carries an update link to a program."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from programs.freshness import day_text
from updates.models import UpdateLink


def send_link(link: UpdateLink, url: str):
    """Email the link to link.email, in plain text. Raises what the mail backend raises (OSError, SMTPException)."""
    context = {"facility": link.facility, "url": url, "expires": day_text(timezone.localdate(link.expires_at))}
    send_mail(
        subject=f"Update your listing on IOP Finder: {link.facility.name}",
        message=render_to_string("updates/link_email.txt", context),
        from_email=None,  # DEFAULT_FROM_EMAIL
        recipient_list=[link.email],
    )
