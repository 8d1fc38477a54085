"""Places as people type them, resolved offline: ZIPs, "City, ST", state names, street addresses."""

import time
from contextlib import suppress
from itertools import cycle, islice

import pytest
from geopy.distance import great_circle

from geo.places import HELP, LocationError, resolve
from tests.search.helpers import names

DAYTON = (39.76, -84.19)


def miles_from_dayton(place) -> float:
    return great_circle(DAYTON, (place.latitude, place.longitude)).miles


def refusal(location: str) -> LocationError:
    with pytest.raises(LocationError) as raised:
        resolve(location)
    return raised.value


@pytest.mark.parametrize(
    "location", ["Dayton, OH 45402", "dayton ohio", "45402-1234", "100 N Main St, Dayton, OH 45402"]
)
def test_the_ways_people_write_dayton_all_find_dayton(location):
    assert miles_from_dayton(resolve(location)) < 5


@pytest.mark.parametrize(
    ("location", "label"),
    [
        ("45402", "Dayton, OH 45402"),
        ("Dayton, OH 45402", "Dayton, OH 45402"),
        ("45402-1234", "Dayton, OH 45402"),
        ("Dayton OH 45402-1234", "Dayton, OH 45402"),
        ("100 N Main St, Dayton, OH 45402", "Dayton, OH 45402"),
        ("100 N Main St, Dayton, OH 45402, USA", "Dayton, OH 45402"),
        ("Dayton, OH", "Dayton, OH"),
        ("Dayton OH", "Dayton, OH"),
        ("Dayton, Ohio", "Dayton, OH"),
        ("dayton ohio", "Dayton, OH"),
        ("  DAYTON ,  oh. ", "Dayton, OH"),
        ("Dayton, OH, United States", "Dayton, OH"),
        ("100 N Main St, Dayton, OH", "Dayton, OH"),
        ("100 N Main St Dayton OH", "Dayton, OH"),
        ("100 N Main St Dayton, OH", "Dayton, OH"),
        ("500 Grand Blvd, Kansas City MO", "Kansas City, MO"),
        ("Saint Louis Missouri", "Saint Louis, MO"),
        ("St. Louis, MO", "Saint Louis, MO"),
        ("st louis mo", "Saint Louis, MO"),
        ("Ft Wayne, IN", "Fort Wayne, IN"),
        ("Mt Vernon NY", "Mount Vernon, NY"),
        ("New York New York", "New York, NY"),
        ("New York", "New York, NY"),
        ("Santa Fe new mexico", "Santa Fe, NM"),
        ("Raleigh, North Carolina", "Raleigh, NC"),
        ("Washington district of columbia", "Washington, DC"),
        ("Washington, D.C.", "Washington, DC"),
        ("Charleston West Virginia", "Charleston, WV"),
        ("Virginia Beach Virginia", "Virginia Beach, VA"),
        ("Mount Washington", "Mount Washington, KY"),
    ],
)
def test_each_form_resolves_to_its_place_and_label(location, label):
    assert resolve(location).label == label


def test_a_zip_wins_over_a_city_and_state_that_disagree_and_the_label_says_where():
    place = resolve("Chicago, IL 45402")
    assert place.label == "Dayton, OH 45402"
    assert miles_from_dayton(place) < 5


def test_an_unknown_zip_after_a_city_and_state_searches_the_city():
    assert resolve("Dayton, OH 00000").label == "Dayton, OH"


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("00000", "We could not find the ZIP code 00000. Check it, or enter a city and state like Dayton, OH."),
        ("99999-1234", "We could not find the ZIP code 99999. Check it, or enter a city and state like Dayton, OH."),
        ("hello there friend", f"We could not find a city called 'hello there friend'. {HELP}"),
        ("Toronto, ON", f"We do not know the state 'ON'. {HELP}"),
        ("Paris, France", f"We do not know the state 'France'. {HELP}"),
        ("Nowhereville, OH", f"We could not find a city called 'Nowhereville' in OH. {HELP}"),
        ("1234", f"'1234' is not a ZIP code. {HELP}"),
        ("USA", f"We could not find a city called 'USA'. {HELP}"),
        ("...", HELP),
        ("Ohio", "'Ohio' is a state: enter a city and state, like Dayton, OH, or a 5-digit ZIP code."),
    ],
)
def test_what_cannot_be_found_gets_a_message_saying_what_to_type(location, message):
    assert refusal(location).message.startswith(message)


def test_a_city_in_another_state_offers_the_states_that_have_it():
    error = refusal("Dayton, CA")
    assert error.message == f"We could not find a city called 'Dayton' in CA. {HELP}"
    assert ("Dayton, OH", "Dayton, OH") in error.choices


def test_a_city_in_several_states_asks_which():
    error = refusal("Springfield")
    assert error.message.startswith("Springfield is the name of a city in")
    assert ("Springfield, IL", "Springfield, IL") in error.choices


def test_a_thousand_varied_places_resolve_well_under_a_second():
    resolve("45402"), resolve("Dayton, OH")  # the ZIP and city tables are built once per process
    typed = [
        "Dayton, OH 45402",
        "100 N Main St, Dayton, OH 45402",
        "45402-1234",
        "dayton ohio",
        "St. Louis, MO",
        "Washington district of columbia",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 Dayton OH",
        "hello there friend",
        "Toronto, ON",
        "Springfield",
        "x" * 100,
        "a, " * 33,
    ]
    started = time.perf_counter()
    for location in islice(cycle(typed), 1000):
        with suppress(LocationError):
            resolve(location)
    assert time.perf_counter() - started < 0.5


def test_the_search_page_finds_places_near_a_city_state_and_zip(client, make_facility, make_program):
    make_program(make_facility(name="Downtown"))
    response = client.get("/search/", {"location": "Dayton, OH 45402"})
    assert response.status_code == 200
    assert names(response) == ["Downtown"]
    assert not response.context["form"].errors
    html = response.content.decode()
    assert "within 25 miles of Dayton, OH 45402" in html
    assert "Please check your search" not in html
