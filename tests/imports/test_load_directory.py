"""The directory `make run` loads: shipped compressed in data/, read as it is, loaded only into an empty database."""

import csv
import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from facilities.models import Facility
from imports.directory_file import DirectoryFileError, read_directory
from imports.management.commands.load_directory import DIRECTORY
from programs.models import Program
from tests.imports.test_import_samhsa import COLUMNS, directory_row, run_import

pytestmark = pytest.mark.django_db
# Who-is-served entry -> the directory code that says it ("" for women-only and men-only: from FEM and MALE).
ELIGIBILITY_CODES = {
    "women-only": "",
    "men-only": "",
    "dui-dwi-only": "DUO",
    "opioid-use-disorder-only": "OUDO",
    "alcohol-use-disorder-only": "AUDO",
    "no-alcohol-use-disorder": "NAUT",
    "no-opioid-use-disorder": "NOOP",
    "no-opioid-medication": "NMOA",
    "no-alcohol-medication": "NMAUT",
    "accepts-outside-medication": "MOA",
    "accepts-outside-alcohol-medication": "ACMA",
}


def test_the_shipped_directory_is_the_whole_2023_edition():
    directory = read_directory(DIRECTORY)
    assert len(directory.rows) == 12_744
    first_number, first = directory.rows[0]
    assert first_number == 2  # row numbers as a spreadsheet shows them
    assert first["facility_id"] == "SU2023-00001"
    assert {"latitude", "longitude", "geo_source", "service_code_info"} <= set(first)


def one_row_csv() -> bytes:
    text = StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerow(directory_row())
    return text.getvalue().encode()


def test_a_gzipped_csv_imports_like_the_plain_file(tmp_path):
    packed = tmp_path / "directory.csv.gz"
    packed.write_bytes(gzip.compress(one_row_csv()))
    assert "Created 1," in run_import(packed)
    assert Facility.objects.get().name == "Harbor Light Recovery"


def test_a_truncated_gzip_file_is_refused_and_changes_nothing(tmp_path):
    packed = tmp_path / "directory.csv.gz"
    packed.write_bytes(gzip.compress(one_row_csv())[:40])
    with pytest.raises(DirectoryFileError, match="not a readable gzip file"):
        read_directory(packed)
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(packed)
    assert not Facility.objects.exists()


def test_load_directory_leaves_a_database_with_facilities_alone(make_facility):
    make_facility(name="Curated Listing")
    out = StringIO()
    call_command("load_directory", stdout=out)
    assert "Skipped the national directory: the database already has 1 facilities." in out.getvalue()
    assert list(Facility.objects.values_list("name", flat=True)) == ["Curated Listing"]


def shipped_rows() -> list[dict[str, str]]:
    """The shipped file read with the csv module alone, independently of the importer."""
    with gzip.open(DIRECTORY, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_make_run_loads_every_listed_program_once_with_its_operator():
    rows = [set(row["service_code_info"].split()) for row in shipped_rows()]
    with_programs = [codes for codes in rows if codes & {"OIT", "ODT", "RES", "RS", "RL"}]

    out = StringIO()
    call_command("load_directory", stdout=out)

    assert f"Created {len(with_programs):,}, updated 0" in out.getvalue()
    assert Facility.objects.count() == len(with_programs) == 7_957
    counts = {
        "iop": sum("OIT" in codes for codes in rows),
        "php": sum("ODT" in codes for codes in rows),
        "residential": sum(bool(codes & {"RES", "RS", "RL"}) for codes in rows),
    }
    for program_type, expected in counts.items():
        assert Program.objects.filter(type=program_type).count() == expected, program_type
    # Every VA, IHS and Defense facility also carries FED; each is named for who runs it, not "federal".
    for code, operator in (("VAMC", "va"), ("IH", "ihs"), ("DDF", "dod")):
        assert Facility.objects.filter(operator=operator).count() == sum(code in codes for codes in with_programs)
    assert Facility.objects.filter(operator="va").count() == 133
    operator_codes = {"VAMC", "IH", "DDF", "TBG", "FED", "STG", "LCCG", "PVTN", "PVTP"}
    only_federal = sum(codes & operator_codes == {"FED"} for codes in with_programs)
    assert Facility.objects.filter(operator="federal_government").count() == only_federal
    # Telehealth only where TELE is listed, and only on the facility.
    assert Facility.objects.filter(telehealth=True).count() == sum("TELE" in codes for codes in with_programs)
    assert not Program.objects.filter(telehealth__isnull=False).exists()
    assert not Program.objects.filter(medication_management__isnull=False).exists()
    # Who is served: one accepted gender makes a women-only or men-only facility; each limit keeps its own code.
    eligible = {slug: Facility.objects.filter(eligibility__slug=slug).count() for slug in ELIGIBILITY_CODES}
    assert eligible["women-only"] == sum("FEM" in codes and "MALE" not in codes for codes in with_programs) == 637
    assert eligible["men-only"] == sum("MALE" in codes and "FEM" not in codes for codes in with_programs) == 725
    for slug, code in ELIGIBILITY_CODES.items():
        if code:
            assert eligible[slug] == sum(code in codes for codes in with_programs), slug
    no_medication = Facility.objects.filter(eligibility__slug="no-opioid-medication")
    assert not no_medication.filter(medications__slug__in=["buprenorphine", "methadone"]).exists()
    # Ages accepted are not special programs: YAD alone never says "young adults" among the groups served.
    assert Facility.objects.filter(ages__slug="young-adults").count() == sum("YAD" in codes for codes in with_programs)
    assert Facility.objects.filter(populations__slug="young-adults").count() == sum(
        "TAY" in codes for codes in with_programs
    )
    assert Facility.objects.filter(services__slug="transportation").count() == sum(
        "TA" in codes for codes in with_programs
    )
    # Self-help groups are a support service, not 12-step facilitation; the unit name is never a level's name.
    assert Facility.objects.filter(approaches__slug="twelve-step").count() == sum(
        "TWFA" in codes for codes in with_programs
    )
    assert not Program.objects.exclude(name="").exists()
    assert not Program.objects.filter(therapies__isnull=False).exists()
    assert {facility.provenance for facility in Facility.objects.all()[:50]} == {
        "From SAMHSA's National Directory 2023 (a 2022 survey). Not yet verified by our staff."
    }
