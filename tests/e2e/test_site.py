"""The public site in Chromium: flows, accessibility (axe, WCAG 2.1 A/AA), responsive layout, maps,
compare, the printed call sheet, and the weight and privacy budget."""

import io
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse

from programs.models import Program

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "e2e"
# Only violations are read: axe then sends back one example of each pass, not every node, which is a third faster.
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LEARN_PAGES = ["index", "what_is_an_iop", "levels_of_care", "therapies", "what_to_expect", "questions_to_ask", "faq"]
# A 1x1 transparent PNG stands in for every map tile: tests never reach the tile server.
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


@pytest.fixture
def listings(make_facility, make_program):
    near = make_facility(name="Harbor Light Recovery", phone="(937) 555-0123", latitude=39.7589, longitude=-84.1916)
    make_program(near, therapies=["cbt", "group-therapy"], evening=True, name="Evening IOP")
    make_program(near, type=Program.Type.PHP, weekly_hours_min=20, weekly_hours_max=25, daytime=True, evening=False)
    other = make_facility(name="Cedar Path Counseling", phone="(937) 555-0145", latitude=39.70, longitude=-84.10)
    make_program(other, therapies=["dbt"], evening=False, daytime=True)
    return near, other


@pytest.fixture
def tiles(page):
    """Serve map tiles from the test; record every request the page makes."""
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.route(
        "https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=BLANK_TILE, content_type="image/png")
    )
    return requests


def assert_accessible(page, name: str):
    results = Axe().run(page, options=WCAG)
    violations = results.response["violations"]
    details = [f"{v['id']}: {v['help']} ({len(v['nodes'])}) {v['nodes'][0]['target']}" for v in violations]
    assert not violations, f"{name}: {details}"


def screenshot(page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def test_home_search_filter_open_a_facility_and_come_back_with_the_filters_kept(page, live_server, listings, tiles):
    page.goto(live_server.url + "/")
    page.fill("#id_location", "45402")
    page.click("form[role=search] button[type=submit]")
    assert "2 facilities within 25 miles of Dayton, OH 45402" in page.locator(".result-count").inner_text()

    page.click("#filters summary:has-text('Therapies')")
    page.check("input[name=therapy][value=cbt]")
    page.click("#filters button[type=submit]")
    assert "therapy=cbt" in page.url
    assert "lat=" not in page.url and "hours_min=" not in page.url  # empty fields are not sent
    assert "1 facility within 25 miles" in page.locator(".result-count").inner_text()

    results_url = page.url
    page.click("text=Harbor Light Recovery")
    assert page.locator("h1").inner_text() == "Harbor Light Recovery"
    page.click("text=Back to results")
    assert page.url == results_url  # the same search, filters and all
    assert page.is_checked("input[name=therapy][value=cbt]")
    assert page.title().startswith("1 facility near Dayton, OH 45402")  # announced by the new page's title


def test_use_my_location_searches_around_the_browser_position(browser, live_server, listings):
    context = browser.new_context(geolocation={"latitude": 39.76, "longitude": -84.19}, permissions=["geolocation"])
    page = context.new_page()
    page.goto(live_server.url + "/search/")
    page.click("text=Use my location")
    page.wait_for_url("**lat=39.76**")
    assert "within 25 miles of your location" in page.locator(".result-count").inner_text()
    context.close()


def test_an_invalid_location_shows_its_message(page, live_server, listings):
    page.goto(live_server.url + "/")
    page.fill("#id_location", "00000")
    page.click("form[role=search] button[type=submit]")
    assert "We could not find the ZIP code 00000" in page.locator("#location-errors").inner_text()


def test_every_page_named_has_no_wcag_a_or_aa_violations(page, live_server, listings, tiles):
    near, _ = listings
    program = near.programs.first()
    pages = {
        "home": "/",
        "results": "/search/?location=45402",
        "results-empty": "/search/?location=59001&radius=5",
        "facility": near.get_absolute_url(),
        "compare": f"/compare/?p={program.pk}",
        "admin-login": reverse("admin:login"),
        **{f"learn-{name}": reverse(f"learn:{name}") for name in LEARN_PAGES},
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert_accessible(page, name)


def test_keyboard_users_get_a_skip_link_a_visible_focus_and_every_filter(page, live_server, listings):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/search/?location=45402")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    for group in page.locator("#filters details").all():
        group.locator("summary").click()  # open every folded list, so the keyboard reaches every choice
    names, outlines = set(), set()
    for _ in range(250):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.name || '', e.closest('#filters') ? 1 : 0, s.outlineStyle, s.outlineWidth]; })()"
        )
        if focused[1]:
            names.add(focused[0])
            outlines.add((focused[2], focused[3]))
    wanted = {name for name in page.eval_on_selector_all("#filters [name]", "els => els.map(e => e.name)") if name}
    wanted -= {"lat", "lng"}  # hidden fields are set by "Use my location", not typed
    assert wanted <= names
    assert all(style != "none" and width != "0px" for style, width in outlines)

    checkbox = page.locator("input[name=telehealth]")
    checkbox.focus()
    page.keyboard.press("Space")
    assert checkbox.is_checked()


def test_text_can_be_resized_to_200_percent_without_loss(page, live_server, listings):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/search/?location=45402")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.get_by_role("link", name="Harbor Light Recovery").is_visible()
    assert page.locator(".result-count").is_visible()


def test_at_375_px_results_come_first_nothing_scrolls_sideways_and_targets_are_big(page, live_server, listings, tiles):
    page.set_viewport_size({"width": 375, "height": 812})
    for name, path in {
        "results": "/search/?location=45402",
        "home": "/",
        "facility": listings[0].get_absolute_url(),
    }.items():
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
        small = page.evaluate(
            """() => [...document.querySelectorAll(
                   'button, input:not([type=hidden]), select, summary, nav a, .phone a, .pagination a')]
                 .filter(e => e.offsetParent !== null)
                 .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
                 .filter(([html, r]) => r.height < 44 && !(html.startsWith('<input') && html.includes('checkbox')))
                 .map(([html, r]) => html + ' ' + r.height)"""
        )
        assert not small, f"{name}: {small}"
        screenshot(page, f"{name}-375")
    page.goto(live_server.url + "/search/?location=45402")
    first = page.locator(".facility-card h2").first.bounding_box()
    assert first["y"] + first["height"] <= 812 - 12  # the first result's name on the first screen
    filters = page.locator("#filters").bounding_box()
    assert filters["y"] > first["y"]  # the filters come after the results, one tap away
    page.click("text=Change search")
    assert page.evaluate("location.hash") == "#filters"


def test_at_1280_px_the_filters_sit_beside_the_results(page, live_server, listings, tiles):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/search/?location=45402")
    filters, results = page.locator("#filters").bounding_box(), page.locator(".results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert abs(filters["y"] - results["y"]) < 200
    screenshot(page, "results-1280")


def test_the_results_map_opens_on_request_and_its_markers_link_to_facilities(page, live_server, listings, tiles):
    page.goto(live_server.url + "/search/?location=45402")
    assert page.locator(".leaflet-container").count() == 0  # nothing loads until asked
    page.click("text=Show on map")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == 2
    page.locator(".leaflet-marker-icon").first.click()
    hrefs = page.eval_on_selector_all(".leaflet-popup-content a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and hrefs[0].startswith("/facilities/")
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()


def test_without_javascript_every_page_is_usable(browser, live_server, listings):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/search/?location=45402")
    assert page.locator(".facility-card").count() == 2
    assert page.locator("#filters").is_visible()
    assert page.locator("[data-map-block]").is_hidden()
    page.check(".facility-card >> nth=0 >> input[name=p]")
    page.check(".facility-card >> nth=1 >> input[name=p]")
    page.click("text=Compare selected programs")
    assert "/compare/" in page.url
    assert page.locator("table.compare thead th").count() == 2
    context.close()


def test_compare_shows_up_to_four_programs_side_by_side(page, live_server, listings, tiles):
    near, _ = listings
    page.goto(live_server.url + near.get_absolute_url())
    for checkbox in page.locator("input[name=p]").all():
        checkbox.check()
    page.click("text=Compare selected programs")
    table = page.locator("table.compare")
    assert table.locator("thead th").count() == 2
    for row in ("Hours a week", "Days a week", "Schedule", "Length", "Therapies", "Detox", "Medication management",
                "Payment", "Languages besides English", "Phone", "Last verified"):  # fmt: skip
        assert table.locator(f"th[scope=row]:has-text('{row}')").count() == 1, row
    ids = [str(p.pk) for p in Program.objects.all()]
    page.goto(live_server.url + "/compare/?" + "&".join(f"p={pk}" for pk in ids + ids[:1] + ["99999", "x"]))
    assert "no longer listed" in page.locator("main").inner_text() or "could not be read" in page.inner_text("main")


def test_the_printed_call_sheet_holds_the_phone_numbers_and_the_questions(page, live_server, listings, tiles):
    from pypdf import PdfReader

    near, _ = listings
    ids = [str(p.pk) for p in Program.objects.all()]
    for name, path in {
        "facility": near.get_absolute_url(),
        "results": "/search/?location=45402",
        "compare": "/compare/?" + "&".join(f"p={pk}" for pk in ids),
    }.items():
        page.goto(live_server.url + path)
        pdf = page.pdf(format="Letter")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"call-sheet-{name}.pdf").write_bytes(pdf)
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "(937) 555-0123" in text, name
        assert "Questions to ask" in text, name
        assert "waitlist" in text.lower(), name
        assert "Show on map" not in text and "Compare selected" not in text, name


def test_a_results_page_stays_small_private_and_cookie_free(page, live_server, listings, tiles):
    page.goto(live_server.url + "/search/?location=45402&therapy=cbt")
    page.wait_for_load_state("networkidle")
    origin = urlparse(live_server.url).netloc
    outside = [r.url for r in tiles if urlparse(r.url).netloc not in (origin, "tile.openstreetmap.org")]
    assert not outside
    transferred = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in tiles)
    assert transferred <= 150 * 1024, transferred
    assert page.context.cookies() == []
