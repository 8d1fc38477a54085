"""IOP Finder's own CSV format: every facility and program field, for spreadsheets and partners.

One row per program, the facility's columns repeated on each; a facility without programs has one
row with the program columns empty. Lists (payment options, therapies, …) are slugs joined by "|";
yes/no fields are "yes", "no" or empty for not reported. Facilities are matched by `slug`, programs
within a facility by type and name (in file order when a facility has two alike). An import makes
the database say what the file says for the facilities in it; it never deletes anything.

A text cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return)
is exported with a quote in front, as OWASP advises; the import takes that quote off again.
"""

import csv
import io
import math
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from facilities.models import Facility
from imports.policies import ListingError, Overwrite
from imports.records import Listing, ProgramListing, RowProblem
from imports.sync import LIST_SEPARATOR, Summary, text, write_listings
from programs.models import Program, Therapy

FACILITY_COLUMNS = [
    "slug", "name", "street1", "street2", "city", "state", "zip_code", "latitude", "longitude",
    "location_precision", "phone", "intake_phone", "website", "operator", *Facility.VOCABULARY_FIELDS,
    "detox_onsite", "co_occurring", "telehealth", "is_published", "verified_on", "source", "source_id",
]  # fmt: skip
# Program columns; the CSV name differs from the field name where a facility column has it already.
PROGRAM_COLUMNS = {
    "program_type": "type", "program_name": "name", "weekly_hours_min": "weekly_hours_min",
    "weekly_hours_max": "weekly_hours_max", "days_per_week_min": "days_per_week_min",
    "days_per_week_max": "days_per_week_max", "duration_weeks_min": "duration_weeks_min",
    "duration_weeks_max": "duration_weeks_max", "daytime": "daytime", "evening": "evening", "weekend": "weekend",
    "program_telehealth": "telehealth", "medication_management": "medication_management", "detox": "detox",
    "therapies": "therapies", "accepting": "accepting", "accepting_as_of": "accepting_as_of",
    "program_notes": "notes",
}  # fmt: skip
COLUMNS = [*FACILITY_COLUMNS, *PROGRAM_COLUMNS]
NUMBER_COLUMNS = {
    "latitude": float, "longitude": float, "weekly_hours_min": Decimal, "weekly_hours_max": Decimal,
    "days_per_week_min": int, "days_per_week_max": int, "duration_weeks_min": int, "duration_weeks_max": int,
}  # fmt: skip
# Quotes already in front count, so a value that starts with one survives the round trip too.
FORMULA = re.compile(r"'*[=+\-@\t\r]")
Errors = dict[str, list[str]]  # a row's problems: column -> messages, each naming the column


class CsvFileError(Exception):
    """The whole file is unusable; nothing is imported."""


def neutralise(column: str, value: str) -> str:
    """A cell as exported: a text cell that would run as a formula gets a quote in front; numbers never do."""
    return f"'{value}" if column not in NUMBER_COLUMNS and FORMULA.match(value) else value


def restore(column: str, value: str) -> str:
    """A cell as imported: the quote `neutralise` put in front is taken off."""
    return value[1:] if column not in NUMBER_COLUMNS and value[:1] == "'" and FORMULA.match(value, 1) else value


# -- export ----------------------------------------------------------------------------------------


def export_rows(facilities) -> list[list[str]]:
    """The header and one row per program, facilities by slug. Runs a fixed number of queries."""
    rows = []
    for facility in facilities.prefetch_related(None).with_details().order_by("slug"):
        head = []
        for column in FACILITY_COLUMNS:
            if column in Facility.VOCABULARY_FIELDS:
                head.append(LIST_SEPARATOR.join(sorted(item.slug for item in getattr(facility, column).all())))
            else:
                head.append(text(getattr(facility, column)))
        programs = list(facility.programs.all())
        if not programs:
            rows.append(head + [""] * len(PROGRAM_COLUMNS))
        for program in programs:
            tail = []
            for field_name in PROGRAM_COLUMNS.values():
                if field_name == "therapies":
                    tail.append(LIST_SEPARATOR.join(sorted(t.slug for t in program.therapies.all())))
                else:
                    tail.append(text(getattr(program, field_name)))
            rows.append(head + tail)
    return [COLUMNS, *([neutralise(column, value) for column, value in zip(COLUMNS, row, strict=True)] for row in rows)]


def write_csv(facilities, stream) -> int:
    """Write the export to a text stream; returns the number of facility rows written."""
    rows = export_rows(facilities)
    # The writer quotes a cell holding a "\r" only when "\r" is in its line ending; the file's lines end in "\n".
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
        stream.write(line.getvalue().removesuffix("\r\n") + "\n")
        line.seek(0)
        line.truncate()
    return len(rows) - 1


# -- reading and validating --------------------------------------------------------------------------


def read_csv(data: bytes, name: str = "file", progress=None) -> tuple[list[Listing], list[RowProblem]]:
    """Parse and validate a whole file: a Listing per facility (keyed by slug), and every row problem (row
    numbers as a spreadsheet shows them). `progress(done, total)` is called after each row."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFileError(f"{name} is not UTF-8 text (byte {error.start}); save it as CSV UTF-8.") from None
    try:
        lines = list(csv.reader(io.StringIO(content, newline="")))
    except csv.Error as error:
        raise CsvFileError(f"{name} is not valid CSV: {error}") from None
    if not lines:
        raise CsvFileError(f"{name} is empty.")
    header = [column.strip() for column in lines[0]]
    if any("\x00" in column for column in header):
        raise CsvFileError(f"{name}: the header has a NUL character; export a file to see the format.")
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise CsvFileError(f"{name} is missing the column(s) {', '.join(missing)}; export a file to see the format.")
    if len(lines[-1]) < len(header) and len(lines) > 1:
        raise CsvFileError(
            f"{name}: the last row has {len(lines[-1])} of {len(header)} columns; the file looks truncated."
        )

    vocab_slugs = {
        name: set(Facility._meta.get_field(name).related_model.objects.values_list("slug", flat=True))
        for name in Facility.VOCABULARY_FIELDS
    }
    therapy_slugs = set(Therapy.objects.values_list("slug", flat=True))
    listings: dict[str, Listing] = {}
    problems: list[RowProblem] = []
    for number, line in enumerate(lines[1:], start=2):
        if progress:
            progress(number - 1, len(lines) - 1)
        if not any(cell.strip() for cell in line):
            continue
        values = {column: restore(column, line[i].strip()) if i < len(line) else "" for i, column in enumerate(header)}
        errors: Errors = defaultdict(list)
        for i, cell in enumerate(line):
            if "\x00" in cell:  # PostgreSQL cannot store it in text
                column = header[i] if i < len(header) else f"column {i + 1}"
                errors[column].append(f"{column}: contains a NUL character")
        facility_fields, vocabularies = _facility_values(values, vocab_slugs, errors)
        program = _program_values(values, therapy_slugs, errors)
        if errors:
            problems += [RowProblem(number, message) for messages in errors.values() for message in messages]
            continue
        slug = facility_fields["slug"]
        listing = listings.get(slug)
        if listing is None:
            listing = listings[slug] = Listing(number, slug, facility_fields, vocabularies, programs=[])
        elif (listing.fields, listing.vocabularies) != (facility_fields, vocabularies):
            problems.append(RowProblem(number, f"facility {slug!r} differs from its first row ({listing.row})"))
            continue
        if program:
            listing.programs.append(program)
    return list(listings.values()), problems


def _facility_values(values: dict[str, str], vocab_slugs: dict[str, set[str]], errors: Errors) -> tuple[dict, dict]:
    fields = {}
    for column in FACILITY_COLUMNS:
        if column not in Facility.VOCABULARY_FIELDS:
            fields[column] = values[column]
    fields["is_published"] = _convert(errors, values, "is_published", _yes_no, True)
    for column in ("detox_onsite", "co_occurring", "telehealth"):
        fields[column] = _convert(errors, values, column, _yes_no)
    for column in ("latitude", "longitude"):
        fields[column] = _convert(errors, values, column, _number, NUMBER_COLUMNS[column])
    fields["verified_on"] = _convert(errors, values, "verified_on", _date)
    fields["state"] = fields["state"].upper()
    if not fields["slug"]:
        errors["slug"].append("slug is required (it identifies the facility)")
    vocabularies = {}
    for name in Facility.VOCABULARY_FIELDS:
        slugs = sorted(set(filter(None, values[name].split(LIST_SEPARATOR))))
        unknown = set(slugs) - vocab_slugs[name]
        if unknown:
            errors[name].append(f"unknown {name}: {', '.join(sorted(unknown))}")
        vocabularies[name] = slugs
    _full_clean(Facility(**fields), errors, exclude=[column for column in FACILITY_COLUMNS if column in errors])
    return fields, vocabularies


def _program_values(values: dict[str, str], therapy_slugs: set[str], errors: Errors) -> ProgramListing | None:
    if not any(values[column] for column in PROGRAM_COLUMNS):
        return None
    fields = {}
    for column, name in PROGRAM_COLUMNS.items():
        if column in NUMBER_COLUMNS:
            fields[name] = _convert(errors, values, column, _number, NUMBER_COLUMNS[column])
        elif name in {"daytime", "evening", "weekend", "telehealth", "medication_management"}:
            fields[name] = _convert(errors, values, column, _yes_no)
        elif name == "accepting_as_of":
            fields[name] = _convert(errors, values, column, _date)
        elif name != "therapies":
            fields[name] = values[column]
    fields["accepting"] = fields["accepting"] or Program.Accepting.UNKNOWN
    therapies = sorted(set(filter(None, values["therapies"].split(LIST_SEPARATOR))))
    unknown = set(therapies) - therapy_slugs
    if unknown:
        errors["therapies"].append(f"unknown therapies: {', '.join(sorted(unknown))}")
    exclude = ["facility", *(name for column, name in PROGRAM_COLUMNS.items() if column in errors)]
    _full_clean(Program(**fields), errors, exclude=exclude, columns={n: c for c, n in PROGRAM_COLUMNS.items()})
    return ProgramListing(type=fields.pop("type"), fields=fields, therapies=therapies)


def _full_clean(instance: models.Model, errors: Errors, *, exclude: list[str], columns: dict[str, str] | None = None):
    """Add the model's own checks to `errors`, under the file's column names. Constraints are checked by
    clean() without queries; the source key is checked for the whole file."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = (columns or {}).get(name, name)
            errors[column] += [message if name == NON_FIELD_ERRORS else f"{column}: {message}" for message in messages]


def _convert(errors: Errors, values: dict[str, str], column: str, parse, *args):
    """The column's value parsed, or None with the problem added to `errors`."""
    try:
        return parse(values, column, *args)
    except ValidationError as error:
        errors[column] += error.messages
        return None


def _yes_no(values, column, required=False):
    value = values[column].lower()
    if value in {"yes", "no"}:
        return value == "yes"
    if value == "" and not required:
        return None
    raise ValidationError(f"{column} must be yes or no{'' if required else ' or empty'}, not {values[column]!r}")


def _number(values, column, kind):
    if values[column] == "":
        return None
    try:
        number = kind(values[column])
        if kind is int or math.isfinite(number):  # not NaN or infinity, which Decimal and float accept
            return number
    except (ValueError, InvalidOperation):
        pass
    raise ValidationError(f"{column} must be a number, not {values[column]!r}")


def _date(values, column):
    if values[column] == "":
        return None
    try:
        return date.fromisoformat(values[column])
    except ValueError:
        raise ValidationError(f"{column} must be a date like 2026-11-27, not {values[column]!r}") from None


# -- importing -----------------------------------------------------------------------------------------


def import_listings(listings: list[Listing], *, user=None, dry_run=False, reason="CSV import") -> Summary:
    """Make the database say what the file says for the facilities in it, atomically; nothing is deleted."""
    try:
        return write_listings(listings, policy=Overwrite(), user=user, reason=reason, dry_run=dry_run)
    except ListingError as error:
        raise CsvFileError(str(error)) from None
