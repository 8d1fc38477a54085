import pytest

from facilities.models import Facility

# The live server runs in another thread, so rows must be committed; serialized_rollback restores the
# vocabularies and the Curators group that migrations seeded, for the tests that run after these.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-curator-password-42"


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def test_a_curator_edits_a_facility_and_its_program_sees_who_changed_what_and_reverts(
    page, live_server, curator, make_facility, make_program
):
    facility = make_facility(name="Harbor Light Recovery", phone="(937) 555-0100")
    program = make_program(facility, therapies=["cbt"], weekly_hours_max=12)
    sign_in(page, live_server, curator.username)

    page.goto(f"{live_server.url}/admin/facilities/facility/?q=Harbor")
    page.click("text=Harbor Light Recovery")
    page.fill("#id_phone", "(937) 555-0199")
    page.fill("#id_programs-0-weekly_hours_max", "15")
    # The program's own list: the facility's treatment approaches have the same choice, folded away above it.
    page.locator("#programs-0").get_by_label("Dialectical behavior therapy (DBT)").check()
    page.click("input[name=_continue]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.click("a.historylink")
    newest = page.locator("#change-history tbody tr").first.inner_text()
    assert curator.username in newest
    assert "(937) 555-0100" in newest and "(937) 555-0199" in newest

    program.refresh_from_db()
    assert program.weekly_hours_max == 15
    assert set(program.therapies.values_list("slug", flat=True)) == {"cbt", "dbt"}
    assert program.history.first().history_user == curator

    # Restore the first version from the history page.
    page.locator("#change-history tbody tr").last.locator("th a, td a").first.click()
    page.click("input[type=submit][name=_save]")
    # Wait for the server's answer: the test must not end while the live server is still writing.
    page.wait_for_url("**/admin/facilities/facility/")
    assert "successfully" in page.locator(".messagelist").inner_text()
    facility.refresh_from_db()
    assert facility.phone == "(937) 555-0100"


def test_a_curator_has_no_delete_button_and_no_user_admin(page, live_server, curator, make_facility):
    facility = make_facility()
    sign_in(page, live_server, curator.username)
    page.goto(f"{live_server.url}/admin/facilities/facility/{facility.pk}/change/")
    assert page.locator("a.deletelink").count() == 0
    # Through the context's request API: same session cookie, but a 403 here is expected, not a console error.
    assert page.request.get(f"{live_server.url}/admin/auth/user/").status == 403
    assert Facility.objects.filter(pk=facility.pk).exists()


def test_a_visitor_goes_from_home_to_a_facility_page(page, live_server, make_facility, make_program):
    facility = make_facility(name="Harbor Light Recovery", phone="(937) 555-0123")
    make_program(facility)
    page.goto(live_server.url + "/")
    page.check("input[name=type][value=iop]")
    page.click("form[role=search] button[type=submit]")
    assert "type=iop" in page.url
    page.click("text=Harbor Light Recovery")
    assert page.locator("h1").inner_text() == "Harbor Light Recovery"
    assert page.locator('a[href="tel:+19375550123"]').count() >= 1
    assert page.context.cookies() == []
