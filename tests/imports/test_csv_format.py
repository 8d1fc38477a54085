import csv
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilities.models import Facility, Language, PaymentOption
from imports.csv_format import COLUMNS
from programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(make_facility, make_program):
    """Two facilities exercising every kind of value: lists, yes/no/unknown, decimals, dates, no programs."""
    rich = make_facility(
        name="Harbor Light Recovery", street2="Suite 4", intake_phone="(937) 555-0145",
        website="https://example.org/harbor", operator=Facility.Operator.PRIVATE_NONPROFIT,
        detox_onsite=False, co_occurring=True, telehealth=None, verified_on=date(2026, 10, 1),
        source=Facility.Source.SAMHSA, source_id="samhsa-abc",
    )  # fmt: skip
    rich.payment_options.set(PaymentOption.objects.filter(slug__in=["medicaid", "sliding-scale"]))
    rich.languages.set(Language.objects.filter(slug="spanish"))
    make_program(
        rich, therapies=["cbt", "dbt"], name="Evening IOP", weekly_hours_min=Decimal("9.5"),
        weekly_hours_max=Decimal("12"), duration_weeks_min=8, duration_weeks_max=12, daytime=False, evening=True,
        weekend=None, telehealth=True, medication_management=False, detox=Program.Detox.REFERRAL,
        accepting=Program.Accepting.WAITLIST, accepting_as_of=date(2026, 11, 2), notes='Women\'s group, "quoted", x|y',
    )  # fmt: skip
    make_program(rich, type="residential", weekly_hours_min=None, weekly_hours_max=None, days_per_week_min=7,
                 days_per_week_max=7)  # fmt: skip
    empty = make_facility(name="No Programs Yet", latitude=None, longitude=None, location_precision="",
                          is_published=False)  # fmt: skip
    return [rich, empty]


def export() -> str:
    out = StringIO()
    call_command("export_facilities", stdout=out)
    return out.getvalue()


def import_file(path, *args) -> str:
    out = StringIO()
    call_command("import_facilities", str(path), *args, stdout=out)
    return out.getvalue()


def write_rows(path, rows: list[dict]):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_export_import_into_an_empty_database_and_export_again_gives_the_same_file(listings, tmp_path):
    first = export()
    rows = list(csv.DictReader(StringIO(first)))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 3  # two programs, and one row for the facility without any
    assert rows[0]["payment_options"] == "medicaid|sliding-scale"
    assert rows[0]["weekly_hours_min"] == "9.5" and rows[0]["telehealth"] == ""

    (tmp_path / "facilities.csv").write_text(first, encoding="utf-8")
    Facility.objects.all().delete()
    assert "Created 2, updated 0, unchanged 0" in import_file(tmp_path / "facilities.csv")
    assert export() == first


def test_importing_the_same_file_twice_changes_nothing(listings, tmp_path):
    (tmp_path / "facilities.csv").write_text(export(), encoding="utf-8")
    history = (Facility.history.count(), Program.history.count())
    with CaptureQueriesContext(connection) as queries:
        assert "Created 0, updated 0, unchanged 2" in import_file(tmp_path / "facilities.csv")
    assert (Facility.history.count(), Program.history.count()) == history
    assert writes(queries) == []


def test_an_edited_file_updates_fields_lists_and_programs_and_records_history(listings, tmp_path):
    rows = list(csv.DictReader(StringIO(export())))
    rows[0]["phone"] = rows[1]["phone"] = "(937) 555-0177"
    rows[0]["languages"] = rows[1]["languages"] = "spanish|vietnamese"
    rows[0]["therapies"] = "cbt"
    rows.append(
        {**rows[0], "program_type": "php", "program_name": "", "weekly_hours_min": "20", "weekly_hours_max": "25"}
    )
    path = tmp_path / "edited.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)

    output = import_file(path)
    assert "Created 0, updated 1, unchanged 1" in output
    slug = rows[0]["slug"]
    assert (
        f"{slug}: phone '(937) 555-0100' → '(937) 555-0177'; languages 'spanish' → 'spanish|vietnamese'; "
        "iop program therapies; new php program"
    ) in output
    facility = Facility.objects.get(name="Harbor Light Recovery")
    assert facility.phone == "(937) 555-0177"
    assert set(facility.languages.values_list("slug", flat=True)) == {"spanish", "vietnamese"}
    assert set(facility.programs.get(name="Evening IOP").therapies.values_list("slug", flat=True)) == {"cbt"}
    assert facility.programs.get(type="php").weekly_hours_max == 25
    assert facility.history.first().history_change_reason == "Imported from edited.csv"


def test_row_problems_are_listed_and_nothing_is_imported(listings, tmp_path):
    rows = list(csv.DictReader(StringIO(export())))
    clean = dict(rows[1])
    rows[0]["state"] = "ZZ"
    rows[1]["evening"] = "sometimes"
    rows[2]["is_published"] = ""
    rows.append({**clean, "program_type": "php", "weekly_hours_min": "30", "weekly_hours_max": "20"})
    rows.append({**clean, "program_type": "php", "therapies": "cbt|hypnosis"})
    path = tmp_path / "bad.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    before = export()
    errors = StringIO()
    with pytest.raises(CommandError, match="row\\(s\\) have problems"):
        call_command("import_facilities", str(path), stdout=StringIO(), stderr=errors)
    report = errors.getvalue()
    assert "row 2: state: Value 'ZZ' is not a valid choice." in report
    assert "row 3: evening must be yes or no or empty, not 'sometimes'" in report
    assert "row 4: is_published must be yes or no" in report
    assert "row 5: weekly_hours_max: Must not be less than the minimum." in report
    assert "row 6: unknown therapies: hypnosis" in report
    assert export() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"slug,name\nx,y\n", "missing the column(s)"),
        ("slug\n".encode("utf-16"), "not UTF-8"),
        (",".join(COLUMNS).encode() + b"\nharbor,Harbor,12 Elm", "looks truncated"),
    ],
    ids=["wrong columns", "bad encoding", "truncated"],
)
def test_a_broken_file_changes_nothing(listings, tmp_path, content, message):
    before = export()
    (tmp_path / "broken.csv").write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        import_file(tmp_path / "broken.csv")
    assert message in str(error.value)
    assert export() == before


def test_a_dry_run_writes_nothing(listings, tmp_path):
    (tmp_path / "facilities.csv").write_text(export(), encoding="utf-8")
    Facility.objects.all().delete()
    output = import_file(tmp_path / "facilities.csv", "--dry-run")
    assert "Dry run, nothing written. Created 2" in output
    assert Facility.objects.count() == 0


def test_a_source_record_cannot_be_given_to_a_second_facility(listings, tmp_path, make_facility):
    rows = list(csv.DictReader(StringIO(export())))
    other = {**rows[0], "slug": "another-slug", "name": "Copy"}
    path = tmp_path / "copy.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow(other)
    with pytest.raises(CommandError, match="already belongs to"):
        import_file(path)


def test_two_new_facilities_in_one_file_cannot_share_a_source_record(listings, tmp_path):
    rows = list(csv.DictReader(StringIO(export())))
    first = {**rows[0], "slug": "first-copy", "source_id": "samhsa-new"}
    second = {**rows[0], "slug": "second-copy", "source_id": "samhsa-new"}
    before = export()
    with pytest.raises(CommandError, match="Nothing was imported: second-copy: source record samhsa/samhsa-new"):
        import_file(write_rows(tmp_path / "twins.csv", [first, second]))
    assert export() == before


def test_the_file_wins_over_a_curators_edit_for_every_field_and_list_in_it(listings, tmp_path):
    path = tmp_path / "facilities.csv"
    path.write_text(export(), encoding="utf-8")
    rich = Facility.objects.get(name="Harbor Light Recovery")
    rich.phone, rich.website = "(937) 555-0150", ""  # curated in admin after the export
    rich.save()
    rich.languages.clear()
    rich.payment_options.add(PaymentOption.objects.get(slug="medicare"))
    evening = rich.programs.get(name="Evening IOP")
    evening.weekly_hours_min = Decimal("6")
    evening.save()

    output = import_file(path)
    assert (
        f"{rich.slug}: phone '(937) 555-0150' → '(937) 555-0100'; website '' → 'https://example.org/harbor'" in output
    )
    rich.refresh_from_db()
    evening.refresh_from_db()
    assert (rich.phone, rich.website, evening.weekly_hours_min) == (
        "(937) 555-0100",
        "https://example.org/harbor",
        Decimal("9.5"),
    )
    assert set(rich.languages.values_list("slug", flat=True)) == {"spanish"}
    assert set(rich.payment_options.values_list("slug", flat=True)) == {"medicaid", "sliding-scale"}
    assert "Created 0, updated 0, unchanged 2" in import_file(path)


def test_programs_are_matched_by_type_and_name_and_none_is_deleted(listings, tmp_path, make_program):
    rich = listings[0]
    make_program(rich, name="Morning IOP", weekly_hours_min=Decimal("10"))
    rows = [row for row in csv.DictReader(StringIO(export())) if row["slug"] == rich.slug]
    by_name = {row["program_name"]: row for row in rows}
    by_name["Morning IOP"]["weekly_hours_min"] = "11"
    weekend = {**by_name["Evening IOP"], "program_name": "Weekend IOP", "weekend": "yes"}
    # The file lists Morning before Evening, adds Weekend and leaves the residential program out.
    path = write_rows(tmp_path / "programs.csv", [by_name["Morning IOP"], by_name["Evening IOP"], weekend])

    output = import_file(path)
    assert f"{rich.slug}: iop program weekly_hours_min; new iop program" in output
    programs = {program.name: program for program in rich.programs.all()}
    assert set(programs) == {"Evening IOP", "Morning IOP", "Weekend IOP", ""}  # the residential one is kept
    assert programs["Morning IOP"].weekly_hours_min == 11
    assert programs["Evening IOP"].weekly_hours_min == Decimal("9.5")
    assert programs["Weekend IOP"].weekend is True
    assert set(programs["Weekend IOP"].therapies.values_list("slug", flat=True)) == {"cbt", "dbt"}


def test_new_facilities_keep_the_slug_the_file_gives(listings, tmp_path):
    row = next(csv.DictReader(StringIO(export())))
    row.update(slug="harbor-light-annex", name="Harbor Light Annex", source_id="")
    output = import_file(write_rows(tmp_path / "annex.csv", [row]))
    assert "harbor-light-annex: new facility with 1 program(s)" in output
    annex = Facility.objects.get(slug="harbor-light-annex")
    assert annex.programs.get().name == "Evening IOP"
    assert annex.history.get().history_change_reason == "Imported from annex.csv"


def test_an_import_runs_the_same_number_of_queries_for_more_facilities(make_facility, make_program, tmp_path):
    def queries_to_import(count: int) -> int:
        for _ in range(count):
            facility = make_facility()
            facility.languages.set(Language.objects.filter(slug="spanish"))
            make_program(facility, therapies=["cbt"])
        content = export()
        Facility.objects.all().delete()
        (tmp_path / "file.csv").write_text(content, encoding="utf-8")
        with CaptureQueriesContext(connection) as queries:
            import_file(tmp_path / "file.csv")
        Facility.objects.all().delete()
        return len(queries)

    assert queries_to_import(2) == queries_to_import(6)


def test_curators_export_the_selected_facilities_from_admin(curator_client, listings):
    response = curator_client.post(
        reverse("admin:facilities_facility_changelist"),
        {"action": "export_csv", "_selected_action": [listings[0].pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(StringIO(response.content.decode())))
    assert {row["name"] for row in rows} == {"Harbor Light Recovery"}


def test_the_admin_import_previews_then_applies(curator_client, curator, listings):
    content = export().replace("(937) 555-0100", "(937) 555-0188")
    url = reverse("admin:facilities_facility_import_csv")
    upload = StringIO(content)
    upload.name = "phones.csv"

    uploaded = curator_client.post(url, {"file": upload})
    assert uploaded.status_code == 302  # to the preview job's page (imports.tasks runs it)
    preview = curator_client.get(uploaded["Location"])
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Preview: Dry run, nothing written. Created 0, updated 2, unchanged 0" in page
    assert "phone &#x27;(937) 555-0100&#x27; → &#x27;(937) 555-0188&#x27;" in page
    assert not Facility.objects.filter(phone="(937) 555-0188").exists()  # nothing written yet

    applied = curator_client.post(uploaded["Location"], {"apply": "1"})
    assert applied.status_code == 302
    assert "Imported: Created 0, updated 2, unchanged 0" in curator_client.get(applied["Location"]).content.decode()
    assert Facility.objects.filter(phone="(937) 555-0188").count() == 2
    assert Facility.objects.get(name="Harbor Light Recovery").history.first().history_user == curator

    again = curator_client.post(uploaded["Location"], {"apply": "1"})  # the preview was used up
    assert again.status_code == 302 and again["Location"] == url


def test_the_admin_import_shows_row_problems_without_an_apply_button(curator_client, listings):
    upload = StringIO(export().replace(",OH,", ",ZZ,"))
    upload.name = "bad.csv"
    url = reverse("admin:facilities_facility_import_csv")
    page = curator_client.post(url, {"file": upload}, follow=True).content.decode()
    assert "Nothing was imported: 3 row(s) have problems" in page
    assert "Rows with problems" in page
    assert 'name="apply"' not in page


def test_anonymous_visitors_cannot_reach_the_import_page(client):
    response = client.get(reverse("admin:facilities_facility_import_csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
