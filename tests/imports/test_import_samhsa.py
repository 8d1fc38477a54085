import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.models import Facility
from programs.models import Program, Therapy

pytestmark = pytest.mark.django_db

COLUMNS = [
    "name1",
    "name2",
    "street1",
    "street2",
    "city",
    "state",
    "zip",
    "phone",
    "intake1",
    "intake2",
    "intake1a",
    "intake2a",
    "service_code_info",
]
FULL_CODES = (
    "SA DT SUMH * OP OD OIT ODT RES RL * BU * PMAT * CBT TWFA TELE * PVTN * CARF * MD PI * SS * VET * "
    "SMON * FEM * SP * F4 * GCO FCO"
)


def directory_row(**values):
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        name1="Harbor Light Recovery",
        street1="12 Elm Street",
        city="Dayton",
        state="OH",
        zip="45402",
        phone="937-555-0100",
        service_code_info="SA * OP OIT * CBT * PVTN * MD",
    )
    row.update(values)
    return row


@pytest.fixture
def directory_file(tmp_path):
    def write(rows, name="directory.csv", columns=COLUMNS):
        path = tmp_path / name
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


def run_import(path, *args):
    out = StringIO()
    call_command("import_samhsa", str(path), *args, stdout=out)
    return out.getvalue()


def test_codes_map_onto_the_facility_its_programs_and_vocabularies(directory_file):
    path = directory_file([directory_row(name2="Adult Services", intake1="937-555-0101", service_code_info=FULL_CODES)])
    output = run_import(path)
    assert "Created 1," in output

    facility = Facility.objects.get()
    assert facility.source == Facility.Source.SAMHSA
    assert facility.intake_phone == "937-555-0101"
    assert facility.operator == Facility.Operator.PRIVATE_NONPROFIT
    assert (facility.detox_onsite, facility.co_occurring, facility.telehealth) == (True, True, True)
    assert facility.location_precision == Facility.LocationPrecision.ZIP  # ZIP centroid: the file has no coordinates
    assert facility.latitude == pytest.approx(39.76, abs=0.1)
    assert set(facility.payment_options.values_list("slug", flat=True)) == {
        "medicaid",
        "private-insurance",
        "sliding-scale",
    }
    assert set(facility.languages.values_list("slug", flat=True)) == {"spanish", "arabic"}
    assert set(facility.populations.values_list("slug", flat=True)) == {"veterans"}
    assert set(facility.eligibility.values_list("slug", flat=True)) == {"women-only"}  # FEM without MALE
    assert set(facility.services.values_list("slug", flat=True)) == {"smoke-free"}
    assert facility.unit_name == "Adult Services"
    # Treatment approaches are said of the facility (TAP and counseling codes), so they are the facility's.
    approaches = set(facility.approaches.values_list("slug", flat=True))
    assert approaches == {"cbt", "twelve-step", "group-therapy", "family-therapy"}
    assert set(facility.medications.values_list("slug", flat=True)) == {"buprenorphine"}
    assert set(facility.accreditations.values_list("slug", flat=True)) == {"carf"}

    programs = {program.type: program for program in facility.programs.all()}
    assert set(programs) == {"iop", "php", "residential"}
    assert all(program.name == "" for program in programs.values())  # the unit name is the facility's, not a level's
    assert programs["iop"].detox == Program.Detox.ONSITE  # OD: outpatient detox
    assert programs["residential"].detox == ""  # no RD: not reported
    assert programs["residential"].duration_weeks_min == 5  # RL only: more than 30 days
    # TELE and the medication codes are said of the facility: no level of care claims them.
    assert all(program.telehealth is None for program in programs.values())
    assert all(program.medication_management is None for program in programs.values())
    assert programs["iop"].weekly_hours_min is None  # the directory has no hours: not reported, never 0
    assert not any(program.therapies.exists() for program in programs.values())


def test_rows_without_an_iop_php_or_residential_program_are_skipped_and_counted(directory_file):
    path = directory_file(
        [directory_row(), directory_row(name1="Methadone Clinic", service_code_info="SA * OP OMB * MD")]
    )
    output = run_import(path)
    assert Facility.objects.count() == 1
    assert "skipped 1 (1 without an IOP, PHP or residential program" in output


def test_unknown_codes_are_reported_not_dropped_silently(directory_file):
    output = run_import(directory_file([directory_row(service_code_info="SA * OIT * ZZQ CBT")]))
    assert "Unknown service codes, not mapped: ZZQ (1)" in output


def test_row_problems_name_the_row_and_the_rest_is_imported(directory_file):
    rows = [directory_row(), directory_row(name1="Bad State", state="XX"), directory_row(name1="Bad Zip", zip="4540")]
    output = run_import(directory_file(rows))
    assert "row 3: unknown state 'XX'" in output
    assert "row 4: ZIP code '4540' is not 5 digits or ZIP+4" in output
    assert list(Facility.objects.values_list("name", flat=True)) == ["Harbor Light Recovery"]


def test_coordinates_in_the_file_are_used_and_marked_exact(directory_file):
    columns = [*COLUMNS, "latitude", "longitude"]
    path = directory_file([directory_row(latitude="39.7501", longitude="-84.2001")], columns=columns)
    run_import(path)
    facility = Facility.objects.get()
    assert (facility.latitude, facility.longitude) == (39.7501, -84.2001)
    assert facility.location_precision == Facility.LocationPrecision.ADDRESS


def test_a_file_without_coordinates_never_replaces_coordinates_a_facility_has(directory_file):
    columns = [*COLUMNS, "latitude", "longitude"]
    run_import(directory_file([directory_row(latitude="39.7501", longitude="-84.2001")], columns=columns))
    output = run_import(directory_file([directory_row()], name="workbook-like.csv"))
    facility = Facility.objects.get()
    assert (facility.latitude, facility.longitude, facility.location_precision) == (39.7501, -84.2001, "address")
    assert "unchanged 1" in output


def test_an_unknown_zip_without_coordinates_is_left_for_the_geocoder(directory_file):
    run_import(directory_file([directory_row(zip="00000")]))
    facility = Facility.objects.get()
    assert facility.latitude is None and facility.location_precision == ""


def test_re_running_the_same_file_changes_nothing(directory_file):
    path = directory_file([directory_row(service_code_info=FULL_CODES), directory_row(name1="Second Place")])
    run_import(path)
    history = (Facility.history.count(), Program.history.count())
    updated = dict(Facility.objects.values_list("pk", "updated_at"))

    with CaptureQueriesContext(connection) as queries:
        output = run_import(path)
    assert "Created 0, updated 0, unchanged 2," in output
    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))] == []
    assert (Facility.history.count(), Program.history.count()) == history
    assert dict(Facility.objects.values_list("pk", "updated_at")) == updated


def test_sub_units_at_one_address_are_told_apart_by_name2_and_identical_rows_by_order(directory_file):
    rows = [
        directory_row(name2="Adolescent Program"),
        directory_row(name2="Adult Program"),
        directory_row(name1="Twin House"),
        directory_row(name1="Twin House"),
    ]
    path = directory_file(rows)
    output = run_import(path)
    assert Facility.objects.count() == 4
    assert len(set(Facility.objects.values_list("source_id", flat=True))) == 4
    assert "rows 4, 5 are identical" in output
    assert "unchanged 4" in run_import(path)
    # The second name line names the unit (the facility), not its level of care.
    assert set(Facility.objects.values_list("unit_name", flat=True)) == {"Adolescent Program", "Adult Program", ""}
    assert set(Program.objects.values_list("name", flat=True)) == {""}


def test_a_new_edition_updates_adds_and_lists_what_is_missing(directory_file):
    run_import(directory_file([directory_row(), directory_row(name1="Closed Clinic")]))
    new_edition = directory_file(
        [directory_row(phone="937-555-0199"), directory_row(name1="New Clinic")], name="edition2.csv"
    )
    output = run_import(new_edition)
    assert "Created 1, updated 1, unchanged 0" in output
    assert Facility.objects.get(name="Harbor Light Recovery").phone == "937-555-0199"
    assert "Not in this edition" in output and "Closed Clinic" in output
    assert Facility.objects.get(name="Closed Clinic").is_published  # listed, not touched without the flag

    output = run_import(new_edition, "--unpublish-missing")
    closed = Facility.objects.get(name="Closed Clinic")  # never deleted
    assert closed.is_published is False
    assert closed.history.first().history_change_reason.endswith("not in this edition")


def test_a_curator_edit_survives_a_re_import_and_is_reported_as_a_conflict(directory_file):
    path = directory_file([directory_row(service_code_info=FULL_CODES)])
    run_import(path)
    facility = Facility.objects.get()
    facility.phone = "937-555-0150"  # the curator called and fixed it
    facility.save()
    facility.languages.remove(facility.languages.get(slug="arabic"))
    iop = facility.programs.get(type="iop")
    iop.weekly_hours_min, iop.weekly_hours_max, iop.detox = 9, 12, Program.Detox.REFERRAL
    iop.save()

    output = run_import(path)
    facility.refresh_from_db()
    iop.refresh_from_db()
    assert facility.phone == "937-555-0150"
    assert (
        "Harbor Light Recovery (Dayton, OH): phone: directory says '937-555-0100', curated value is '937-555-0150'"
        in output
    )
    assert set(facility.languages.values_list("slug", flat=True)) == {"spanish"}
    assert "languages: directory says ['arabic', 'spanish']" in output
    assert iop.detox == Program.Detox.REFERRAL and iop.weekly_hours_max == 12
    assert "iop program detox: directory says 'onsite', curated value is 'referral'" in output

    # A later edition changes another field: that one follows the directory, the curated ones stay.
    edition = directory_file([directory_row(service_code_info=FULL_CODES, street2="Suite 2")], name="edition2.csv")
    run_import(edition)
    facility.refresh_from_db()
    assert (facility.street2, facility.phone) == ("Suite 2", "937-555-0150")


def test_program_facts_an_older_mapping_copied_from_the_facility_are_cleared_and_reported(directory_file):
    path = directory_file([directory_row(service_code_info="SA * OP OIT * CBT * TELE * PVTN * MD")])
    run_import(path)
    program = Program.objects.get()
    # What the earlier mapping wrote: the facility's TELE copied onto the program, and recorded as the source's.
    program.telehealth = True
    program.save()
    facility = program.facility
    facility.source_values["programs"]["iop"]["fields"]["telehealth"] = True
    facility.save()

    output = run_import(path)

    program.refresh_from_db()
    assert program.telehealth is None
    assert Facility.objects.get().telehealth is True
    assert "Created 0, updated 1," in output


def test_importing_the_new_mapping_over_the_old_one_leaves_no_stale_program_facts(directory_file):
    codes = "SA * OIT RES * CBT TWFA SHG * PVTN * YAD * FEM * TA * NMOA * BU"
    path = directory_file([directory_row(name2="Residential Services", service_code_info=codes)])
    run_import(path)
    facility = Facility.objects.get()
    # Make the database what the old mapping wrote, and record it as the source's word, as that import did.
    old = {"populations": ["women", "young-adults"], "medications": ["buprenorphine"]}
    for name, slugs in old.items():
        getattr(facility, name).set(getattr(facility, name).model.objects.filter(slug__in=slugs))
    for name in ("eligibility", "ages", "approaches", "services"):  # lists the old mapping did not have
        getattr(facility, name).clear()
        del facility.source_values["vocabularies"][name]
    facility.source_values["vocabularies"].update(old)
    facility.unit_name = ""
    del facility.source_values["fields"]["unit_name"]
    for program in facility.programs.all():
        program.name = "Residential Services"
        program.therapies.set(Therapy.objects.filter(slug__in=["cbt", "twelve-step"]))
        tracked = facility.source_values["programs"][program.type]
        tracked["fields"]["name"], tracked["therapies"] = "Residential Services", ["cbt", "twelve-step"]
        program.save()
    facility.save()

    output = run_import(path)

    facility = Facility.objects.get()
    assert facility.unit_name == "Residential Services"
    assert list(facility.populations.all()) == []  # FEM and YAD are not special programs
    assert list(facility.medications.all()) == []  # NMOA: no medication for opioid use disorder
    assert set(facility.eligibility.values_list("slug", flat=True)) == {"women-only", "no-opioid-medication"}
    assert list(facility.ages.values_list("slug", flat=True)) == ["young-adults"]
    assert set(facility.services.values_list("slug", flat=True)) == {"self-help-groups", "transportation"}
    assert set(facility.approaches.values_list("slug", flat=True)) == {"cbt", "twelve-step"}
    for program in facility.programs.all():
        assert program.name == "" and not program.therapies.exists()
    assert "Created 0, updated 1," in output
    assert "iop program name, therapies" in output and "populations 'women|young-adults' → ''" in output
    assert "conflicts 0" in output


def test_a_curator_who_set_a_programs_telehealth_keeps_it(directory_file):
    path = directory_file([directory_row(service_code_info="SA * OP OIT * CBT * TELE * PVTN * MD")])
    run_import(path)
    program = Program.objects.get()
    program.telehealth = False  # the curator asked: this program meets in person only
    program.save()
    run_import(path)
    program.refresh_from_db()
    assert program.telehealth is False


def test_a_csv_edit_of_an_imported_facility_counts_as_a_curators_edit(directory_file, tmp_path):
    path = directory_file([directory_row(service_code_info=FULL_CODES)])
    run_import(path)
    exported = StringIO()
    call_command("export_facilities", stdout=exported)
    rows = list(csv.DictReader(StringIO(exported.getvalue())))
    for row in rows:
        row["phone"] = "937-555-0150"
        if row["program_type"] == "iop":
            row["program_notes"] = "Evening groups."
    with open(tmp_path / "edited.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    call_command("import_facilities", str(tmp_path / "edited.csv"), stdout=StringIO())

    output = run_import(path)
    facility = Facility.objects.get()
    assert facility.phone == "937-555-0150"
    assert facility.programs.get(type="iop").notes == "Evening groups."
    assert "phone: directory says '937-555-0100', curated value is '937-555-0150'" in output
    assert "iop program notes: directory says '', curated value is 'Evening groups.'" in output
    assert "Created 0, updated 0, unchanged 1, " in output


def test_a_dry_run_reports_and_writes_nothing(directory_file):
    output = run_import(directory_file([directory_row(), directory_row(name1="Other")]), "--dry-run")
    assert output.strip().splitlines()[-1].startswith("Dry run, nothing written. Created 2,")
    assert Facility.objects.count() == 0 and Program.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name1,street1\nA,B\n", "missing the column(s) name2"),
        ("name1,name2\n".encode("utf-16"), "not UTF-8"),
        (b"", "is empty"),
        (",".join(COLUMNS).encode() + b"\nHarbor,,12 Elm,,Dayton,OH,45402,937", "looks truncated"),
        (b'name1,"unclosed\n', "missing the column"),
    ],
    ids=["wrong columns", "bad encoding", "empty", "truncated", "broken quoting"],
)
def test_a_broken_file_changes_nothing_and_says_why(directory_file, tmp_path, content, message):
    run_import(directory_file([directory_row()]))
    before = list(Facility.objects.values_list("pk", "phone"))
    broken = tmp_path / "broken.csv"
    broken.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        run_import(broken)
    assert message in str(error.value)
    assert list(Facility.objects.values_list("pk", "phone")) == before


def test_a_workbook_without_the_facilities_sheet_is_refused(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Sheet1"
    workbook.save(tmp_path / "wrong.xlsx")
    with pytest.raises(CommandError, match="no sheet named 'Facilities List'"):
        run_import(tmp_path / "wrong.xlsx")


def test_a_truncated_workbook_is_refused(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Facilities List"
    sheet.append(COLUMNS)
    sheet.append(list(directory_row().values()))
    workbook.save(tmp_path / "whole.xlsx")
    data = (tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match=r"not a readable \.xlsx workbook"):
        run_import(tmp_path / "cut.xlsx")
    assert Facility.objects.count() == 0


def test_a_workbook_in_the_directory_format_imports(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Facilities List"
    sheet.append([column.capitalize() for column in COLUMNS])  # the workbook's headers are capitalised
    sheet.append([value or None for value in directory_row(service_code_info=FULL_CODES).values()])
    workbook.save(tmp_path / "directory.xlsx")
    assert "Created 1," in run_import(tmp_path / "directory.xlsx")
    assert Facility.objects.get().programs.count() == 3
