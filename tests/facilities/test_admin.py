from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility

pytestmark = pytest.mark.django_db


def change_form_data(facility, **changes):
    """The POST a curator's browser sends when saving the facility form unchanged, plus changes."""
    data = {
        "name": facility.name,
        "slug": facility.slug,
        "is_published": "on" if facility.is_published else "",
        "verified_on": "",
        "phone": facility.phone,
        "intake_phone": "",
        "website": "",
        "street1": facility.street1,
        "street2": "",
        "city": facility.city,
        "state": facility.state,
        "zip_code": facility.zip_code,
        "latitude": facility.latitude,
        "longitude": facility.longitude,
        "location_precision": facility.location_precision,
        "operator": "",
        "detox_onsite": "unknown",
        "co_occurring": "unknown",
        "telehealth": "unknown",
        "source": facility.source,
        "source_id": "",
        "programs-TOTAL_FORMS": "0",
        "programs-INITIAL_FORMS": "0",
        "programs-MIN_NUM_FORMS": "0",
        "programs-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def programs_inline_data(change_page) -> dict:
    """The programs inline as the curator's browser sends it back unchanged, read from the rendered form."""
    formset = change_page.context["inline_admin_formsets"][0].formset
    data = {}
    for form in [formset.management_form, *formset.forms]:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                value = "true" if value else "false"  # what both a checkbox and a yes/no/unknown select read
            if value not in (None, ""):
                data[form.add_prefix(name)] = value
    return data


def recorded_users(history_page) -> list[tuple]:
    """(who, + created / ~ changed) for each entry the admin history page lists, newest first."""
    return [(record.history_user, record.history_type) for record in history_page.context["page_obj"]]


def changed_by_link(user) -> str:
    """How the history page's "Changed by" column names a user."""
    return f'<a href="{reverse("admin:auth_user_change", args=[user.pk])}">{user.username}</a>'


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, make_facility):
    facility = make_facility()
    response = client.get(reverse("admin:facilities_facility_change", args=[facility.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_curator_edits_a_facility_and_the_edit_appears_in_history(curator_client, curator, make_facility):
    facility = make_facility(phone="(937) 555-0100")
    url = reverse("admin:facilities_facility_change", args=[facility.pk])
    response = curator_client.post(url, change_form_data(facility, phone="(937) 555-0199"))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    facility.refresh_from_db()
    assert facility.phone == "(937) 555-0199"
    latest = facility.history.first()
    assert latest.history_user == curator
    assert latest.phone == "(937) 555-0199"
    # The new number, dated: confirmed by our staff today (programs.freshness.stamp).
    changes = [change.field for change in latest.diff_against(latest.prev_record).changes]
    assert changes == ["phone", "phone_as_of", "phone_source"]

    history_page = curator_client.get(reverse("admin:facilities_facility_history", args=[facility.pk]))
    assert history_page.status_code == 200
    assert recorded_users(history_page) == [(curator, "~"), (None, "+")]  # the edit, then the creation (no one)
    assert changed_by_link(curator) in history_page.content.decode()


def test_a_curator_can_revert_a_facility_to_an_earlier_version(curator_client, make_facility):
    facility = make_facility(phone="(937) 555-0100")
    original = facility.history.first()
    facility.phone = "(937) 555-0150"
    facility.save()

    revert_url = reverse("admin:facilities_facility_simple_history", args=[facility.pk, original.history_id])
    assert curator_client.get(revert_url).status_code == 200
    response = curator_client.post(revert_url, change_form_data(facility, phone=original.phone))
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.phone == "(937) 555-0100"


def test_a_curator_cannot_delete_a_facility(curator_client, make_facility):
    facility = make_facility()
    response = curator_client.post(reverse("admin:facilities_facility_delete", args=[facility.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Facility.objects.filter(pk=facility.pk).exists()


def test_a_curator_cannot_manage_users(curator_client):
    assert curator_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert curator_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_the_list_shows_program_types_and_filters_by_verification(curator_client, make_facility, make_program):
    today = timezone.localdate()
    fresh = make_facility(name="Fresh Start House", verified_on=today - timedelta(days=30))
    make_program(fresh, type="php", weekly_hours_min=20, weekly_hours_max=25)
    make_facility(name="Stale Listing", verified_on=today - timedelta(days=500), verification_overdue=True)
    make_facility(name="Never Checked", verified_on=None)
    url = reverse("admin:facilities_facility_changelist")

    page = curator_client.get(url).content.decode()
    assert "Partial hospitalization (PHP)" in page

    def names(query):
        return [f.name for f in curator_client.get(url + query).context["cl"].result_list]

    assert names("?verified=recent") == ["Fresh Start House"]
    assert names("?verified=older") == ["Stale Listing"]
    assert names("?verified=never") == ["Never Checked"]
    assert names("?program_type=php") == ["Fresh Start House"]
    assert names("?q=Stale") == ["Stale Listing"]
    assert names("?verification_overdue__exact=1") == ["Stale Listing"]  # flagged by the daily upkeep


def test_actions_verify_and_unpublish_and_record_who_did_it(curator_client, curator, make_facility):
    facility = make_facility(is_published=True, verified_on=None, verification_overdue=True)
    url = reverse("admin:facilities_facility_changelist")

    curator_client.post(url, {"action": "mark_verified_today", "_selected_action": [facility.pk]})
    facility.refresh_from_db()
    assert facility.verification_overdue is False  # off the queue's overdue list at once
    curator_client.post(url, {"action": "unpublish", "_selected_action": [facility.pk]})

    facility.refresh_from_db()
    assert facility.verified_on == timezone.localdate()
    assert facility.is_published is False
    reasons = list(facility.history.values_list("history_change_reason", "history_user"))
    assert ("Unpublished", curator.pk) in reasons
    assert ("Marked verified", curator.pk) in reasons


def test_a_curators_inline_program_edit_is_recorded_in_the_programs_own_history(
    curator_client, curator, make_facility, make_program
):
    program = make_program(make_facility(), therapies=["cbt"], evening=True)
    url = reverse("admin:facilities_facility_change", args=[program.facility.pk])
    form_page = curator_client.get(url)
    data = {**change_form_data(program.facility), **programs_inline_data(form_page), "programs-0-evening": "false"}
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors

    program.refresh_from_db()
    assert program.evening is False
    latest = program.history.first()
    assert (latest.history_user, latest.history_type) == (curator, "~")
    changes = [change.field for change in latest.diff_against(latest.prev_record).changes]
    assert changes == ["evening", "hours_as_of", "hours_source"]  # the hours changed, so they are dated
    response = curator_client.get(reverse("admin:programs_program_history", args=[program.pk]))
    assert response.status_code == 200
    # Newest first: the curator's edit, then the fixture's therapies and creation, made by no one.
    assert recorded_users(response) == [(curator, "~"), (None, "~"), (None, "+")]
    assert changed_by_link(curator) in response.content.decode()


def test_the_program_type_field_explains_each_level_from_the_one_source(curator_client, make_facility):
    from programs.levels import PROGRAM_LEVELS

    facility = make_facility()
    page = curator_client.get(reverse("admin:facilities_facility_change", args=[facility.pk])).content.decode()
    for level in PROGRAM_LEVELS:
        assert level.help_text.split(":")[0] in page
