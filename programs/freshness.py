"""How fresh a fact is: when it was last confirmed, and how (the directory, the program's own report, our staff).

The facts a person calls about change: hours, whether a program is taking new patients, the phone number. Each is
shown with its date and the way it was confirmed, and availability stops counting once its report is old.
"""

from datetime import date, timedelta

from django.db import models
from django.utils import timezone

# A report of whether a program is taking new patients is current for this many days; after that the listing says
# "Not known — last reported …" and the program stops counting for the "accepting new patients" filter.
AVAILABILITY_DAYS = 30


class Confirmation(models.TextChoices):
    """How a fact was last confirmed."""

    DIRECTORY = "directory", "From the national directory"
    PROGRAM = "program", "Reported by the program"
    CURATOR = "curator", "Confirmed by our staff"


def day_text(day: date) -> str:
    """'Nov 3, 2026'."""
    return f"{day:%b} {day.day}, {day.year}"


def confirmed_text(day: date | None, how: str) -> str:
    """'Reported by the program on Nov 3, 2026', or '' when neither is known."""
    if not how:
        return f"Last updated {day_text(day)}" if day else ""
    label = Confirmation(how).label
    return f"{label} on {day_text(day)}" if day else label


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
