"""A synthetic national directory: N facilities around real ZIP centroids, about two programs each.

Facilities are placed near ZIP centres drawn uniformly from the active, standard ZIP codes of the
zipcodes package, so an area gets facilities in proportion to how many ZIPs it has (New York far
more than Nevada), as real directories do. Types, hours, schedules, therapies and payment options
are varied with roughly the shares the national directory shows. Rows go in with COPY on
PostgreSQL and executemany on SQLite, bypassing the ORM and history: 100,000 facilities take well
under a minute. Only ever called on the benchmark's own database (benchmarks/bench.py).
"""

import json
import random
import time
from datetime import date, timedelta
from decimal import Decimal

import zipcodes
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from facilities.duplicates import place_key
from facilities.models import Facility
from geo.states import US_STATES
from programs.models import Program, Therapy

CHUNK = 20_000  # rows per COPY or executemany batch
NAME_STARTS = (
    "New Horizons", "Riverbend", "Clear Path", "Harbor", "Summit", "Bridgeway", "Cedar", "Lakeside", "Hope",
    "Pathways", "Beacon", "Northstar", "Serenity", "Crossroads", "Fresh Start", "Oak Grove", "Willow", "Keystone",
    "Compass", "Evergreen", "Blue Ridge", "Open Door", "Turning Point", "Second Chance", "Sunrise", "Valley",
    "Pinecrest", "Lighthouse", "Cornerstone", "Meadowbrook",
)  # fmt: skip
NAME_ENDS = (
    "Recovery Center", "Treatment Services", "Behavioral Health", "Counseling Center", "Addiction Services",
    "Wellness", "Outpatient Clinic", "Recovery Institute", "Health Services", "Family Services",
)  # fmt: skip
STREETS = ("Main", "Oak", "Maple", "Church", "Park", "Washington", "Lake", "Hill", "Market", "Union", "Center")
STREET_KINDS = ("St", "Ave", "Rd", "Blvd", "Dr")
PROGRAM_NAMES = ("Evening IOP", "Adult IOP", "Women's Program", "Young Adult Program", "Day Program", "Men's Program")
# Share of programs offering each therapy; the rest get 10%.
THERAPY_SHARES = {
    "cbt": 0.6,
    "individual-counseling": 0.7,
    "substance-use-counseling": 0.7,
    "group-therapy": 0.7,
    "family-therapy": 0.4,
    "twelve-step": 0.35,
    "peer-support": 0.3,
    "life-skills": 0.3,
    "motivational-interviewing": 0.45,
    "relapse-prevention": 0.5,
    "trauma-counseling": 0.3,
    "dbt": 0.2,
}
VOCABULARY_SHARES = {  # facility many-to-many field -> share of facilities with each entry
    "payment_options": 0.35,
    "languages": 0.08,
    "populations": 0.12,
    "medications": 0.25,
    "accreditations": 0.2,
    # What the national directory says of a facility as a whole: who it serves, ages, approaches, services.
    "eligibility": 0.05,
    "ages": 0.5,
    "approaches": 0.3,
    "services": 0.2,
}
# As in the 2023 directory (231 of 7,957 rows): a few listings are the same place as the one before them.
SAME_PLACE_SHARE = 0.03
SAME_PLACE_FIELDS = ("name", "street1", "street2", "city", "state", "zip_code", "latitude", "longitude")
UNIT_NAMES = ("Adult Services", "Outpatient Program", "Women's Program", "Adolescent Services")
COMMON_PAYMENTS = {"medicaid": 0.75, "private-insurance": 0.7, "self-pay": 0.8, "medicare": 0.5}
# The columns a listing brings (an import keeps them in source_values too), in the order _facility_fields makes them.
FACILITY_FIELDS = (
    "name", "slug", "street1", "street2", "city", "state", "zip_code", "latitude", "longitude", "location_precision",
    "phone", "intake_phone", "website", "operator", "detox_onsite", "co_occurring", "telehealth", "unit_name",
)  # fmt: skip
PROGRAM_FIELDS = (
    "type", "name", "weekly_hours_min", "weekly_hours_max", "days_per_week_min", "days_per_week_max",
    "duration_weeks_min", "duration_weeks_max", "daytime", "evening", "weekend", "telehealth",
    "medication_management", "detox", "accepting", "accepting_as_of", "notes",
)  # fmt: skip


def zip_pool() -> list[tuple[str, float, float, str, str]]:
    """(zip, latitude, longitude, city, state) of every active standard ZIP in a state the site knows."""
    states = {code for code, _ in US_STATES}
    return [
        (entry["zip_code"], float(entry["lat"]), float(entry["long"]), entry["city"], entry["state"])
        for entry in zipcodes.list_all()
        if entry["active"] and entry["zip_code_type"] == "STANDARD" and entry["state"] in states
    ]


def generate(count: int, *, seed: int = 2024, report=print) -> dict:
    """Insert `count` facilities with their programs, therapies and vocabularies; returns row counts and seconds."""
    started = time.perf_counter()
    rng = random.Random(seed)
    places = zip_pool()
    therapy_odds = [(pk, slug, THERAPY_SHARES.get(slug, 0.1)) for pk, slug in Therapy.objects.values_list("pk", "slug")]
    vocabularies = {}
    for field_name, share in VOCABULARY_SHARES.items():
        model = Facility._meta.get_field(field_name).related_model
        vocabularies[field_name] = [
            (pk, slug, COMMON_PAYMENTS.get(slug, share) if field_name == "payment_options" else share)
            for pk, slug in model.objects.values_list("pk", "slug")
        ]
    writer = _Writer()
    now = str(connection.ops.adapt_datetimefield_value(timezone.now()))
    today = date.today()
    counts = {"facilities": 0, "programs": 0, "program_therapies": 0, "facility_vocabulary": 0}

    facility_columns = [
        "id", *FACILITY_FIELDS, "is_published", "verified_on", "source", "source_id", "source_values", "created_at",
        "updated_at", "place_key",
    ]  # fmt: skip
    program_columns = ["id", "facility_id", *PROGRAM_FIELDS, "created_at", "updated_at"]
    facility_columns, facility_extra = _with_defaults(Facility, facility_columns)
    program_columns, program_extra = _with_defaults(Program, program_columns)
    therapy_through = Program.therapies.through
    therapy_columns = ["program_id", "therapy_id"]
    operators = Facility.Operator.values

    with transaction.atomic():
        program_id, previous = 0, None
        for first in range(1, count + 1, CHUNK):
            facilities, programs, program_therapies = [], [], []
            facility_vocabulary = {field_name: [] for field_name in vocabularies}
            for facility_id in range(first, min(first + CHUNK, count + 1)):
                fields = _facility_fields(rng, rng.choice(places), facility_id, operators)
                if previous and rng.random() < SAME_PLACE_SHARE:  # the directory lists some places twice
                    fields.update({name: previous[name] for name in SAME_PLACE_FIELDS})
                previous = fields
                imported = rng.random() < 0.9  # most listings come from the national directory
                base = {"fields": fields, "vocabularies": {}, "programs": {}}
                for field_name, entries in vocabularies.items():
                    chosen = [(pk, slug) for pk, slug, share in entries if rng.random() < share]
                    facility_vocabulary[field_name] += [(facility_id, pk) for pk, _ in chosen]
                    base["vocabularies"][field_name] = [slug for _, slug in chosen]
                for program_type in _program_types(rng):
                    program_id += 1
                    program = _program(rng, program_type, today)
                    programs.append((program_id, facility_id, *program, now, now, *program_extra))
                    chosen = [(pk, slug) for pk, slug, share in therapy_odds if rng.random() < share]
                    chosen = chosen or [therapy_odds[0][:2]]
                    program_therapies += [(program_id, pk) for pk, _ in chosen]
                    base["programs"][program_type] = {
                        "pk": program_id,
                        "fields": dict(zip(PROGRAM_FIELDS, map(_jsonable, program), strict=True)),
                        "therapies": [slug for _, slug in chosen],
                    }
                verified = today - timedelta(days=rng.randrange(900)) if rng.random() < 0.4 else None
                facilities.append(
                    (
                        facility_id,
                        *fields.values(),
                        rng.random() < 0.97,
                        str(verified) if verified else None,
                        "samhsa" if imported else "manual",
                        f"samhsa-{facility_id:016x}" if imported else "",
                        json.dumps(base) if imported else "{}",
                        now,
                        now,
                        place_key(fields["name"], fields["street1"], fields["zip_code"]),
                        *facility_extra,
                    )
                )
            writer.write(Facility._meta.db_table, facility_columns, facilities)
            writer.write(Program._meta.db_table, program_columns, programs)
            writer.write(therapy_through._meta.db_table, therapy_columns, program_therapies)
            for field_name, rows in facility_vocabulary.items():
                field = Facility._meta.get_field(field_name)
                columns = [field.m2m_column_name(), field.m2m_reverse_name()]
                writer.write(field.remote_field.through._meta.db_table, columns, rows)
                counts["facility_vocabulary"] += len(rows)
            counts["facilities"] += len(facilities)
            counts["programs"] += len(programs)
            counts["program_therapies"] += len(program_therapies)
            report(f"  {counts['facilities']:,} facilities, {counts['programs']:,} programs")
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Facility, Program]):
                cursor.execute(sql)
        Facility.objects.mark_first_listings()
    # Fresh statistics and visibility map, as autovacuum would have them on a live database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _facility_fields(rng: random.Random, place: tuple, facility_id: int, operators: list[str]) -> dict:
    """FACILITY_FIELDS of one listing near a ZIP centre (or at it, as the directory's ZIP-only rows are)."""
    zip_code, latitude, longitude, city, state = place
    at_address = rng.random() < 0.7
    if at_address:  # a street address a few miles from the ZIP's centre
        latitude = min(max(latitude + rng.gauss(0, 0.025), -90), 90)
        longitude = min(max(longitude + rng.gauss(0, 0.03), -180), 180)
    if rng.random() < 0.25:
        name = f"{city.title()} {rng.choice(NAME_ENDS)}"
    else:
        name = f"{rng.choice(NAME_STARTS)} {rng.choice(NAME_ENDS)}"
    values = (
        name,
        f"bench-{facility_id}",
        f"{rng.randrange(1, 9999)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}",
        f"Suite {rng.randrange(100, 400)}" if rng.random() < 0.15 else "",
        city.title(),
        state,
        zip_code,
        round(latitude, 6),
        round(longitude, 6),
        "address" if at_address else "zip",
        f"({rng.randrange(201, 990)}) 555-01{rng.randrange(100):02d}",  # 555-0100..0199: reserved for fiction
        "",
        f"https://facility-{facility_id}.example.org/" if rng.random() < 0.6 else "",
        rng.choice(operators) if rng.random() < 0.9 else "",
        _maybe(rng, 0.25),
        _maybe(rng, 0.55),
        _maybe(rng, 0.5),
        rng.choice(UNIT_NAMES) if rng.random() < 0.3 else "",
    )
    return dict(zip(FACILITY_FIELDS, values, strict=True))


def _jsonable(value):
    return str(value) if isinstance(value, Decimal) else value


def _maybe(rng: random.Random, share_true: float) -> bool | None:
    """A yes/no that is not reported a fifth of the time."""
    if rng.random() < 0.2:
        return None
    return rng.random() < share_true


def _program_types(rng: random.Random) -> list[str]:
    """One to three levels of care, about two on average; IOP the most common."""
    wanted = rng.choices((1, 2, 3), weights=(35, 40, 25))[0]
    types = []
    while len(types) < wanted:
        kind = rng.choices(("iop", "php", "residential"), weights=(55, 25, 20))[0]
        if kind not in types:
            types.append(kind)
    return types


def _program(rng: random.Random, kind: str, today: date) -> tuple:
    """The columns after facility_id up to accepting/notes, for one program of the given type."""
    hours_min = hours_max = days_min = days_max = weeks_min = weeks_max = None
    daytime = evening = weekend = None
    reported = rng.random() < 0.7  # the national directory has no hours: imported programs lack them
    if kind == "iop" and reported:
        hours_min = Decimal(rng.choice((6, 9, 9, 9, 10, 12)))
        hours_max = hours_min + rng.choice((0, 3, 3, 6, 7))
        days_min, days_max = 3, rng.choice((3, 4, 5))
        weeks_min, weeks_max = 8, rng.choice((8, 10, 12))
        daytime, evening, weekend = rng.random() < 0.6, rng.random() < 0.5, rng.random() < 0.1
    elif kind == "php" and reported:
        hours_min = Decimal(rng.choice((20, 20, 25)))
        hours_max = hours_min + rng.choice((0, 5, 10))
        days_min, days_max = 5, 5
        weeks_min, weeks_max = 2, rng.choice((4, 6))
        daytime, evening, weekend = True, rng.random() < 0.05, False
    elif kind == "residential" and reported:
        days_min = days_max = 7
        weeks_min, weeks_max = 4, rng.choice((4, 8, 12))
        daytime, evening, weekend = True, True, True
    accepting = rng.choices(("yes", "waitlist", "no", "unknown"), weights=(40, 10, 5, 45))[0]
    return (
        kind,
        rng.choice(PROGRAM_NAMES) if rng.random() < 0.3 else "",
        hours_min,
        hours_max,
        days_min,
        days_max,
        weeks_min,
        weeks_max,
        daytime,
        evening,
        weekend,
        _maybe(rng, 0.5),
        _maybe(rng, 0.5),
        rng.choice(("", "none", "referral", "onsite", "required_before")),
        accepting,
        str(today - timedelta(days=rng.randrange(365))) if accepting != "unknown" else None,
        "",
    )


def _with_defaults(model, columns: list[str]) -> tuple[list[str], tuple]:
    """The columns given plus any the model has gained since, filled with their defaults."""
    extra_columns, extra_values = [], []
    for field in model._meta.concrete_fields:
        if field.column in columns:
            continue
        may_be_empty = field.blank and field.empty_strings_allowed  # a text column left blank: ""
        if not (field.has_default() or field.null or may_be_empty):
            raise RuntimeError(f"benchmarks/synthetic.py must fill the new required column {field.column!r}.")
        value = field.get_default() if field.has_default() or not field.null else None
        extra_columns.append(field.column)
        extra_values.append(json.dumps(value) if isinstance(value, dict | list) else value)
    return columns + extra_columns, tuple(extra_values)


class _Writer:
    """Bulk inserts: COPY on PostgreSQL, executemany on SQLite."""

    def write(self, table: str, columns: list[str], rows: list[tuple]):
        if not rows:
            return
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in rows)
                sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:  # psycopg's COPY
                    copy.write(text)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


def _copy_text(value) -> str:
    """A value in COPY's text format (the generated text never holds tabs, newlines or backslashes)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)
