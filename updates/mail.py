"""The email that carries an update link to a program, in the link's language."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from programs.freshness import day_text
from updates.models import UpdateLink


def send_link(link: UpdateLink, url: str):
    """Email the link to link.email, in plain text. Raises what the mail backend raises (OSError, SMTPException).

    `url` is the link in full (UpdateLink.get_absolute_url gives its path in the link's language)."""
    with override(link.language):
        context = {"facility": link.facility, "url": url, "expires": day_text(timezone.localdate(link.expires_at))}
        subject = _("Update your listing on IOP Finder: %(name)s") % {"name": link.facility.name}
        message = render_to_string("updates/link_email.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[link.email])  # from DEFAULT_FROM_EMAIL
