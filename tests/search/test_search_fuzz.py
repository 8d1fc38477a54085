"""No input ever yields a 500: generated query strings against the results page and the JSON API.

A 500 makes the test client raise the view's exception, so Hypothesis shrinks it to the smallest query.
"""

import json
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.utils import html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from facilities.models import Facility, Language, PaymentOption, Population
from search.forms import QUERY_STRING, ApiSearchForm, query_errors
from search.openapi import document

pytestmark = pytest.mark.django_db

PATHS = ("/search/", "/api/v1/facilities/")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

PARAMETERS = sorted(ApiSearchForm.base_fields)
JUNK_NAMES = ["", "page[]", "type[]", "Location", "__all__", "format", "callback", "csrfmiddlewaretoken", "x" * 300]
GOOD_VALUES = [
    *("iop", "php", "residential", "cbt", "dbt", "medicaid", "spanish", "women", "buprenorphine"),
    *("daytime", "evening", "weekend", "onsite", "referral", "none", "1", "yes", "on", "true"),
    *("distance", "name", "hours", "5", "10", "25", "50", "100", "9", "12.5", "168", "7"),
    *("45402", "45402-1234", "30303", "Dayton, OH", "Dayton OH", "Dayton, Ohio", "Atlanta, GA", "Springfield"),
    *("39.7589,-84.1916", "39.7589", "-84.1916", "90,180", "-90,-180", "89.95,179.99", "0,0"),
]
NASTY_VALUES = [
    *("", " ", ",", "' OR 1=1 --", "'; DROP TABLE facilities_facility; --", "<script>alert(1)</script>"),
    *("\x00", "a\x00b", "45402\x00", "%", "%%", "_", "\\", "\u202e", "\ufeff", "🙂", "ß", "Dayton, ZZ"),
    *("١٢٣٤٥", "٣٩.٧,-٨٤.١", "²", "1_0", "0x19", "1e1", "-0", "0.0", "168.05", "1e-400"),
    *("x" * 2000, "1" * 2000, "9" * 5000, "Dayton, " + "O" * 200),
]
NUMBERS = [
    *("0", "-1", "-0.0", "1e308", "-1e308", "1e309", "NaN", "nan", "-nan", "inf", "-inf", "Infinity"),
    *("99999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "3.4e38", "5e-324"),
]

values = st.one_of(
    st.sampled_from(GOOD_VALUES),
    st.sampled_from(NASTY_VALUES),
    st.sampled_from(NUMBERS),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=40),
    st.text(min_size=100, max_size=2000),
)
names = st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(JUNK_NAMES), st.text(max_size=20))
# Repeats come both from drawing a name twice and from giving one name several values.
pairs = st.lists(
    st.one_of(
        st.tuples(names, values),
        st.tuples(st.sampled_from(PARAMETERS), st.lists(values, min_size=2, max_size=4)),
    ),
    max_size=8,
)

# Raw query strings: any byte percent-escaped (invalid UTF-8 such as %ff%fe included), broken escapes,
# the separators, and literal characters a browser would have escaped; as name=value pairs and loose.
escape = st.integers(0, 255).map(lambda byte: f"%{byte:02x}") | st.integers(0, 255).map(lambda byte: f"%{byte:02X}")
raw_token = st.one_of(
    escape,
    st.sampled_from(["%ff%fe", "%c3%28", "%ed%a0%80", "%f4%90%80%80", "%00", "%", "%g1", "%2", "%%", "+", ";"]),
    st.sampled_from(["&", "=", "&&", "==", "?", "[]", "'", '"', "<", ">", " ", "\t", "\\", "é", "🙂"]),
    st.sampled_from(GOOD_VALUES),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="#"), max_size=10),
)
raw_text = st.lists(raw_token, max_size=12).map("".join)
raw_pair = st.tuples(st.sampled_from(PARAMETERS) | raw_text, raw_text).map("=".join)
raw_queries = st.lists(raw_pair | raw_text, max_size=8).map("&".join)

# Well-formed searches, so that the queries behind every filter run too, alone and combined.
hours = st.decimals(min_value=0, max_value=168, places=1).map(str)
VALID = {
    "location": st.sampled_from(
        [
            *("45402", "45402-1234", "30303", "Dayton, OH", "Atlanta, GA", "Springfield, IL", "39.7589,-84.1916"),
            *("89.99,179.99", "-89.99,-179.99", "0,0", "64.8,-147.7", "21.3,-157.8"),
        ]
    ),
    "lat": st.floats(-90, 90).map(str),
    "lng": st.floats(-180, 180).map(str),
    "radius": st.sampled_from(["5", "10", "25", "50", "100"]),
    "type": st.sampled_from(["iop", "php", "residential"]),
    "therapy": st.sampled_from(["cbt", "dbt", "group-therapy", "twelve-step", "family-therapy", "peer-support"]),
    "hours_min": hours,
    "hours_max": hours,
    "include_unreported": st.just("1"),
    "days_max": st.integers(1, 7).map(str),
    "schedule": st.sampled_from(["daytime", "evening", "weekend"]),
    "telehealth": st.just("1"),
    "medication_management": st.just("1"),
    "detox": st.sampled_from(["onsite", "referral"]),
    "accepting": st.just("1"),
    "co_occurring": st.just("1"),
    "payment": st.sampled_from(["medicaid", "medicare", "private-insurance", "self-pay"]),
    "language": st.sampled_from(["spanish", "arabic"]),
    "population": st.sampled_from(["women", "men", "veterans"]),
    "medication": st.sampled_from(["buprenorphine", "methadone", "naltrexone"]),
    "q": st.text(max_size=12),
    "sort": st.sampled_from(["distance", "name", "hours"]),
    "page": st.integers(1, 3).map(str),
    "page_size": st.integers(1, 100).map(str),
}
valid_queries = st.lists(
    st.sampled_from(sorted(VALID)).flatmap(lambda name: st.tuples(st.just(name), VALID[name])), max_size=8
)


@pytest.fixture
def listings(make_facility, make_program):
    near = make_facility(name="Downtown Dayton Recovery", co_occurring=True)
    make_program(near, therapies=["cbt", "group-therapy"], accepting="yes", telehealth=True)
    make_program(
        near,
        type="php",
        weekly_hours_min=None,
        weekly_hours_max=None,
        days_per_week_min=None,
        daytime=True,
        medication_management=True,
        detox="onsite",
    )
    near.payment_options.set(PaymentOption.objects.filter(slug__in=["medicaid", "self-pay"]))
    near.languages.set(Language.objects.filter(slug="spanish"))
    far = make_facility(
        name="Atlanta Residential Recovery",
        city="Atlanta",
        state="GA",
        zip_code="30303",
        latitude=33.75,
        longitude=-84.39,
    )
    make_program(far, type="residential", weekly_hours_min=None, weekly_hours_max=None, evening=None, detox="referral")
    far.populations.set(Population.objects.filter(slug="women"))
    return [near, far]


@pytest.fixture
def list_validator():
    doc = document("http://testserver/api/v1/facilities/")
    return Draft202012Validator({"$ref": "#/components/schemas/FacilityList", "components": doc["components"]})


def answers(client, query: str) -> tuple:
    """The results page and the API's answers to one query string."""
    responses = []
    for path in PATHS:
        # A savepoint per request, so that one failing query cannot poison the next on PostgreSQL.
        with transaction.atomic():
            responses.append(client.get(f"{path}?{query}", follow=True))  # the page drops empty fields first
    return tuple(responses)


def assert_answered(client, query: str, validator):
    """Never a 500; the API names exactly the parameters the page shows messages for, with the same messages."""
    page, api = answers(client, query)
    if too_big := query_errors(query):  # bigger than any search a person makes: tests/search/test_query_bounds.py
        assert page.status_code == api.status_code == 400, query
        assert json.loads(api.content) == {"errors": too_big}, query
        assert set(too_big) <= {*PARAMETERS, QUERY_STRING}, query
        return
    assert page.status_code == 200, query  # bad input is a message on the page
    assert api["Content-Type"] == "application/json", query
    body = json.loads(api.content)
    page_errors = {name: list(messages) for name, messages in page.context["form"].errors.items()}
    if api.status_code == 200:
        validator.validate(body)
        assert page_errors == {}, query
    elif api.status_code == 404:  # a page number past the last page, which the results page reads as the last
        assert list(body["errors"]) == ["page"], query
        assert page_errors == {}, query
    else:
        assert api.status_code == 400, query
        errors = body["errors"]
        assert errors and set(errors) <= set(PARAMETERS), query
        assert all(isinstance(messages, list) and messages for messages in errors.values()), query
        # page and page_size are the API's alone: the results page pages by itself.
        assert page_errors == {name: errors[name] for name in set(errors) - {"page", "page_size"}}, query
        content = page.content.decode()
        for messages in page_errors.values():
            assert all(html.escape(message) in content for message in messages), query


@FUZZ
@given(query=pairs)
def test_no_encoded_query_is_a_server_error(client, listings, list_validator, query):
    assert Facility.objects.count() == len(listings)
    assert_answered(client, urlencode(query, doseq=True), list_validator)


@FUZZ
@given(query=valid_queries)
def test_no_well_formed_search_is_a_server_error(client, listings, list_validator, query):
    assert_answered(client, urlencode(query, doseq=True), list_validator)


@FUZZ
@given(query=raw_queries)
def test_no_raw_query_is_a_server_error(client, listings, list_validator, query):
    assert_answered(client, query, list_validator)


CHOICE = "Select a valid choice. {} is not one of the available choices."
NOT_A_CITY = "We could not find a city called {}. Enter a 5-digit ZIP code, or a city and state like Dayton, OH."
OUT_OF_RANGE = (
    "Latitude must be between -90 and 90 and longitude between -180 and 180. "
    "Enter a 5-digit ZIP code, or a city and state like Dayton, OH."
)
WHOLE = ["Must be a whole number from 1."]


@pytest.mark.parametrize(
    ("query", "status", "errors"),
    [
        ("location=%ff%fe&type=%ff", 400,
         {"location": [NOT_A_CITY.format("'\ufffd\ufffd'")], "type": [CHOICE.format("\ufffd")]}),
        ("q=%00&location=45402%00", 400,
         {"q": ["Null characters are not allowed."], "location": ["Null characters are not allowed."]}),
        ("location=' OR 1=1 --&q=' OR 1=1 --", 400, {"location": [NOT_A_CITY.format('"\' OR 1=1 --"')]}),
        ("lat=nan&lng=inf", 400, {"lat": [OUT_OF_RANGE]}),
        ("lat=1e308&lng=-1e308", 400, {"lat": [OUT_OF_RANGE]}),
        ("location=89.99,179.99&radius=100", 200, None),
        ("location=-90,-180&radius=100", 200, None),
        ("hours_min=NaN&hours_max=Infinity", 400, {"hours_min": ["Enter a number."], "hours_max": ["Enter a number."]}),
        ("hours_min=1e-400&days_max=٣", 400,
         {"hours_min": ["Ensure that there are no more than 4 digits in total."], "days_max": [CHOICE.format("٣")]}),
        ("page=%D9%A3&page_size=%D9%A3", 400, {"page": WHOLE, "page_size": WHOLE}),
        ("page=99999999999999999999&page_size=-1", 400, {"page_size": WHOLE}),
        ("page=99999999999999999999", 404, {"page": ["There is only 1 page."]}),
        ("sort=hours&hours_min=9&include_unreported=1&location=45402", 200, None),
        ("type=iop&type=iop&type=php&therapy=cbt&therapy=cbt", 200, None),
    ],
)  # fmt: skip
def test_known_hard_queries_get_exactly_their_answer(client, listings, list_validator, query, status, errors):
    assert_answered(client, query, list_validator)
    _page, api = answers(client, query)
    assert api.status_code == status
    if errors is not None:
        assert api.json() == {"errors": errors}
