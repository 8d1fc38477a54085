"""A Spanish reader in Chromium: switches to Spanish on the home page, searches, filters, opens a facility and prints
its call sheet, every page in Spanish and without a WCAG 2.1 A or AA violation."""

import io

import pytest

from tests.e2e import test_site
from tests.e2e.test_site import ARTIFACTS, assert_accessible
from tests.iopfinder.spanish import english_sentences, page_text

listings = test_site.listings  # the same fixtures as the English flow
tiles = test_site.tiles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_spanish_page(page, name: str, sentences: set[str]):
    assert page.locator("html").get_attribute("lang") == "es", name
    text = page_text(page.content())
    assert not [sentence for sentence in sentences if sentence in text], name
    assert_accessible(page, name)


def test_a_spanish_reader_searches_filters_opens_a_facility_and_prints_its_call_sheet(
    page, live_server, listings, tiles
):
    from pypdf import PdfReader

    sentences = english_sentences()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Español").click()
    page.wait_for_url("**/es/")
    assert_spanish_page(page, "home", sentences)

    page.fill("#id_location", "45402")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/es/search/?location=45402**")
    assert "45402" in page.locator(".result-count").inner_text()
    assert_spanish_page(page, "results", sentences)

    page.click("#filters details:has(input[name=therapy]) summary")
    page.check("input[name=therapy][value=cbt]")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**therapy=cbt**")
    assert "/es/search/" in page.url
    assert page.locator(".facility-card").count() == 1
    assert_spanish_page(page, "filtered", sentences)

    page.click("text=Harbor Light Recovery")
    page.wait_for_url("**/es/facilities/**")
    assert page.locator("h1").inner_text() == "Harbor Light Recovery"
    assert_spanish_page(page, "facility", sentences)

    pdf = page.pdf(format="Letter")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "call-sheet-facility-es.pdf").write_bytes(pdf)
    text = " ".join(" ".join(part.extract_text() for part in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "(937) 555-0123" in text
    assert "lista de espera" in text.lower()  # a question of the checklist, in Spanish
    assert not [sentence for sentence in sentences if sentence in text]
