import re

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from facilities.models import Facility
from iopfinder.views import server_error
from programs.models import Therapy

pytestmark = pytest.mark.django_db

CRISIS_LINES = ['href="tel:988"', 'href="tel:+18006624357"']


def assert_crisis_lines(html: str):
    for link in CRISIS_LINES:
        assert link in html


def definitions(html: str) -> list[tuple[str, str]]:
    """Each <dt> term and the <dd> after it, whatever the whitespace between the tags."""
    return [
        (" ".join(term.split()), " ".join(description.split()))
        for term, description in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.DOTALL)
    ]


def test_the_site_renders_with_the_demo_data(client):
    """One load of the demo data (it takes seconds), then every public page a first-time user can reach."""
    call_command("load_demo")
    published = Facility.objects.published()
    assert published.count() >= 150
    for facility in published:
        response = client.get(facility.get_absolute_url())
        assert response.status_code == 200, facility.slug
        assert facility.name in response.content.decode()
    for path in ("/", "/about/", "/search/", "/search/?type=iop&page=2", "/search/?type=bogus&page=x"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_crisis_lines(response.content.decode())


def test_search_lists_published_facilities_twenty_a_page(client, make_facility):
    for number in range(25):
        make_facility(name=f"Listing {number:02}")
    make_facility(name="Hidden Closed Listing", is_published=False)
    first = client.get("/search/").content.decode()
    second = client.get("/search/?page=2").content.decode()
    assert "25 facilities" in first and "anywhere in the US" in first
    assert first.count('class="facility-card"') == 20
    assert second.count('class="facility-card"') == 5
    assert "Hidden Closed Listing" not in first + second


def test_search_narrows_to_a_program_type_and_pagination_keeps_it(client, make_facility, make_program):
    for number in range(22):
        make_program(make_facility(name=f"IOP {number:02}"), type="php", weekly_hours_min=20, weekly_hours_max=25)
    make_program(
        make_facility(name="Only Residential"), type="residential", weekly_hours_min=None, weekly_hours_max=None
    )
    html = client.get("/search/?type=php").content.decode()
    assert "22 facilities" in html
    assert "Only Residential" not in html
    assert "type=php&amp;page=2" in html


def test_the_facility_page_shows_what_a_caller_needs(client, make_facility, make_program):
    facility = make_facility(
        phone="(937) 555-0123",
        intake_phone="(937) 555-0145",
        website="https://example.org/harbor",
        location_precision=Facility.LocationPrecision.ZIP,
    )
    make_program(
        facility,
        therapies=["cbt", "family-therapy"],
        detox="referral",
        medication_management=True,
        duration_weeks_min=8,
        duration_weeks_max=12,
    )
    html = client.get(facility.get_absolute_url()).content.decode()
    assert 'href="tel:+19375550123"' in html
    assert 'href="tel:+19375550145"' in html
    assert "https://example.org/harbor" in html
    assert "9–12 hours a week" in html
    assert "8–12 weeks" in html
    assert "Staff refer to a detox facility" in html
    cbt, family = Therapy.objects.get(slug="cbt"), Therapy.objects.get(slug="family-therapy")
    assert (
        f'<dd><a href="/learn/therapies/#cbt">{escape(cbt.name)}</a>, '
        f'<a href="/learn/therapies/#family-therapy">{escape(family.name)}</a></dd>'
    ) in html
    assert "Not yet verified" in html
    assert "approximate" in html
    assert "Get directions" in html


def test_unreported_program_details_read_not_reported(client, make_facility, make_program):
    facility = make_facility()
    make_program(facility, weekly_hours_min=None, weekly_hours_max=None, evening=None)
    html = client.get(facility.get_absolute_url()).content.decode()
    details = definitions(html)
    typical = "Not reported. IOPs typically run at least 9 hours a week, usually 10–15; ask when you call."
    assert ("Hours", typical) in details
    assert ("Schedule", "Not reported") in details
    assert ("Therapies", "Not reported") in details
    assert "0 hours" not in html


def test_an_unpublished_facility_is_not_found(client, make_facility):
    facility = make_facility(is_published=False)
    response = client.get(facility.get_absolute_url())
    assert response.status_code == 404
    assert_crisis_lines(response.content.decode())


def test_the_facility_page_runs_a_fixed_number_of_queries(
    client, make_facility, make_program, django_assert_max_num_queries
):
    small = make_facility()
    make_program(small, therapies=["cbt"])
    large = make_facility()
    all_therapies = list(Therapy.objects.values_list("slug", flat=True))
    for program_type in ("iop", "php", "residential"):
        make_program(large, type=program_type, therapies=all_therapies, weekly_hours_min=None, weekly_hours_max=None)

    # The facility, its programs and their therapies, its nine lists, the other listings at its address.
    with django_assert_max_num_queries(13) as small_queries:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(13) as large_queries:
        assert client.get(large.get_absolute_url()).status_code == 200
    assert len(large_queries) == len(small_queries)


def test_the_server_error_page_keeps_the_crisis_lines():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert_crisis_lines(response.content.decode())


def test_healthz_answers_when_the_database_does(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}


def test_visitors_get_no_cookies(client, make_facility):
    facility = make_facility()
    for path in ("/", "/search/", facility.get_absolute_url(), "/about/"):
        assert not client.get(path).cookies, path


def test_head_requests_are_answered_like_get(client, make_facility):
    facility = make_facility()
    for path in ("/", "/search/?location=45402", facility.get_absolute_url(), "/api/v1/facilities/", "/healthz/"):
        assert client.head(path).status_code == 200, path
    assert client.post("/search/").status_code == 405


def test_the_home_and_search_pages_explain_each_level_from_the_one_source(client):
    from programs.levels import PROGRAM_LEVELS

    home = client.get("/").content.decode()
    search = client.get("/search/").content.decode()
    for level in PROGRAM_LEVELS:
        assert level.search_url in home
        assert str(level.help_text) in search.replace("&#x27;", "'")


def test_therapy_names_are_escaped_in_their_links(client, make_facility, make_program):
    Therapy.objects.create(slug="art-music", name="<b>Art & music</b>")
    facility = make_facility()
    make_program(facility, therapies=["art-music", "cbt"])
    html = client.get(facility.get_absolute_url()).content.decode()
    assert '<a href="/learn/therapies/#art-music">&lt;b&gt;Art &amp; music&lt;/b&gt;</a>, ' in html
    assert "<b>Art" not in html


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (
            {"source": "samhsa"},
            "From SAMHSA&#x27;s National Directory 2023 (a 2022 survey). Not yet verified by our staff.",
        ),
        ({"source": "samhsa", "verified_on": "2026-05-04"}, "Last verified with the facility on May 4, 2026."),
        ({"source": "manual"}, "Added by our staff. Not yet verified with the facility."),
    ],
)
def test_every_listing_says_where_its_facts_come_from_and_how_old_they_are(
    client, make_facility, make_program, fields, said
):
    facility = make_facility(name="Dated Listing", **fields)
    make_program(facility)
    assert said in client.get(facility.get_absolute_url()).content.decode()
    assert said in client.get("/search/", {"location": "45402"}).content.decode()
    api = client.get(f"/api/v1/facilities/{facility.slug}/").json()
    assert api["provenance"] == said.replace("&#x27;", "'")
