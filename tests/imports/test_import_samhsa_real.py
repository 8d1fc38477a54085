"""The real 2023 national directory from ../shared/data: counts against the file, then idempotence."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from facilities.models import Facility
from programs.models import Program
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db
CSV_FILE = SHARED_DATA / "samhsa_su_facilities_2023.csv"
WORKBOOK = SHARED_DATA / "samhsa_national_directory_su_2023.xlsx"


def expected_counts() -> dict[str, int]:
    """Counted straight from the file, independently of the importer's own parsing."""
    counts = {"iop": 0, "php": 0, "residential": 0, "facilities": 0}
    with open(CSV_FILE, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            codes = set(row["service_code_info"].split())
            counts["iop"] += "OIT" in codes
            counts["php"] += "ODT" in codes
            counts["residential"] += bool(codes & {"RES", "RS", "RL"})
            counts["facilities"] += bool(codes & {"OIT", "ODT", "RES", "RS", "RL"})
    return counts


def run_import(path) -> str:
    out = StringIO()
    call_command("import_samhsa", str(path), stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.mark.skipif(not CSV_FILE.exists() or not WORKBOOK.exists(), reason="shared data absent")
def test_the_2023_directory_imports_with_every_program_and_a_second_run_changes_nothing(client):
    expected = expected_counts()
    summary = run_import(CSV_FILE)

    assert summary.startswith(f"Created {expected['facilities']:,}, updated 0")
    assert "unknown codes 0" in summary
    assert Facility.objects.count() == expected["facilities"]
    for program_type in ("iop", "php", "residential"):
        assert Program.objects.filter(type=program_type).count() == expected[program_type], program_type
    assert Facility.objects.filter(latitude__isnull=True).count() == 0

    assert run_import(CSV_FILE).startswith(f"Created 0, updated 0, unchanged {expected['facilities']:,}")
    # The workbook is the same edition without coordinates: nothing to change either.
    assert run_import(WORKBOOK).startswith(f"Created 0, updated 0, unchanged {expected['facilities']:,}")

    # A real program anywhere in the country now has its public page.
    facility = Facility.objects.filter(state="AK", programs__type="iop").first()
    response = client.get(facility.get_absolute_url())
    assert response.status_code == 200
    assert facility.name in response.content.decode()
