"""The daily upkeep: old availability reports expire (in history), listings not verified for 12 months are flagged,
old demand counts are pruned; a second run changes nothing; the command says what it did."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from facilities.models import Facility, ListingDemand
from programs.freshness import day_text
from programs.models import Program
from verification import upkeep
from verification.tasks import daily_upkeep

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def test_a_report_older_than_30_days_expires_into_not_known_in_history(make_facility, make_program):
    facility = make_facility()
    old = make_program(facility, name="Old Report", accepting=Program.Accepting.YES, accepting_as_of=days_ago(31))
    waitlist = make_program(
        facility,
        name="Old Waitlist",
        accepting=Program.Accepting.WAITLIST,
        waitlist_weeks=3,
        accepting_as_of=days_ago(40),
        accepting_source="program",
    )
    recent = make_program(facility, name="Recent Report", accepting=Program.Accepting.YES, accepting_as_of=days_ago(29))

    assert upkeep.run().expired == 2

    old.refresh_from_db()
    assert (old.accepting, old.accepting_as_of) == ("unknown", days_ago(31))
    entry = old.history.first()
    assert entry.history_user is None and entry.accepting == "unknown"
    assert entry.history_change_reason == (
        f"Availability reported {day_text(days_ago(31))} expired after 30 days (was: Taking new patients)"
    )
    waitlist.refresh_from_db()
    assert (waitlist.accepting, waitlist.waitlist_weeks, waitlist.accepting_source) == ("unknown", None, "program")
    assert waitlist.availability == "Not known"
    assert waitlist.availability_note.startswith(f"last reported {day_text(days_ago(40))}")
    assert "(was: Waitlist about 3 weeks)" in waitlist.history.first().history_change_reason
    recent.refresh_from_db()
    assert recent.accepting == "yes" and recent.history.count() == 1


def test_listings_not_verified_for_12_months_are_flagged_and_the_rest_unflagged(make_facility):
    never = make_facility(name="Never Verified")
    stale = make_facility(name="Verified Long Ago", verified_on=days_ago(366))
    fresh = make_facility(name="Verified This Year", verified_on=days_ago(365), verification_overdue=True)
    hidden = make_facility(name="Unpublished", is_published=False, verification_overdue=True)

    assert upkeep.run().overdue == 2

    flagged = set(Facility.objects.filter(verification_overdue=True).values_list("pk", flat=True))
    assert flagged == {never.pk, stale.pk}
    assert fresh.pk not in flagged and hidden.pk not in flagged


def test_demand_older_than_60_days_is_pruned(make_facility):
    facility = make_facility()
    for days in (0, 30, 60, 61, 200):
        ListingDemand.objects.create(facility=facility, day=days_ago(days), shown=1)

    assert upkeep.run().pruned == 2
    assert sorted(ListingDemand.objects.values_list("day", flat=True)) == [days_ago(60), days_ago(30), days_ago(0)]


def test_a_second_run_changes_nothing(make_facility, make_program):
    facility = make_facility()
    program = make_program(facility, accepting=Program.Accepting.NO, accepting_as_of=days_ago(45))
    ListingDemand.objects.create(facility=facility, day=days_ago(90), shown=1)
    first = upkeep.run()
    entries = program.history.count()
    second = upkeep.run()
    assert (first.expired, first.overdue, first.pruned) == (1, 1, 1)
    assert (second.expired, second.overdue, second.pruned) == (0, 1, 0)
    assert program.history.count() == entries


def test_the_task_and_the_command_run_the_upkeep_and_say_what_it_did(make_facility, make_program):
    facility = make_facility()
    make_program(facility, accepting=Program.Accepting.YES, accepting_as_of=days_ago(31))
    ListingDemand.objects.create(facility=facility, day=days_ago(61), shown=1)
    output = StringIO()
    call_command("daily_upkeep", stdout=output)
    assert output.getvalue().strip() == (
        "Expired 1 availability report; 1 listing overdue for verification; pruned 1 demand row."
    )
    result = daily_upkeep.enqueue()  # TASKS_BACKEND "immediate" in tests: it runs at once
    assert result.return_value == (
        "Expired 0 availability reports; 1 listing overdue for verification; pruned 0 demand rows"
    )
