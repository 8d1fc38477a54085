"""The verification queue: published listings, the most looked-at first, then the stalest, each with what waits."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corrections.models import Correction
from facilities.models import ListingDemand
from updates.models import ProposedUpdate

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:verification_queuedlisting_changelist")


def queued_names(page) -> list[str]:
    return [listing.name for listing in page.context["cl"].result_list]


def test_listings_people_look_at_most_come_first(curator_client, make_facility):
    today = timezone.localdate()
    little, much = make_facility(name="Little Demand"), make_facility(name="Much Demand")
    ListingDemand.objects.create(facility=much, day=today, shown=10)
    ListingDemand.objects.create(facility=little, day=today, shown=2)
    page = curator_client.get(QUEUE)
    assert page.status_code == 200
    assert queued_names(page) == ["Much Demand", "Little Demand"]


def test_opening_a_listing_counts_as_demand_too(curator_client, make_facility):
    today = timezone.localdate()
    shown, opened = make_facility(name="Shown Often"), make_facility(name="Opened Often")
    ListingDemand.objects.create(facility=shown, day=today, shown=3)
    ListingDemand.objects.create(facility=opened, day=today - timedelta(days=5), shown=1, opened=4)
    assert queued_names(curator_client.get(QUEUE)) == ["Opened Often", "Shown Often"]


def test_demand_older_than_30_days_does_not_count(curator_client, make_facility):
    today = timezone.localdate()
    recent, old = make_facility(name="Recent Demand"), make_facility(name="Old Demand")
    ListingDemand.objects.create(facility=recent, day=today - timedelta(days=29), shown=2)
    ListingDemand.objects.create(facility=old, day=today - timedelta(days=30), shown=100)
    page = curator_client.get(QUEUE)
    assert queued_names(page) == ["Recent Demand", "Old Demand"]
    assert [(listing.recent_shown, listing.recent_opened) for listing in page.context["cl"].result_list] == [
        (2, 0),
        (0, 0),
    ]


def test_with_equal_demand_the_stalest_comes_first_and_never_verified_before_all(curator_client, make_facility):
    today = timezone.localdate()
    make_facility(name="A Verified Last Week", verified_on=today - timedelta(days=7))
    make_facility(name="B Verified Two Years Ago", verified_on=today - timedelta(days=730))
    make_facility(name="C Never Verified")
    make_facility(name="D Unpublished", is_published=False)
    assert queued_names(curator_client.get(QUEUE)) == [
        "C Never Verified",
        "B Verified Two Years Ago",
        "A Verified Last Week",
    ]


def test_each_row_shows_open_corrections_pending_updates_phone_and_the_verify_link(curator_client, make_facility):
    facility = make_facility(name="Harbor Light", phone="(937) 555-0142")
    for status in ("new", "in-progress", "fixed"):
        Correction.objects.create(facility=facility, reason="wrong-phone", status=status)
    ProposedUpdate.objects.create(facility=facility)
    ProposedUpdate.objects.create(facility=facility, status=ProposedUpdate.Status.APPLIED)
    page = curator_client.get(QUEUE)
    row = page.context["cl"].result_list[0]
    assert (row.open_corrections, row.pending_updates) == (2, 1)
    html = page.content.decode()
    assert "(937) 555-0142" in html and "Never" in html
    corrections = f"{reverse('admin:corrections_correction_changelist')}?facility__id__exact={facility.pk}"
    assert f'<a href="{corrections}&amp;status__in=new,in-progress">2</a>' in html
    assert reverse("admin:verification_queuedlisting_verify", args=[facility.pk]) in html
    assert "Verified by phone today" in html


def test_the_corrections_link_lists_only_the_listings_open_corrections(curator_client, make_facility):
    facility, other = make_facility(), make_facility()
    Correction.objects.create(facility=facility, reason="wrong-phone", details="Rings a pizza place")
    Correction.objects.create(facility=facility, reason="moved", details="Long fixed", status="fixed")
    Correction.objects.create(facility=other, reason="closed", details="Another listing")
    url = f"{reverse('admin:corrections_correction_changelist')}?facility__id__exact={facility.pk}"
    page = curator_client.get(f"{url}&status__in=new,in-progress")
    assert page.status_code == 200
    assert [correction.details for correction in page.context["cl"].result_list] == ["Rings a pizza place"]


def test_the_overdue_filter_keeps_only_flagged_listings(curator_client, make_facility):
    make_facility(name="Overdue", verification_overdue=True)
    make_facility(name="Up To Date")
    assert queued_names(curator_client.get(QUEUE, {"verification_overdue__exact": "1"})) == ["Overdue"]


def test_the_page_runs_one_query_for_its_rows_and_one_count_however_many_it_shows(
    curator_client, make_facility, django_assert_max_num_queries
):
    today = timezone.localdate()

    def listings_with_everything(count):
        for _ in range(count):
            facility = make_facility()
            ListingDemand.objects.create(facility=facility, day=today, shown=1)
            Correction.objects.create(facility=facility, reason="wrong-phone")
            ProposedUpdate.objects.create(facility=facility)

    listings_with_everything(2)
    with CaptureQueriesContext(connection) as few:
        curator_client.get(QUEUE)
    listings_with_everything(20)
    # Beside the listings and their count: the session, the user and their permissions (2), the session saved (3).
    with django_assert_max_num_queries(9) as many:
        assert len(queued_names(curator_client.get(QUEUE))) == 22
    assert len(many) == len(few)
    assert len([query for query in many.captured_queries if "facilities_facility" in query["sql"]]) == 2


def test_curators_see_the_queue_in_the_app_list(curator_client):
    index = curator_client.get(reverse("admin:index")).content.decode()
    assert "Verification" in index and "Listings to verify" in index


def test_a_visitor_is_sent_to_the_login_page(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
