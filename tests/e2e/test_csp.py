"""Content-Security-Policy: every public page and the admin pages a curator uses, with no violation in Chromium."""

import pytest
from django.urls import reverse

from imports.models import ImportJob
from tests.e2e.test_curator_workflow import sign_in
from tests.e2e.test_site import BLANK_TILE, LEARN_PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
# Recorded in the page itself, before any of its own scripts run: what the browser refused, and why.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status in (200, 404), (url, response.status)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return [f"{url}: {violation}" for violation in page.evaluate("window.__violations")]


def test_no_page_breaks_the_content_security_policy(page, live_server, curator, make_facility, make_program):
    facility = make_facility(name="Harbor Light Recovery")
    iop = make_program(facility, therapies=["cbt"])
    page.add_init_script(RECORD_VIOLATIONS)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=BLANK_TILE))
    public = [
        "/",
        "/about/",
        "/search/?location=45402",
        "/search/?location=45402&type=iop&therapy=cbt",
        facility.get_absolute_url(),
        f"{reverse('facilities:compare')}?p={iop.pk}",
        reverse("corrections:suggest", args=[facility.slug]),
        *[reverse(f"learn:{name}") for name in LEARN_PAGES],
    ]
    violations = []
    for path in public:
        violations += visit(page, f"{live_server.url}{path}")
    page.get_by_role("button", name="Use my location").count()  # the page's own script ran (no CSP error)

    sign_in(page, live_server, curator.username)
    change = reverse("admin:facilities_facility_change", args=[facility.pk])
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:facilities_facility_changelist"),
        change,
        reverse("admin:facilities_facility_history", args=[facility.pk]),
        reverse("admin:facilities_facility_add"),
        reverse("admin:facilities_facility_import_csv"),
        reverse("admin:facilities_facility_import_directory"),
        ImportJob.objects.create(
            kind=ImportJob.Kind.DIRECTORY,
            file_name="directory.csv",
            token="0" * 32,
            user=curator,
            status=ImportJob.Status.DONE,
            result={"summary": "Created 1, updated 0, unchanged 0", "lines": ["Notes on record keys and codes: 1"]},
        ).get_absolute_url(),
        reverse("admin:programs_therapy_changelist"),
    ]
    for path in admin_pages:
        violations += visit(page, f"{live_server.url}{path}")
    assert violations == []
