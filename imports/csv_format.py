"""IOP Finder's own CSV format: every facility and program field, for spreadsheets and partners.

One row per program, the facility's columns repeated on each; a facility without programs has one
row with the program columns empty. Lists (payment options, therapies, …) are slugs joined by "|";
yes/no fields are "yes", "no" or empty for not reported. Facilities are matched by `slug`, programs
within a facility by type and name (in file order when a facility has two alike). An import makes
the database say what the file says for the facilities in it; it never deletes anything.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from facilities.models import Facility
from imports.records import RowProblem
from programs.models import Program, Therapy

LIST_SEPARATOR = "|"
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
BATCH = 1000


class CsvFileError(Exception):
    """The whole file is unusable; nothing is imported."""


# -- export ----------------------------------------------------------------------------------------


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_rows(facilities) -> list[list[str]]:
    """The header and one row per program, facilities by slug. Runs a fixed number of queries."""
    rows = [COLUMNS]
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
    return rows


def write_csv(facilities, stream) -> int:
    """Write the export to a text stream; returns the number of facility rows written."""
    rows = export_rows(facilities)
    csv.writer(stream, lineterminator="\n").writerows(rows)
    return len(rows) - 1


# -- reading and validating --------------------------------------------------------------------------


@dataclass
class FacilityRecord:
    row: int
    fields: dict
    vocabularies: dict[str, list[str]]
    programs: list[tuple[dict, list[str]]] = field(default_factory=list)  # (fields, therapy slugs)


def read_csv(data: bytes, name: str = "file") -> tuple[list[FacilityRecord], list[RowProblem]]:
    """Parse and validate a whole file: the records, and every row problem (row numbers as a spreadsheet shows them)."""
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
    records: dict[str, FacilityRecord] = {}
    problems: list[RowProblem] = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        values = {column: (line[i].strip() if i < len(line) else "") for i, column in enumerate(header)}
        try:
            facility_fields, vocabularies = _facility_values(values, vocab_slugs)
            program = _program_values(values, therapy_slugs)
        except ValidationError as error:
            problems.append(RowProblem(number, _describe(error)))
            continue
        slug = facility_fields["slug"]
        record = records.get(slug)
        if record is None:
            record = records[slug] = FacilityRecord(number, facility_fields, vocabularies)
        elif (record.fields, record.vocabularies) != (facility_fields, vocabularies):
            problems.append(RowProblem(number, f"facility {slug!r} differs from its first row ({record.row})"))
            continue
        if program:
            record.programs.append(program)
    return list(records.values()), problems


def _describe(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    return "; ".join(
        message if name == NON_FIELD_ERRORS else f"{name}: {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    )


def _facility_values(values: dict[str, str], vocab_slugs: dict[str, set[str]]) -> tuple[dict, dict]:
    fields = {}
    for column in FACILITY_COLUMNS:
        if column not in Facility.VOCABULARY_FIELDS:
            fields[column] = values[column]
    fields["is_published"] = _yes_no(values, "is_published", required=True)
    for column in ("detox_onsite", "co_occurring", "telehealth"):
        fields[column] = _yes_no(values, column)
    fields["latitude"] = _number(values, "latitude", float)
    fields["longitude"] = _number(values, "longitude", float)
    fields["verified_on"] = _date(values, "verified_on")
    fields["state"] = fields["state"].upper()
    vocabularies = {}
    for name in Facility.VOCABULARY_FIELDS:
        slugs = sorted(filter(None, values[name].split(LIST_SEPARATOR)))
        unknown = set(slugs) - vocab_slugs[name]
        if unknown:
            raise ValidationError(f"unknown {name}: {', '.join(sorted(unknown))}")
        vocabularies[name] = slugs
    facility = Facility(**fields)
    # Constraints are checked by clean() without queries; the source key is checked for the whole file.
    facility.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    if not fields["slug"]:
        raise ValidationError("slug is required (it identifies the facility)")
    return fields, vocabularies


def _program_values(values: dict[str, str], therapy_slugs: set[str]) -> tuple[dict, list[str]] | None:
    if not any(values[column] for column in PROGRAM_COLUMNS):
        return None
    fields = {}
    for column, name in PROGRAM_COLUMNS.items():
        if name in {"weekly_hours_min", "weekly_hours_max"}:
            fields[name] = _number(values, column, Decimal)
        elif name.startswith(("days_per_week", "duration_weeks")):
            fields[name] = _number(values, column, int)
        elif name in {"daytime", "evening", "weekend", "telehealth", "medication_management"}:
            fields[name] = _yes_no(values, column)
        elif name == "accepting_as_of":
            fields[name] = _date(values, column)
        elif name != "therapies":
            fields[name] = values[column]
    fields["accepting"] = fields["accepting"] or Program.Accepting.UNKNOWN
    therapies = sorted(filter(None, values["therapies"].split(LIST_SEPARATOR)))
    unknown = set(therapies) - therapy_slugs
    if unknown:
        raise ValidationError(f"unknown therapies: {', '.join(sorted(unknown))}")
    program = Program(**fields)
    program.full_clean(exclude=["facility"], validate_unique=False, validate_constraints=False)
    return fields, therapies


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
        return kind(values[column])
    except (ValueError, InvalidOperation):
        raise ValidationError(f"{column} must be a number, not {values[column]!r}") from None


def _date(values, column):
    if values[column] == "":
        return None
    try:
        return date.fromisoformat(values[column])
    except ValueError:
        raise ValidationError(f"{column} must be a date like 2026-11-27, not {values[column]!r}") from None


# -- applying ----------------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[str] = field(default_factory=list)  # "slug: field, field" for the preview

    def __str__(self):
        return f"Created {self.created:,}, updated {self.updated:,}, unchanged {self.unchanged:,}"


def import_records(records: list[FacilityRecord], *, user=None, dry_run=False, reason="CSV import") -> ImportSummary:
    """Make the database match the records, atomically; facilities and programs not in the file are left alone."""
    with transaction.atomic():
        summary = _apply(records, user=user, reason=reason)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _apply(records: list[FacilityRecord], *, user, reason: str) -> ImportSummary:
    summary = ImportSummary()
    existing = {f.slug: f for f in Facility.objects.filter(slug__in=[r.fields["slug"] for r in records]).with_details()}
    _check_source_keys(records, existing)
    new_facilities, new_records, changed, changed_fields = [], [], [], set()
    m2m_set: list[tuple[object, str, list[str]]] = []
    program_plan: list[tuple[Facility, list]] = []  # (facility, [(fields, therapies or None, program or None)])
    for record in records:
        facility = existing.get(record.fields["slug"])
        if facility is None:
            facility = Facility(**record.fields)
            new_facilities.append(facility)
            new_records.append(record)
            continue
        differences = [name for name, value in record.fields.items() if getattr(facility, name) != value]
        notes = [f"{name} {text(getattr(facility, name))!r} → {text(record.fields[name])!r}" for name in differences]
        for name in differences:
            setattr(facility, name, record.fields[name])
        changed_fields.update(differences)
        for name, slugs in record.vocabularies.items():
            current = sorted(item.slug for item in getattr(facility, name).all())
            if current != slugs:
                differences.append(name)
                notes.append(f"{name} {LIST_SEPARATOR.join(current)!r} → {LIST_SEPARATOR.join(slugs)!r}")
                m2m_set.append((facility, name, slugs))
        program_changes = _plan_programs(facility, record.programs, program_plan)
        if differences or program_changes:
            summary.updated += 1
            summary.changes.append(f"{facility.slug}: {'; '.join([*notes, *program_changes])}")
            if differences:
                changed.append(facility)
        else:
            summary.unchanged += 1
    if changed and changed_fields:
        for facility in changed:
            facility.updated_at = timezone.now()
        bulk_update_with_history(
            changed, Facility, [*changed_fields, "updated_at"], batch_size=BATCH,
            default_user=user, default_change_reason=reason,
        )  # fmt: skip
    created = bulk_create_with_history(
        new_facilities, Facility, batch_size=BATCH, default_user=user, default_change_reason=reason
    )
    for facility, record in zip(created, new_records, strict=True):
        m2m_set += [(facility, name, slugs) for name, slugs in record.vocabularies.items() if slugs]
        program_plan.append((facility, [(fields, therapies, None) for fields, therapies in record.programs]))
        summary.changes.append(f"{facility.slug}: new facility with {len(record.programs)} program(s)")
    summary.created = len(created)
    _write_programs(program_plan, m2m_set, user=user, reason=reason)
    _write_m2m(m2m_set)
    return summary


def _check_source_keys(records: list[FacilityRecord], existing: dict[str, Facility]):
    keyed = [(r.fields["source"], r.fields["source_id"], r.fields["slug"]) for r in records if r.fields["source_id"]]
    owners = {
        (source, source_id): slug
        for source, source_id, slug in Facility.objects.filter(
            source_id__in=[source_id for _, source_id, _ in keyed]
        ).values_list("source", "source_id", "slug")
    }
    for source, source_id, slug in keyed:
        owner = owners.get((source, source_id))
        if owner is not None and owner != slug:
            raise CsvFileError(f"{slug}: source record {source}/{source_id} already belongs to {owner}.")


def _plan_programs(facility: Facility, programs: list[tuple[dict, list[str]]], plan: list) -> list[str]:
    """Pair the file's programs with the facility's by type and name; note what differs."""
    unmatched = list(facility.programs.all())
    steps, notes = [], []
    for fields, therapies in programs:
        match = next((p for p in unmatched if (p.type, p.name) == (fields["type"], fields["name"])), None)
        if match is None:
            steps.append((fields, therapies, None))
            notes.append(f"new {fields['type']} program")
            continue
        unmatched.remove(match)
        differences = [name for name, value in fields.items() if getattr(match, name) != value]
        current = sorted(t.slug for t in match.therapies.all())
        if differences or current != therapies:
            steps.append((fields, therapies if current != therapies else None, match))
            notes.append(
                f"{match.type} program {', '.join(differences + (['therapies'] if current != therapies else []))}"
            )
    if steps:
        plan.append((facility, steps))
    return notes


def _write_programs(plan, m2m_set, *, user, reason):
    new, new_therapies, updated, updated_fields = [], [], [], set()
    for facility, steps in plan:
        for fields, therapies, program in steps:
            if program is None:
                new.append(Program(facility=facility, **fields))
                new_therapies.append(therapies)
                continue
            for name, value in fields.items():
                if getattr(program, name) != value:
                    setattr(program, name, value)
                    updated_fields.add(name)
            program.updated_at = timezone.now()
            updated.append(program)
            if therapies is not None:
                m2m_set.append((program, "therapies", therapies))
    if updated:
        bulk_update_with_history(
            updated, Program, [*updated_fields, "updated_at"], batch_size=BATCH,
            default_user=user, default_change_reason=reason,
        )  # fmt: skip
    created = bulk_create_with_history(new, Program, batch_size=BATCH, default_user=user, default_change_reason=reason)
    m2m_set += [(program, "therapies", therapies) for program, therapies in zip(created, new_therapies, strict=True)]


def _write_m2m(m2m_set):
    """Replace each listed relation with exactly the given slugs: one delete and one insert per relation kind."""
    by_field: dict[tuple[type, str], list] = {}
    for owner, name, slugs in m2m_set:
        by_field.setdefault((type(owner), name), []).append((owner.pk, slugs))
    for (model, name), items in by_field.items():
        m2m = model._meta.get_field(name)
        through = m2m.remote_field.through
        owner_column, target_column = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        ids = dict(m2m.related_model.objects.values_list("slug", "pk"))
        owners = [pk for pk, _ in items]
        for start in range(0, len(owners), BATCH):
            through.objects.filter(**{f"{owner_column}__in": owners[start : start + BATCH]}).delete()
        through.objects.bulk_create(
            [through(**{owner_column: pk, target_column: ids[slug]}) for pk, slugs in items for slug in slugs],
            batch_size=BATCH,
        )
