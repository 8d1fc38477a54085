"""Reading a national directory file, bounded: the workbook (sheet "Facilities List") or its CSV export.

Both have the same columns. A hostile or damaged file is refused with a DirectoryFileError ("Nothing was
imported: …") before it can take much memory: the declared size is checked before reading, only the columns the
importer uses are read, and openpyxl's parse errors are caught. imports.samhsa maps the rows.
"""

import csv
import gzip
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SHEET = "Facilities List"
LEGEND_SHEET = "Service Code Reference"
REQUIRED_COLUMNS = ["name1", "name2", "street1", "street2", "city", "state", "zip", "phone", "service_code_info"]
INTAKE_COLUMNS = ["intake1", "intake2", "intake1a", "intake2a"]


class DirectoryFileError(Exception):
    """The whole file is unusable; nothing is imported."""


# Bounds on what a file can make the importer read, each about 15 times the 2023 edition (12,744 rows; 13 columns,
# 18 in the CSV export; a workbook that unpacks to 12 MB; a 6.7 MB CSV): past them a file is refused, not read.
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_WORKBOOK_BYTES = 200_000_000  # unpacked
MAX_CSV_BYTES = 100_000_000  # after gzip
# The columns the importer reads; a workbook's rows are read only as far as the last of them.
READ_COLUMNS = {*REQUIRED_COLUMNS, *INTAKE_COLUMNS, "latitude", "longitude", "geo_source"}
# What openpyxl raises on a damaged workbook: XML that is not well-formed (xml.etree's ParseError and lxml's
# XMLSyntaxError are both SyntaxErrors), a damaged zip member, or a cell that is not what its type says.
UNREADABLE_WORKBOOK = (
    SyntaxError,
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OverflowError,
)


@dataclass
class DirectoryFile:
    rows: list[tuple[int, dict[str, str]]]  # (row number as a spreadsheet shows it, values by column)
    legend: set[str] = field(default_factory=set)  # codes of the workbook's own legend, when it has one


def read_directory(path: str | Path) -> DirectoryFile:
    path = Path(path)
    if not path.is_file():
        raise DirectoryFileError(f"{path} does not exist or is not a file.")
    name = path.name.lower()
    if name.endswith(".xlsx"):
        return _read_workbook(path)
    if name.endswith((".csv", ".csv.gz")):
        return DirectoryFile(rows=_read_csv(path))
    raise DirectoryFileError(
        f"{path.name}: expected the directory workbook (.xlsx) or a CSV export (.csv, or .csv.gz compressed)."
    )


def _read_workbook(path: Path) -> DirectoryFile:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as archive:
            # zipfile never unpacks a member past the size the archive lists for it, so this bounds the reading.
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_WORKBOOK_BYTES:
            raise DirectoryFileError(
                f"{path.name} unpacks to {unpacked / 1e6:,.0f} MB; the national directory's workbook unpacks to"
                f" about 12 MB (at most {MAX_WORKBOOK_BYTES / 1e6:,.0f} MB is read)."
            )
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *UNREADABLE_WORKBOOK) as error:
        raise DirectoryFileError(
            f"{path.name} is not a readable .xlsx workbook (truncated or damaged?): {error}"
        ) from None
    try:
        if SHEET not in workbook.sheetnames:
            raise DirectoryFileError(
                f"{path.name} has no sheet named {SHEET!r} (it has: {', '.join(workbook.sheetnames)})."
            )
        try:
            facilities = _sheet(workbook, SHEET, path.name)
            codes = _sheet(workbook, LEGEND_SHEET, path.name) if LEGEND_SHEET in workbook.sheetnames else None
        except UNREADABLE_WORKBOOK as error:
            raise DirectoryFileError(f"{path.name} could not be read (truncated or damaged?): {error}") from None
        rows = _rows_from_lines(_workbook_lines(facilities, path.name), path.name)
        legend = set()
        if codes is not None:
            for line in _sheet_lines(codes, path.name, min_row=2, max_row=MAX_ROWS, max_col=3):
                if line[2]:
                    legend.add(line[2].strip())
    finally:
        workbook.close()
    return DirectoryFile(rows=rows, legend=legend)


def _sheet(workbook, title: str, name: str):
    """The sheet, refused before it is read when it declares more rows than MAX_ROWS."""
    sheet = workbook[title]
    # openpyxl takes the sheet's size from its <dimension ref="A1:M12745"/>, which the file itself states.
    if (sheet.max_row or 0) > MAX_ROWS:
        raise DirectoryFileError(
            f"{name} declares {sheet.max_row:,} rows in {title!r}; the national directory has about 13,000"
            f" (at most {MAX_ROWS:,} are read)."
        )
    # Read the rows the sheet has: openpyxl would stop at a declared last row smaller than the data, silently.
    sheet.reset_dimensions()
    return sheet


def _workbook_lines(sheet, name: str) -> Iterator[tuple[str, ...]]:
    """The header, then each row cut after the last column the importer reads (a sheet can declare 16,384)."""
    header = next(_sheet_lines(sheet, name, max_row=1, max_col=MAX_COLUMNS), None)
    if header is None:
        return
    known = (number for number, column in enumerate(header, start=1) if column.strip().lower() in READ_COLUMNS)
    width = max(known, default=len(header))
    yield header[:width]
    yield from _sheet_lines(sheet, name, min_row=2, max_col=width)


def _sheet_lines(
    sheet, name: str, *, max_col: int, min_row: int = 1, max_row: int | None = None
) -> Iterator[tuple[str, ...]]:
    """The sheet's rows as text, max_col cells each, one at a time (a missing row comes as an empty one)."""
    try:
        for values in sheet.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col, values_only=True):
            yield tuple("" if value is None else str(value) for value in values)
    except UNREADABLE_WORKBOOK as error:
        raise DirectoryFileError(f"{name} could not be read to the end (truncated or damaged?): {error}") from None


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.open(path) as handle:
                data = _read_at_most(handle, MAX_CSV_BYTES)
        except (OSError, EOFError) as error:  # gzip.BadGzipFile is an OSError; EOFError: cut short
            raise DirectoryFileError(f"{path.name} is not a readable gzip file (truncated?): {error}") from None
    else:
        with path.open("rb") as handle:
            data = _read_at_most(handle, MAX_CSV_BYTES)
    if len(data) > MAX_CSV_BYTES:
        raise DirectoryFileError(
            f"{path.name} is more than {MAX_CSV_BYTES / 1e6:,.0f} MB of text; the national directory is about 7 MB."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DirectoryFileError(
            f"{path.name} is not UTF-8 text (byte {error.start}); save it as CSV UTF-8 and try again."
        ) from None
    # The csv module refuses a field longer than 131,072 characters (its default field_size_limit).
    try:
        return _rows_from_lines(csv.reader(io.StringIO(text, newline="")), path.name)
    except csv.Error as error:
        raise DirectoryFileError(f"{path.name} is not valid CSV: {error}") from None


def _read_at_most(handle, limit: int) -> bytearray:
    """The file's bytes, or the first megabyte past the limit: enough to refuse a .gz that unpacks to gigabytes."""
    data = bytearray()
    while len(data) <= limit and (chunk := handle.read(1 << 20)):
        data += chunk
    return data


def _rows_from_lines(lines: Iterable[Sequence[str]], name: str) -> list[tuple[int, dict[str, str]]]:
    """The rows under the header line, read one at a time: only rows with a value are kept."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        raise DirectoryFileError(f"{name} is empty.")
    if len(first) > MAX_COLUMNS:
        raise DirectoryFileError(
            f"{name} has {len(first):,} columns; the national directory has 13 (18 in the CSV export),"
            f" and at most {MAX_COLUMNS} are read."
        )
    header = [column.strip().lower() for column in first]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise DirectoryFileError(f"{name} is missing the column(s) {', '.join(missing)}; is it the national directory?")
    rows = []
    for number, line in enumerate(lines, start=2):
        if number > MAX_ROWS:
            raise DirectoryFileError(
                f"{name} has more than {MAX_ROWS:,} rows; the national directory has about 13,000."
            )
        if not any(cell.strip() for cell in line):
            continue
        rows.append((number, {column: (line[i].strip() if i < len(line) else "") for i, column in enumerate(header)}))
    if not rows:
        raise DirectoryFileError(f"{name} has a header but no facility rows.")
    # The last line is a row, and short of columns: the file was cut off mid-row.
    if rows[-1][0] == number and len(line) < len(header):
        raise DirectoryFileError(
            f"{name}: the last row ({number}) has {len(line)} of {len(header)} columns; the file looks truncated."
        )
    return rows
