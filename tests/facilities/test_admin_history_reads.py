"""Curator history that reads: one entry per save, saying in words what changed on the facility and its programs;
a shorter edit page; a list that reads at 1280 px; a state filter of the states that have listings."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from facilities.history import record_history, save_with_history
from facilities.models import Facility, PaymentOption
from programs.models import Program, Therapy
from tests.facilities.test_admin import change_form_data, programs_inline_data

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    """What a person reads: tags dropped, entities decoded, every run of spaces (no-break ones too) one space."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ")).strip()


def history_rows(client, url: str) -> list[str]:
    """The History page's rows as read, newest first."""
    html = client.get(url).content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [visible_text(row) for row in body.split("<tr>")[1:]]


def facility_history(client, facility) -> list[str]:
    return history_rows(client, reverse("admin:facilities_facility_history", args=[facility.pk]))


def program_history(client, program) -> list[str]:
    return history_rows(client, reverse("admin:programs_program_history", args=[program.pk]))


def therapy_ids(*slugs) -> list[int]:
    return list(Therapy.objects.filter(slug__in=slugs).values_list("pk", flat=True))


@pytest.fixture
def harbor_light(make_facility, make_program):
    """A facility with an evening IOP (CBT and acupuncture) and a PHP."""
    facility = make_facility(name="Harbor Light Recovery", phone="(937) 555-0100")
    make_program(facility, name="Evening IOP", therapies=["cbt", "acupuncture"], weekly_hours_max=12)
    make_program(facility, type=Program.Type.PHP, weekly_hours_min=20, weekly_hours_max=25, evening=True)
    return facility


def inline(program) -> str:
    """The prefix of the program's form on its facility's page (programs-0, …): the inline lists them in order."""
    order = list(Program.objects.filter(facility=program.facility_id).values_list("pk", flat=True))
    return f"programs-{order.index(program.pk)}"


def save_facility(client, facility, **changes):
    """A curator's save of the facility page: the form as shown, with `changes` (programs-N-… for the programs)."""
    url = reverse("admin:facilities_facility_change", args=[facility.pk])
    data = {**change_form_data(facility), **programs_inline_data(client.get(url))}
    data.update(changes)
    response = client.post(url, {name: value for name, value in data.items() if value is not None})
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    facility.refresh_from_db()


def test_the_facility_history_says_what_one_save_changed_on_the_facility_and_its_programs(curator_client, harbor_light):
    iop, php = harbor_light.programs.get(name="Evening IOP"), harbor_light.programs.get(type=Program.Type.PHP)
    save_facility(
        curator_client,
        harbor_light,
        phone="(937) 555-0199",
        payment_options=[PaymentOption.objects.get(slug="medicaid").pk],
        **{
            f"{inline(iop)}-weekly_hours_max": "15",
            f"{inline(iop)}-therapies": therapy_ids("cbt", "dbt", "motivational-interviewing"),
            f"{inline(php)}-evening": "false",
        },
    )

    rows = facility_history(curator_client, harbor_light)
    assert len(rows) == 2  # the save, then the creation: one entry per save
    newest = rows[0]
    assert "curator" in newest
    assert "Phone: (937) 555-0100 → (937) 555-0199" in newest
    assert "Payment options: + Medicaid" in newest
    assert "Evening IOP: Weekly hours (max): 12 → 15" in newest
    assert (
        "Therapies: + Dialectical behavior therapy (DBT), + Motivational interviewing, − Acupuncture" in newest
    )  # in full, not ids, not cut short
    assert "Partial hospitalization (PHP): Evening sessions: Yes → No" in newest


def test_a_program_added_and_one_deleted_in_the_same_save_are_in_the_facilitys_entry(admin_client, harbor_light):
    php = harbor_light.programs.get(type=Program.Type.PHP)
    save_facility(
        admin_client,  # curators cannot delete a program
        harbor_light,
        **{
            f"{inline(php)}-DELETE": "on",
            "programs-TOTAL_FORMS": "3",
            "programs-2-type": Program.Type.RESIDENTIAL,
            "programs-2-accepting": Program.Accepting.UNKNOWN,
        },
    )

    newest = facility_history(admin_client, harbor_light)[0]
    assert "Partial hospitalization (PHP): deleted" in newest
    assert "Residential: added" in newest


def test_no_history_cell_says_none(curator_client, harbor_light):
    iop = harbor_light.programs.get(name="Evening IOP")
    save_facility(curator_client, harbor_light, intake_phone="(937) 555-0111", **{f"{inline(iop)}-weekend": "true"})
    save_with_history([harbor_light], Facility, ["verified_on"], reason="Checked by the daily upkeep")

    for rows in (facility_history(curator_client, harbor_light), program_history(curator_client, iop)):
        assert not [row for row in rows if "None" in row]
    rows = facility_history(curator_client, harbor_light)
    assert "— Changed Checked by the daily upkeep" in rows[0]  # by no one: the reason says what
    assert "Intake phone: — → (937) 555-0111" in rows[1]
    assert "Weekend sessions: Not reported → Yes" in rows[1]


def test_the_programs_own_history_is_one_row_per_save_with_its_lists_in_full(curator_client, curator, harbor_light):
    iop = harbor_light.programs.get(name="Evening IOP")
    before = len(program_history(curator_client, iop))
    url = reverse("admin:programs_program_change", args=[iop.pk])
    form = curator_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data.update(weekly_hours_min="10", therapies=therapy_ids("cbt", "trauma-counseling"), evening="true")
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    rows = program_history(curator_client, iop)
    assert len(rows) == before + 1
    assert "Weekly hours (min): 9 → 10" in rows[0]
    assert "Therapies: + Trauma-related counseling, − Acupuncture" in rows[0]
    assert iop.history.first().history_user == curator
    # The facility's history lists it too: every change to its programs, wherever it was made.
    newest = facility_history(curator_client, harbor_light)[0]
    assert "curator" in newest
    assert "Evening IOP: Weekly hours (min): 9 → 10" in newest
    assert "Therapies: + Trauma-related counseling, − Acupuncture" in newest


def test_a_program_deleted_on_its_own_page_is_in_the_facilitys_history(admin_client, harbor_light):
    php = harbor_light.programs.get(type=Program.Type.PHP)
    response = admin_client.post(reverse("admin:programs_program_delete", args=[php.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert "Partial hospitalization (PHP): deleted" in facility_history(admin_client, harbor_light)[0]


def test_entries_written_a_moment_apart_by_the_same_save_are_read_together(curator_client, curator, harbor_light):
    """Before a save's entries shared one date they were written milliseconds apart; an import writes them so."""
    iop = harbor_light.programs.get(name="Evening IOP")
    moment = timezone.now() + timedelta(minutes=5)
    Facility.objects.filter(pk=harbor_light.pk).update(phone="(937) 555-0142")  # no entry of its own
    Program.objects.filter(pk=iop.pk).update(weekly_hours_max=14)
    harbor_light.refresh_from_db()
    iop.refresh_from_db()
    record_history([harbor_light], Facility, user=curator, when=moment)
    record_history([iop], Program, user=curator, when=moment + timedelta(milliseconds=300))

    assert "Evening IOP: Weekly hours (max): 12 → 14" in facility_history(curator_client, harbor_light)[0]


def test_the_history_page_runs_the_same_queries_however_many_saves_it_lists(curator_client, harbor_light):
    def queries_of_the_history_page():
        with CaptureQueriesContext(connection) as queries:
            curator_client.get(reverse("admin:facilities_facility_history", args=[harbor_light.pk]))
        return len(queries)

    def save_programs(hours):
        save_facility(
            curator_client,
            harbor_light,
            **{"programs-0-weekly_hours_max": str(hours), "programs-1-weekly_hours_max": str(hours)},
        )

    save_programs(30)
    few = queries_of_the_history_page()
    for hours in range(31, 37):
        save_programs(hours)
    assert len(facility_history(curator_client, harbor_light)) == 8
    assert queries_of_the_history_page() == few
    assert few <= 30  # the lists of each model one query each, whatever the number of entries


def test_the_edit_page_shows_lists_as_checkboxes_and_folds_the_secondary_sections(curator_client, harbor_light):
    html = curator_client.get(reverse("admin:facilities_facility_change", args=[harbor_light.pk])).content.decode()

    assert "selectfilter" not in html  # filter_horizontal's two tall boxes a list
    assert re.search(r'<input type="checkbox" name="payment_options" value="\d+" class="checkbox-grid"', html)
    named = r'<fieldset class="([^"]*)" aria-labelledby[^>]*>\s*(?:<details><summary>)?\s*<h2[^>]*>([^<]+)</h2>'
    fieldsets = {heading: classes for classes, heading in re.findall(named, html)}
    assert {"Contact", "Location", "Services", "Who it serves and what it offers", "Source"} <= set(fieldsets)
    folded = {heading for heading, classes in fieldsets.items() if "collapse" in classes.split()}
    assert {"Services", "Who it serves and what it offers", "Source"} <= folded
    assert not {"Contact", "Location"} & folded
    assert "css/admin.css" in html


def test_the_state_filter_lists_only_states_with_listings(curator_client, make_facility):
    make_facility(name="Dayton Recovery", state="OH")
    make_facility(name="Louisville Recovery", city="Louisville", state="KY", zip_code="40202")
    make_facility(name="Covington Recovery", city="Covington", state="KY", zip_code="41011")
    url = reverse("admin:facilities_facility_changelist")

    html = curator_client.get(url).content.decode()
    by_state = visible_text(html[html.index("By state") : html.index("By program type")])
    assert by_state == "By state All Kentucky Ohio"
    listed = curator_client.get(url + "?state=KY").context["cl"].result_list
    assert sorted(facility.name for facility in listed) == ["Covington Recovery", "Louisville Recovery"]


def test_the_list_keeps_its_short_columns_short(curator_client, harbor_light):
    html = curator_client.get(reverse("admin:facilities_facility_changelist")).content.decode()
    row = visible_text(html[html.index("<tbody>") : html.index("</tbody>")])
    assert "Harbor Light Recovery Dayton, OH IOP, PHP Never" in row
