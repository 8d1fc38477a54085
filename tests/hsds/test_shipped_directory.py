"""The HSDS API and export on the directory `make run` loads (data/, 7,957 listings): every service the export
writes, and a spread of the API's pages, validate against the official schemas; the export takes under a minute.
On PostgreSQL only (CI's second suite): the whole directory costs a suite minutes."""

import csv
import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from hsds.export import TABLES, TYPES
from programs.models import Program
from tests.hsds.schemas import FOLDER, errors, needed, validator

pytestmark = pytest.mark.django_db
OBJECTS = ("array", "object", None)  # a field that is a list or an object (a $ref) is no column


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    """The shipped directory, loaded once for the module and rolled back after it (each test's own transaction is
    a savepoint inside this one)."""
    needed()
    if connection.vendor != "postgresql":
        pytest.skip(
            "The shipped directory's HSDS tests run on PostgreSQL, the production database (DATABASE_URL=postgres://…; "
            "CI's second suite): loading and exporting the whole directory costs a suite about 3 minutes."
        )
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_directory", stdout=StringIO(), stderr=StringIO())
        yield Program.objects.filter(facility__is_published=True).count()
        transaction.set_rollback(True)


def test_the_export_writes_every_published_service_in_under_a_minute_and_every_line_validates(shipped, tmp_path):
    path = tmp_path / "services.ndjson"
    started = time.monotonic()
    call_command("export_hsds", "--output", str(path), "--site-url", "https://iopfinder.example", stdout=StringIO())
    seconds = time.monotonic() - started
    assert seconds < 60, f"the export took {seconds:.1f} s"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == shipped > 10_000
    assert len({json.loads(line)["id"] for line in lines}) == len(lines)
    # Validated on every core: some 3 ms a service.
    with ProcessPoolExecutor(mp_context=multiprocessing.get_context("fork")) as pool:
        problems = [found for found in pool.map(line_errors, lines, chunksize=500) if found]
    assert problems == []


def line_errors(line: str) -> list[str]:
    return errors("compiled/service", json.loads(line))


def read_table(folder, table):
    with (folder / TABLES[table][0]).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_tabular_package_has_hsds_tables_whose_rows_refer_to_each_other(shipped, tmp_path):
    call_command("export_hsds", "--tabular", "--output", str(tmp_path), stdout=StringIO())
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert {resource["path"] for resource in package["resources"]} == {name for name, _columns in TABLES.values()}
    for table, (name, columns) in TABLES.items():
        official = json.loads((FOLDER / f"{table}.json").read_text())
        assert official["path"] == name
        # The specification's columns, in its order: every one-to-one field of the table.
        expected = [key for key, field in official["properties"].items() if field.get("type") not in OBJECTS]
        with (tmp_path / name).open(newline="", encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == expected == list(columns)
    organizations = {row["id"] for row in read_table(tmp_path, "organization")}
    locations = {row["id"] for row in read_table(tmp_path, "location")}
    services = read_table(tmp_path, "service")
    terms = {row["id"] for row in read_table(tmp_path, "taxonomy_term")}
    assert len(services) == shipped
    assert {row["organization_id"] for row in services} <= organizations
    for row in read_table(tmp_path, "service_at_location"):
        assert row["location_id"] in locations
    service_ids = {row["id"] for row in services}
    attributes = read_table(tmp_path, "attribute")
    assert {row["link_id"] for row in attributes} <= service_ids
    assert {row["taxonomy_term_id"] for row in attributes} <= terms
    for table in TABLES:
        rows = read_table(tmp_path, table)
        assert len({row["id"] for row in rows}) == len(rows), f"{table} repeats an id"
        # The first thousand rows of each table are each the object HSDS defines (the services are all checked
        # whole above, in the JSON export; attributes alone are 400,000 rows).
        required = validator(table).schema["required"]
        problems = [(row["id"], found) for row in rows[:1000] if (found := errors(table, as_object(row, required)))]
        assert problems == [], table


def as_object(row: dict, required: list[str]) -> dict:
    """A CSV row as the object it stands for: an empty cell is no value (an empty string where one is required),
    a number column a number."""
    return {
        key: float(value) if TYPES.get(key) == "number" and value else value
        for key, value in row.items()
        if value != "" or key in required
    }


PAGED = [
    ("services?per_page=100", "compiled/service_list"),
    ("service_at_locations?per_page=100", "compiled/service_at_location_list"),
    ("organizations?per_page=100", "compiled/organization_list"),
]


@pytest.mark.parametrize(("path", "schema"), PAGED)
def test_a_spread_of_pages_of_the_api_validates_and_the_pages_count_right(shipped, client, path, schema):
    """Every fourth page, and the last: each item valid, and the pages' sizes adding up to the total."""
    first = client.get(f"/api/hsds/{path}&page=1").json()
    pages, total = first["total_pages"], first["total_items"]
    assert total > 7_000
    for number in sorted({*range(1, pages + 1, 4), pages}):
        page = client.get(f"/api/hsds/{path}&page={number}").json()
        assert (page["page_number"], page["total_items"], page["last_page"]) == (number, total, number == pages)
        assert page["size"] == (100 if number < pages else total - 100 * (pages - 1))
        for item in page["contents"]:
            assert errors(schema, item) == [], item["id"]


def test_organizations_and_services_in_full_validate(shipped, client):
    """A spread of them: the organizations of every 20th page, whole with their services whole, and the first
    service of every fifth of those alone, and at its location."""
    pages = client.get("/api/hsds/organizations?per_page=100").json()["total_pages"]
    for number in range(1, pages + 1, 20):
        page = client.get(f"/api/hsds/organizations?per_page=100&page={number}&full=true&full_service=true").json()
        for organization in page["contents"]:
            assert errors("compiled/organization", organization) == []
        for organization in page["contents"][::5]:
            service = client.get(f"/api/hsds/services/{organization['services'][0]['id']}").json()
            assert errors("compiled/service", service) == []
            at = client.get(f"/api/hsds/service_at_locations/{service['service_at_locations'][0]['id']}").json()
            assert errors("compiled/service_at_location", at) == []
