"""The whole loop of a listing getting truer, in Chromium on a fresh database: a curator sends a program its update
link, the program reports its hours and a two-week waitlist, the curator applies part of it, and the public page
and the API show the new values with their dates; the link works once."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from programs.freshness import day_text
from programs.models import Program
from tests.e2e.test_curator_workflow import sign_in
from tests.e2e.test_site import assert_accessible
from updates.models import LinkRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_program_reports_through_its_link_and_a_curator_applies_part_of_it(
    page, browser, live_server, curator, make_facility, make_program
):
    facility = make_facility(name="Harbor Light Recovery", phone="(937) 555-0100")
    program = make_program(facility, name="Evening IOP", weekly_hours_min=9, weekly_hours_max=12)
    today = day_text(timezone.localdate())

    # The curator creates a link for the facility and has it emailed.
    sign_in(page, live_server, curator.username)
    page.goto(f"{live_server.url}/admin/facilities/facility/{facility.pk}/change/")
    page.click("text=Send an update link")
    page.fill("#id_email", "intake@harbor.example.org")
    page.click("input[name=_save]")
    link = page.locator("a.update-link").inner_text().strip()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["intake@harbor.example.org"]
    assert link in email.body  # the email carries the same link
    assert re.search(r"/update/[^/]+/$", link)

    # The program opens it in a browser of its own (no admin session) and reports hours and a waitlist.
    program_context = browser.new_context(viewport={"width": 375, "height": 812})
    provider = program_context.new_page()
    problems = []  # CSP violations and script errors (the refused link's 410 is a console error too, and expected)
    provider.on("console", lambda message: problems.append(message.text) if "Policy" in message.text else None)
    provider.on("pageerror", lambda error: problems.append(str(error)))
    provider.goto(link)
    assert provider.locator("h1").inner_text() == "Update your listing"
    assert_accessible(provider, "update form")
    prefix = f"#id_program-{program.pk}-"
    provider.fill(f"{prefix}weekly_hours_min", "10")
    provider.fill(f"{prefix}weekly_hours_max", "15")
    provider.get_by_label("Waitlist", exact=True).check()
    provider.fill(f"{prefix}waitlist_weeks", "2")
    provider.fill("#id_facility-phone", "(937) 555-0111")
    provider.click("text=Send the update")
    provider.wait_for_url("**/update/sent/")
    assert "Thank you" in provider.content()
    program.refresh_from_db()
    facility.refresh_from_db()
    assert (program.weekly_hours_max, program.accepting, facility.phone) == (12, "unknown", "(937) 555-0100")

    # A second use of the link is refused, with a way to ask for a new one.
    second = provider.goto(link)
    assert second.status == 410
    assert "already been used" in provider.content()
    assert_accessible(provider, "refused link")
    provider.fill("#id_contact", "intake@harbor.example.org")
    provider.get_by_role("button", name="Ask for a new link").click()
    provider.wait_for_url("**/update/new-link/sent/")
    assert LinkRequest.objects.get().facility == facility  # the curators see the request in admin
    program_context.close()
    assert not problems

    # The curator reviews it and applies the hours and the waitlist, but not the phone.
    page.goto(f"{live_server.url}/admin/")
    page.click("text=sent through update links")
    page.locator("#result_list tbody tr th a").first.click()
    page.uncheck("input[name=apply][value=facility-phone]")
    page.click("input[name=_apply]")
    assert "Partly applied" in page.locator(".messagelist").inner_text()

    program.refresh_from_db()
    facility.refresh_from_db()
    assert (program.weekly_hours_min, program.weekly_hours_max) == (10, 15)
    assert (program.accepting, program.waitlist_weeks, program.accepting_source) == ("waitlist", 2, "program")
    assert facility.phone == "(937) 555-0100"
    entry = program.history.first()
    assert entry.history_user == curator
    assert "Reported by the program via update link" in entry.history_change_reason

    # From the verification queue, the curator calls the facility and confirms the phone number.
    page.goto(f"{live_server.url}/admin/verification/queuedlisting/")
    page.get_by_role("link", name="Verified by phone today").first.click()
    page.get_by_label("Phones", exact=True).check()
    page.click("input[type=submit][value='Verified by phone today']")
    assert "verified by phone today: phones" in page.locator(".messagelist").inner_text()

    # The public page and the API show the new values with their dates.
    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(f"{live_server.url}{facility.get_absolute_url()}")
    text = public.locator("main").inner_text()
    assert "10–15 hours a week" in text
    assert f"Waitlist about 2 weeks (reported {today} by the program)" in text
    assert f"Hours, days and length reported by the program on {today}" in text
    assert f"Last verified with the facility on {today}" in text
    assert f"Phone confirmed by our staff on {today}" in text
    assert visitor.cookies() == []
    data = public.request.get(f"{live_server.url}/api/v1/facilities/{facility.slug}/").json()
    reported = data["programs"][0]
    iso = timezone.localdate().isoformat()
    assert (reported["weekly_hours_min"], reported["weekly_hours_max"]) == (10.0, 15.0)
    assert (reported["accepting"], reported["waitlist_weeks"]) == ("waitlist", 2)
    assert reported["accepting_reported"] == {"status": "waitlist", "on": iso, "by": "program", "current": True}
    assert reported["hours_confirmed"] == {"on": iso, "by": "program"}
    assert data["phone"] == "(937) 555-0100"
    assert data["phone_confirmed"] == {"on": iso, "by": "curator"}
    visitor.close()
    assert Program.objects.get(pk=program.pk).availability_is_current
