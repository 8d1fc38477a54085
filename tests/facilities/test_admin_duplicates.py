import pytest
from django.urls import reverse

from facilities.models import Facility

pytestmark = pytest.mark.django_db


def change_url(facility) -> str:
    return reverse("admin:facilities_facility_change", args=[facility.pk])


def possible_duplicates_shown(change_page) -> str:
    """What the change page's read-only "Possible duplicates" field shows."""
    for fieldset in change_page.context["adminform"]:
        for line in fieldset:
            for field in line:
                if field.is_readonly and field.field["name"] == "possible_duplicates":
                    return field.contents()
    raise AssertionError("The change page has no Possible duplicates field")


@pytest.fixture
def st_marys(make_facility):
    """Two listings of one place, written differently, and a namesake on another street."""
    published = make_facility(name="St. Mary's Center", street1="12 Oak St.", zip_code="45402", is_published=True)
    unpublished = make_facility(
        name="ST MARYS  CENTER",
        street1="12 OAK ST",
        city="Dayton City",
        zip_code="45402-1234",
        is_published=False,
        source=Facility.Source.SAMHSA,
    )
    elsewhere = make_facility(name="St. Mary's Center", street1="900 Elm St", zip_code="45402")
    return published, unpublished, elsewhere


def test_the_filter_lists_only_facilities_that_share_their_place(admin_client, make_facility, st_marys):
    published, unpublished, _elsewhere = st_marys
    make_facility(name="Unrelated Recovery")
    url = reverse("admin:facilities_facility_changelist")

    listed = admin_client.get(url + "?duplicates=yes").context["cl"].result_list

    assert sorted(facility.pk for facility in listed) == sorted([published.pk, unpublished.pk])
    assert len(admin_client.get(url).context["cl"].result_list) == 4


def test_the_filter_finds_a_twin_the_other_filters_leave_out(admin_client, st_marys):
    published, _unpublished, _elsewhere = st_marys
    url = reverse("admin:facilities_facility_changelist")

    listed = admin_client.get(url + "?duplicates=yes&is_published__exact=1").context["cl"].result_list

    assert [facility.pk for facility in listed] == [published.pk]


def test_the_change_page_links_the_duplicate_and_not_the_namesake_elsewhere(admin_client, st_marys):
    published, unpublished, elsewhere = st_marys

    page = admin_client.get(change_url(published)).content.decode()

    assert "Possible duplicates" in page
    assert (
        f'<li><a href="{change_url(unpublished)}">ST MARYS  CENTER</a>'
        " (Dayton City, SAMHSA national directory, not published)</li>"
    ) in page
    assert f'href="{change_url(elsewhere)}"' not in page
    assert f'href="{change_url(published)}"' not in page


def test_the_change_page_says_none_when_the_place_is_listed_once(admin_client, st_marys):
    _published, _unpublished, elsewhere = st_marys

    assert possible_duplicates_shown(admin_client.get(change_url(elsewhere))) == "None"


def test_a_duplicate_s_name_is_escaped(admin_client, make_facility):
    first = make_facility(name="<b>Hope</b> House", street1="1 Hill Rd")
    make_facility(name="<b>Hope</b> House", street1="1 Hill Rd")

    page = admin_client.get(change_url(first)).content.decode()

    assert "&lt;b&gt;Hope&lt;/b&gt; House</a>" in page
    assert "<b>Hope</b>" not in page
