from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from geopy.distance import great_circle

from facilities.models import Facility, Language, PaymentOption
from geo.distance import bounding_box
from programs.models import Program, Therapy
from tests.search.helpers import DAYTON, names, point_at, search

pytestmark = pytest.mark.django_db


def test_the_radius_includes_24_9_miles_and_excludes_25_1(client, make_facility, make_program):
    for miles, bearing in ((24.9, 0), (25.1, 0), (24.95, 90), (25.1, 270), (0.2, 180)):
        make_program(make_facility(name=f"{miles} at {bearing}", **point_at(miles, bearing)))
    response = search(client, radius=25)
    assert names(response) == ["0.2 at 180", "24.9 at 0", "24.95 at 90"]
    html = response.content.decode()
    assert "24.9 miles" in html and "0.2 miles" in html
    assert "3 facilities" in html and "within 25 miles of Dayton, OH 45402" in html


@pytest.mark.parametrize("radius", [5, 10, 25, 50, 100])
def test_results_and_order_match_geopy_great_circle(client, make_facility, make_program, radius):
    for number, (miles, bearing) in enumerate(
        [(3, 10), (4.99, 200), (9, 45), (11, 300), (24, 135), (49.5, 90), (51, 0), (99, 250), (101, 10)]
    ):
        make_program(make_facility(name=f"Place {number}", **point_at(miles, bearing)))
    expected = sorted(
        (great_circle(DAYTON, (f.latitude, f.longitude)).miles, f.name)
        for f in Facility.objects.all()
        if great_circle(DAYTON, (f.latitude, f.longitude)).miles <= radius
    )
    assert names(search(client, radius=radius)) == [name for _, name in expected]


def test_the_bounding_box_crosses_the_180th_meridian():
    (south, north), ranges = bounding_box(51.8, 179.95, 25)
    assert len(ranges) == 2
    assert any(west <= -179.9 <= east for west, east in ranges)
    assert south < 51.8 < north


def test_a_search_across_the_180th_meridian_finds_the_other_side(client, make_facility, make_program):
    make_program(make_facility(name="Adak West", latitude=51.88, longitude=-179.95, zip_code="99546", state="AK"))
    response = client.get("/search/", {"lat": "51.88", "lng": "179.95", "radius": 25})
    assert names(response) == ["Adak West"]


def test_program_filters_must_hold_for_the_same_program(client, make_facility, make_program):
    split = make_facility(name="Split Across Programs")
    make_program(split, type="iop", therapies=["dbt"], evening=True)
    make_program(split, type="residential", therapies=["cbt"], evening=False)
    together = make_facility(name="Evening IOP With CBT")
    make_program(together, type="iop", therapies=["cbt", "dbt"], evening=True)
    make_program(together, type="php", therapies=["cbt"], evening=False, weekly_hours_min=20, weekly_hours_max=25)

    response = search(client, type="iop", therapy="cbt", schedule="evening")
    assert names(response) == ["Evening IOP With CBT"]
    [hit] = response.context["page"]
    assert [Program.objects.get(pk=pk).type for pk in hit.program_pks] == ["iop"]  # only the program that matched
    html = response.content.decode()
    cbt, dbt = (escape(Therapy.objects.get(slug=slug).name) for slug in ("cbt", "dbt"))
    # Folded behind their count, as plain text (the facility page links each to the Learn pages).
    assert f"<summary>2 therapies</summary>{cbt}, {dbt}</details>" in html


def test_therapies_are_all_of_and_vocabularies_any_of(client, make_facility, make_program):
    both = make_facility(name="Both Therapies")
    make_program(both, therapies=["cbt", "family-therapy"])
    one = make_facility(name="One Therapy")
    make_program(one, therapies=["cbt"])
    both.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
    one.payment_options.set(PaymentOption.objects.filter(slug="self-pay"))
    assert names(search(client, therapy=["cbt", "family-therapy"])) == ["Both Therapies"]
    assert names(search(client, payment=["medicaid", "self-pay"])) == ["Both Therapies", "One Therapy"]
    assert names(search(client, payment="self-pay")) == ["One Therapy"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"hours_min": 10}, ["Nine To Twelve", "Twenty"]),
        ({"hours_max": 9}, ["Nine To Twelve"]),
        ({"hours_min": 13, "hours_max": 19}, []),
        ({"hours_min": 10, "include_unreported": 1}, ["Nine To Twelve", "Not Reported", "Twenty"]),
        ({"days_max": 3}, ["Nine To Twelve"]),
        ({"days_max": 3, "include_unreported": 1}, ["Nine To Twelve", "Not Reported"]),
        ({"schedule": ["weekend", "evening"]}, ["Nine To Twelve", "Twenty"]),
        ({"schedule": "daytime"}, ["Twenty"]),
        ({"telehealth": 1}, ["Twenty"]),
        ({"medication_management": 1}, ["Nine To Twelve"]),
        ({"detox": "referral"}, ["Nine To Twelve"]),
        ({"detox": "onsite"}, ["Twenty"]),
        ({"accepting": 1}, ["Twenty"]),
        ({"co_occurring": 1}, ["Not Reported"]),
        ({"language": "spanish"}, ["Twenty"]),
        ({"q": "twelve"}, ["Nine To Twelve"]),
        ({"type": ["php", "residential"]}, ["Twenty"]),
    ],
)
def test_each_filter(client, make_facility, make_program, params, expected):
    nine = make_facility(name="Nine To Twelve", co_occurring=False)
    make_program(nine, weekly_hours_min=9, weekly_hours_max=12, days_per_week_min=3, days_per_week_max=4,
                 evening=True, daytime=False, medication_management=True, detox=Program.Detox.REFERRAL)  # fmt: skip
    twenty = make_facility(name="Twenty")
    twenty.languages.set(Language.objects.filter(slug="spanish"))
    make_program(twenty, type="php", weekly_hours_min=20, weekly_hours_max=None, days_per_week_min=5,
                 days_per_week_max=5, daytime=True, weekend=True, telehealth=True, detox=Program.Detox.ONSITE,
                 accepting=Program.Accepting.YES)  # fmt: skip
    unreported = make_facility(name="Not Reported", co_occurring=True)
    make_program(unreported, weekly_hours_min=None, weekly_hours_max=None, days_per_week_min=None,
                 days_per_week_max=None, evening=None)  # fmt: skip
    assert names(search(client, **params)) == expected


def test_sorting_by_name_and_by_weekly_hours(client, make_facility, make_program):
    make_program(make_facility(name="Alpha Far", **point_at(20)), weekly_hours_min=15, weekly_hours_max=18)
    make_program(make_facility(name="Zulu Near", **point_at(1)), weekly_hours_min=9, weekly_hours_max=10)
    make_program(make_facility(name="Middle", **point_at(5)), weekly_hours_min=None, weekly_hours_max=None)
    assert names(search(client)) == ["Zulu Near", "Middle", "Alpha Far"]
    assert names(search(client, sort="name")) == ["Alpha Far", "Middle", "Zulu Near"]
    assert names(search(client, sort="hours")) == ["Zulu Near", "Alpha Far", "Middle"]  # unreported last


def test_nothing_within_the_radius_shows_the_nearest_matches_beyond_and_ways_to_widen(
    client, make_facility, make_program
):
    for miles in (30, 60, 400, 900):
        make_program(make_facility(name=f"IOP at {miles}", **point_at(miles)), type="iop")
    make_program(
        make_facility(name="PHP close by", **point_at(2)), type="php", weekly_hours_min=20, weekly_hours_max=25
    )
    response = search(client, radius=10, type="iop")
    html = response.content.decode()
    assert names(response) == []
    assert "No programs match within 10 miles of Dayton, OH 45402" in html
    assert names(response, "nearest") == ["IOP at 30", "IOP at 60", "IOP at 400"]
    assert "30.0 miles" in html
    assert "radius=25" in html and "radius=100" in html  # wider searches
    assert "Remove filter Program type: Intensive outpatient (IOP)" in html


def test_active_filters_are_listed_with_links_that_remove_them(client, make_facility, make_program):
    make_program(make_facility(), therapies=["cbt", "dbt"])
    response = search(client, therapy=["cbt", "dbt"], telehealth=1)
    filters = dict(response.context["active_filters"])
    assert set(filters) == {
        "Therapies (all of): Cognitive behavioral therapy (CBT)",
        "Therapies (all of): Dialectical behavior therapy (DBT)",
        "Telehealth sessions: Yes",
    }
    link = filters["Therapies (all of): Cognitive behavioral therapy (CBT)"]
    assert "therapy=dbt" in link and "therapy=cbt" not in link and "telehealth=1" in link


def test_pagination_keeps_every_filter(client, make_facility, make_program):
    for number in range(25):
        make_program(make_facility(name=f"IOP {number:02}", **point_at(number / 2)), therapies=["cbt"])
    response = search(client, type="iop", therapy="cbt", radius=50)
    html = response.content.decode()
    assert response.context["page"].paginator.count == 25
    assert len(response.context["page"].object_list) == 20
    [next_link] = [part.split('"')[0] for part in html.split('rel="next" href="?')[1:]]
    assert set(next_link.split("&amp;")) == {"type=iop", "therapy=cbt", "radius=50", "location=45402", "page=2"}
    assert len(search(client, type="iop", therapy="cbt", radius=50, page=2).context["page"].object_list) == 5


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("00000", "We could not find the ZIP code 00000"),
        ("Nowhereville, OH", "We could not find a city called 'Nowhereville' in OH"),
        ("hello there friend", "We could not find a city called 'hello there friend'"),
        ("Dayton, ZZ", "We do not know the state 'ZZ'"),
        ("1234", "'1234' is not a ZIP code"),
        ("999,999", "Latitude must be between -90 and 90"),
        ("x" * 500, "Ensure this value has at most 100 characters"),
    ],
)
def test_a_location_that_cannot_be_found_gets_its_own_message(client, location, message):
    response = client.get("/search/", {"location": location})
    assert response.status_code == 200
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert "Please check your search" in html


def test_a_city_in_several_states_offers_the_choices_as_links(client):
    html = client.get("/search/", {"location": "Springfield", "type": "iop"}).content.decode()
    assert "Springfield is the name of a city in" in html
    assert "location=Springfield%2C+IL" in html and "type=iop" in html


def test_city_and_state_and_browser_coordinates_resolve_offline(client, make_facility, make_program):
    make_program(make_facility(name="Downtown"))
    assert "within 25 miles of Dayton, OH" in search(client, location="dayton oh").content.decode()
    response = client.get("/search/", {"lat": "39.76", "lng": "-84.19"})
    assert names(response) == ["Downtown"]
    assert "your location" in response.content.decode()
    assert "Latitude must be between" in client.get("/search/", {"lat": "999", "lng": "0"}).content.decode()


def test_other_text_is_never_sent_to_the_geocoder_even_when_one_is_configured(client, settings, monkeypatch):
    from geo import geocoder

    asked = []

    class FakeGeocoder:
        def geocode(self, query, exactly_one=True):
            asked.append(query)
            return type("Location", (), {"latitude": 39.76, "longitude": -84.19})()

    monkeypatch.setattr(geocoder, "configured_geocoder", lambda: FakeGeocoder())
    settings.GEOCODER = "nominatim"
    for path in ("/search/", "/api/v1/facilities/"):
        response = client.get(path, {"location": "Wright Brothers Memorial"})
        assert "could not find a city called" in response.content.decode(), path
    assert asked == []


def test_a_search_runs_a_fixed_number_of_queries(client, make_facility, make_program):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    url = "/search/?location=45402&therapy=cbt&payment=medicaid&language=spanish"
    api = "/api/v1/facilities/?location=45402&therapy=cbt&payment=medicaid&page_size=100"
    facility = make_facility()
    facility.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
    facility.languages.set(Language.objects.filter(slug="spanish"))
    make_program(facility, therapies=["cbt"])
    client.get(url)  # the first search caches the vocabulary choices
    small_page, small_api = count(url), count(api)
    for number in range(30):
        many = make_facility(name=f"Busy {number}", **point_at(number))
        many.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
        many.languages.set(Language.objects.filter(slug="spanish"))
        for program_type in ("iop", "php", "residential"):
            make_program(many, type=program_type, therapies=["cbt", "dbt", "group-therapy", "twelve-step"],
                         weekly_hours_min=Decimal("20"), weekly_hours_max=Decimal("30"))  # fmt: skip
    assert count(url) == small_page <= 8
    assert count(api) == small_api <= 6


def test_the_vocabulary_choices_are_read_once_and_a_curators_new_entry_is_searchable_at_once(client, make_facility):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return response, len(queries)

    _, first_queries = count("/search/?location=45402")
    again, again_queries = count("/search/?location=45402")
    assert again_queries == first_queries - 1  # the choices come from the cache
    assert 'value="amharic"' not in again.content.decode()

    amharic = Language.objects.create(slug="amharic", name="Amharic")
    make_facility(name="Speaks Amharic").languages.add(amharic)
    response = client.get("/search/?location=45402&language=amharic")
    assert names(response) == ["Speaks Amharic"]
    assert 'value="amharic" checked' in response.content.decode()

    amharic.name = "Amharic (Ethiopia)"
    amharic.save()
    assert "Amharic (Ethiopia)" in client.get("/search/?location=45402").content.decode()
    amharic.delete()
    response = client.get("/search/?location=45402&language=amharic")
    assert "Select a valid choice" in response.content.decode()
