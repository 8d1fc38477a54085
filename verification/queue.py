"""The verification queue: published listings, the ones people look at most and that were verified longest ago first.

Demand is how often a listing was shown in search results or opened over the last DEMAND_DAYS days
(facilities.ListingDemand). Each count is a subquery per listing, never a join, so no row is repeated.
"""

from datetime import date, timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from corrections.models import Correction
from facilities.models import ListingDemand
from updates.models import ProposedUpdate

DEMAND_DAYS = 30
OPEN_CORRECTIONS = (Correction.Status.NEW, Correction.Status.IN_PROGRESS)

# Most demand first, then the stalest (never verified before anything verified), then by name.
ORDER = [
    (F("recent_shown") + F("recent_opened")).desc(),
    F("verified_on").asc(nulls_first=True),
    "name",
    "pk",
]


def demand_since(today: date | None = None) -> date:
    """The first day counted: today and the DEMAND_DAYS - 1 days before it."""
    return (today or timezone.localdate()) - timedelta(days=DEMAND_DAYS - 1)


def _per_listing(queryset, value):
    """One number per listing from rows that point at it (`facility`), 0 when there are none."""
    rows = queryset.filter(facility=OuterRef("pk")).order_by().values("facility").annotate(value=value)
    return Coalesce(Subquery(rows.values("value"), output_field=IntegerField()), 0)


def with_queue_counts(listings, today: date | None = None):
    """Annotate `recent_shown`, `recent_opened` (the last DEMAND_DAYS days), `open_corrections`, `pending_updates`."""
    demand = ListingDemand.objects.filter(day__gte=demand_since(today))
    return listings.annotate(
        recent_shown=_per_listing(demand, Sum("shown")),
        recent_opened=_per_listing(demand, Sum("opened")),
        open_corrections=_per_listing(Correction.objects.filter(status__in=OPEN_CORRECTIONS), Count("pk")),
        pending_updates=_per_listing(ProposedUpdate.objects.filter(status=ProposedUpdate.Status.PENDING), Count("pk")),
    )


def verification_queue(listings, today: date | None = None):
    """The published listings, annotated (with_queue_counts) and in the queue's order."""
    return with_queue_counts(listings.published(), today).order_by(*ORDER)
