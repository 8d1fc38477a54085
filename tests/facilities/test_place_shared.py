"""`place_shared`: whether another published listing has the same place, kept by every write that can change it
(FacilityQuerySet.mark_first_listings), so that a page looks for a place's other listings only when there are some."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.models import Facility


def shared(*facilities) -> list[bool]:
    return [Facility.objects.get(pk=facility.pk).place_shared for facility in facilities]


def test_it_follows_every_listing_of_the_place_being_added_unpublished_moved_and_deleted(make_facility):
    first = make_facility(name="Harbor Light Recovery")
    assert shared(first) == [False]
    second = make_facility(name="Harbor Light Recovery", street1=first.street1)
    elsewhere = make_facility(name="Miami Valley Outpatient")
    assert shared(first, second, elsewhere) == [True, True, False]
    second.is_published = False
    second.save()
    assert shared(first, second) == [False, True]  # the hidden one still has a published listing at its place
    second.is_published = True
    second.save()
    assert shared(first, second) == [True, True]
    second.street1 = "1 Other St"
    second.save()
    assert shared(first, second) == [False, False]
    second.street1 = first.street1
    second.save()
    Facility.objects.get(pk=first.pk).delete()
    assert shared(second) == [False]


def test_a_page_without_shared_places_asks_for_no_other_listings(client, make_facility, make_program):
    make_program(make_facility(name="Harbor Light Recovery"))
    client.get("/search/?location=45402")  # the first search caches the vocabulary choices
    with CaptureQueriesContext(connection) as alone:
        assert client.get("/search/?location=45402").status_code == 200
    twin = make_facility(name="Harbor Light Recovery", street1="101 Main St", unit_name="Women's Program")
    make_program(twin)
    with CaptureQueriesContext(connection) as together:
        page = client.get("/search/?location=45402").content.decode()
    assert "Listed separately at this address" in page
    # The other listing, and who it serves (its programs are loaded with the page's, in the same query).
    assert len(together) == len(alone) + 2
    assert sum("programs_program" in query["sql"] for query in together.captured_queries) == 2  # programs, therapies
