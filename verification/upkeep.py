"""The daily upkeep (verification.tasks.daily_upkeep, `manage.py daily_upkeep`): availability reports expire, listings
not verified for a year are flagged, and demand counts too old for the queue are dropped. Each step is idempotent:
a second run the same day changes nothing."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from facilities.history import save_with_history
from facilities.models import Facility, ListingDemand
from programs.freshness import AVAILABILITY_DAYS, day_text
from programs.models import Program

# The same twelve months as the Facility admin's "verified" filter.
OVERDUE_AFTER = timedelta(days=365)
# Twice the queue's 30 days: room to compare one month with the one before.
DEMAND_KEPT = timedelta(days=60)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class UpkeepReport:
    expired: int
    overdue: int
    pruned: int

    def __str__(self):
        return (
            f"Expired {_plural(self.expired, 'availability report')}; "
            f"{_plural(self.overdue, 'listing')} overdue for verification; "
            f"pruned {_plural(self.pruned, 'demand row')}"
        )


def run(today: date | None = None) -> UpkeepReport:
    today = today or timezone.localdate()
    return UpkeepReport(expired=expire_availability(today), overdue=flag_overdue(today), pruned=prune_demand(today))


def _expiry_reason(program: Program) -> str:
    reported = f"reported {day_text(program.accepting_as_of)}" if program.accepting_as_of else "with no report date"
    return f"Availability {reported} expired after {AVAILABILITY_DAYS} days (was: {program.reported_status})"


def expire_availability(today: date) -> int:
    """Programs whose report is older than AVAILABILITY_DAYS become "not known". The report's day and source stay,
    so the listing reads "Not known — last reported Nov 3"; each change is in the program's history."""
    by_reason = defaultdict(list)
    for program in Program.objects.availability_expired(today):
        by_reason[_expiry_reason(program)].append(program)
    with transaction.atomic():
        for reason, programs in by_reason.items():
            for program in programs:
                program.accepting, program.waitlist_weeks = Program.Accepting.UNKNOWN, None
            save_with_history(programs, Program, ["accepting", "waitlist_weeks"], reason=reason)
    return sum(len(programs) for programs in by_reason.values())


def flag_overdue(today: date) -> int:
    """Flag the published listings not verified for OVERDUE_AFTER (or never), unflag the rest; returns how many are
    flagged. A flag for the queue, not a fact of the listing: no history entry, `updated_at` unchanged."""
    overdue = Q(is_published=True) & (Q(verified_on__isnull=True) | Q(verified_on__lt=today - OVERDUE_AFTER))
    with transaction.atomic():
        Facility.objects.filter(overdue, verification_overdue=False).update(verification_overdue=True)
        Facility.objects.filter(~overdue, verification_overdue=True).update(verification_overdue=False)
        return Facility.objects.filter(verification_overdue=True).count()


def prune_demand(today: date) -> int:
    """Delete the demand counts of days more than DEMAND_KEPT ago."""
    deleted, _ = ListingDemand.objects.filter(day__lt=today - DEMAND_KEPT).delete()
    return deleted
