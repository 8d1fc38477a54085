"""A program without weekly hours says what is typical for its level and to ask, on the card and the facility page."""

import re
from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db

IOP_TYPICAL = "Not reported. IOPs typically run at least 9 hours a week, usually 10–15; ask when you call."
PHP_TYPICAL = "Not reported. PHPs typically run about 20 hours a week or more, 25–30 on average; ask when you call."
RESIDENTIAL_TYPICAL = (
    "Not reported. In residential treatment you typically live there, with 24-hour care; ask when you call."
)
UNREPORTED = {"weekly_hours_min": None, "weekly_hours_max": None}


def program_hours(html: str) -> dict[str, str]:
    """Each program section's heading -> its Hours line on the facility page."""
    sections = re.findall(r'<h3 id="program-\d+-heading">(.*?)</h3>.*?<dt>Hours</dt><dd>(.*?)</dd>', html, re.DOTALL)
    return dict(sections)


def card_hours(html: str) -> list[str]:
    return re.findall(r'<span class="program-facts">(.*?)</span>', html)


def test_the_facility_page_gives_the_typical_hours_only_where_hours_are_not_reported(
    client, make_facility, make_program
):
    facility = make_facility()
    make_program(facility, type="iop", name="Evening", **UNREPORTED)
    make_program(facility, type="iop", name="Day", weekly_hours_min=Decimal(10), weekly_hours_max=Decimal(12))
    make_program(facility, type="php", **UNREPORTED)
    make_program(facility, type="residential", **UNREPORTED)
    html = client.get(facility.get_absolute_url()).content.decode()
    assert program_hours(html) == {
        "Intensive outpatient (IOP): Day": "10–12 hours a week",
        "Intensive outpatient (IOP): Evening": IOP_TYPICAL,
        "Partial hospitalization (PHP)": PHP_TYPICAL,
        "Residential": RESIDENTIAL_TYPICAL,
    }


def test_the_result_card_is_short_and_the_facility_page_gives_the_typical_hours(client, make_facility, make_program):
    """A card has one line for a program's hours, days and schedule (issue 15: short cards); what is typical for
    the level, when the program has not said, is on its facility page."""
    no_hours = make_facility(name="No Hours")
    make_program(no_hours, **UNREPORTED, days_per_week_min=None, days_per_week_max=None, evening=None)
    make_program(make_facility(name="With Hours"), weekly_hours_min=Decimal(9), weekly_hours_max=Decimal(12))
    html = client.get("/search/", {"location": "45402", "sort": "name"}).content.decode()
    assert card_hours(html) == [
        "Hours not reported",
        "9–12 hours a week · 3–4 days a week · Evening",
    ]
    assert IOP_TYPICAL in client.get(no_hours.get_absolute_url()).content.decode()


def test_hours_reported_at_one_end_are_shown_without_the_typical_hours(client, make_facility, make_program):
    facility = make_facility()
    make_program(facility, weekly_hours_min=Decimal(9), weekly_hours_max=None)
    html = client.get(facility.get_absolute_url()).content.decode()
    assert list(program_hours(html).values()) == ["at least 9 hours a week"]
    assert "typically" not in html
