"""Every answer of the HSDS API (hsds/api.py) on the demo data, checked against Open Referral's official HSDS 3.0
schemas (tests/hsds/schemas.py): every page of every list, every object by its id. The demo's 160 fictional
facilities (4 of them unpublished) carry most of what the mapping writes (hours, session times, availability,
verification, every list), so a shape the schemas refuse shows up here. Loading them takes seconds, hence two
tests that walk many paths each."""

import math
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from geopy.distance import great_circle

from facilities.models import Facility
from geo.places import resolve
from hsds import ids
from programs.models import Program
from tests.hsds.schemas import errors, needed

pytestmark = pytest.mark.django_db

PREFIX = "/api/hsds"
PER_PAGE = 100


@pytest.fixture
def demo():
    needed()
    call_command("load_demo", stdout=StringIO())
    assert Facility.objects.filter(is_published=False).exists()  # the demo has unpublished listings to leave out


def published_ids(kind: str) -> list[str]:
    """The HSDS ids a client should find: one per published program (a service), or per published facility."""
    if kind == "organization":
        numbers = Facility.objects.filter(is_published=True).values_list("pk", flat=True)
    else:
        numbers = Program.objects.filter(facility__is_published=True).values_list("pk", flat=True)
    return [ids.make(kind, number) for number in sorted(numbers)]


def every_page(client, path: str, **params) -> list[dict]:
    """Every page of a list, from the first to the one that says it is the last."""
    pages = []
    while not pages or not pages[-1]["last_page"]:
        response = client.get(f"{PREFIX}/{path}", {**params, "page": len(pages) + 1})
        assert response.status_code == 200, response.content
        pages.append(response.json())
    return pages


def assert_paged(pages: list[dict], total: int, per_page: int):
    """The Page fields say what a client needs to walk the list: how many in all, which page, whether it is the
    first or the last."""
    assert len(pages) == max(1, math.ceil(total / per_page))
    for number, page in enumerate(pages, start=1):
        expected_size = min(per_page, total - (number - 1) * per_page)
        assert {key: value for key, value in page.items() if key != "contents"} == {
            "total_items": total,
            "total_pages": len(pages),
            "page_number": number,
            "size": expected_size,
            "first_page": number == 1,
            "last_page": number == len(pages),
            "empty": total == 0,
        }
        assert len(page["contents"]) == expected_size


def contents(pages: list[dict]) -> list[dict]:
    return [item for page in pages for item in page["contents"]]


def assert_valid(schema: str, items: list[dict]):
    assert items
    found = {item.get("id", "?"): problems for item in items if (problems := errors(schema, item))}
    assert found == {}


def test_every_service_and_service_at_location_of_the_demo_is_valid_hsds_and_paged_right(client, demo):
    services = published_ids("service")
    assert len(services) > 2 * PER_PAGE  # more than two pages

    pages = every_page(client, "services", per_page=PER_PAGE)
    assert_paged(pages, len(services), PER_PAGE)
    assert [item["id"] for item in contents(pages)] == services  # each once, ordered by id, none unpublished
    assert_valid("compiled/service_list", contents(pages))

    whole = contents(every_page(client, "services", per_page=PER_PAGE, full="true"))
    assert [item["id"] for item in whole] == services
    assert_valid("compiled/service", whole)
    for item in whole:
        response = client.get(f"{PREFIX}/services/{item['id']}")
        assert response.status_code == 200
        assert errors("compiled/service", response.json()) == []
        assert response.json() == item  # the same service, by its id or in the list

    # Each term and each taxonomy chooses as many services as carry it in their attributes (counted on a page of
    # one: the whole lists would take seconds more), the first of them one that does.
    carrying = defaultdict(set)
    for item in whole:
        for attribute in item["attributes"]:
            carrying["taxonomy_term_id", attribute["taxonomy_term_id"]].add(item["id"])
            carrying["taxonomy_id", attribute["taxonomy_term"]["taxonomy_id"]].add(item["id"])
    terms = contents(every_page(client, "taxonomy_terms", per_page=PER_PAGE))
    filters = [("taxonomy_term_id", term["id"]) for term in terms]
    filters += [("taxonomy_id", taxonomy) for taxonomy in {term["taxonomy_id"] for term in terms}]
    for name, value in filters:
        page = client.get(f"{PREFIX}/services", {name: value, "per_page": 1}).json()
        assert page["total_items"] == len(carrying[name, value]), (name, value)
        assert {item["id"] for item in page["contents"]} <= carrying[name, value]
    assert len(carrying) > 50  # most terms are carried by some service

    at_locations = published_ids("service_at_location")
    pages = every_page(client, "service_at_locations", per_page=PER_PAGE)
    assert_paged(pages, len(at_locations), PER_PAGE)
    assert [item["id"] for item in contents(pages)] == at_locations
    assert_valid("compiled/service_at_location_list", contents(pages))
    whole = contents(every_page(client, "service_at_locations", per_page=PER_PAGE, full="true"))
    assert [item["id"] for item in whole] == at_locations
    assert_valid("compiled/service_at_location", whole)
    for item in whole:
        response = client.get(f"{PREFIX}/service_at_locations/{item['id']}")
        assert response.status_code == 200
        assert errors("compiled/service_at_location", response.json()) == []
        assert response.json() == item

    # Near a postcode: every service within the proximity (meters), nearest first.
    pages = every_page(client, "service_at_locations", postcode="30303", proximity="40000", per_page=PER_PAGE)
    near = contents(pages)
    assert_valid("compiled/service_at_location_list", near)
    center = resolve("30303")
    meters = [meters_between(center, item["location"]["latitude"], item["location"]["longitude"]) for item in near]
    assert meters == sorted(meters)
    published = Program.objects.filter(facility__is_published=True, facility__latitude__isnull=False)
    within = [
        ids.make("service_at_location", program.pk)
        for program in published.select_related("facility")
        if meters_between(center, program.facility.latitude, program.facility.longitude) <= 40000
    ]
    assert len(within) > 1
    assert sorted(item["id"] for item in near) == sorted(within)
    assert_paged(pages, len(within), PER_PAGE)


def meters_between(place, latitude: float, longitude: float) -> float:
    return great_circle((place.latitude, place.longitude), (latitude, longitude)).meters


def test_every_organization_taxonomy_and_term_of_the_demo_is_valid_hsds_and_paged_right(client, demo):
    organizations = published_ids("organization")

    pages = every_page(client, "organizations", per_page=PER_PAGE)
    assert_paged(pages, len(organizations), PER_PAGE)
    assert [item["id"] for item in contents(pages)] == organizations
    assert_valid("compiled/organization_list", contents(pages))

    pages = every_page(client, "organizations", per_page=PER_PAGE, full="true")
    assert_paged(pages, len(organizations), PER_PAGE)
    assert_valid("compiled/organization", contents(pages))
    services_of = {item["id"]: item["services"] for item in contents(pages)}
    assert sum(len(services) for services in services_of.values()) == len(published_ids("service"))

    for organization in organizations:
        basic = client.get(f"{PREFIX}/organizations/{organization}")
        whole = client.get(f"{PREFIX}/organizations/{organization}", {"full_service": "true"})
        assert basic.status_code == whole.status_code == 200
        assert errors("compiled/organization", basic.json()) == []
        assert errors("compiled/organization", whole.json()) == []
        assert basic.json()["services"] == services_of[organization]
        assert [service["id"] for service in whole.json()["services"]] == [
            service["id"] for service in services_of[organization]
        ]
        assert all("attributes" in service for service in whole.json()["services"])  # each service whole

    pages = every_page(client, "taxonomies", per_page=3)
    taxonomies = contents(pages)
    assert_paged(pages, 8, 3)
    assert_valid("taxonomy", taxonomies)
    for each in taxonomies:
        response = client.get(f"{PREFIX}/taxonomies/{each['id']}")
        assert response.json() == each
        assert errors("taxonomy", response.json()) == []

    pages = every_page(client, "taxonomy_terms", per_page=PER_PAGE)
    terms = contents(pages)
    assert len(terms) > 50
    assert_paged(pages, len(terms), PER_PAGE)
    assert_valid("taxonomy_term", terms)
    assert {term["taxonomy_id"] for term in terms} == {each["id"] for each in taxonomies}
    for term in terms:
        response = client.get(f"{PREFIX}/taxonomy_terms/{term['id']}")
        assert response.json() == term
        assert errors("taxonomy_term", response.json()) == []


def test_the_schemas_refuse_what_breaks_them():
    """The check above can fail: formats are checked and the references between schemas are followed."""
    needed()
    service = {"id": "not-a-uuid", "name": "IOP", "status": "open", "url": "no address"}
    assert {problem.split(":")[0] for problem in errors("compiled/service", service)} == {"id", "status", "url"}
    term = {"id": ids.term("level-of-care", "iop"), "name": "IOP", "description": "", "metadata": [{"id": "x"}]}
    assert any(problem.startswith("metadata/0") for problem in errors("taxonomy_term", term))  # metadata.json
    assert errors("taxonomy_term", {**term, "metadata": []}) == []
