"""History is complete: every write records the lists with the fields, in one entry; reverting restores the lists."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from facilities.models import Facility, PaymentOption
from tests.facilities.test_admin import change_form_data
from tests.imports.test_import_samhsa import COLUMNS, directory_row

pytestmark = pytest.mark.django_db


def payments(record) -> set[str]:
    """The payment options a history entry kept, by slug."""
    ids = record.payment_options.values_list("paymentoption_id", flat=True)
    return set(PaymentOption.objects.filter(pk__in=ids).values_list("slug", flat=True))


def changed(record) -> set[str]:
    return {change.field for change in record.diff_against(record.prev_record).changes} - {"updated_at"}


@pytest.fixture
def paying(make_facility):
    facility = make_facility(name="Harbor Light Recovery")
    facility.payment_options.set(PaymentOption.objects.filter(slug__in=["medicaid", "self-pay"]))
    return facility


def test_mark_verified_today_records_only_the_date(curator_client, paying):
    url = reverse("admin:facilities_facility_changelist")
    curator_client.post(url, {"action": "mark_verified_today", "_selected_action": [paying.pk]})
    latest = paying.history.first()
    assert changed(latest) == {"verified_on"}  # not "Payment options: [...] -> []"
    assert payments(latest) == {"medicaid", "self-pay"}


def test_an_admin_save_of_fields_and_lists_is_one_entry_with_both(curator_client, paying):
    before = paying.history.count()
    data = change_form_data(paying, phone="(937) 555-0199")
    data["payment_options"] = [PaymentOption.objects.get(slug="medicare").pk]
    response = curator_client.post(reverse("admin:facilities_facility_change", args=[paying.pk]), data)
    assert response.status_code == 302
    assert paying.history.count() == before + 1
    latest = paying.history.first()
    assert changed(latest) == {"phone", "phone_as_of", "phone_source", "payment_options"}
    assert payments(latest) == {"medicare"}
    assert payments(latest.prev_record) == {"medicaid", "self-pay"}


def test_reverting_to_a_version_restores_its_lists(curator_client, paying):
    first = paying.history.first()  # the latest entry: Medicaid and self-pay
    paying.payment_options.set(PaymentOption.objects.filter(slug="medicare"))  # a change of the list alone
    paying.save()
    revert_url = reverse("admin:facilities_facility_simple_history", args=[paying.pk, first.history_id])
    form = curator_client.get(revert_url).context["adminform"].form
    shown = {PaymentOption.objects.get(pk=pk).slug for pk in form.initial["payment_options"]}
    assert shown == {"medicaid", "self-pay"}  # the version's list, not today's
    data = change_form_data(paying)
    data["payment_options"] = [str(pk) for pk in form.initial["payment_options"]]
    assert curator_client.post(revert_url, data).status_code == 302
    assert set(paying.payment_options.values_list("slug", flat=True)) == {"medicaid", "self-pay"}
    assert payments(paying.history.first()) == {"medicaid", "self-pay"}


def test_a_directory_import_records_the_lists_it_writes(tmp_path):
    def run(codes):
        path = tmp_path / "directory.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerow(directory_row(service_code_info=codes))
        call_command("import_samhsa", str(path), stdout=StringIO())

    run("SA * OIT * CBT * PVTN * MD")
    facility = Facility.objects.get()
    created = facility.history.first()
    assert created.history_type == "+" and payments(created) == {"medicaid"}
    program_created = facility.programs.get().history.first()
    assert program_created.history_type == "+"

    run("SA * OIT * CBT * PVTN * MD SF")
    latest = facility.history.first()
    assert latest.history_type == "~" and payments(latest) == {"medicaid", "self-pay"}
    assert changed(latest) == {"payment_options"}
