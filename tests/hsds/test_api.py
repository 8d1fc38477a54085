"""The HSDS 3.0 read API (hsds/api.py) as a 211 line or another directory uses it: only published listings, a 400
naming the parameter for bad input, only reported facts, English JSON without cookies, the API's rate limit and page
cache, and an OpenAPI document that says all of it. Ids and changes: test_api_changes.py; filters:
test_api_filters.py; every response's shape against the official schemas: test_api_demo.py."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility, PaymentOption
from hsds import forms, ids
from programs.models import Program
from tests.facilities.test_admin import change_form_data, programs_inline_data
from tests.hsds.helpers import DAYTON, LISTS, PREFIX, answer, at_location, attribute_values, organization, service
from tests.hsds.schemas import FOLDER

pytestmark = pytest.mark.django_db

# Only published listings ------------------------------------------------------------------------------------------


def test_an_unpublished_listing_is_in_no_list_and_its_ids_are_not_found(client, make_facility, make_program):
    shown = make_program(make_facility(name="Shown Recovery"), therapies=["cbt"])
    hidden = make_program(make_facility(name="Hidden Recovery", is_published=False), therapies=["cbt"])
    hidden_ids = [service(hidden), at_location(hidden), organization(hidden.facility)]
    queries = [
        ("services", {}),
        ("services", {"full": "true", "search": "Recovery"}),
        ("services", {"modified_after": "2000-01-01"}),
        ("service_at_locations", {"full": "true"}),
        ("service_at_locations", {"postcode": DAYTON}),
        ("organizations", {"full": "true", "full_service": "true"}),
        ("organizations", {"modified_after": "2000-01-01"}),
    ]
    for path, params in queries:
        response = client.get(f"{PREFIX}/{path}", params)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Shown Recovery" in text
        assert "Hidden Recovery" not in text and not any(each in text for each in hidden_ids)

    assert client.get(f"{PREFIX}/services", {"organization_id": organization(hidden.facility)}).json()["empty"]
    for path, id in [
        ("services", service(hidden)),
        ("service_at_locations", at_location(hidden)),
        ("organizations", organization(hidden.facility)),
    ]:
        response = client.get(f"{PREFIX}/{path}/{id}")
        assert response.status_code == 404
        assert list(response.json()["errors"]) == ["id"]
    assert client.get(f"{PREFIX}/services/{service(shown)}").status_code == 200


# Bad input -------------------------------------------------------------------------------------------------------

SERVICE_ID = ids.make("service", 1)
BAD_INPUT = [
    ("services", {"page": "0"}, "page"),
    ("services", {"page": "abc"}, "page"),
    ("services", {"per_page": "101"}, "per_page"),
    ("services", {"per_page": "0"}, "per_page"),
    ("services", {"modified_after": "yesterday"}, "modified_after"),
    ("services", {"modified_after": "2026-13-45"}, "modified_after"),
    ("services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
    ("services", {"taxonomy_term_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}, "taxonomy_term_id"),
    ("services", {"taxonomy_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}, "taxonomy_id"),
    ("services", {"organization_id": "garbage"}, "organization_id"),
    ("services", {"organization_id": SERVICE_ID}, "organization_id"),  # a service's id is no organization's
    ("services", {"format": "ndjson"}, "format"),
    ("services", {"full": "maybe"}, "full"),
    ("services", {"search": "x" * 101}, "search"),
    ("service_at_locations", {"postcode": "ABCDE"}, "postcode"),
    ("service_at_locations", {"postcode": "00000"}, "postcode"),
    ("service_at_locations", {"postcode": DAYTON, "proximity": "-5"}, "proximity"),
    ("service_at_locations", {"postcode": DAYTON, "proximity": "1e3"}, "proximity"),
    ("service_at_locations", {"postcode": DAYTON, "proximity": str(forms.MAX_PROXIMITY + 1)}, "proximity"),
    ("organizations", {"full_service": "yes"}, "full_service"),
    ("organizations", {"modified_after": "yesterday"}, "modified_after"),
    (f"organizations/{ids.make('organization', 1)}", {"full_service": "1"}, "full_service"),
    ("taxonomies", {"page": "-1"}, "page"),
    ("taxonomy_terms", {"taxonomy_id": "garbage"}, "taxonomy_id"),
    ("taxonomy_terms", {"top_only": "maybe"}, "top_only"),
    ("taxonomy_terms", {"parent_id": "garbage"}, "parent_id"),
    # A parameter the path does not take is refused, not dropped: postcode filters only service_at_locations.
    ("services", {"postcode": DAYTON}, "postcode"),
    ("taxonomies", {"taxonomy_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}, "taxonomy_id"),
    (f"organizations/{ids.make('organization', 1)}", {"page": "0"}, "page"),
]


@pytest.mark.parametrize(("path", "params", "name"), BAD_INPUT, ids=[f"{p}-{'&'.join(q)}" for p, q, _ in BAD_INPUT])
def test_bad_input_is_a_400_that_names_the_parameter(client, make_facility, make_program, path, params, name):
    make_program(make_facility())
    response = client.get(f"{PREFIX}/{path}", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == [name]
    assert all(response.json()["errors"][name])


@pytest.mark.parametrize("path", ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"])
def test_a_page_past_the_last_is_a_404_that_says_how_many_there_are(client, make_facility, make_program, path):
    make_program(make_facility())
    response = client.get(f"{PREFIX}/{path}", {"page": 2, "per_page": 100})
    assert response.status_code == 404
    assert response.json() == {"errors": {"page": ["There is only 1 page."]}}
    assert client.get(f"{PREFIX}/{path}", {"page": 1, "per_page": 100}).status_code == 200


def test_an_empty_list_is_one_empty_page(client):
    page = answer(client, "services", {"search": "nothing like it"})
    assert page == {
        "total_items": 0,
        "total_pages": 1,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_an_unknown_id_or_one_of_another_kind_is_a_404_in_json(client, make_facility, make_program):
    program = make_program(make_facility())
    iop, level = ids.term("level-of-care", "iop"), ids.taxonomy("level-of-care")
    missing = {"services": "service", "service_at_locations": "service_at_location", "organizations": "organization"}
    unknown = [
        *(f"{path}/{ids.make(kind, program.pk + 1000)}" for path, kind in missing.items()),
        *(f"{path}/{value}" for path in LISTS for value in ("garbage", "7c9e6679-7425-40de-944b-e07fc1f90ae7")),
        f"services/{organization(program.facility)}",
        f"service_at_locations/{service(program)}",
        f"organizations/{at_location(program)}",
        f"taxonomies/{iop}",
        f"taxonomy_terms/{level}",
    ]
    for path in unknown:
        response = client.get(f"{PREFIX}/{path}")
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert list(response.json()["errors"]) == ["id"]
    assert client.get(f"{PREFIX}/taxonomies/{level}").status_code == 200
    assert client.get(f"{PREFIX}/taxonomy_terms/{iop}").status_code == 200
    # A UUID may be written in capitals (RFC 9562): the same object.
    assert answer(client, f"services/{service(program).upper()}")["id"] == service(program)


def test_only_reading_is_allowed(client):
    assert client.post(f"{PREFIX}/services").status_code == 405
    assert client.head(f"{PREFIX}/services").status_code == 200


# Only reported facts ---------------------------------------------------------------------------------------------


def test_a_fact_nobody_reported_is_left_out_never_false_or_zero(client, make_facility, make_program):
    facility = make_facility()
    max_only = make_program(facility, weekly_hours_min=None, weekly_hours_max=Decimal("12"), telehealth=False)
    no_hours = make_program(facility, type=Program.Type.PHP, weekly_hours_min=None, weekly_hours_max=None)
    nothing = make_program(
        facility,
        type=Program.Type.RESIDENTIAL,
        weekly_hours_min=None,
        weekly_hours_max=None,
        days_per_week_min=None,
        days_per_week_max=None,
        evening=None,
    )

    facts = attribute_values(answer(client, f"services/{service(max_only)}"))
    assert "weekly-hours-min" not in facts
    assert (facts["weekly-hours-max"], facts["telehealth"]) == ("12", "false")  # reported as false: said

    whole = answer(client, f"services/{service(no_hours)}")
    assert not {"weekly-hours-min", "weekly-hours-max", "telehealth", "medication-management"} & set(
        attribute_values(whole)
    )
    [schedule] = whole["schedules"]
    assert "hour" not in schedule["description"].lower()
    assert "3–4 days a week" in schedule["description"]
    assert "attending_type" not in schedule  # telehealth not reported

    empty = answer(client, f"services/{service(nothing)}")
    assert empty["schedules"] == []
    assert set(attribute_values(empty)) == {"residential"}  # its level only
    assert "fees_description" not in empty and "assured_date" not in empty


def test_availability_is_the_status_and_the_wait_time_of_a_current_report(client, make_facility, make_program):
    facility = make_facility()
    today = timezone.localdate()
    closed = make_program(facility, accepting=Program.Accepting.NO)
    waitlist = make_program(facility, type=Program.Type.PHP, accepting=Program.Accepting.WAITLIST, waitlist_weeks=3)
    old = make_program(
        facility,
        type=Program.Type.RESIDENTIAL,
        accepting=Program.Accepting.NO,
        accepting_as_of=today - timedelta(days=60),
    )
    services = {item["id"]: item for item in answer(client, "services")["contents"]}

    assert services[service(closed)]["status"] == "temporarily closed"
    assert services[service(waitlist)]["status"] == "active"
    wait_time = services[service(waitlist)]["wait_time"]
    assert "3 weeks" in wait_time
    assert f"{today:%b} {today.day}, {today.year}" in wait_time  # the day it was reported, in English
    assert services[service(old)]["status"] != "temporarily closed"  # too old to say so now
    assert services[service(old)]["wait_time"].startswith("Not known")


def test_a_verified_listing_is_assured_on_its_day_and_names_the_directory_edition_it_came_from(
    client, make_facility, make_program
):
    verified = make_facility(source=Facility.Source.SAMHSA, source_id="samhsa-42", verified_on=timezone.localdate())
    program = make_program(verified)
    unverified = make_program(make_facility())

    item = answer(client, f"services/{service(program)}")
    assert item["assured_date"] == timezone.localdate().isoformat()
    [source] = [each for each in item["metadata"] if each["field_name"] == "source"]
    assert "National Directory 2023" in source["replacement_value"] and "samhsa-42" in source["replacement_value"]
    assert source["updated_by"] == "SAMHSA"
    assert [each["last_action_date"] for each in item["metadata"] if each["last_action_type"] == "verify"] == [
        timezone.localdate().isoformat()
    ]
    organization_sources = answer(client, f"organizations/{organization(verified)}")["metadata"]
    assert any("National Directory 2023" in each["replacement_value"] for each in organization_sources)

    other = answer(client, f"services/{service(unverified)}")
    assert "assured_date" not in other
    assert [each["last_action_type"] for each in other["metadata"]] == ["create"]


# The rules of the rest of the API ----------------------------------------------------------------------------------


@pytest.fixture
def listing(make_facility, make_program):
    """A SAMHSA listing with a waitlist, Medicaid and CBT: words that have a Spanish translation."""
    facility = make_facility(name="Harbor Light Recovery", source=Facility.Source.SAMHSA, source_id="samhsa-7")
    facility.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
    PaymentOption.objects.filter(slug="medicaid").update(name_es="Medicaid (es)")
    return make_program(facility, therapies=["cbt"], accepting=Program.Accepting.WAITLIST, waitlist_weeks=2)


def every_path(program) -> list[str]:
    """Every path of the API, a 400 and two 404s among them."""
    facility_id, service_id = organization(program.facility), service(program)
    term_id, taxonomy_id = ids.term("level-of-care", "iop"), ids.taxonomy("level-of-care")
    return [
        "",
        "openapi.json",
        "services?full=true",
        f"services/{service_id}",
        "service_at_locations?postcode=45402",
        f"service_at_locations/{at_location(program)}",
        "organizations?full=true&full_service=true",
        f"organizations/{facility_id}?full_service=true",
        "taxonomies",
        f"taxonomies/{taxonomy_id}",
        "taxonomy_terms",
        f"taxonomy_terms/{term_id}",
        "services?page=0",
        "services/garbage",
        "services?page=9",
    ]


@pytest.mark.parametrize("headers", [{}, {"HTTP_ACCEPT_LANGUAGE": "es"}], ids=["english", "spanish"])
def test_no_answer_sets_a_cookie(client, listing, headers):
    for path in every_path(listing):
        response = client.get(f"{PREFIX}/{path}", **headers)
        assert response.status_code in (200, 400, 404), path
        assert not response.cookies, path
        assert "Set-Cookie" not in response, path


@pytest.mark.parametrize(("params", "headers"), [({"lang": "es"}, {}), ({}, {"HTTP_ACCEPT_LANGUAGE": "es"})])
def test_the_answer_is_english_whatever_language_the_client_asks_for(client, listing, params, headers):
    english = client.get(f"{PREFIX}/services", {"full": "true"})
    asked = client.get(f"{PREFIX}/services", {"full": "true", **params}, **headers)
    assert asked.json() == english.json()
    [item] = asked.json()["contents"]
    assert item["wait_time"].startswith("Waitlist about 2 weeks")
    assert item["fees_description"] == "Medicaid"
    assert "National Directory 2023" in item["metadata"][0]["replacement_value"]
    assert "Intensive outpatient (IOP)" in {each["taxonomy_term"]["name"] for each in item["attributes"]}
    refused = client.get(f"{PREFIX}/services", {"page": "0", **params}, **headers)
    assert refused.json()["errors"]["page"] == ["Must be a whole number from 1."]


@pytest.mark.parametrize(("params", "headers"), [({"lang": "es"}, {}), ({}, {"HTTP_ACCEPT_LANGUAGE": "es"})])
def test_the_content_language_header_says_english_whatever_language_the_client_asks_for(
    client, listing, params, headers
):
    """A client (or a cache) that reads the header must not take the English words for Spanish."""
    for path in [f"services/{service(listing)}", "services?page=0", "services/garbage"]:
        response = client.get(f"{PREFIX}/{path}", params, **headers)
        assert response["Content-Language"] == "en", path


NOW = 1_800_000_030.0  # half way through a minute: the limit's windows are whole minutes


@pytest.fixture
def small_api_limit(settings, monkeypatch):
    settings.RATELIMIT_ENABLE = True  # tests/conftest.py switches the limits off for every other test
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (3, 60)}
    monkeypatch.setattr("iopfinder.ratelimit.clock", lambda: NOW)


def test_the_apis_rate_limit_covers_the_hsds_api_too(client, small_api_limit, listing):
    address = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.get(f"{PREFIX}/services", **address).status_code == 200
    assert client.get("/api/v1/facilities/?location=45402", **address).status_code == 200  # one limit for both
    assert client.get(f"{PREFIX}/organizations", **address).status_code == 200
    response = client.get(f"{PREFIX}/services/{service(listing)}", **address)
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert list(response.json()["errors"]) == ["rate_limit"]
    assert not response.cookies
    assert Client().get(f"{PREFIX}/services", REMOTE_ADDR="198.51.100.2").status_code == 200  # another client


def test_the_rate_limits_answer_is_english_too(client, small_api_limit, listing):
    for _ in range(3):
        client.get(f"{PREFIX}/services", HTTP_ACCEPT_LANGUAGE="es")
    response = client.get(f"{PREFIX}/services", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 429
    assert response.json()["errors"]["rate_limit"][0].startswith("Too many requests")


def test_the_page_cache_serves_an_answer_again_until_a_curator_changes_the_listing(
    client, settings, curator, listing, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    path = f"{PREFIX}/services/{service(listing)}"
    first = client.get(path)
    with CaptureQueriesContext(connection) as asked:
        again = client.get(path)
    assert len(asked) == 0 and again.content == first.content
    assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]
    assert not again.cookies

    curator_client = Client()
    curator_client.force_login(curator)
    url = reverse("admin:facilities_facility_change", args=[listing.facility.pk])
    data = {
        **change_form_data(listing.facility, phone="(937) 555-0199"),
        **programs_inline_data(curator_client.get(url)),
    }
    with django_capture_on_commit_callbacks(execute=True):  # the data version changes when the edit is committed
        assert curator_client.post(url, data).status_code == 302

    after = client.get(path)
    assert after["ETag"] != first["ETag"]
    assert "(937) 555-0199" in {phone["number"] for phone in after.json()["phones"]}


# The OpenAPI document --------------------------------------------------------------------------------------------

ID_SCHEMA = {"type": "string", "format": "uuid"}
FORMS = {
    "services": forms.ServiceForm,
    "service_at_locations": forms.ServiceAtLocationForm,
    "organizations": forms.OrganizationForm,
    "taxonomies": forms.ListForm,
    "taxonomy_terms": forms.TermForm,
}


@pytest.fixture
def document(client) -> dict:
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def test_the_index_names_the_hsds_version_and_the_openapi_document(client, document):
    index = answer(client, "")
    assert index["version"] == "3.0"
    assert index["openapi_url"] == f"http://testserver{PREFIX}/openapi.json"
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://testserver"}]


def test_the_openapi_document_lists_every_path(document):
    lists = {f"{PREFIX}/{name}" for name in LISTS}
    assert set(document["paths"]) == {f"{PREFIX}/", *lists, *(f"{path}/{{id}}" for path in lists)}


def test_the_openapi_document_names_every_parameter_each_list_takes(document):
    for name, form in FORMS.items():
        parameters = document["paths"][f"{PREFIX}/{name}"]["get"]["parameters"]
        assert {parameter["name"] for parameter in parameters} == set(form.base_fields), name
        assert all(parameter["in"] == "query" for parameter in parameters)
    # An organization by id: whole services or not, as the list.
    detail = document["paths"][f"{PREFIX}/organizations/{{id}}"]
    assert {parameter["name"] for parameter in detail["get"]["parameters"]} == {"full_service"}
    for path, item in document["paths"].items():
        if path.endswith("{id}"):
            assert item["parameters"] == [{"name": "id", "in": "path", "required": True, "schema": ID_SCHEMA}]


def test_the_openapi_documents_bounds_are_the_ones_the_api_enforces(client, document, make_facility, make_program):
    make_program(make_facility())
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in document["paths"][f"{PREFIX}/service_at_locations"]["get"]["parameters"]
    }
    most = {"per_page": parameters["per_page"]["maximum"], "proximity": parameters["proximity"]["maximum"]}
    for name, value in most.items():
        params = {name: value, "postcode": DAYTON}
        assert client.get(f"{PREFIX}/service_at_locations", params).status_code == 200
        assert client.get(f"{PREFIX}/service_at_locations", {**params, name: value + 1}).status_code == 400
    longest = parameters["search"]["maxLength"]
    assert client.get(f"{PREFIX}/services", {"search": "x" * longest}).status_code == 200
    assert client.get(f"{PREFIX}/services", {"search": "x" * (longest + 1)}).status_code == 400


def test_the_openapi_document_names_the_official_schemas(document):
    refs = set()

    def collect(node):
        if isinstance(node, dict):
            refs.update([node["$ref"]] if "$ref" in node else [])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document)
    official = {ref.rsplit("/schema/", 1)[1] for ref in refs if not ref.startswith("#")}
    assert official == {
        "compiled/service.json",
        "compiled/service_list.json",
        "compiled/service_at_location.json",
        "compiled/service_at_location_list.json",
        "compiled/organization.json",
        "compiled/organization_list.json",
        "taxonomy.json",
        "taxonomy_term.json",
    }
    if FOLDER.exists():
        assert all((FOLDER / name).exists() for name in official)
    assert {ref for ref in refs if ref.startswith("#")} == {"#/components/schemas/Page"}
    assert "Page" in document["components"]["schemas"]


def test_a_whole_service_has_its_location_with_the_address_and_the_phone(client, make_facility, make_program):
    program = make_program(make_facility(street1="12 Main St", zip_code="45402", phone="(937) 555-0123"))
    whole = answer(client, f"services/{service(program)}")
    at = whole["service_at_locations"][0]
    location = at["location"]
    assert at["id"] == at_location(program)
    assert location["organization_id"] == organization(program.facility)
    assert [(each["address_1"], each["city"], each["postal_code"]) for each in location["addresses"]] == [
        ("12 Main St", "Dayton", "45402")
    ]
    assert [(each["number"], each["location_id"]) for each in location["phones"]] == [
        ("(937) 555-0123", location["id"])
    ]
    assert "(937) 555-0123" in {each["number"] for each in whole["phones"]}
