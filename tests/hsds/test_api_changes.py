"""The HSDS API over time: ids that stay the same through re-imports, and what changed since a time
(`modified_after`)."""

import csv
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programs.models import Program
from tests.facilities.test_admin import change_form_data, programs_inline_data
from tests.hsds.helpers import (
    PREFIX,
    answer,
    at_location,
    listed,
    organization,
    service,
)
from tests.imports.test_import_samhsa import COLUMNS, directory_row, run_import

pytestmark = pytest.mark.django_db

# Ids that stay the same -------------------------------------------------------------------------------------------


def write_directory(folder, name: str, rows: list[dict]):
    path = folder / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def published_ids(client) -> dict[str, str]:
    """{"organization name" or "organization name / service name": HSDS id} of everything listed."""
    found = {item["name"]: item["id"] for item in answer(client, "organizations")["contents"]}
    for item in answer(client, "services")["contents"]:
        found[f"{item['organization']['name']} / {item['name']}"] = item["id"]
    return found


def test_ids_stay_the_same_when_the_national_directory_is_imported_again(client, tmp_path):
    codes = "SA * OP OIT RES * CBT * PVTN * MD"
    first = write_directory(tmp_path, "2023.csv", [directory_row(service_code_info=codes), directory_row(name1="Elm")])
    run_import(first)
    first_ids = published_ids(client)
    assert set(first_ids) == {
        "Harbor Light Recovery",
        "Harbor Light Recovery / Intensive outpatient (IOP)",
        "Harbor Light Recovery / Residential",
        "Elm",
        "Elm / Intensive outpatient (IOP)",
    }

    run_import(first)
    assert published_ids(client) == first_ids

    # A new edition: the rows in another order, a new phone and a new level of care at Harbor Light.
    before = timezone.now()
    rows = [directory_row(name1="Elm"), directory_row(phone="937-555-0199", service_code_info=f"{codes} ODT")]
    assert "updated 1, unchanged 1" in run_import(write_directory(tmp_path, "2024.csv", rows))
    again = published_ids(client)
    assert {name: again[name] for name in first_ids} == first_ids
    assert set(again) - set(first_ids) == {"Harbor Light Recovery / Partial hospitalization (PHP)"}
    # The listing the edition changed is among the changes since; the other is not.
    changed = listed(client, "organizations", modified_after=before.isoformat())
    assert changed == [first_ids["Harbor Light Recovery"]]


# What changed since a time ----------------------------------------------------------------------------------------


def in_zone(moment, zone: str) -> str:
    """The time as a client far from UTC writes it: ISO 8601 with its offset ("+05:30" needs %2B in a URL)."""
    return moment.astimezone(ZoneInfo(zone)).isoformat()


@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Kolkata", "UTC"])
def test_a_curators_edit_in_the_admin_is_a_change_since_just_before_it_and_not_since_just_after(
    curator_client, make_facility, make_program, zone
):
    edited = make_program(make_facility(name="Edited Recovery", phone="(937) 555-0100"))
    untouched = make_program(make_facility(name="Untouched Recovery"))
    url = reverse("admin:facilities_facility_change", args=[edited.facility.pk])
    data = {
        **change_form_data(edited.facility, phone="(937) 555-0199"),
        **programs_inline_data(curator_client.get(url)),
    }

    before = timezone.now()
    response = curator_client.post(url, data)
    after = timezone.now()
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    public = Client()
    changed_at = datetime.fromisoformat(answer(public, f"services/{service(edited)}")["last_modified"])
    assert before <= changed_at <= after
    since_before, since_after = {"modified_after": in_zone(before, zone)}, {"modified_after": in_zone(after, zone)}
    assert listed(public, "services", **since_before) == [service(edited)]
    assert listed(public, "service_at_locations", **since_before) == [at_location(edited)]
    assert listed(public, "organizations", **since_before) == [organization(edited.facility)]
    assert listed(public, "services", **since_after) == []
    assert listed(public, "organizations", **since_after) == []
    # Both listings are there without the parameter, and both since before they were made.
    everything = {service(edited), service(untouched)}
    assert set(listed(public, "services")) == everything
    assert set(listed(public, "services", modified_after=in_zone(before - timedelta(hours=1), zone))) == everything


def test_a_program_saved_alone_makes_its_service_and_its_organization_a_change(make_facility, make_program, client):
    facility = make_facility()
    changed, sibling = make_program(facility), make_program(facility, type=Program.Type.PHP)
    make_program(make_facility(name="Untouched Recovery"))

    before = timezone.now()
    changed.notes = "Women-only groups on Tuesdays."
    changed.save()
    since = {"modified_after": before.isoformat()}
    assert listed(client, "services", **since) == [service(changed)]  # its sibling did not change
    assert listed(client, "organizations", **since) == [organization(facility)]
    assert service(sibling) in listed(client, "services")


def test_a_date_alone_means_its_start_in_utc(client, make_facility, make_program):
    program = make_program(make_facility())
    today = program.updated_at.astimezone(ZoneInfo("UTC")).date()
    assert listed(client, "services", modified_after=today.isoformat()) == [service(program)]
    assert listed(client, "services", modified_after=(today + timedelta(days=1)).isoformat()) == []


@pytest.mark.parametrize(
    ("moment", "everything"), [("0001-01-01T00:00:00+05:00", True), ("9999-12-31T23:59:59-05:00", False)]
)
@pytest.mark.parametrize("path", ["services", "organizations"])
def test_a_time_at_either_end_of_the_calendar_is_answered_never_a_500(
    client, make_facility, make_program, path, moment, everything
):
    """In UTC these are a year before the first and after the last a date-time can hold."""
    program = make_program(make_facility())
    client.raise_request_exception = False
    response = client.get(f"{PREFIX}/{path}", {"modified_after": moment})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert list(response.json()["errors"]) == ["modified_after"]
    else:
        expected = service(program) if path == "services" else organization(program.facility)
        assert [item["id"] for item in response.json()["contents"]] == ([expected] if everything else [])


def test_an_offsets_plus_sent_unencoded_still_counts(client, make_facility, make_program):
    """A client that writes the time into the URL as it is: its "+" arrives as a space."""
    program = make_program(make_facility())
    before, after = (in_zone(moment, "Asia/Kolkata") for moment in (program.updated_at, timezone.now()))
    assert "+05:30" in before
    for moment, expected in [(before, [service(program)]), (after, [])]:
        response = client.get(f"{PREFIX}/services?modified_after={moment}")
        assert response.status_code == 200, response.content
        assert [item["id"] for item in response.json()["contents"]] == expected
