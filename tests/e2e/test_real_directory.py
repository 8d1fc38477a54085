"""Issue 15's must-holds on the shipped real directory (data/samhsa_su_facilities_2023.csv.gz, loaded as `make run`
loads it, for the listings within 40 miles of Dayton): real names, real addresses, real program mixes and the
directory's provenance on every card, on a phone and on a desktop, with and without JavaScript."""

import csv
import gzip

import pytest
from geopy.distance import great_circle

from imports.directory_import import import_directory
from imports.management.commands.load_directory import DIRECTORY
from tests.e2e.test_phone_search import PHONE
from tests.e2e.test_site import BLANK_TILE, assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DAYTON = (39.7589, -84.1916)
DESKTOP = {"width": 1280, "height": 900}
# As people type them (issue 15), each resolved offline to Dayton.
DAYTON_AS_TYPED = ["Dayton, OH 45402", "dayton ohio", "45402-1234", "100 N Main St, Dayton, OH 45402"]


@pytest.fixture
def dayton_directory(tmp_path):
    """The shipped directory's rows within 40 miles of Dayton, imported by the directory importer."""
    with gzip.open(DIRECTORY, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [
            row
            for row in reader
            if row["latitude"] and great_circle(DAYTON, (float(row["latitude"]), float(row["longitude"]))).miles < 40
        ]
        columns = reader.fieldnames
    path = tmp_path / "dayton.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    result = import_directory(path, name="SAMHSA National Directory 2023 (rows near Dayton)")
    assert result.summary.created > 20, result.line
    return result


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_first_result_is_on_the_first_screen_and_two_program_cards_are_short(
    browser, live_server, dayton_directory, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?location=45402")
    name = page.locator(".facility-card h2").first.bounding_box()
    assert name["y"] >= 0 and name["y"] + name["height"] <= PHONE["height"]
    two = [card for card in page.locator(".facility-card").all() if card.locator(".program-list > li").count() == 2]
    assert two, "the search near Dayton finds a facility with two programs"
    for card in two:
        assert card.bounding_box()["height"] <= 450, card.locator("h2").inner_text()
        for therapies in card.locator("details.therapies").all():
            assert therapies.get_attribute("open") is None  # folded
        assert "National Directory" in card.inner_text()  # where the listing comes from, on the card
    context.close()


@pytest.mark.parametrize("typed", DAYTON_AS_TYPED)
def test_locations_as_people_type_them_find_dayton(page, live_server, dayton_directory, typed):
    page.goto(live_server.url + "/")
    page.fill("#id_location", typed)
    page.click("form[role=search] button[type=submit]")
    count = page.locator(".result-count").inner_text()
    assert "within 25 miles of Dayton, OH" in count, count
    assert page.locator(".facility-card").count() > 0
    assert page.get_attribute("#id_location", "aria-invalid") is None


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_real_results_and_a_real_facility_page_have_no_accessibility_violations(
    browser, live_server, dayton_directory, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.route(
        "https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=BLANK_TILE, content_type="image/png")
    )
    page.goto(f"{live_server.url}/search/?location=45402")
    assert_accessible(page, f"real results at {viewport['width']}")
    results_url = page.url
    page.locator(".facility-card h2 a").first.click()
    page.wait_for_selector("text=Back to results")
    assert_accessible(page, f"a real facility at {viewport['width']}")
    page.click("text=Back to results")
    assert page.url == results_url
    context.close()
