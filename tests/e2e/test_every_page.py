"""Every public page in Chromium, checked by axe (WCAG 2.1 A and AA) at a phone's width and at a desktop's.

"Every public page" is every HTML route in iopfinder/urls.py and the apps' urls.py outside the admin and the API,
in each state a person can reach: a search before it starts, with results, without, with a location we cannot
place, filtered on its second page, and too big to be a person's (400); compare with two programs, with none, and
with one no longer listed; the correction form, its message and its thank-you; a program's update link open, used,
expired and not ours, the messages of its two forms, and their thank-yous; and the error pages a request reaches:

- 404 from an unknown address;
- 400 from templates/400.html (Django's bad_request view), for a query string with more fields than
  DATA_UPLOAD_MAX_NUMBER_FIELDS;
- 403 from templates/403_csrf.html, for a form sent after the browser dropped its cookies;
- 429 from the rate limit, switched on here with a limit of no searches at all.

Not covered: the 500 page (iopfinder.views.server_error). Only a view that fails reaches it, and no request makes
one fail without changing the code under test (a patched view or a test-only route).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.models import PaymentOption
from programs.models import Program
from search.forms import PAGE_SIZE
from tests.e2e.test_site import BLANK_TILE, LEARN_PAGES, assert_accessible
from updates.models import UpdateLink

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def site(make_facility, make_program):
    """What the pages show: a facility with two programs, and one update link of it in each state."""
    facility = make_facility(
        name="Harbor Light Recovery",
        phone="(937) 555-0123",
        intake_phone="(937) 555-0124",
        website="https://harbor.example",
        verified_on=timezone.localdate(),
    )
    facility.payment_options.set(PaymentOption.objects.filter(slug="medicaid"))
    evening = make_program(facility, therapies=["cbt"], name="Evening IOP", accepting=Program.Accepting.YES)
    day = make_program(facility, type=Program.Type.PHP, weekly_hours_min=20, weekly_hours_max=25, daytime=True)
    now = timezone.now()
    return {
        "facility": facility,
        "programs": (evening, day),
        "open": UpdateLink.objects.create(facility=facility),
        "used": UpdateLink.objects.create(facility=facility, used_at=now),
        "expired": UpdateLink.objects.create(facility=facility, expires_at=now - timedelta(days=1)),
    }


@pytest.fixture
def a_second_page(site, make_facility, make_program):
    """As many more CBT programs near Dayton as fill a page, so a search for CBT there has a second page."""
    for _ in range(PAGE_SIZE):
        make_program(make_facility(), therapies=["cbt"])


@pytest.fixture
def no_searches_allowed(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (0, 60)}


def address(path_of):
    """A page a link reaches: path_of(site) is its address."""

    def reach(page, url, site) -> int:
        return page.goto(url + path_of(site)).status

    return reach


def correction(site) -> str:
    return reverse("corrections:suggest", args=[site["facility"].slug])


def correction_with_a_message(page, url, site) -> int:
    page.goto(url + correction(site))
    return send(page, "Send the correction")  # no reason chosen


def correction_without_cookies(page, url, site) -> int:
    page.goto(url + correction(site))
    page.context.clear_cookies()
    page.get_by_label("The phone number is wrong").check()
    return send(page, "Send the correction")


def update_with_a_message(page, url, site) -> int:
    page.goto(url + site["open"].get_absolute_url())
    page.get_by_label("With a waitlist: about how many weeks?").first.fill("0")
    return send(page, "Send the update")


def new_link_with_a_message(page, url, site) -> int:
    page.goto(url + site["expired"].get_absolute_url())
    return send(page, "Ask for a new link")  # no email or phone


def send(page, button: str) -> int:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    return navigation.value.status


# name: (how to reach the page, the status it answers with, words that say it is the page meant; a Learn page has
# one state, so its address is enough)
PAGES = {
    "home": (address(lambda site: "/"), 200, "Find a program"),
    "about": (address(lambda site: reverse("about")), 200, "No paid placement"),
    "search-start": (address(lambda site: reverse("search:results")), 200, "Find a program"),
    "search-results": (address(lambda site: "/search/?location=45402"), 200, "1 facility within 25 miles"),
    "search-no-results": (address(lambda site: "/search/?location=59001&radius=5"), 200, "No programs match"),
    "search-unknown-place": (address(lambda site: "/search/?location=zzzz"), 200, "We could not find"),
    "search-filtered-page-2": (
        address(lambda site: "/search/?location=45402&therapy=cbt&page=2"),
        200,
        "Page 2 of 2",
    ),
    "search-too-big": (address(lambda site: "/search/?" + "&".join(["type=iop"] * 301)), 400, "at most 300"),
    "facility": (address(lambda site: site["facility"].get_absolute_url()), 200, "Harbor Light Recovery"),
    "compare-two": (
        address(lambda site: "/compare/?" + "&".join(f"p={program.pk}" for program in site["programs"])),
        200,
        "Evening IOP",
    ),
    "compare-none": (address(lambda site: reverse("facilities:compare")), 200, "No programs are chosen yet"),
    "compare-gone": (address(lambda site: "/compare/?p=99999"), 200, "no longer listed"),
    **{f"learn-{name}": (address(lambda site, name=name: reverse(f"learn:{name}")), 200, None) for name in LEARN_PAGES},
    "correction": (address(correction), 200, "What is wrong?"),
    "correction-message": (correction_with_a_message, 400, "This field is required"),
    "correction-thanks": (address(lambda site: correction(site) + "?sent=1"), 200, "Thank you"),
    "update-open": (address(lambda site: site["open"].get_absolute_url()), 200, "Update your listing"),
    "update-message": (update_with_a_message, 400, "Give a number of weeks"),
    "update-thanks": (address(lambda site: reverse("updates:sent")), 200, "Thank you"),
    "update-used": (address(lambda site: site["used"].get_absolute_url()), 410, "already been used"),
    "update-expired": (address(lambda site: site["expired"].get_absolute_url()), 410, "has expired"),
    "update-not-ours": (address(lambda site: "/update/not-a-token:x/"), 404, "does not work"),
    "new-link-message": (new_link_with_a_message, 400, "Please fix the message below"),
    "new-link-thanks": (address(lambda site: reverse("updates:new_link_sent")), 200, "new link"),
    "not-found": (address(lambda site: "/no-such-page/"), 404, "We could not find that page"),
    "bad-request": (
        address(lambda site: correction(site) + "?" + "&".join(["sent=1"] * 1001)),
        400,
        "We could not read that request",
    ),
    "csrf-refused": (correction_without_cookies, 403, "could not be sent"),
    "too-many-requests": (address(lambda site: "/search/?location=45402"), 429, "Too many requests"),
}
# Pages that need more than `site`: name -> fixture.
MORE = {"search-filtered-page-2": "a_second_page", "too-many-requests": "no_searches_allowed"}


@pytest.fixture(scope="module")
def tabs(browser):
    """A browser tab at each width, shared by the module's tests: on a slow machine a new context and tab cost about
    as much as the check itself. Map tiles are a blank image."""
    tabs = {}
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport)
        context.route(
            "https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=BLANK_TILE, content_type="image/png")
        )
        tabs[width] = context.new_page()
    yield tabs
    for tab in tabs.values():
        tab.context.close()


@pytest.fixture
def screen(tabs, width, live_server):
    """The tab at the test's width, with no cookies. Like the shared `page` fixture it fails on console and script
    errors, except Chromium's line for each page answered with an error status, which these tests ask for; and it
    fails on any request that leaves the site."""
    page = tabs[width]
    page.context.clear_cookies()
    errors, refused, outside = [], set(), []
    listeners = {
        "console": lambda message: errors.append(message) if message.type == "error" else None,
        "pageerror": lambda error: errors.append(error),
        "response": lambda response: refused.add(response.url) if refusal(response) else None,
        "request": lambda request: None if local(request.url, live_server.url) else outside.append(request.url),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    yield page
    for event, listener in listeners.items():
        page.remove_listener(event, listener)
    unexpected = [str(getattr(error, "text", error)) for error in errors if not an_error_status(error, refused)]
    assert not unexpected, f"browser console errors: {unexpected}"
    assert not outside, f"requests that left the site: {outside}"


def refusal(response) -> bool:
    return response.request.resource_type == "document" and response.status >= 400


def an_error_status(error, refused: set[str]) -> bool:
    """Chromium's console line for a page the test asked for an error status."""
    text = getattr(error, "text", "")
    return text.startswith("Failed to load resource") and error.location.get("url") in refused


def local(url: str, site: str) -> bool:
    return url.startswith((site, "data:", "https://tile.openstreetmap.org/"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_the_page_has_no_wcag_a_or_aa_violations(name, width, screen, live_server, site, request):
    if name in MORE:
        request.getfixturevalue(MORE[name])
    reach, expected, shows = PAGES[name]
    status = reach(screen, live_server.url, site)
    assert status == expected, f"{name} answered {status}, not {expected}"
    assert shows is None or shows in screen.inner_text("body"), f"{name} does not show {shows!r}"
    assert_accessible(screen, f"{name} at {width}")
