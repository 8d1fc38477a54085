"""Bad input: each bad value is a 400 naming its parameter on the API and a message beside its field on the page.

No input may produce a 500 (tests/search/test_search_fuzz.py tries the rest).
"""

import re
from urllib.parse import urlencode

import pytest
from django.utils.html import escape

from tests.search.helpers import names, point_at, search

pytestmark = pytest.mark.django_db


CHOICE = "Select a valid choice. {} is not one of the available choices."
PLACE_HELP = "Enter a 5-digit ZIP code, or a city and state like Dayton, OH."
NOT_NUMBERS = f"Latitude and longitude must both be numbers. {PLACE_HELP}"
OUT_OF_RANGE = f"Latitude must be between -90 and 90 and longitude between -180 and 180. {PLACE_HELP}"
NULL = "Null characters are not allowed."


def bad(params: dict, parameter: str, *messages: str, marks=()):
    """One case; its id is the query, long values shortened."""
    shown = {name: value if len(value) < 40 else f"{value[:5]}…({len(value)})" for name, value in params.items()}
    test_id = "&".join(f"{name}={value!r}" for name, value in shown.items())
    return pytest.param(params, parameter, list(messages), id=test_id, marks=marks)


# Each with a ZIP that resolves unless it overrides location, so the value is the only thing wrong.
BAD_VALUES = [
    bad({"location": "'; DROP TABLE facilities_facility; --"}, "location",
        f"We could not find a city called \"'; DROP TABLE facilities_facility; --\". {PLACE_HELP}"),
    bad({"location": "\x00"}, "location", NULL),
    bad({"location": "", "lat": "abc", "lng": "1"}, "lat", NOT_NUMBERS),
    bad({"location": "", "lat": "39.7"}, "lng", NOT_NUMBERS),
    bad({"location": "", "lat": "inf", "lng": "nan"}, "lat", OUT_OF_RANGE),
    bad({"location": "", "lat": "1e308", "lng": "-1e308"}, "lat", OUT_OF_RANGE),
    bad({"location": "", "lng": "\x00"}, "lng", NULL),
    bad({"location": "", "lng": "1" * 31}, "lng", "Ensure this value has at most 30 characters (it has 31)."),
    bad({"radius": "7"}, "radius", CHOICE.format(7)),
    bad({"radius": "abc"}, "radius", CHOICE.format("abc")),
    bad({"type": "detox"}, "type", CHOICE.format("detox")),
    bad({"therapy": "hypnosis"}, "therapy", CHOICE.format("hypnosis")),
    bad({"hours_min": "-1"}, "hours_min", "Ensure this value is greater than or equal to 0."),
    bad({"hours_min": "1e400"}, "hours_min",
        "Ensure this value is less than or equal to 168.", "Ensure that there are no more than 4 digits in total."),
    bad({"hours_min": "12.25"}, "hours_min", "Ensure that there are no more than 1 decimal place."),
    bad({"hours_max": "NaN"}, "hours_max", "Enter a number."),
    bad({"hours_min": "20", "hours_max": "10"}, "hours_max", "The most hours must not be less than the fewest."),
    bad({"include_unreported": "yes"}, "include_unreported", CHOICE.format("yes")),
    bad({"days_max": "9"}, "days_max", CHOICE.format(9)),
    bad({"schedule": "midnight"}, "schedule", CHOICE.format("midnight")),
    bad({"telehealth": "yes"}, "telehealth", CHOICE.format("yes")),
    bad({"medication_management": "true"}, "medication_management", CHOICE.format("true")),
    bad({"detox": "maybe"}, "detox", CHOICE.format("maybe")),
    bad({"accepting": "0"}, "accepting", CHOICE.format(0)),
    bad({"co_occurring": "on"}, "co_occurring", CHOICE.format("on")),
    bad({"payment": "bitcoin"}, "payment", CHOICE.format("bitcoin")),
    bad({"language": "klingon"}, "language", CHOICE.format("klingon")),
    bad({"population": "martians"}, "population", CHOICE.format("martians")),
    bad({"medication": "aspirin"}, "medication", CHOICE.format("aspirin")),
    bad({"q": "a\x00b"}, "q", NULL),
    bad({"q": "x" * 101}, "q", "Ensure this value has at most 100 characters (it has 101)."),
    bad({"sort": "random"}, "sort", CHOICE.format("random")),
]  # fmt: skip


def shown_messages(response, field: str) -> list[str]:
    """The messages the page shows beside a field, as they are in the HTML."""
    html = response.content.decode()
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r"<li>(.*?)</li>", errors.group(1), re.DOTALL) if errors else []


@pytest.mark.parametrize(("params", "parameter", "messages"), BAD_VALUES)
def test_a_bad_value_is_a_400_naming_its_parameter_and_a_message_beside_its_field(client, params, parameter, messages):
    query = {"location": "45402", **params}
    api = client.get("/api/v1/facilities/", query)
    assert api.status_code == 400
    assert api.json() == {"errors": {parameter: messages}}
    page = client.get("/search/", query, follow=True)  # "location=" is dropped first: tests/search/test_clean_urls.py
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {parameter}
    assert shown_messages(page, parameter) == [escape(message) for message in messages]
    assert "Please check your search" in page.content.decode()


def test_a_bad_longitude_is_named_as_lng(client):
    api = client.get("/api/v1/facilities/", {"lat": "39.7", "lng": "abc"})
    assert api.status_code == 400
    assert list(api.json()["errors"]) == ["lng"]


def test_typed_text_wins_over_unreadable_browser_coordinates(client):
    # The hidden lat/lng may hold an earlier search's location; the place typed is the one searched.
    api = client.get("/api/v1/facilities/", {"location": "45402", "lat": "abc", "lng": "nan"})
    assert api.status_code == 200
    assert api.json()["origin"]["label"] == "Dayton, OH 45402"
    page = client.get("/search/", {"location": "45402", "lat": "abc", "lng": "nan"})
    assert page.context["valid"] is True
    assert "within 25 miles of Dayton, OH 45402" in page.content.decode()


def test_markup_in_a_name_search_is_searched_for_and_shown_as_text(client, make_facility):
    make_facility(name="Downtown Recovery")
    query = {"location": "45402", "q": "<script>alert(1)</script>"}
    api = client.get("/api/v1/facilities/", query)
    assert api.status_code == 200
    assert api.json()["count"] == 0
    page = client.get("/search/", query)
    html = page.content.decode()
    assert names(page) == []
    assert "Name contains: &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


SINGLE_VALUED = [
    *("location", "lat", "lng", "radius", "hours_min", "hours_max", "include_unreported", "days_max"),
    *("telehealth", "medication_management", "detox", "accepting", "co_occurring", "q", "sort"),
]
MULTI_VALUED = ["type", "therapy", "schedule", "payment", "language", "population", "medication"]


@pytest.mark.parametrize("parameter", [*SINGLE_VALUED, "page", "page_size"])
def test_an_empty_single_value_is_the_same_as_leaving_the_parameter_out(client, make_facility, parameter):
    make_facility(name="Downtown Recovery")
    make_facility(
        name="Atlanta Recovery", city="Atlanta", state="GA", zip_code="30303", latitude=33.75, longitude=-84.39
    )
    without = {"location": "45402", "q": "Recovery"}
    without.pop(parameter, None)
    empty = {**without, parameter: ""}
    api = client.get("/api/v1/facilities/", empty)
    assert api.status_code == 200
    assert api.json() == client.get("/api/v1/facilities/", without).json()
    if parameter not in ("page", "page_size"):  # the page reads its page number without the form
        page = client.get("/search/", empty, follow=True)
        assert page.redirect_chain == [(f"/search/?{urlencode(without)}", 302)]
        assert page.context["valid"] is True
        assert names(page) == names(client.get("/search/", without))


@pytest.mark.parametrize("parameter", MULTI_VALUED)
def test_an_empty_choice_of_a_multi_valued_parameter_is_a_400_naming_it(client, parameter):
    api = client.get("/api/v1/facilities/", {"location": "45402", parameter: ""})
    assert api.status_code == 400
    assert list(api.json()["errors"]) == [parameter]
    page = client.get("/search/", {"location": "45402", parameter: ""})
    assert set(page.context["form"].errors) == {parameter}
    assert len(shown_messages(page, parameter)) == 1


@pytest.mark.parametrize(
    ("page_number", "shown"),
    [("abc", 1), ("1.0", 1), ("", 1), ("2", 2), ("0", 2), ("-3", 2), ("3", 2), ("99999999999999999999", 2)],
)
def test_the_results_page_shows_the_first_page_for_an_unreadable_number_and_the_last_past_either_end(
    client, make_facility, page_number, shown
):
    # The page's own pagination (Django's get_page); the API answers these with a 400 or 404 instead.
    for number in range(25):
        make_facility(name=f"Listing {number:02}", **point_at(number / 10))
    response = search(client, page=page_number)
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert names(response)[0] == ("Listing 00" if shown == 1 else "Listing 20")


def test_undecodable_escapes_are_read_as_replacement_characters(client):
    message = f"We could not find a city called '\ufffd\ufffd'. {PLACE_HELP}"
    api = client.get("/api/v1/facilities/?location=%ff%fe")
    assert api.status_code == 400
    assert api.json() == {"errors": {"location": [message]}}
    page = client.get("/search/?location=%ff%fe")
    assert page.status_code == 200
    assert shown_messages(page, "location") == [escape(message)]
    name_search = client.get("/search/?location=45402&q=%c3%28")
    assert name_search.context["valid"] is True
    assert name_search.context["search"].name == "\ufffd("


def test_a_repeated_single_valued_parameter_takes_its_last_value(client, make_facility):
    make_facility(name="Seven Miles Out", **point_at(7))
    api = client.get("/api/v1/facilities/?location=45402&radius=5&radius=10")
    assert api.status_code == 200
    assert [item["name"] for item in api.json()["results"]] == ["Seven Miles Out"]
    page = client.get("/search/?location=45402&radius=5&radius=10")
    assert names(page) == ["Seven Miles Out"]
    assert "within 10 miles of Dayton, OH 45402" in page.content.decode()
