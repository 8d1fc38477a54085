"""Freshness: availability shows its date and expires after 30 days; hours and phones say when and how they
were confirmed, on the page and in the API; a curator's edit dates what it changed."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility
from programs.freshness import AVAILABILITY_DAYS, Confirmation
from programs.models import Program
from tests.facilities.test_admin import change_form_data
from tests.search.test_api import assert_valid

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days_ago(days):
    return TODAY() - timedelta(days=days)


def day_words(day):
    return f"{day:%b} {day.day}, {day.year}"


@pytest.fixture
def reported(make_facility, make_program):
    """Three programs nearby: a fresh waitlist, a stale "taking new patients", and one never reported."""
    fresh = make_program(
        make_facility(name="Fresh Waitlist"),
        accepting=Program.Accepting.WAITLIST,
        waitlist_weeks=2,
        accepting_as_of=days_ago(AVAILABILITY_DAYS),
        accepting_source=Confirmation.PROGRAM,
    )
    stale = make_program(
        make_facility(name="Stale Yes"),
        accepting=Program.Accepting.YES,
        accepting_as_of=days_ago(AVAILABILITY_DAYS + 1),
        accepting_source=Confirmation.CURATOR,
    )
    never = make_program(make_facility(name="Never Reported"))
    return fresh, stale, never


def test_a_report_reads_with_its_date_and_after_30_days_reads_not_known(reported):
    fresh, stale, never = reported
    assert fresh.availability_text == (
        f"Waitlist about 2 weeks (reported {day_words(days_ago(AVAILABILITY_DAYS))} by the program)"
    )
    assert stale.availability_text == f"Not known — last reported {day_words(days_ago(31))} to our staff"
    assert never.availability_text == "Not known"
    assert [p.availability_status for p in reported] == ["waitlist", "unknown", "unknown"]


def test_the_accepting_filter_counts_only_current_reports(client, make_facility, make_program):
    make_program(make_facility(name="Taking Today"), accepting="yes", accepting_as_of=TODAY())
    make_program(make_facility(name="Taking Long Ago"), accepting="yes", accepting_as_of=days_ago(31))
    make_program(make_facility(name="Taking Undated"), accepting="yes", accepting_as_of=None)
    make_program(make_facility(name="Waitlist Today"), accepting="waitlist", accepting_as_of=TODAY())
    response = client.get("/search/", {"location": "45402", "accepting": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Taking Today" in page
    for name in ("Taking Long Ago", "Taking Undated", "Waitlist Today"):
        assert name not in page
    data = client.get("/api/v1/facilities/", {"location": "45402", "accepting": "1"}).json()
    assert [item["name"] for item in data["results"]] == ["Taking Today"]


def test_the_facility_page_shows_each_fact_with_when_and_how_it_was_confirmed(client, make_facility, make_program):
    facility = make_facility(phone_as_of=days_ago(3), phone_source=Confirmation.CURATOR)
    make_program(
        facility,
        accepting="waitlist",
        waitlist_weeks=2,
        accepting_as_of=days_ago(1),
        accepting_source=Confirmation.PROGRAM,
        hours_as_of=days_ago(1),
        hours_source=Confirmation.PROGRAM,
    )
    page = client.get(facility.get_absolute_url()).content.decode()
    assert f"Phone confirmed by our staff on {day_words(days_ago(3))}" in page
    assert f"Hours, days and length reported by the program on {day_words(days_ago(1))}" in page
    assert f"Waitlist about 2 weeks (reported {day_words(days_ago(1))} by the program)" in page


def test_an_imported_phone_says_it_is_the_directorys(client, make_facility):
    facility = make_facility(source=Facility.Source.SAMHSA)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "Phone from SAMHSA&#x27;s National Directory 2023 (a 2022 survey)" in page
    data = client.get(f"/api/v1/facilities/{facility.slug}/").json()
    assert data["phone_confirmed"] == {"on": None, "by": "directory"}


def test_the_search_card_and_compare_show_availability_with_its_date(client, reported):
    fresh, stale, never = reported
    page = client.get("/search/", {"location": "45402"}).content.decode()
    assert f"New patients: Waitlist about 2 weeks (reported {day_words(days_ago(30))} by the program)" in page
    assert f"New patients: Not known — last reported {day_words(days_ago(31))} to our staff" in page
    compare = client.get("/compare/", {"p": [fresh.pk, stale.pk, never.pk]}).content.decode()
    assert '<th scope="row">New patients</th>' in compare
    assert "<td>Not known</td>" in compare


def test_the_api_returns_the_current_status_and_the_last_report(client, reported):
    doc = client.get("/api/v1/schema/").json()
    fresh = reported[0]
    fresh.hours_as_of, fresh.hours_source = days_ago(2), Confirmation.PROGRAM
    fresh.save()
    data = client.get("/api/v1/facilities/", {"location": "45402"}).json()
    assert_valid(doc, "FacilityList", data)
    programs = {item["name"]: item["programs"][0] for item in data["results"]}
    assert programs["Fresh Waitlist"]["accepting"] == "waitlist"
    assert programs["Fresh Waitlist"]["waitlist_weeks"] == 2
    assert programs["Fresh Waitlist"]["accepting_reported"] == {
        "status": "waitlist",
        "on": days_ago(30).isoformat(),
        "by": "program",
        "current": True,
    }
    assert programs["Fresh Waitlist"]["hours_confirmed"] == {"on": days_ago(2).isoformat(), "by": "program"}
    assert programs["Stale Yes"]["accepting"] == "unknown"
    assert programs["Stale Yes"]["accepting_reported"]["current"] is False
    assert programs["Never Reported"]["accepting_reported"] is None
    detail = client.get(f"/api/v1/facilities/{fresh.facility.slug}/").json()
    assert_valid(doc, "FacilityDetail", detail)


def test_a_curators_edit_dates_what_it_changed(curator_client, make_facility, make_program):
    facility = make_facility()
    program = make_program(facility)
    data = change_form_data(facility, phone="(937) 555-0199")
    prefix = "programs-0-"
    data.update({"programs-TOTAL_FORMS": "1", "programs-INITIAL_FORMS": "1"})
    data.update(
        {
            f"{prefix}id": program.pk,
            f"{prefix}facility": facility.pk,
            f"{prefix}type": "iop",
            f"{prefix}accepting": "yes",
            f"{prefix}weekly_hours_min": "9",
            f"{prefix}weekly_hours_max": "12",
            f"{prefix}days_per_week_min": "3",
            f"{prefix}days_per_week_max": "4",
            f"{prefix}daytime": "unknown",
            f"{prefix}evening": "true",
            f"{prefix}weekend": "unknown",
            f"{prefix}telehealth": "unknown",
            f"{prefix}medication_management": "unknown",
        }
    )
    response = curator_client.post(reverse("admin:facilities_facility_change", args=[facility.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    facility.refresh_from_db()
    program.refresh_from_db()
    assert (facility.phone, facility.phone_as_of, facility.phone_source) == ("(937) 555-0199", TODAY(), "curator")
    assert (program.accepting, program.accepting_as_of, program.accepting_source) == ("yes", TODAY(), "curator")
    assert (program.hours_as_of, program.hours_source) == (None, "")  # the hours were not changed


def test_hiding_unverified_listings_is_off_by_default_and_hides_them_when_set(client, settings, make_facility):
    make_facility(name="Checked Lately", verified_on=days_ago(20))
    make_facility(name="Checked Long Ago", verified_on=days_ago(400))
    make_facility(name="Never Checked")

    def names():
        return sorted(
            item["name"] for item in client.get("/api/v1/facilities/", {"location": "45402"}).json()["results"]
        )

    assert names() == ["Checked Lately", "Checked Long Ago", "Never Checked"]
    settings.HIDE_UNVERIFIED_AFTER_MONTHS = 12
    assert names() == ["Checked Lately"]
    assert "Checked Long Ago" not in client.get("/search/", {"location": "45402"}).content.decode()


def test_the_demo_loads_with_its_reports_moved_to_today():
    call_command("load_demo")
    newest = Program.objects.exclude(accepting_as_of=None).order_by("-accepting_as_of").first().accepting_as_of
    assert newest <= TODAY() and (TODAY() - newest).days < AVAILABILITY_DAYS  # some reports are current today
    assert Program.objects.accepting_now().exists()
