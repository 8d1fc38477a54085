"""'Verified by phone today': a curator records what a facility confirmed on a call; each fact is dated today as
confirmed by our staff, and every change is in the listing's history, by the curator."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility
from programs.models import Program
from verification.models import Verification

pytestmark = pytest.mark.django_db


def verify_url(facility) -> str:
    return reverse("admin:verification_queuedlisting_verify", args=[facility.pk])


@pytest.fixture
def listing(make_facility, make_program):
    facility = make_facility(name="Harbor Light", phone="(937) 555-0142", intake_phone="(937) 555-0143")
    evening = make_program(facility, name="Evening IOP", accepting=Program.Accepting.YES)
    day = make_program(facility, type=Program.Type.PHP, name="Day Program")
    return facility, evening, day


def test_the_form_shows_what_the_listing_says_now(curator_client, listing):
    facility, evening, _day = listing
    page = curator_client.get(verify_url(facility))
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "Main: (937) 555-0142 · Intake: (937) 555-0143",
        "Hours of Evening IOP",
        "9–12 hours a week · 3–4 days a week · Evening",
        "Availability of Evening IOP",
        "Now: Taking new patients (reported",
        "Availability of Day Program",
        "Now: Not known",
        'value="Verified by phone today"',
    ):
        assert text in html, text
    assert page.context["form"][f"accepting_{evening.pk}"].value() == Program.Accepting.YES


def test_confirming_phones_and_a_waitlist_dates_them_today_as_confirmed_by_staff(curator_client, curator, listing):
    facility, evening, day = listing
    Facility.objects.filter(pk=facility.pk).update(verification_overdue=True)
    today = timezone.localdate()
    response = curator_client.post(
        verify_url(facility),
        {
            "phones": "on",
            f"availability_{evening.pk}": "on",
            f"accepting_{evening.pk}": "waitlist",
            f"waitlist_weeks_{evening.pk}": "2",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:verification_queuedlisting_changelist")

    facility.refresh_from_db()
    assert (facility.verified_on, facility.verification_overdue) == (today, False)
    assert (facility.phone_as_of, facility.phone_source) == (today, "curator")
    evening.refresh_from_db()
    assert (evening.accepting, evening.waitlist_weeks) == ("waitlist", 2)
    assert (evening.accepting_as_of, evening.accepting_source) == (today, "curator")
    assert evening.availability == "Waitlist about 2 weeks"
    assert evening.hours_as_of is None  # the hours were not confirmed
    day.refresh_from_db()
    assert (day.accepting, day.accepting_as_of) == ("unknown", None)

    verification = Verification.objects.get()
    assert (verification.facility, verification.day, verification.user) == (facility, today, curator)
    assert verification.fields == ["phones", "availability of Evening IOP"]

    reason = "Verified by phone: phones, availability of Evening IOP"
    entry = facility.history.first()
    assert (entry.history_user, entry.history_change_reason, entry.verified_on) == (curator, reason, today)
    program_entry = evening.history.first()
    assert (program_entry.history_user, program_entry.history_change_reason) == (curator, reason)
    assert program_entry.accepting == "waitlist"
    assert day.history.count() == 1  # only its creation

    queue = curator_client.get(response["Location"]).content.decode()
    assert "Harbor Light verified by phone today: phones, availability of Evening IOP." in queue


def test_confirming_hours_dates_them_and_keeps_them(curator_client, listing):
    facility, evening, _day = listing
    response = curator_client.post(verify_url(facility), {f"hours_{evening.pk}": "on", "website": "on"})
    assert response.status_code == 302
    evening.refresh_from_db()
    assert (evening.hours_as_of, evening.hours_source) == (timezone.localdate(), "curator")
    assert evening.weekly_hours_min == 9 and evening.accepting == "yes"
    assert Verification.objects.get().fields == ["website", "hours of Evening IOP"]


def test_an_old_report_confirmed_again_becomes_current(curator_client, make_facility, make_program):
    facility = make_facility()
    program = make_program(
        facility, accepting=Program.Accepting.NO, accepting_as_of=timezone.localdate() - timedelta(days=90)
    )
    assert "Not known — last reported" in curator_client.get(verify_url(facility)).content.decode()
    curator_client.post(verify_url(facility), {f"availability_{program.pk}": "on", f"accepting_{program.pk}": "no"})
    program.refresh_from_db()
    assert program.availability == "Not taking new patients" and program.accepting_as_of == timezone.localdate()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Tick what the facility confirmed on the call."),
        ({"availability_{pk}": "on", "accepting_{pk}": ""}, "Choose what they said about taking new patients."),
        ({"phones": "on", "accepting_{pk}": "no"}, "You changed the status: tick this box to save it"),
        ({"availability_{pk}": "on", "accepting_{pk}": "waitlist", "waitlist_weeks_{pk}": "0"}, "greater than or"),
        ({"availability_{pk}": "on", "accepting_{pk}": "maybe"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(curator_client, make_facility, make_program, data, message):
    facility = make_facility()
    program = make_program(facility)
    data = {key.format(pk=program.pk): value for key, value in data.items()}
    page = curator_client.post(verify_url(facility), data)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert "Nothing was saved" in page.content.decode() or not data
    facility.refresh_from_db()
    assert facility.verified_on is None and facility.phone_as_of is None
    assert not Verification.objects.exists()
    assert facility.history.count() == program.history.count() == 1


def test_a_visitor_is_sent_to_the_login_page(client, make_facility):
    facility = make_facility()
    for response in (client.get(verify_url(facility)), client.post(verify_url(facility), {"phones": "on"})):
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    facility.refresh_from_db()
    assert facility.verified_on is None


def test_staff_without_the_change_permission_cannot_record_a_call(client, curator, make_facility):
    facility = make_facility()
    curator.groups.clear()
    curator.user_permissions.add(Permission.objects.get(codename="view_queuedlisting"))
    client.force_login(curator)
    assert client.post(verify_url(facility), {"phones": "on"}).status_code == 403
    facility.refresh_from_db()
    assert facility.verified_on is None


def test_an_unknown_listing_is_not_found(curator_client):
    assert curator_client.get(reverse("admin:verification_queuedlisting_verify", args=[999999])).status_code == 404


def test_the_record_of_calls_lists_what_was_confirmed(curator_client, listing):
    facility, evening, _day = listing
    curator_client.post(verify_url(facility), {"phones": "on", f"hours_{evening.pk}": "on"})
    page = curator_client.get(reverse("admin:verification_verification_changelist"))
    assert page.status_code == 200
    assert "phones, hours of Evening IOP" in page.content.decode()
