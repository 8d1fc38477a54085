"""The directory `make run` loads: shipped compressed in data/, read as it is, loaded only into an empty database."""

import csv
import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from facilities.models import Facility
from imports.management.commands.load_directory import DIRECTORY
from imports.samhsa import DirectoryFileError, read_directory
from tests.imports.test_import_samhsa import COLUMNS, directory_row, run_import

pytestmark = pytest.mark.django_db


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
