import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.distance import great_circle
from jsonschema import Draft202012Validator

from facilities.models import Accreditation, Facility, Language, PaymentOption
from search.forms import ApiSearchForm
from search.openapi import document

pytestmark = pytest.mark.django_db

LIST = "/api/v1/facilities/"
DAYTON_45402 = (39.7563, -84.1895)  # the zipcodes package's centre of ZIP 45402


@pytest.fixture
def doc(client):
    return client.get("/api/v1/schema/").json()


@pytest.fixture
def dayton(make_facility, make_program):
    """Downtown, next to the ZIP centre: one evening IOP with CBT."""
    facility = make_facility(
        name="Downtown Dayton Recovery",
        latitude=39.7589,
        longitude=-84.1916,
        website="https://downtown-recovery.example.org/",
        verified_on=datetime.date(2025, 3, 14),
    )
    make_program(facility, therapies=["cbt"], name="Evening IOP", telehealth=True)
    return facility


@pytest.fixture
def kettering(make_facility, make_program):
    """About five miles south, located by ZIP only: a daytime IOP and a PHP that has not reported its hours."""
    facility = make_facility(
        name="Kettering Behavioral Health",
        street1="3535 Far Hills Ave",
        street2="Suite 200",
        city="Kettering",
        zip_code="45429",
        latitude=39.6841,
        longitude=-84.1633,
        location_precision=Facility.LocationPrecision.ZIP,
        intake_phone="(937) 555-0111",
        co_occurring=True,
    )
    facility.payment_options.set(PaymentOption.objects.filter(slug__in=["medicaid", "private-insurance"]))
    facility.languages.set(Language.objects.filter(slug="spanish"))
    facility.accreditations.set(Accreditation.objects.filter(slug="carf"))
    make_program(facility, evening=False, daytime=True, accepting="yes")
    make_program(
        facility,
        type="php",
        weekly_hours_min=None,
        weekly_hours_max=None,
        days_per_week_min=None,
        days_per_week_max=None,
        evening=None,
        detox="onsite",
    )
    return facility


@pytest.fixture
def atlanta(make_facility, make_program):
    facility = make_facility(
        name="Atlanta Residential Recovery",
        city="Atlanta",
        state="GA",
        zip_code="30303",
        latitude=33.7525,
        longitude=-84.3888,
    )
    make_program(facility, type="residential", weekly_hours_min=None, weekly_hours_max=None, evening=None)
    return facility


@pytest.fixture
def listings(dayton, kettering, atlanta):
    return dayton, kettering, atlanta


def assert_valid(doc, schema_name, data):
    validator = Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema_name}", "components": doc["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)]
    assert not errors, errors


def list_parameters(doc):
    return doc["paths"][LIST]["get"]["parameters"]


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


# The document


def test_the_schema_endpoint_serves_the_openapi_document(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    served = response.json()
    assert served == document("http://testserver/api/v1/facilities/")
    assert served["openapi"] == "3.1.0"
    assert served["servers"] == [{"url": "http://testserver"}]
    assert set(served["paths"]) == {LIST, "/api/v1/facilities/{slug}/", "/api/v1/schema/"}


def test_the_server_is_the_site_root_even_under_a_prefix():
    assert document("https://example.org/api/v1/facilities/")["servers"] == [{"url": "https://example.org"}]
    assert document("https://example.org/finder/api/v1/schema/")["servers"] == [{"url": "https://example.org/finder"}]


def test_every_schema_in_the_document_is_valid_json_schema_2020_12(doc):
    for name, schema in doc["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        assert schema["additionalProperties"] is False, name
        assert set(schema["required"]) == set(schema["properties"]), name
    for path, item in doc["paths"].items():
        operation = item["get"]
        assert operation["responses"], path
        for parameter in operation.get("parameters", []):
            assert parameter["in"] in ("query", "path") and parameter["description"], parameter["name"]
            Draft202012Validator.check_schema(parameter["schema"])
            if parameter["in"] == "path":
                assert parameter["required"] is True
    for reference in refs(doc):
        name = reference.removeprefix("#/components/schemas/")
        assert name in doc["components"]["schemas"], reference


def test_every_search_parameter_is_documented(doc):
    documented = [parameter["name"] for parameter in list_parameters(doc)]
    assert len(documented) == len(set(documented))
    assert set(documented) == set(ApiSearchForm.base_fields)


def test_multi_valued_parameters_repeat_their_name_and_choices_are_enumerated(doc):
    parameters = {parameter["name"]: parameter for parameter in list_parameters(doc)}
    for name in ("type", "therapy", "schedule", "payment", "language", "population", "medication"):
        assert parameters[name]["schema"]["type"] == "array", name
        assert (parameters[name]["style"], parameters[name]["explode"]) == ("form", True), name
    for name in ("therapy", "payment", "language", "population", "medication"):
        assert "slug" in parameters[name]["description"], name
    assert parameters["radius"]["schema"]["enum"] == [5, 10, 25, 50, 100]
    assert parameters["type"]["schema"]["items"]["enum"] == ["iop", "php", "residential"]
    assert parameters["schedule"]["schema"]["items"]["enum"] == ["daytime", "evening", "weekend"]
    assert parameters["detox"]["schema"]["enum"] == ["onsite", "referral"]
    assert parameters["sort"]["schema"]["enum"] == ["distance", "name", "hours"]
    for name in ("include_unreported", "telehealth", "medication_management", "co_occurring", "accepting"):
        assert parameters[name]["schema"]["enum"] == ["1"], name
    assert (parameters["page_size"]["schema"]["minimum"], parameters["page_size"]["schema"]["maximum"]) == (1, 100)


# Responses against the document


def test_a_search_from_a_zip_is_nearest_first_with_distances_to_a_tenth_of_a_mile(client, doc, listings):
    dayton, kettering, _atlanta = listings
    data = client.get(LIST, {"location": "45402"}).json()
    assert_valid(doc, "FacilityList", data)
    assert data["origin"] == {"label": "Dayton, OH 45402", "latitude": DAYTON_45402[0], "longitude": DAYTON_45402[1]}
    assert data["count"] == 2  # Atlanta is beyond the default 25 miles
    assert [item["slug"] for item in data["results"]] == [dayton.slug, kettering.slug]
    for item, facility in zip(data["results"], (dayton, kettering), strict=True):
        expected = great_circle(DAYTON_45402, (facility.latitude, facility.longitude)).miles
        assert item["distance_miles"] == round(expected, 1)
    assert data["results"][0]["distance_miles"] < data["results"][1]["distance_miles"]


def test_a_result_item_has_the_contract_shape(client, listings):
    dayton, _kettering, _atlanta = listings
    data = client.get(LIST, {"location": "45402"}).json()
    first, second = data["results"]
    assert first == {
        "slug": dayton.slug,
        "name": "Downtown Dayton Recovery",
        "url": f"http://testserver/facilities/{dayton.slug}/",
        "address": {"street1": dayton.street1, "street2": "", "city": "Dayton", "state": "OH", "zip": "45402"},
        "latitude": 39.7589,
        "longitude": -84.1916,
        "location_precision": "address",
        "distance_miles": first["distance_miles"],
        "phone": "(937) 555-0100",
        "website": "https://downtown-recovery.example.org/",
        "verified_on": "2025-03-14",
        "provenance": "Last verified with the facility on Mar 14, 2025.",
        "unit_name": "",
        "who_is_served": [],
        "programs": [
            {
                "type": "iop",
                "name": "Evening IOP",
                "weekly_hours_min": 9.0,
                "weekly_hours_max": 12.0,
                "days_per_week_min": 3,
                "days_per_week_max": 4,
                "schedule": ["evening"],
                "telehealth": True,
                "medication_management": None,
                "detox": None,
                "accepting": "unknown",
                "waitlist_weeks": None,
                "accepting_reported": None,
                "hours_confirmed": {"on": None, "by": None},
                "therapies": ["cbt"],
            }
        ],
        "also_here": [],
        "phone_confirmed": {"on": None, "by": None},
    }
    assert second["location_precision"] == "zip"
    assert second["verified_on"] is None
    assert second["provenance"] == "Added by our staff. Not yet verified with the facility."
    php = second["programs"][1]
    assert php["type"] == "php" and php["detox"] == "onsite"
    assert [php[key] for key in ("weekly_hours_min", "weekly_hours_max", "days_per_week_min")] == [None, None, None]
    assert php["schedule"] == []


def test_without_a_place_there_is_no_origin_or_distance_and_results_go_by_name(client, doc, listings):
    data = client.get(LIST).json()
    assert_valid(doc, "FacilityList", data)
    assert data["origin"] is None
    assert [item["name"] for item in data["results"]] == [
        "Atlanta Residential Recovery",
        "Downtown Dayton Recovery",
        "Kettering Behavioral Health",
    ]
    assert {item["distance_miles"] for item in data["results"]} == {None}


def test_a_wider_radius_reaches_atlanta(client, doc, listings):
    data = client.get(LIST, {"location": "Atlanta, GA", "radius": "100"}).json()
    assert_valid(doc, "FacilityList", data)
    assert [item["name"] for item in data["results"]] == ["Atlanta Residential Recovery"]
    assert data["origin"]["label"] == "Atlanta, GA"


def test_an_empty_result_matches_the_schema(client, doc, listings):
    data = client.get(LIST, {"location": "45402", "q": "no such name"}).json()
    assert_valid(doc, "FacilityList", data)
    assert (data["count"], data["results"], data["next"], data["previous"]) == (0, [], None, None)
    assert data["origin"]["label"] == "Dayton, OH 45402"


def test_results_list_only_the_programs_that_match(client, doc, listings):
    _dayton, kettering, _atlanta = listings
    data = client.get(LIST, {"location": "45402", "type": "php"}).json()
    assert_valid(doc, "FacilityList", data)
    assert [item["slug"] for item in data["results"]] == [kettering.slug]
    assert [program["type"] for program in data["results"][0]["programs"]] == ["php"]


def test_program_filters_must_all_hold_for_the_same_program(client, listings):
    _dayton, kettering, _atlanta = listings
    # Kettering has a daytime IOP and a PHP, but no daytime PHP; only Dayton's IOP offers CBT.
    assert client.get(LIST, {"type": "php", "schedule": "daytime"}).json()["count"] == 0
    assert client.get(LIST, {"type": "iop", "schedule": "daytime"}).json()["results"][0]["slug"] == kettering.slug
    assert client.get(LIST, {"type": "php", "therapy": "cbt"}).json()["count"] == 0


def test_the_detail_has_every_program_and_the_facility_facts(client, doc, listings):
    _dayton, kettering, _atlanta = listings
    response = client.get(f"/api/v1/facilities/{kettering.slug}/")
    assert response.status_code == 200
    data = response.json()
    assert_valid(doc, "FacilityDetail", data)
    assert [program["type"] for program in data["programs"]] == ["iop", "php"]
    assert data["distance_miles"] is None
    assert data["address"]["street2"] == "Suite 200"
    assert data["intake_phone"] == "(937) 555-0111"
    assert (data["co_occurring"], data["detox_onsite"], data["telehealth"]) == (True, None, None)
    assert sorted(data["payment"]) == ["medicaid", "private-insurance"]
    assert (data["languages"], data["accreditations"]) == (["spanish"], ["carf"])
    assert (data["populations"], data["medications"]) == ([], [])


def test_a_bad_parameter_is_a_400_naming_it(client, doc, listings):
    response = client.get(LIST, {"location": "45402", "radius": "7"})
    assert response.status_code == 400
    data = response.json()
    assert_valid(doc, "Errors", data)
    assert list(data["errors"]) == ["radius"]


def test_every_bad_parameter_is_named_at_once(client, doc, listings):
    response = client.get(LIST, {"type": "bogus", "therapy": "not-a-therapy", "hours_min": "abc", "page": "0"})
    assert response.status_code == 400
    data = response.json()
    assert_valid(doc, "Errors", data)
    assert set(data["errors"]) == {"type", "therapy", "hours_min", "page"}


def test_an_unknown_place_is_a_400(client, doc, listings):
    response = client.get(LIST, {"location": "00000"})
    assert response.status_code == 400
    assert_valid(doc, "Errors", response.json())
    assert "00000" in response.json()["errors"]["location"][0]


def test_an_unknown_or_unpublished_slug_is_a_404(client, doc, make_facility):
    hidden = make_facility(name="Closed Program", is_published=False)
    for slug in ("no-such-facility", hidden.slug):
        response = client.get(f"/api/v1/facilities/{slug}/")
        assert response.status_code == 404
        assert_valid(doc, "Errors", response.json())
        assert list(response.json()["errors"]) == ["slug"]


def test_a_page_past_the_end_is_a_404(client, doc, listings):
    response = client.get(LIST, {"page": "999"})
    assert response.status_code == 404
    assert_valid(doc, "Errors", response.json())
    assert list(response.json()["errors"]) == ["page"]


# Pagination


def test_pages_link_to_the_next_and_previous_with_the_same_search(client, doc, listings):
    dayton, kettering, _atlanta = listings
    first = client.get(LIST, {"location": "45402", "page_size": "1"}).json()
    assert_valid(doc, "FacilityList", first)
    assert (first["count"], [item["slug"] for item in first["results"]]) == (2, [dayton.slug])
    assert first["previous"] is None
    next_url = urlsplit(first["next"])
    assert (next_url.scheme, next_url.netloc, next_url.path) == ("http", "testserver", LIST)
    assert parse_qs(next_url.query) == {"location": ["45402"], "page_size": ["1"], "page": ["2"]}

    second = client.get(f"{next_url.path}?{next_url.query}").json()
    assert_valid(doc, "FacilityList", second)
    assert [item["slug"] for item in second["results"]] == [kettering.slug]
    assert second["next"] is None
    assert parse_qs(urlsplit(second["previous"]).query) == {"location": ["45402"], "page_size": ["1"], "page": ["1"]}


@pytest.mark.parametrize(
    ("parameter", "value", "message"),
    [
        ("page", "0", "Must be a whole number from 1."),
        ("page", "-3", "Must be a whole number from 1."),
        ("page", "1.0", "Must be a whole number from 1."),
        ("page", "٣", "Must be a whole number from 1."),  # another script's digit, which int() would accept
        ("page", "abc", "Must be a whole number from 1."),
        ("page_size", "0", "Must be a whole number from 1."),
        ("page_size", "1e1", "Must be a whole number from 1."),
        ("page_size", "101", "At most 100."),
    ],
)
def test_a_bad_page_or_page_size_is_a_400_naming_it(client, doc, listings, parameter, value, message):
    response = client.get(LIST, {"location": "45402", parameter: value})
    assert response.status_code == 400
    assert_valid(doc, "Errors", response.json())
    assert response.json() == {"errors": {parameter: [message]}}


def test_a_page_holds_at_most_a_hundred_results(client, doc, listings):
    response = client.get(LIST, {"page_size": "101"})
    assert response.status_code == 400
    assert_valid(doc, "Errors", response.json())
    assert list(response.json()["errors"]) == ["page_size"]
    assert client.get(LIST, {"page_size": "100"}).status_code == 200


def test_hours_are_numbers_with_their_decimal(client, make_facility, make_program):
    make_program(make_facility(), weekly_hours_min=Decimal("9.5"), weekly_hours_max=Decimal("12"))
    program = client.get(LIST).json()["results"][0]["programs"][0]
    assert (program["weekly_hours_min"], program["weekly_hours_max"]) == (9.5, 12.0)
