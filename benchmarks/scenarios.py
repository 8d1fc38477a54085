"""The fixed searches the benchmark times, each with its raw-SQL floor and a plain-Python version.

The floor is the same search written by hand as ONE SQL statement: the page's facilities (with the
total count as a window), their matching programs and each program's therapies, on the same
bounding-box index and with the same great-circle formula as facilities.geo. It is what the database
itself needs for the answer; the page and the API are measured against it. bench.py checks that it
returns the very rows the ORM does.
"""

from dataclasses import dataclass, field

from geo.distance import bounding_box, great_circle_sql

CENTRE = "10001"  # Manhattan: the densest area of the directory, so the largest results
PAGE_SIZE = 20
SPARSE_PLACE = "38.0,-116.5"  # central Nevada: no ZIP centre within 39 miles
NO_SUCH_NAME = "zzqx"  # no generated name contains it
LEVEL = "CASE p.type WHEN 'iop' THEN 0 WHEN 'php' THEN 1 WHEN 'residential' THEN 2 ELSE 3 END"
THERAPY_SQL = (  # the therapy's id found once, then one probe of a link table's index per program: the program's
    # own therapies, or its facility's approaches (the national directory says them of the facility)
    "(EXISTS (SELECT 1 FROM programs_program_therapies pt"
    " WHERE pt.program_id = p.id AND pt.therapy_id = (SELECT id FROM programs_therapy WHERE slug = '{slug}'))"
    " OR EXISTS (SELECT 1 FROM facilities_facility_approaches fa"
    " WHERE fa.facility_id = p.facility_id"
    " AND fa.therapy_id = (SELECT id FROM programs_therapy WHERE slug = '{slug}')))"
)


def _any(*conditions):
    return lambda item: any(condition(item) for condition in conditions)


@dataclass(frozen=True)
class Scenario:
    name: str
    params: dict  # the query string (a list repeats the parameter)
    radius: int | None  # None: no place, the whole country by name
    facility_sql: str = ""  # extra SQL conditions on f (the facility), hand-written for this search
    program_sql: str = ""  # SQL conditions on p (one program); empty: no program filter
    order: str = "distance"  # or "name"
    page: int = 1
    fallback_box: float | None = None  # nothing matches: the floor finds the 3 nearest within this box (0: anywhere)
    smoke: bool = False  # part of the small CI run
    facility_test: object = field(default=None, repr=False)  # the naive baseline's versions of the conditions
    program_test: object = field(default=None, repr=False)

    @property
    def location(self) -> str | None:
        return self.params.get("location")


def _hours_evening(program) -> bool:
    low, high = program.weekly_hours_min, program.weekly_hours_max
    reaches = (high is not None and high >= 9) or (high is None and low is not None and low >= 9)
    starts = (low is not None and low <= 15) or (low is None and high is not None and high <= 15)
    therapies = {therapy.slug for therapy in [*program.therapies.all(), *program.facility.approaches.all()]}
    return reaches and starts and program.evening is True and {"cbt", "group-therapy"} <= therapies


SCENARIOS = [
    Scenario("zip-10mi", {"location": CENTRE, "radius": "10"}, 10),
    Scenario("zip-25mi", {"location": CENTRE, "radius": "25"}, 25, smoke=True),
    Scenario("zip-50mi", {"location": CENTRE, "radius": "50"}, 50),
    Scenario("zip-100mi", {"location": CENTRE, "radius": "100"}, 100),
    Scenario(
        "type-iop-25mi",
        {"location": CENTRE, "radius": "25", "type": "iop"},
        25,
        program_sql="p.type IN ('iop')",
        program_test=lambda p: p.type == "iop",
        smoke=True,
    ),
    Scenario(
        "therapy-hours-evening-50mi",
        {
            "location": CENTRE,
            "radius": "50",
            "therapy": ["cbt", "group-therapy"],
            "hours_min": "9",
            "hours_max": "15",
            "schedule": "evening",
        },
        50,
        program_sql=" AND ".join(
            [
                THERAPY_SQL.format(slug="cbt"),
                THERAPY_SQL.format(slug="group-therapy"),
                "(p.weekly_hours_max >= 9 OR (p.weekly_hours_max IS NULL AND p.weekly_hours_min >= 9))",
                "(p.weekly_hours_min <= 15 OR (p.weekly_hours_min IS NULL AND p.weekly_hours_max <= 15))",
                "p.evening",
            ]
        ),
        program_test=_hours_evening,
        smoke=True,
    ),
    Scenario(
        "nothing-nearby",  # no facility within 10 miles: the page shows the 3 nearest farther out
        {"location": SPARSE_PLACE, "radius": "10"},
        10,
        fallback_box=250,
        smoke=True,
    ),
    Scenario(
        "nothing-anywhere",  # no facility matches at all: the page's fallback looks at every facility
        {"location": CENTRE, "radius": "25", "q": NO_SUCH_NAME},
        25,
        facility_sql=f"UPPER(f.name) LIKE '%{NO_SUCH_NAME.upper()}%'",
        facility_test=lambda f: NO_SUCH_NAME in f.name.lower(),
        fallback_box=0,
    ),
    Scenario("page-5-100mi", {"location": CENTRE, "radius": "100", "page": "5"}, 100, page=5),
    Scenario("sort-name-50mi", {"location": CENTRE, "radius": "50", "sort": "name"}, 50, order="name", smoke=True),
    # /search/ with nothing entered, where the site's "Find a program" link leads: every facility, by name.
    Scenario("anywhere-by-name", {}, None, order="name", smoke=True),
]


def distance_sql(latitude: float, longitude: float, alias: str = "f") -> str:
    """The site's distance formula (facilities.geo.great_circle_sql) with its numbers written in."""
    sql, params = great_circle_sql(f"{alias}.latitude", f"{alias}.longitude", latitude, longitude)
    return sql % tuple(repr(value) for value in params)


def _box_sql(latitude: float, longitude: float, miles: float, alias: str = "f") -> str:
    (south, north), ranges = bounding_box(latitude, longitude, miles)
    west_east = " OR ".join(f"{alias}.longitude BETWEEN {west!r} AND {east!r}" for west, east in ranges)
    return f"{alias}.latitude BETWEEN {south!r} AND {north!r} AND ({west_east})"


def _matching(scenario: Scenario, alias: str) -> list[str]:
    """The search's conditions but the place, on the facility `alias` (facility_sql is written on f)."""
    conditions = [f"{alias}.is_published"]
    if scenario.facility_sql:
        conditions.append(scenario.facility_sql.replace("f.", f"{alias}."))
    if scenario.program_sql:
        conditions.append(
            f"EXISTS (SELECT 1 FROM programs_program p WHERE p.facility_id = {alias}.id AND {scenario.program_sql})"
        )
    return conditions


def _first_of_its_place(scenario: Scenario, latitude, longitude, radius: float | None) -> str:
    """A place listed more than once shows once: no matching listing of the same place_key comes first by id
    (within the radius, when there is one). Tested only for listings that are not their place's first."""
    earlier = ["g.place_key = f.place_key", "g.place_key <> ''", "g.id < f.id", *_matching(scenario, "g")]
    if radius is not None:
        earlier += [_box_sql(latitude, longitude, radius, "g"), f"{distance_sql(latitude, longitude, 'g')} <= {radius}"]
    return f"(f.listed_first OR NOT EXISTS (SELECT 1 FROM facilities_facility g WHERE {' AND '.join(earlier)}))"


def floor_sql(scenario: Scenario, latitude: float | None, longitude: float | None, vendor: str) -> str:
    """The whole search as one statement: one row per (facility, matching program) of the shown page."""
    conditions = _matching(scenario, "f")
    nearest_beyond = [*conditions, _first_of_its_place(scenario, latitude, longitude, None)]
    conditions.append(_first_of_its_place(scenario, latitude, longitude, scenario.radius))
    columns = (
        "f.id, f.slug, f.name, f.street1, f.street2, f.city, f.state, f.zip_code, f.latitude, f.longitude,"
        " f.location_precision, f.phone, f.website, f.verified_on"
    )
    offset = (scenario.page - 1) * PAGE_SIZE
    if scenario.radius is None:  # no place: by name on its index, counted apart (a window would sort every row)
        where = " AND ".join(conditions)
        page = (
            f"SELECT {columns}, NULL AS distance, (SELECT COUNT(*) FROM facilities_facility f WHERE {where}) AS total"
            f" FROM facilities_facility f WHERE {where} ORDER BY f.name, f.id LIMIT {PAGE_SIZE} OFFSET {offset}"
        )
        return _with_programs(page, scenario, vendor)
    distance = distance_sql(latitude, longitude)
    within = " AND ".join([*conditions, _box_sql(latitude, longitude, scenario.radius)])
    if scenario.fallback_box is None and scenario.order == "distance":
        # Nearest first: the page's ids and the count from the index in one pass, then only those rows.
        hits = (
            "SELECT m.id, m.distance, COUNT(*) OVER () AS total"
            f" FROM (SELECT f.id, f.name, {distance} AS distance FROM facilities_facility f WHERE {within}) m"
            f" WHERE m.distance <= {scenario.radius} ORDER BY m.distance, m.name, m.id"
            f" LIMIT {PAGE_SIZE} OFFSET {offset}"
        )
        page = (
            f"SELECT {columns}, hits.distance, hits.total FROM ({hits}) hits"
            " JOIN facilities_facility f ON f.id = hits.id"
        )
    elif scenario.fallback_box is None:  # by name: counted apart, so an index's order can stop the scan early
        within += f" AND {distance} <= {scenario.radius}"
        page = (
            f"SELECT {columns}, {distance} AS distance,"
            f" (SELECT COUNT(*) FROM facilities_facility f WHERE {within}) AS total"
            f" FROM facilities_facility f WHERE {within} ORDER BY f.name, f.id LIMIT {PAGE_SIZE} OFFSET {offset}"
        )
    else:  # the count within the radius (0), and the 3 nearest matches beyond it, found by id first
        box = _box_sql(latitude, longitude, scenario.fallback_box) if scenario.fallback_box else "TRUE"
        limit = f" AND m.distance <= {scenario.fallback_box}" if scenario.fallback_box else ""
        everywhere = " AND ".join([*nearest_beyond, "f.latitude IS NOT NULL", box])
        hits = (
            f"SELECT m.id, m.distance FROM (SELECT f.id, f.name, {distance} AS distance FROM facilities_facility f"
            f" WHERE {everywhere}) m WHERE m.distance > {scenario.radius}{limit} ORDER BY m.distance, m.name, m.id"
            " LIMIT 3"
        )
        page = (
            f"SELECT {columns}, hits.distance, (SELECT COUNT(*) FROM facilities_facility f WHERE {within}"
            f" AND {distance} <= {scenario.radius}) AS total"
            f" FROM ({hits}) hits JOIN facilities_facility f ON f.id = hits.id"
        )
    return _with_programs(page, scenario, vendor)


def _with_programs(page: str, scenario: Scenario, vendor: str) -> str:
    """The page's facilities with their matching programs (in level order) and each program's therapies."""
    join = f" AND {scenario.program_sql}" if scenario.program_sql else ""
    concat = "string_agg" if vendor == "postgresql" else "group_concat"
    page_order = "page.distance, page.name, page.id" if scenario.order == "distance" else "page.name, page.id"
    return (
        f"WITH page AS ({page}) SELECT page.*, p.id AS program_id, p.type, p.name AS program_name,"
        " p.weekly_hours_min, p.weekly_hours_max, p.days_per_week_min, p.days_per_week_max, p.daytime, p.evening,"
        " p.weekend, p.telehealth, p.medication_management, p.detox, p.accepting,"
        f" (SELECT {concat}(t.slug || ' ' || t.name, '|') FROM programs_program_therapies pt"
        " JOIN programs_therapy t ON t.id = pt.therapy_id WHERE pt.program_id = p.id) AS therapies"
        f" FROM page LEFT JOIN programs_program p ON p.facility_id = page.id{join}"
        f" ORDER BY {page_order}, {LEVEL}, p.name, p.id"
    )


def floor_result(rows, description) -> tuple[int, list[tuple[int, str, list[int]]]]:
    """(total, [(facility id, slug, [program ids])]) from the floor's rows."""
    names = [column[0] for column in description]
    at = {name: names.index(name) for name in ("id", "slug", "total", "program_id")}
    total, facilities = 0, []
    for row in rows:
        total = row[at["total"]]
        if not facilities or facilities[-1][0] != row[at["id"]]:
            facilities.append((row[at["id"]], row[at["slug"]], []))
        if row[at["program_id"]] is not None:
            facilities[-1][2].append(row[at["program_id"]])
    return total, facilities
