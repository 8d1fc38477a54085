"""What a search keeps of each listing (search/fragments.py): a card or API result is made once and kept until a
write or a new day; the answer built from kept ones is the answer built without them, byte for byte; and what belongs
to one request (the link back to the search, the distance, the compare ticks, the host) is that request's, never the
request's that made the fragment."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.models import Facility
from programs.models import Therapy

NEAR_DAYTON = "/search/?location=45402&radius=25"
NEAR_KETTERING = "/search/?location=45429&radius=25"


@pytest.fixture(autouse=True)
def fragment_cache(settings):
    settings.FRAGMENT_CACHE = True


@pytest.fixture
def listings(make_facility, make_program):
    harbor = make_facility(name="Harbor Light Recovery", phone="(937) 555-0100")
    iop = make_program(harbor, therapies=["cbt", "dbt"])
    php = make_program(harbor, type="php", weekly_hours_min=20, weekly_hours_max=25, days_per_week_max=5)
    # A second listing of the same place (another unit), shown on Harbor Light's card.
    unit = make_facility(name="Harbor Light Recovery", unit_name="Women's Program", street1=harbor.street1)
    make_program(unit, therapies=["cbt"])
    make_program(make_facility(name="Miami Valley Outpatient", latitude=39.70, longitude=-84.17), therapies=["cbt"])
    return harbor, iop, php


def page(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured]


def card_keys() -> list[str]:
    return [key for key in cache._cache if ":listing:" in key]  # the process's own cache in tests (LocMemCache)


def card_of(html: str, name: str) -> str:
    return next(card for card in html.split('<article class="facility-card">')[1:] if f">{name}</a>" in card)


def test_a_page_of_kept_cards_is_the_page_made_without_keeping_them_and_loads_less(client, settings, listings):
    _, iop, _ = listings
    url = f"{NEAR_DAYTON}&p={iop.pk}"
    settings.FRAGMENT_CACHE = False
    unkept, _ = page(client, url)
    assert card_keys() == []
    settings.FRAGMENT_CACHE = True
    made, making = page(client, url)
    kept, keeping = page(client, url)
    assert unkept == made == kept
    assert len(card_keys()) == 2  # Harbor Light (with its unit) and Miami Valley
    assert len(keeping) < len(making)
    # Kept: the page and its count, and the other listing of Harbor Light's place. No listing's text, no program.
    assert len(keeping) == 2, keeping
    assert not any("programs_" in sql or "paymentoption" in sql or "eligibility" in sql for sql in keeping)
    assert not any('"facilities_facility"."phone"' in sql for sql in keeping)
    card = card_of(kept, "Harbor Light Recovery")
    assert f'value="{iop.pk}" form="compare-form" checked>' in card
    assert "Women&#x27;s Program" in card and "<summary>2 therapies</summary>" in card
    assert "\x00" not in kept


def test_a_kept_card_shows_each_request_its_own_search_link_distance_and_ticks(client, listings):
    harbor, iop, php = listings
    dayton, _ = page(client, f"{NEAR_DAYTON}&p={iop.pk}")
    kettering, _ = page(client, f"{NEAR_KETTERING}&p={php.pk}")
    assert len(card_keys()) == 2  # the second search used the first one's cards
    first, second = card_of(dayton, harbor.name), card_of(kettering, harbor.name)
    assert f'href="{harbor.get_absolute_url()}?search=location%3D45402%26radius%3D25%26p%3D{iop.pk}"' in first
    assert f'href="{harbor.get_absolute_url()}?search=location%3D45429%26radius%3D25%26p%3D{php.pk}"' in second
    assert re.findall(r'value="(\d+)" form="compare-form" checked', first) == [str(iop.pk)]
    assert re.findall(r'value="(\d+)" form="compare-form" checked', second) == [str(php.pk)]
    distances = [re.search(r'class="distance">([\d.]+) miles', card).group(1) for card in (first, second)]
    assert distances[0] != distances[1]


def test_a_search_matching_other_programs_has_a_card_of_its_own(client, listings):
    page(client, NEAR_DAYTON)
    php_only, _ = page(client, f"{NEAR_DAYTON}&type=php")
    card = card_of(php_only, "Harbor Light Recovery")
    assert "PHP" in card and "IOP" not in card.split("</h2>")[1].split('class="payment"')[0]


@pytest.mark.parametrize("change", ["facility", "program", "vocabulary"])
def test_a_write_makes_the_next_cards_anew(client, listings, change, django_capture_on_commit_callbacks):
    harbor, iop, _ = listings
    page(client, NEAR_DAYTON)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "facility":
            harbor.phone = "(937) 555-0199"
            harbor.save()
        elif change == "program":
            iop.name = "Evening Recovery Group"
            iop.save()
        else:
            cbt = Therapy.objects.get(slug="cbt")
            cbt.name = "Cognitive therapy (CBT)"
            cbt.save()
    after = card_of(page(client, NEAR_DAYTON)[0], "Harbor Light Recovery")
    shown = {"facility": "(937) 555-0199", "program": "Evening Recovery Group", "vocabulary": "Cognitive therapy (CBT)"}
    assert shown[change] in after


def test_with_a_replica_a_card_made_just_after_a_write_is_shown_but_not_kept(client, settings, listings):
    settings.PAGE_CACHE_AFTER_WRITE_SECONDS = 3600  # every version is "just written"
    html, _ = page(client, NEAR_DAYTON)
    assert "Harbor Light Recovery" in html
    assert card_keys() == []


def test_the_nearest_beyond_the_radius_have_cards_with_their_distance(client, listings):
    html, _ = page(client, "/search/?location=43215&radius=10")  # Columbus: Dayton is about 65 miles away
    assert "No programs match within 10 miles" in html
    distances = [float(miles) for miles in re.findall(r'class="distance">([\d.]+) miles', html)]
    assert distances and all(50 < miles < 80 for miles in distances)
    assert "\x00" not in html


API_DAYTON = "/api/v1/facilities/?location=45402&radius=25"


def test_an_api_answer_of_kept_results_is_the_answer_made_without_keeping_them(client, settings, listings):
    settings.FRAGMENT_CACHE = False
    unkept = client.get(API_DAYTON).content
    settings.FRAGMENT_CACHE = True
    with CaptureQueriesContext(connection) as making:
        made = client.get(API_DAYTON).content
    with CaptureQueriesContext(connection) as keeping:
        kept = client.get(API_DAYTON).content
    assert unkept == made == kept
    assert len(keeping) < len(making)
    assert not any("programs_therapy" in query["sql"] for query in keeping.captured_queries)


def test_a_kept_api_result_has_each_answers_distance_and_host(client, settings, listings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.test"]
    dayton = client.get(API_DAYTON).json()["results"]
    kettering = client.get("/api/v1/facilities/?location=45429&radius=25").json()["results"]
    mirror = client.get(API_DAYTON, headers={"host": "mirror.test"}).json()["results"]
    by_slug = {result["slug"]: result for result in kettering}
    assert all(result["distance_miles"] != by_slug[result["slug"]]["distance_miles"] for result in dayton)
    assert [result["url"].split("/")[2] for result in dayton] == ["testserver"] * len(dayton)
    assert [result["url"].split("/")[2] for result in mirror] == ["mirror.test"] * len(mirror)


def filter_group(html: str, legend: str) -> str:
    return next(group for group in html.split('<details class="filter-group"')[1:] if f"<summary>{legend}" in group)


def test_the_filters_long_lists_are_each_requests_own_and_follow_an_edited_vocabulary(client, listings):
    first = filter_group(client.get(f"{NEAR_DAYTON}&therapy=cbt&therapy=dbt").content.decode(), "Therapies")
    second = filter_group(client.get(f"{NEAR_DAYTON}&therapy=nope").content.decode(), "Therapies")
    assert first.startswith('>\n  <summary>Therapies (all of) <span class="chosen">· 2 chosen</span></summary>')
    assert re.findall(r'value="([\w-]+)" checked', first) == ["cbt", "dbt"]
    assert second.startswith(' open>\n  <summary>Therapies (all of) <span class="chosen">· 1 chosen</span></summary>')
    assert re.findall(r'value="([\w-]+)" checked', second) == [] and "errorlist" in second
    cbt = Therapy.objects.get(slug="cbt")
    cbt.name = "Cognitive therapy (CBT)"
    cbt.save()
    third = filter_group(client.get(NEAR_DAYTON).content.decode(), "Therapies")
    assert 'value="cbt"> Cognitive therapy (CBT)</label>' in third
    assert "chosen" not in third and " checked" not in third


@pytest.mark.parametrize("url", [NEAR_DAYTON, "/api/v1/facilities/?location=45402&radius=25"])
def test_a_listing_deleted_while_its_page_is_made_is_left_out(client, monkeypatch, listings, url):
    """A curator may delete a listing between the search's query and the loading of its card: the page leaves it out,
    it does not fail."""
    from search.query import Search

    found = Search.hits

    def hits_then_a_deletion(self, page):
        hits = found(self, page)
        Facility.objects.get(name="Miami Valley Outpatient").delete()
        return hits

    monkeypatch.setattr(Search, "hits", hits_then_a_deletion)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Harbor Light Recovery" in body
    assert "Miami Valley Outpatient" not in body
