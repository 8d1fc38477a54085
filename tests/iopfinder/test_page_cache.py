"""The page cache (iopfinder/pagecache.py): an anonymous page asked again is served from the shared cache without a
query, with an ETag answered by a 304; every write to the listings (a curator's save, a bulk write, a list changed)
makes the next answer new; curators are never served a kept page; the place typed is never a cache key."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities import demand
from facilities.history import save_with_history
from facilities.models import Facility
from programs.models import Therapy
from tests.facilities.test_admin import change_form_data, programs_inline_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # versions change on commit

PAGES = ["/search/?location=45402", "/api/v1/facilities/?location=45402"]


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def harbor_light(make_facility, make_program):
    facility = make_facility(name="Harbor Light Recovery", phone="(937) 555-0100")
    make_program(facility, therapies=["cbt"])
    return facility


def page_keys() -> list[str]:
    return [key for key in cache._cache if ":page:" in key]  # the process's own cache in tests (LocMemCache)


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return response, len(captured)


@pytest.mark.parametrize("url", [*PAGES, "facility"])
def test_a_page_asked_again_is_served_from_the_cache_without_a_query_and_revalidates_with_a_304(
    client, harbor_light, url
):
    url = harbor_light.get_absolute_url() if url == "facility" else url
    first, made = queries(client, url)
    second, served = queries(client, url)
    assert first.status_code == second.status_code == 200
    assert made > 0 and served == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    assert "public" in second["Cache-Control"] and "max-age=30" in second["Cache-Control"]
    assert "Content-Security-Policy" in second  # the security headers are added to every answer, kept or not
    again, asked = queries(client, url, if_none_match=first["ETag"])
    assert (again.status_code, again.content, asked) == (304, b"", 0)


def test_a_curators_save_in_the_admin_is_on_the_next_page_at_once(client, curator, harbor_light):
    before = client.get("/search/?location=45402")
    assert "(937) 555-0100" in before.content.decode()
    curator_client = Client()
    curator_client.force_login(curator)
    url = reverse("admin:facilities_facility_change", args=[harbor_light.pk])
    data = {**change_form_data(harbor_light), **programs_inline_data(curator_client.get(url))}
    data["phone"] = "(937) 555-0199"
    assert curator_client.post(url, {k: v for k, v in data.items() if v is not None}).status_code == 302
    after = client.get("/search/?location=45402", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "(937) 555-0199" in after.content.decode()


@pytest.mark.parametrize("change", ["bulk write", "list", "vocabulary", "delete"])
def test_every_kind_of_write_makes_the_next_answer_new(client, harbor_light, change):
    url = "/search/?location=45402"
    before = client.get(url).content
    if change == "bulk write":  # imports, bulk actions and program updates: no signals, one history entry each
        harbor_light.phone = "(937) 555-0142"
        save_with_history([harbor_light], Facility, ["phone"], reason="Bulk")
    elif change == "list":
        harbor_light.programs.get().therapies.add(Therapy.objects.get(slug="dbt"))
    elif change == "vocabulary":
        Therapy.objects.filter(slug="cbt").update(name="CBT, renamed")  # no signal: saved one by one below
        Therapy.objects.get(slug="cbt").save()
    else:
        harbor_light.delete()
    after = client.get(url).content
    assert after != before


def test_a_signed_in_curator_is_never_served_a_kept_page_nor_keeps_one(client, curator, harbor_light):
    url = "/search/?location=45402"
    client.force_login(curator)
    response, asked = queries(client, url)
    assert asked > 0 and "private" in response["Cache-Control"] and "ETag" not in response
    assert queries(client, url)[1] > 0
    assert not page_keys()  # nothing kept for anyone


def test_the_place_typed_is_never_in_a_cache_key_and_a_new_day_makes_pages_anew(client, harbor_light, monkeypatch):
    client.get("/search/?location=Dayton%2C+OH")
    keys = page_keys()
    assert len(keys) == 1 and "Dayton" not in keys[0] and "dayton" not in keys[0].lower()
    monkeypatch.setattr("iopfinder.pagecache.timezone.localdate", lambda: date(2031, 1, 2))
    assert queries(client, "/search/?location=Dayton%2C+OH")[1] > 0  # not yesterday's page


def test_a_kept_page_still_counts_the_listings_it_shows(client, harbor_light):
    for _ in range(3):
        client.get("/search/?location=45402")
        client.get(harbor_light.get_absolute_url())
    demand.flush()
    row = harbor_light.demand.get()
    assert (row.shown, row.opened) == (3, 3)


def test_answers_other_than_a_200_are_not_kept(client, harbor_light):
    assert client.get("/api/v1/facilities/?radius=7").status_code == 400
    assert client.get("/facilities/no-such-place/").status_code == 404
    assert not page_keys()


def test_with_the_page_cache_off_every_answer_is_made(client, harbor_light, settings):
    settings.PAGE_CACHE = False
    client.get("/search/?location=45402")
    response, asked = queries(client, "/search/?location=45402")
    assert asked > 0 and "ETag" not in response


def test_a_new_release_of_the_code_makes_pages_anew(client, harbor_light, monkeypatch):
    client.get("/search/?location=45402")
    assert queries(client, "/search/?location=45402")[1] == 0
    monkeypatch.setattr("facilities.data_version.release", lambda: "next-release")
    assert queries(client, "/search/?location=45402")[1] > 0  # not a page the code before made


def test_with_a_replica_pages_made_just_after_a_write_are_served_but_not_kept(client, harbor_light, settings):
    settings.PAGE_CACHE_AFTER_WRITE_SECONDS = 60  # the replica may not have the write yet
    harbor_light.save()
    client.get("/search/?location=45402")
    assert queries(client, "/search/?location=45402")[1] > 0
    settings.PAGE_CACHE_AFTER_WRITE_SECONDS = 0
    client.get("/search/?location=45402")
    assert queries(client, "/search/?location=45402")[1] == 0
