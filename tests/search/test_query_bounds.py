"""Query strings bigger than any search a person makes are a short 400; within the bounds, pages stay small.

Each active filter's remove link repeats the whole query string, so before these bounds 455 copies of
`type=bogus` (a 4 KB query) made a 2.7 MB results page.
"""

import time
from urllib.parse import quote, urlencode

import pytest
from django import forms

from facilities.models import Facility
from search.forms import MAX_QUERY_LENGTH, MAX_QUERY_VALUES, ApiSearchForm
from tests.search.helpers import DAYTON, names

pytestmark = pytest.mark.django_db

PAGE, API = "/search/", "/api/v1/facilities/"
# A name of 100 characters that each take four UTF-8 bytes, so twelve characters once percent-encoded: the
# longest a name search can be sent.
LONGEST_NAME = "🙂" * ApiSearchForm.base_fields["q"].max_length


def biggest_search() -> list[tuple[str, str]]:
    """Every choice of every multiple-choice parameter once, every other parameter at its longest valid value."""
    singles = {
        "location": "Dayton," + " " * (ApiSearchForm.base_fields["location"].max_length - len("Dayton, OH")) + " OH",
        "lat": f"{DAYTON[0]:.27f}"[: ApiSearchForm.base_fields["lat"].max_length],
        "lng": f"{DAYTON[1]:.27f}"[: ApiSearchForm.base_fields["lng"].max_length],
        "radius": "100",
        "hours_min": "10.5",
        "hours_max": "167.5",
        "include_unreported": "1",
        "days_max": "7",
        "telehealth": "1",
        "medication_management": "1",
        "detox": "referral",
        "accepting": "1",
        "co_occurring": "1",
        "q": LONGEST_NAME,
        "sort": "distance",
        "page": "1",
        "page_size": "100",
    }
    params = []
    for name, field in ApiSearchForm().fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            params += [(name, str(value)) for value, _ in field.choices]
        else:
            params.append((name, singles[name]))
    return params


def encoded(params) -> str:
    """Every character but letters, digits and `_.-~` percent-encoded: the longest a browser sends it."""
    return urlencode(params, quote_via=quote, safe="")


@pytest.fixture
def matches_everything(make_facility, make_program):
    """A facility that every filter of biggest_search() keeps."""
    facility = make_facility(name=LONGEST_NAME, co_occurring=True)
    make_program(
        facility,
        therapies=[value for value, _ in ApiSearchForm().fields["therapy"].choices],
        telehealth=True,
        medication_management=True,
        detox="referral",
        accepting="yes",
    )
    for field_name in Facility.VOCABULARY_FIELDS:
        getattr(facility, field_name).set(Facility._meta.get_field(field_name).related_model.objects.all())
    return facility


def test_the_biggest_search_a_person_can_make_is_well_within_the_bounds(client, matches_everything):
    params = biggest_search()
    query = encoded(params)
    # 4,463 characters and 140 values with the lists the migrations seed: the bounds leave room for new entries.
    assert len(query) < MAX_QUERY_LENGTH * 0.6, len(query)
    assert len(params) < MAX_QUERY_VALUES * 0.6, len(params)
    page = client.get(f"{PAGE}?{query}")
    assert page.status_code == 200
    assert page.context["valid"] is True
    assert names(page) == [LONGEST_NAME]
    api = client.get(f"{API}?{query}")
    assert api.status_code == 200
    assert [result["name"] for result in api.json()["results"]] == [LONGEST_NAME]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("location=45402" + "&type=bogus" * 455, id="455-times-type=bogus"),
        pytest.param("location=45402" + "".join(f"&type={n}" for n in range(455)), id="455-different-bad-types"),
    ],
)
def test_455_bad_types_are_a_400_no_bigger_than_an_empty_search_page(client, query):
    empty_search = len(client.get(PAGE).content)  # the form with every choice: 26 KB with the seeded lists
    started = time.perf_counter()
    page = client.get(f"{PAGE}?{query}")
    seconds = time.perf_counter() - started
    message = f"This search has 456 parameters; a search has at most {MAX_QUERY_VALUES}."
    assert page.status_code == 400
    assert len(page.content) < empty_search + 1_000  # was 2.7 MB for the different ones, in 2 s
    assert seconds < 0.5
    html = page.content.decode()
    assert "Please check your search" in html
    assert message in html
    assert "location=45402" not in html  # no link echoes the query
    api = client.get(f"{API}?{query}")
    assert api.status_code == 400
    assert api.json() == {"errors": {"query_string": [message]}}


@pytest.mark.parametrize("path", [PAGE, API])
@pytest.mark.parametrize("count", [MAX_QUERY_VALUES + 1, 1_500])  # 1,500: past Django's own limit of 1,000 too
def test_more_parameters_than_a_search_has_are_a_400(client, path, count):
    response = client.get(f"{path}?location=45402" + "&a" * (count - 1))
    assert response.status_code == 400
    message = f"This search has {count:,} parameters; a search has at most {MAX_QUERY_VALUES}."
    if path == API:
        assert response.json() == {"errors": {"query_string": [message]}}
    else:
        assert message in response.content.decode()


def test_the_search_counts_its_parameters_before_django_refuses_too_many(settings):
    assert MAX_QUERY_VALUES < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


@pytest.mark.parametrize("path", [PAGE, API])
def test_a_query_string_of_10_kb_is_a_400(client, path):
    query = "location=45402&q=" + "x" * (10_240 - len("location=45402&q="))
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    message = f"This search is 10,240 characters long; a search is at most {MAX_QUERY_LENGTH:,}."
    if path == API:
        assert response.json() == {"errors": {"query_string": [message]}}
    else:
        assert message in response.content.decode()
        assert "xxx" not in response.content.decode()


@pytest.mark.parametrize("path", [PAGE, API])
def test_a_query_string_at_the_length_bound_is_searched(client, path):
    query = "location=45402&utm_content=" + "x" * (MAX_QUERY_LENGTH - len("location=45402&utm_content="))
    assert client.get(f"{path}?{query}").status_code == 200


@pytest.mark.parametrize("parameter", ["type", "therapy", "schedule", "payment", "language", "medication"])
def test_a_parameter_given_more_values_than_it_has_choices_is_a_400_naming_it(client, parameter):
    choices = [value for value, _ in ApiSearchForm().fields[parameter].choices]
    query = urlencode({"location": "45402", parameter: [*choices, choices[0]]}, doseq=True)
    api = client.get(f"{API}?{query}")
    assert api.status_code == 400
    label = ApiSearchForm.base_fields[parameter].label
    message = f"{label} is given {len(choices) + 1} values, more than its {len(choices)} choices."
    assert api.json() == {"errors": {parameter: [message]}}
    page = client.get(f"{PAGE}?{query}")
    assert page.status_code == 400
    assert message in page.content.decode()
    every_choice_once = client.get(API, {"location": "45402", parameter: choices})
    assert every_choice_once.status_code == 200


def test_a_value_given_twice_is_one_filter_whose_link_removes_both(client):
    response = client.get(PAGE, {"location": "45402", "type": ["iop", "php", "iop"]})
    assert response.status_code == 200
    filters = response.context["active_filters"]
    assert [label for label, _ in filters] == [
        "Program type: Intensive outpatient (IOP)",
        "Program type: Partial hospitalization (PHP)",
    ]
    remove_iop = filters[0][1]
    assert "type=php" in remove_iop and "type=iop" not in remove_iop


def test_a_repeated_single_valued_parameter_is_one_filter_for_the_value_searched(client):
    response = client.get(f"{PAGE}?location=45402&q=First&q=Second&q=Third")
    assert response.context["search"].name == "Third"
    [(label, remove)] = response.context["active_filters"]
    assert label == "Name contains: Third"
    assert "q=" not in remove


def test_repetition_within_the_bounds_adds_no_filters_to_the_page(client):
    one = client.get(f"{PAGE}?location=45402&type=iop&q=Recovery")
    query = "location=45402" + "&type=iop" * 3 + "".join(f"&q=Recovery{n}" for n in range(280)) + "&q=Recovery"
    many = client.get(f"{PAGE}?{query}")
    assert many.status_code == 200
    labels = [label for label, _ in many.context["active_filters"]]
    assert labels == ["Program type: Intensive outpatient (IOP)", "Name contains: Recovery"]
    # Each remaining link repeats the query once: the page grows with its length, not with its square.
    assert len(many.content) - len(one.content) < 12 * len(query)
