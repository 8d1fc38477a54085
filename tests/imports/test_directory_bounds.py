"""Files that would make the importer read without end, or that openpyxl cannot parse: "Nothing was imported", said
quickly and in bounded memory."""

import csv
import gzip
import re
import time
import tracemalloc
import zipfile
from contextlib import contextmanager

import pytest
from django.core.management import CommandError
from openpyxl import Workbook

from facilities.models import Facility
from imports.directory_file import DirectoryFileError, read_directory
from tests.imports.test_import_samhsa import COLUMNS, directory_row, run_import

pytestmark = pytest.mark.django_db
SHEET_XML = "xl/worksheets/sheet1.xml"
LAST_EXCEL_ROW = 1_048_576


@contextmanager
def bounded(*, megabytes: int, seconds: int):
    tracemalloc.start()
    started = time.monotonic()
    try:
        yield
    finally:
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    assert peak < megabytes, f"peak {peak:.0f} MB"
    assert elapsed < seconds, f"{elapsed:.1f} s"


def write_workbook(path, rows=1, far_row=None):
    """A directory workbook of `rows` facilities, and one more cell as far down as far_row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Facilities List"
    sheet.append(COLUMNS)
    for number in range(rows):
        sheet.append(list(directory_row(name1=f"Harbor Light Recovery {number}").values()))
    if far_row:
        sheet.cell(row=far_row, column=1, value="Harbor Light Annex")
    workbook.save(path)
    return path


def rewrite(path, change, member=SHEET_XML):
    """The workbook with one member passed through change, the others as they were."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members[member] = change(members[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def declaring(ref: str):
    """A change that makes the sheet declare its size as `ref` (openpyxl writes A1:M2 for a header and a row)."""
    return lambda xml: re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>'.encode(), xml)


def test_a_5_kb_workbook_declaring_a_million_rows_is_refused_before_it_is_read(tmp_path):
    path = rewrite(write_workbook(tmp_path / "hostile.xlsx", far_row=LAST_EXCEL_ROW), declaring("A1:XFD1048576"))
    assert path.stat().st_size < 6_000
    with bounded(megabytes=100, seconds=10), pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value).startswith(
        "Nothing was imported: hostile.xlsx declares 1,048,576 rows in 'Facilities List';"
        " the national directory has about 13,000"
    )
    assert not Facility.objects.exists()


def test_a_sheet_with_more_rows_than_the_bound_is_refused_whatever_size_it_declares(tmp_path):
    path = rewrite(write_workbook(tmp_path / "far.xlsx", far_row=LAST_EXCEL_ROW), declaring("A1:M2"))
    with bounded(megabytes=100, seconds=10), pytest.raises(CommandError, match="has more than 200,000 rows"):
        run_import(path)
    assert not Facility.objects.exists()


def test_a_declared_size_smaller_than_the_sheet_loses_no_rows(tmp_path):
    path = rewrite(write_workbook(tmp_path / "short.xlsx", rows=3), declaring("A1:M2"))
    assert "Created 3," in run_import(path)


def test_a_sheet_declaring_16384_columns_is_read_only_as_far_as_the_directory_columns(tmp_path):
    path = rewrite(write_workbook(tmp_path / "wide.xlsx", rows=1_000), declaring("A1:XFD1001"))
    with bounded(megabytes=50, seconds=10):
        directory = read_directory(path)
    assert len(directory.rows) == 1_000
    assert list(directory.rows[0][1]) == COLUMNS


def test_a_workbook_that_unpacks_past_the_bound_is_refused_before_it_is_opened(tmp_path):
    path = write_workbook(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    head, tail = re.sub(rb'<dimension ref="[^"]*" ?/>', b"", members.pop(SHEET_XML)).split(b"</sheetData>")
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 30_000  # 1.5 MB of rows with a value
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        with archive.open(SHEET_XML, "w") as sheet:
            sheet.write(head)
            for _ in range(140):
                sheet.write(rows)
            sheet.write(b"</sheetData>" + tail)
    assert path.stat().st_size < 2_000_000

    with bounded(megabytes=100, seconds=10), pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert re.match(r"Nothing was imported: bomb\.xlsx unpacks to 2\d\d MB;", message)
    assert message.endswith("(at most 200 MB is read).")
    assert not Facility.objects.exists()


def replace_first_name(cell: bytes):
    """A change that puts `cell` where the first facility's name is."""
    return lambda xml: re.sub(rb'<c r="A2" .*?</c>', cell, xml, count=1)


@pytest.mark.parametrize(
    ("member", "change", "message"),
    [
        (SHEET_XML, lambda xml: xml[: xml.index(b"</row>") + 3], "unclosed token"),
        (SHEET_XML, lambda xml: xml.replace(b"</row>", b"</rows>", 1), "mismatched tag"),
        ("xl/workbook.xml", lambda xml: xml.replace(b"<sheets>", b"<sheets", 1), "not well-formed"),
        (SHEET_XML, replace_first_name(b'<c r="A2" t="n"><v>Harbor</v></c>'), "invalid literal"),
        (SHEET_XML, replace_first_name(b'<c r="A2" t="s"><v>7</v></c>'), "list index out of range"),
        (SHEET_XML, lambda xml: xml.replace(b'baseColWidth="8"', b'baseColWidth="wide"'), "expected <class 'int'>"),
    ],
    ids=[
        "sheet cut mid-tag",
        "sheet not well-formed",
        "workbook.xml not well-formed",
        "text in a number cell",
        "shared string that is not there",
        "attribute of the wrong type",
    ],
)
def test_a_workbook_openpyxl_cannot_parse_says_nothing_was_imported(tmp_path, member, change, message):
    path = rewrite(write_workbook(tmp_path / "damaged.xlsx"), change, member)
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value).startswith("Nothing was imported: damaged.xlsx ")
    assert "(truncated or damaged?)" in str(error.value)
    assert message in str(error.value)
    assert not Facility.objects.exists()


def write_csv(path, rows, columns=COLUMNS):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_csv_with_hundreds_of_columns_is_refused(tmp_path):
    columns = [*COLUMNS, *(f"extra{number}" for number in range(300))]
    path = write_csv(tmp_path / "directory.csv", [directory_row()], columns)
    with pytest.raises(CommandError, match=r"Nothing was imported: directory\.csv has 313 columns;"):
        run_import(path)
    assert not Facility.objects.exists()


def test_a_csv_with_more_rows_than_a_directory_has_is_refused(tmp_path):
    path = tmp_path / "long.csv"
    whole_row = ",".join(directory_row().values()) + "\n"  # a short last row would be refused as a cut file
    path.write_text(",".join(COLUMNS) + "\n" + "Harbor Light Recovery\n" * 250_000 + whole_row)
    with pytest.raises(DirectoryFileError, match="more than 200,000 rows"):
        read_directory(path)


def test_a_small_gzip_that_unpacks_past_the_bound_is_refused(tmp_path):
    path = tmp_path / "bomb.csv.gz"
    rows = (",".join(directory_row().values()) + "\n").encode() * 10_000
    with gzip.open(path, "wb") as handle:
        handle.write(",".join(COLUMNS).encode() + b"\n")
        for _ in range(170):  # 1.7 million rows, 101 MB of text
            handle.write(rows)
    assert path.stat().st_size < 2_000_000

    with bounded(megabytes=200, seconds=10), pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value) == (
        "Nothing was imported: bomb.csv.gz is more than 100 MB of text; the national directory is about 7 MB."
    )
    assert not Facility.objects.exists()


def test_a_field_longer_than_the_csv_module_allows_is_refused(tmp_path):
    path = write_csv(tmp_path / "directory.csv", [directory_row(service_code_info="SA * OIT " * 20_000)])
    with pytest.raises(CommandError, match=r"not valid CSV: field larger than field limit \(131072\)"):
        run_import(path)
    assert not Facility.objects.exists()
