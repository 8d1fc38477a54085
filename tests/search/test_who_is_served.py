"""What the national directory says of who a place serves, its support services and its approaches: shown and
searchable; a place listed more than once is one result with every listing's programs."""

import pytest

from facilities.models import AgeGroup, Eligibility, SupportService
from programs.models import Therapy
from tests.search.helpers import names, point_at, search

pytestmark = pytest.mark.django_db
API = "/api/v1/facilities/"


def give(facility, field, model, *slugs):
    getattr(facility, field).set(model.objects.filter(slug__in=slugs))


def test_a_person_on_buprenorphine_can_ask_for_places_that_accept_it(client, make_facility, make_program):
    accepts = make_facility(name="Accepts Outside Medication")
    make_program(accepts)
    give(accepts, "eligibility", Eligibility, "accepts-outside-medication")
    refuses = make_facility(name="No Medication Here")
    make_program(refuses)
    give(refuses, "eligibility", Eligibility, "no-opioid-medication")

    response = search(client, served="accepts-outside-medication")
    assert names(response) == ["Accepts Outside Medication"]
    html = search(client).content.decode()
    assert "<strong>Who is served:</strong> Accepts people on medication prescribed elsewhere" in html
    assert "<strong>Who is served:</strong> No medication for opioid use disorder" in html


def test_women_only_is_on_the_card_the_page_and_the_api(client, make_facility, make_program):
    women = make_facility(name="Women's House")
    make_program(women, type="residential")
    give(women, "eligibility", Eligibility, "women-only")
    mixed = make_facility(name="Mixed Center")
    make_program(mixed)

    assert names(search(client, served="women-only")) == ["Women's House"]
    page = client.get(women.get_absolute_url()).content.decode()
    assert '<h2 id="served-heading">Who is served</h2>' in page and "<li>Women only</li>" in page
    assert "Who is served" not in client.get(mixed.get_absolute_url()).content.decode()
    results = {item["name"]: item for item in client.get(API, {"location": "45402"}).json()["results"]}
    assert results["Women's House"]["who_is_served"] == ["Women only"]
    assert results["Mixed Center"]["who_is_served"] == []
    assert client.get(f"{API}{women.slug}/").json()["eligibility"] == ["women-only"]


def test_support_services_and_ages_are_shown_and_filter(client, make_facility, make_program):
    rides = make_facility(name="Rides And Child Care")
    make_program(rides)
    give(rides, "services", SupportService, "transportation", "child-care")
    give(rides, "ages", AgeGroup, "young-adults")
    other = make_facility(name="Nothing Extra")
    make_program(other)

    assert names(search(client, service="child-care")) == ["Rides And Child Care"]
    assert names(search(client, age="young-adults")) == ["Rides And Child Care"]
    assert "Select a valid choice" in search(client, service="no-such-service").content.decode()
    page = client.get(rides.get_absolute_url()).content.decode()
    assert "<dt>Support services</dt><dd>Child care, Help with transportation</dd>" in page
    assert "<dt>Ages accepted</dt><dd>Young adults (18 to 25)</dd>" in page


def test_the_therapy_filter_counts_what_the_facility_as_a_whole_says(client, make_facility, make_program):
    directory = make_facility(name="Directory Listing")  # the directory reports approaches per facility
    make_program(directory)
    give(directory, "approaches", Therapy, "cbt")
    curated = make_facility(name="Curated Program")
    make_program(curated, therapies=["cbt"])
    neither = make_facility(name="Neither")
    make_program(neither, therapies=["dbt"])

    assert names(search(client, therapy="cbt")) == ["Curated Program", "Directory Listing"]
    assert names(search(client, therapy=["cbt", "dbt"])) == []  # all of, for one program or its facility
    page = client.get(directory.get_absolute_url()).content.decode()
    assert 'Treatment approaches (the facility as a whole)</dt><dd><a href="/learn/therapies/#cbt">' in page


def test_a_place_listed_twice_is_one_result_with_both_listings_programs(client, make_facility, make_program):
    first = make_facility(name="St. Mary's Center", street1="12 Oak St.", unit_name="Adult Outpatient")
    make_program(first, type="iop")
    second = make_facility(name="ST MARYS CENTER", street1="12 OAK ST", zip_code="45402-1234", unit_name="Women")
    make_program(second, type="residential")
    give(second, "eligibility", Eligibility, "women-only")
    elsewhere = make_facility(name="St. Mary's Center", street1="900 Elm St")
    make_program(elsewhere)

    response = search(client)
    assert sorted(names(response)) == ["St. Mary's Center", "St. Mary's Center"]  # the one at 12 Oak St, once
    html = response.content.decode()
    assert "Listed separately at this address as “Women”" in html
    assert f'<a href="{second.get_absolute_url()}">details' in html
    assert response.context["page"].paginator.count == 2

    # A search only the second listing matches shows it, as itself.
    assert names(search(client, type="residential")) == ["ST MARYS CENTER"]

    data = client.get(API, {"location": "45402", "type": "iop"}).json()
    item = next(item for item in data["results"] if item["slug"] == first.slug)
    assert item["also_here"] == []  # the second listing has no IOP
    data = client.get(API, {"location": "45402"}).json()
    item = next(item for item in data["results"] if item["slug"] == first.slug)
    assert [(other["slug"], [p["type"] for p in other["programs"]]) for other in item["also_here"]] == [
        (second.slug, ["residential"])
    ]
    assert data["count"] == 2

    page = client.get(first.get_absolute_url()).content.decode()
    assert "Also listed at this address" in page and second.get_absolute_url() in page
    assert elsewhere.get_absolute_url() not in page


def test_the_nearest_beyond_the_radius_list_a_place_once(client, make_facility, make_program):
    far = point_at(30)
    first = make_facility(name="Far Center", street1="1 Far Road", **far)
    make_program(first)
    make_program(make_facility(name="FAR CENTER", street1="1 far road", **far))
    make_program(make_facility(name="Farther Center", **point_at(60)))

    response = search(client, radius=5)
    assert names(response, "nearest") == ["Far Center", "Farther Center"]
