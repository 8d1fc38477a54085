"""A curator reviews what a program sent: each changed field old → new, applies some or all (dated as the
program's report, the listing verified, every change in its history) or rejects it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import PaymentOption
from programs.freshness import Confirmation, day_text
from programs.models import Program
from updates.models import ProposedUpdate, UpdateLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(make_facility, make_program):
    facility = make_facility(name="Harbor Light Recovery", phone="(937) 555-0100")
    facility.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
    iop = make_program(facility, therapies=["cbt"], name="Evening IOP")
    return facility, iop


def values(program, **changes) -> dict:
    """A program's part of ProposedUpdate.data: the listing's values, some changed."""
    sent = {
        "weekly_hours_min": str(program.weekly_hours_min),
        "weekly_hours_max": str(program.weekly_hours_max),
        "days_per_week_min": program.days_per_week_min,
        "days_per_week_max": program.days_per_week_max,
        "duration_weeks_min": None,
        "duration_weeks_max": None,
        "daytime": None,
        "evening": True,
        "weekend": None,
        "accepting": "yes",
        "waitlist_weeks": None,
        "therapies": sorted(program.therapies.values_list("slug", flat=True)),
    }
    return sent | changes


@pytest.fixture
def update(listing):
    """The program sent, three days ago: hours 10–15, a waitlist of about 3 weeks, DBT too, and a new phone."""
    facility, iop = listing
    link = UpdateLink.objects.create(facility=facility, used_at=timezone.now())
    data = {
        "facility": {"phone": "(937) 555-0111", "intake_phone": "", "website": "", "payment_options": ["medicaid"]},
        "programs": [
            {
                "id": iop.pk,
                "label": "Intensive outpatient (IOP): Evening IOP",
                "values": values(
                    iop,
                    weekly_hours_min="10",
                    weekly_hours_max="15",
                    accepting="waitlist",
                    waitlist_weeks=3,
                    therapies=["cbt", "dbt"],
                ),
            }
        ],
    }
    update = ProposedUpdate.objects.create(facility=facility, link=link, data=data)
    ProposedUpdate.objects.filter(pk=update.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    update.refresh_from_db()
    return update


def review_url(update) -> str:
    return reverse("admin:updates_proposedupdate_change", args=[update.pk])


def key(program, field: str) -> str:
    return f"program-{program.pk}-{field}"


def test_the_review_shows_each_change_old_and_new_all_ticked(curator_client, update, listing):
    iop = listing[1]
    page = curator_client.get(review_url(update))
    assert page.status_code == 200
    rows = {row.key: row for part in page.context["parts"] for row in part.changed}
    assert set(rows) == {
        key(iop, "weekly_hours_min"),
        key(iop, "weekly_hours_max"),
        key(iop, "accepting"),
        key(iop, "waitlist_weeks"),
        key(iop, "therapies"),
        "facility-phone",
    }
    assert (rows[key(iop, "weekly_hours_max")].current, rows[key(iop, "weekly_hours_max")].proposed) == ("12", "15")
    assert (rows[key(iop, "accepting")].current, rows[key(iop, "accepting")].proposed) == ("Not known", "Waitlist")
    assert (
        rows[key(iop, "therapies")].proposed == "Cognitive behavioral therapy (CBT), Dialectical behavior therapy (DBT)"
    )
    html = page.content.decode()
    assert (
        f'name="apply" value="{key(iop, "weekly_hours_max")}" id="apply-{key(iop, "weekly_hours_max")}" checked' in html
    )
    assert "(937) 555-0100" in html and "(937) 555-0111" in html
    assert 'value="Apply selected"' in html and 'value="Reject"' in html
    assert (
        "1 program update</strong> sent through update links"
        in curator_client.get(reverse("admin:index")).content.decode()
    )


def test_applying_some_changes_writes_those_dates_them_and_verifies_the_listing(
    curator_client, curator, update, listing
):
    facility, iop = listing
    entries = iop.history.count(), facility.history.count()
    chosen = [key(iop, name) for name in ("weekly_hours_min", "weekly_hours_max", "accepting", "waitlist_weeks")]
    response = curator_client.post(
        review_url(update), {"_apply": "Apply selected", "apply": chosen, "confirm_unchanged": "1"}, follow=True
    )
    sent_on = timezone.localdate(timezone.now() - timedelta(days=3))  # the site's day, as the update dates it
    assert update.submitted_on == sent_on
    assert "Partly applied" in response.content.decode()

    iop.refresh_from_db()
    facility.refresh_from_db()
    assert (iop.weekly_hours_min, iop.weekly_hours_max) == (Decimal("10"), Decimal("15"))
    assert (iop.accepting, iop.waitlist_weeks) == (Program.Accepting.WAITLIST, 3)
    assert set(iop.therapies.values_list("slug", flat=True)) == {"cbt"}  # not ticked
    assert facility.phone == "(937) 555-0100"  # not ticked
    assert (iop.hours_as_of, iop.hours_source) == (sent_on, Confirmation.PROGRAM)
    assert (iop.accepting_as_of, iop.accepting_source) == (sent_on, Confirmation.PROGRAM)
    assert (facility.phone_as_of, facility.phone_source) == (None, "")  # its change was turned down
    assert facility.verified_on == sent_on

    reason = f"Reported by the program via update link on {day_text(sent_on)}; applied by curator"
    assert (iop.history.count(), facility.history.count()) == (entries[0] + 1, entries[1] + 1)
    for record in (iop.history.first(), facility.history.first()):
        assert (record.history_user, record.history_change_reason) == (curator, reason)
    update.refresh_from_db()
    assert (update.status, update.reviewed_by) == (ProposedUpdate.Status.PARTLY_APPLIED, curator)

    public = curator_client.get(facility.get_absolute_url()).content.decode()
    assert f"Hours, days and length reported by the program on {day_text(sent_on)}" in public
    assert f"Last verified with the facility on {day_text(sent_on)}" in public


def test_applying_everything_sets_the_lists_in_the_one_history_entry(curator_client, update, listing):
    facility, iop = listing
    page = curator_client.get(review_url(update))
    everything = [row.key for part in page.context["parts"] for row in part.changed]
    entries = iop.history.count()
    curator_client.post(review_url(update), {"_apply": "Apply selected", "apply": everything})
    iop.refresh_from_db()
    facility.refresh_from_db()
    assert set(iop.therapies.values_list("slug", flat=True)) == {"cbt", "dbt"}
    assert facility.phone == "(937) 555-0111"
    assert facility.phone_source == Confirmation.PROGRAM
    assert iop.history.count() == entries + 1
    latest = iop.history.first()
    assert set(latest.therapies.values_list("therapy__slug", flat=True)) == {"cbt", "dbt"}
    update.refresh_from_db()
    assert update.status == ProposedUpdate.Status.APPLIED


def test_applying_twice_applies_once(curator_client, update, listing):
    facility, iop = listing
    chosen = {"_apply": "Apply selected", "apply": [key(iop, "weekly_hours_max")]}
    curator_client.post(review_url(update), chosen)
    entries = iop.history.count(), facility.history.count()
    Program.objects.filter(pk=iop.pk).update(weekly_hours_max=20)  # a curator edits it after
    response = curator_client.post(review_url(update), chosen, follow=True)
    assert "This update was already reviewed: partly applied." in response.content.decode()
    iop.refresh_from_db()
    assert iop.weekly_hours_max == 20
    assert (iop.history.count(), facility.history.count()) == entries
    assert 'value="Apply selected"' not in response.content.decode()


def test_confirmed_facts_are_dated_even_when_nothing_changed(curator_client, listing):
    facility, iop = listing
    data = {
        "facility": {"phone": facility.phone, "intake_phone": "", "website": "", "payment_options": ["medicaid"]},
        "programs": [{"id": iop.pk, "label": "Evening IOP", "values": values(iop)}],
    }
    Program.objects.filter(pk=iop.pk).update(accepting="yes", accepting_as_of=timezone.localdate() - timedelta(days=60))
    update = ProposedUpdate.objects.create(facility=facility, data=data)
    page = curator_client.get(review_url(update)).content.decode()
    assert "No changes." in page and "Confirmed as they are:" in page
    curator_client.post(review_url(update), {"_apply": "Apply selected", "confirm_unchanged": "1"})
    iop.refresh_from_db()
    facility.refresh_from_db()
    today = timezone.localdate()
    assert (iop.accepting_as_of, iop.accepting_source, iop.hours_as_of) == (today, Confirmation.PROGRAM, today)
    assert (facility.phone_as_of, facility.verified_on) == (today, today)


def test_nothing_ticked_applies_nothing(curator_client, update, listing):
    response = curator_client.post(review_url(update), {"_apply": "Apply selected"}, follow=True)
    assert "Nothing was ticked." in response.content.decode()
    update.refresh_from_db()
    listing[0].refresh_from_db()
    assert update.status == ProposedUpdate.Status.PENDING and listing[0].verified_on is None


def test_half_a_range_that_would_break_it_is_refused(curator_client, update, listing):
    facility, iop = listing
    Program.objects.filter(pk=iop.pk).update(weekly_hours_max=Decimal("9"), weekly_hours_min=Decimal("9"))
    response = curator_client.post(
        review_url(update), {"_apply": "Apply selected", "apply": [key(iop, "weekly_hours_min")]}, follow=True
    )
    assert "Most hours a week: Must not be less than the minimum." in response.content.decode()
    iop.refresh_from_db()
    update.refresh_from_db()
    facility.refresh_from_db()
    assert iop.weekly_hours_min == 9 and update.status == ProposedUpdate.Status.PENDING
    assert facility.verified_on is None


def test_a_program_deleted_since_is_skipped(curator_client, update, listing):
    facility, iop = listing
    iop.delete()
    page = curator_client.get(review_url(update)).content.decode()
    assert "This program was deleted after the update was sent" in page
    response = curator_client.post(
        review_url(update), {"_apply": "Apply selected", "apply": ["facility-phone"]}, follow=True
    )
    assert "Intensive outpatient (IOP): Evening IOP was deleted after the update was sent" in response.content.decode()
    facility.refresh_from_db()
    assert facility.phone == "(937) 555-0111"
    update.refresh_from_db()
    assert update.status == ProposedUpdate.Status.PARTLY_APPLIED


def test_rejecting_changes_nothing(curator_client, curator, update, listing):
    facility, iop = listing
    response = curator_client.post(review_url(update), {"_reject": "Reject"}, follow=True)
    assert "Rejected. The listing did not change." in response.content.decode()
    update.refresh_from_db()
    assert (update.status, update.reviewed_by) == (ProposedUpdate.Status.REJECTED, curator)
    iop.refresh_from_db()
    facility.refresh_from_db()
    assert iop.weekly_hours_max == 12 and facility.verified_on is None
    assert "No program updates to review." in curator_client.get(reverse("admin:index")).content.decode()


def test_pending_updates_are_listed_first(curator_client, update, listing):
    older = ProposedUpdate.objects.create(facility=listing[0], data={}, status=ProposedUpdate.Status.APPLIED)
    ProposedUpdate.objects.filter(pk=older.pk).update(submitted_at=timezone.now())  # newer, but reviewed
    listed = curator_client.get(reverse("admin:updates_proposedupdate_changelist")).context["cl"].result_list
    assert [item.pk for item in listed] == [update.pk, older.pk]


def test_only_curators_review(client, django_user_model, update, listing):
    facility, iop = listing
    apply_all = {"_apply": "Apply selected", "apply": ["facility-phone", key(iop, "weekly_hours_max")]}
    assert client.get(review_url(update))["Location"].startswith("/admin/login/")
    assert client.post(review_url(update), apply_all)["Location"].startswith("/admin/login/")
    staff = django_user_model.objects.create_user("helper", password="a-helper-password-42", is_staff=True)
    client.force_login(staff)
    assert client.get(review_url(update)).status_code == 403
    assert client.post(review_url(update), apply_all).status_code == 403
    facility.refresh_from_db()
    update.refresh_from_db()
    assert facility.phone == "(937) 555-0100" and update.status == ProposedUpdate.Status.PENDING


def test_a_listings_pending_updates_can_be_listed_by_its_id(curator_client, update, make_facility):
    """The verification queue links here with the listing's id."""
    other = ProposedUpdate.objects.create(facility=make_facility(), data={})
    url = reverse("admin:updates_proposedupdate_changelist")
    response = curator_client.get(f"{url}?facility__id__exact={update.facility_id}&status__exact=pending")
    assert response.status_code == 200
    assert [item.pk for item in response.context["cl"].result_list] == [update.pk]
    assert other.pk != update.pk


def unchanged_update(facility, programs, changes=None) -> ProposedUpdate:
    """Sent three days ago: the listing as it is, but for `changes` ({program id: {field: value}})."""
    data = {
        "facility": {"phone": facility.phone, "intake_phone": "", "website": "", "payment_options": ["medicaid"]},
        "programs": [
            {"id": program.pk, "label": str(program), "values": values(program, **(changes or {}).get(program.pk, {}))}
            for program in programs
        ],
    }
    update = ProposedUpdate.objects.create(facility=facility, data=data)
    ProposedUpdate.objects.filter(pk=update.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    update.refresh_from_db()
    return update


def test_a_confirmation_made_after_the_report_is_not_moved_back(curator_client, listing):
    facility, iop = listing
    today = timezone.localdate()
    Program.objects.filter(pk=iop.pk).update(
        accepting="yes", accepting_as_of=today - timedelta(days=60), hours_as_of=today, hours_source="curator"
    )
    update = unchanged_update(facility, [iop])
    curator_client.post(review_url(update), {"_apply": "Apply selected", "confirm_unchanged": "1"})
    iop.refresh_from_db()
    assert (iop.hours_as_of, iop.hours_source) == (today, Confirmation.CURATOR)  # a curator's, newer
    assert (iop.accepting_as_of, iop.accepting_source) == (update.submitted_on, Confirmation.PROGRAM)


def test_a_program_with_nothing_applied_gets_no_history_entry(curator_client, listing, make_program):
    facility, iop = listing
    php = make_program(facility, type=Program.Type.PHP, weekly_hours_min=20, weekly_hours_max=25)
    update = unchanged_update(facility, [iop, php], {iop.pk: {"weekly_hours_max": "14"}})
    entries = php.history.count()
    curator_client.post(review_url(update), {"_apply": "Apply selected", "apply": [key(iop, "weekly_hours_max")]})
    iop.refresh_from_db()
    assert iop.weekly_hours_max == 14
    assert php.history.count() == entries
