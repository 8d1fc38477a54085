"""How fresh a fact is: when it was last confirmed, and how (the directory, the program's own report, our staff).

The facts a person calls about change: hours, whether a program is taking new patients, the phone number. Each is
shown with its date and the way it was confirmed, and availability stops counting once its report is old.
"""

from datetime import date, timedelta

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

# A report of whether a program is taking new patients is current for this many days; after that the listing says
# "Not known — last reported …" and the program stops counting for the "accepting new patients" filter.
AVAILABILITY_DAYS = 30


class Confirmation(models.TextChoices):
    """How a fact was last confirmed."""

    DIRECTORY = "directory", gettext_lazy("From the national directory")
    PROGRAM = "program", gettext_lazy("Reported by the program")
    CURATOR = "curator", gettext_lazy("Confirmed by our staff")


# A Confirmation's label with its day, a whole sentence for each (the label alone says it without one).
CONFIRMED_ON = {
    Confirmation.DIRECTORY: gettext_lazy("From the national directory on %(day)s"),
    Confirmation.PROGRAM: gettext_lazy("Reported by the program on %(day)s"),
    Confirmation.CURATOR: gettext_lazy("Confirmed by our staff on %(day)s"),
}


def day_text(day: date) -> str:
    """'Nov 3, 2026'; '3 de noviembre de 2026' in Spanish."""
    # Translators: the letters of Django's date filter; keep them, and escape any other letter with a backslash.
    return format_date(day, pgettext("date format", "M j, Y"))


def confirmed_text(day: date | None, how: str) -> str:
    """'Reported by the program on Nov 3, 2026', or '' when neither is known."""
    if not how:
        return _("Last updated %(day)s") % {"day": day_text(day)} if day else ""
    if not day:
        return str(Confirmation(how).label)
    return CONFIRMED_ON[how] % {"day": day_text(day)}


def availability_cutoff(today: date | None = None) -> date:
    """The oldest report day still current."""
    return (today or timezone.localdate()) - timedelta(days=AVAILABILITY_DAYS)


def stamp(record, changed, how: str, day: date | None = None) -> list[str]:
    """Date the facts of `record` that changed: for each group of its model's CONFIRMED ({prefix: fields}) with a
    field in `changed`, set <prefix>_as_of to `day` (today) and <prefix>_source to `how`, unless `changed` holds
    <prefix>_as_of itself (the writer dated it). Returns the fields it set."""
    day = day or timezone.localdate()
    changed, written = set(changed), []
    for prefix, facts in type(record).CONFIRMED.items():
        if changed & set(facts) and f"{prefix}_as_of" not in changed:
            setattr(record, f"{prefix}_as_of", day)
            setattr(record, f"{prefix}_source", how)
            written += [f"{prefix}_as_of", f"{prefix}_source"]
    return written
