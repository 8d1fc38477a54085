"""Issue 15 in Chromium: the search a person in a hurry can use on a phone: results first, a filter panel with
nothing scrolling on its own and the apply button always in reach, short cards, a search that keeps its place
(compare ticks across pages, back to the same results), and printing one tap away."""

import pytest

from programs.models import Program
from tests.e2e.test_site import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def many(make_facility, make_program):
    """23 facilities near Dayton (two pages), each with an IOP and a PHP, therapies and payment."""
    from facilities.models import PaymentOption

    payment = list(PaymentOption.objects.filter(slug__in=["medicaid", "private-insurance", "sliding-scale"]))
    facilities = []
    for number in range(23):
        facility = make_facility(
            name=f"Riverside Recovery Center {number:02d}",
            latitude=39.7589 + number * 0.002,
            longitude=-84.1916,
            street1=f"{100 + number} West Third Street, Suite 200",
        )
        facility.payment_options.set(payment)
        make_program(facility, therapies=["cbt", "dbt", "group-therapy", "family-therapy"], name="Evening IOP")
        make_program(
            facility, type=Program.Type.PHP, weekly_hours_min=20, weekly_hours_max=25, daytime=True, evening=False
        )
        facilities.append(facility)
    return facilities


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_first_result_is_on_the_first_screen_and_cards_are_short(browser, live_server, many, javascript):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?location=45402")
    name = page.locator(".facility-card h2").first.bounding_box()
    assert name["y"] >= 0 and name["y"] + name["height"] <= PHONE["height"]
    card = page.locator(".facility-card").first
    assert card.locator(".program-list > li").count() == 2
    assert card.bounding_box()["height"] <= 450
    text = card.inner_text()
    assert "Payment: Medicaid, private insurance, sliding scale" in text
    assert "4 therapies" in text and "Cognitive behavioral" not in text  # folded
    assert card.locator("a.call-button").bounding_box()["height"] >= 44
    if javascript:
        assert_accessible(page, "results at 375")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["375", "1280"])
def test_nothing_in_the_filter_panel_scrolls_and_the_apply_button_is_always_in_reach(page, live_server, many, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/search/?location=45402")
    for group in page.locator("#filters details").all():
        group.locator("summary").click()
    scrolling = page.evaluate(
        """() => [...document.querySelectorAll('#filters *')].filter(e => {
               const style = getComputedStyle(e);
               return ['auto', 'scroll'].includes(style.overflowY) && e.scrollHeight > e.clientHeight;
           }).map(e => e.outerHTML.slice(0, 60))"""
    )
    assert not scrolling
    apply = page.locator("#filters .apply button")
    for control in page.locator("#filters input[type=checkbox], #filters select").all():
        control.scroll_into_view_if_needed()
        box = apply.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], control.get_attribute("name")
    summary = page.locator("#filters summary:has-text('Payment')")
    page.check("input[name=payment][value=medicaid]")
    assert "1 chosen" in summary.inner_text()


def test_compare_ticks_survive_paging_and_a_fifth_is_refused(page, live_server, many):
    page.goto(f"{live_server.url}/search/?location=45402")
    boxes = page.locator("input[name=p][type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert "(2)" in page.locator("#compare-form button").inner_text()
    page.locator(".facility-card").last.scroll_into_view_if_needed()  # the tray stays in view down the list
    tray = page.locator("#compare-form button[type=submit]").bounding_box()
    assert tray["y"] >= 0 and tray["y"] + tray["height"] <= page.viewport_size["height"]
    page.click(".pagination a[rel=next]")
    page.locator("input[name=p][type=checkbox]").nth(0).check()
    assert "(3)" in page.locator("#compare-form button").inner_text()
    page.locator("input[name=p][type=checkbox]").nth(1).check()
    page.locator("input[name=p][type=checkbox]").nth(2).click()  # a fifth
    assert "up to 4" in page.locator("[data-compare-status]").inner_text()
    assert not page.locator("input[name=p][type=checkbox]").nth(2).is_checked()
    page.click("#compare-form button[type=submit]")
    page.wait_for_url("**/compare/**")
    assert page.locator("table.compare thead th").count() == 4
    assert page.locator("th:has-text('New patients')").count() == 1
    page.click("text=Back to results")
    assert "page=2" in page.url and page.url.count("p=") >= 4


def test_a_facility_page_keeps_the_ticks_for_the_way_back_and_offers_printing(page, live_server, many):
    page.goto(f"{live_server.url}/search/?location=45402&type=iop")
    page.locator("input[name=p][type=checkbox]").nth(0).check()
    results_url = page.url
    assert "p=" in results_url
    page.locator(".facility-card h2 a").nth(1).click()
    page.wait_for_selector("button:has-text('Print call sheet')", state="visible")
    page.click("text=Back to results")
    assert page.url == results_url
    assert page.locator("input[name=p][type=checkbox]").nth(0).is_checked()


def test_without_javascript_addresses_are_clean_and_compare_ticks_add_up_across_pages(browser, live_server, many):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("#id_location", "45402")
    page.click("form[role=search] button[type=submit]")
    assert page.url == f"{live_server.url}/search/?location=45402&radius=25"  # no "lat=&lng=…"
    page.locator("#filters summary:has-text('Payment')").click()
    page.check("input[name=payment][value=medicaid]")
    page.click("#filters .apply button")
    assert "payment=medicaid" in page.url and "=&" not in page.url and not page.url.endswith("=")

    boxes = page.locator("input[name=p][type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("#compare-form button[type=submit]")
    assert page.locator("table.compare thead th").count() == 2
    page.click("text=Back to results")
    assert page.locator("input[name=p][type=checkbox]:checked").count() == 2
    page.click(".pagination a[rel=next]")
    assert "2 ticked on other pages are kept" in page.locator("#compare-form").inner_text()
    page.locator("input[name=p][type=checkbox]").nth(0).check()
    page.click("#compare-form button[type=submit]")
    assert page.locator("table.compare thead th").count() == 3  # from two pages
    context.close()
