"""What the HSDS API and export read: a page in a fixed number of queries, and the export a chunk at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hsds import export
from programs.models import Therapy

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(make_facility, make_program):
    def make(count):
        for _number in range(count):
            facility = make_facility()
            make_program(facility, therapies=["cbt"])
            make_program(facility, type="php", evening=None)
            facility.approaches.set(Therapy.objects.filter(slug="dbt"))

    return make


@pytest.mark.parametrize(
    "path",
    [
        "/api/hsds/services?per_page=100",
        "/api/hsds/services?per_page=100&full=true",
        "/api/hsds/service_at_locations?per_page=100&full=true",
        "/api/hsds/service_at_locations?per_page=100&postcode=45402",
        "/api/hsds/organizations?per_page=100&full=true&full_service=true",
    ],
)
def test_a_page_takes_as_many_queries_for_thirty_listings_as_for_one(client, listings, path):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    listings(1)
    few = queries()
    listings(29)
    assert queries() == few


def test_the_export_writes_each_chunk_of_listings_before_it_reads_the_next(listings, monkeypatch, tmp_path):
    """In chunks of 10 services, the lists of each chunk are read once what came before is written: the export
    holds a chunk, not the directory."""
    listings(30)
    monkeypatch.setattr(export, "CHUNK", 10)
    path = tmp_path / "services.ndjson"
    written_when_read = []

    def count_lines(execute, sql, params, many, context):
        if "programs_program_therapies" in sql:  # the therapies of a chunk's programs
            out.flush()
            written_when_read.append(len(path.read_text().splitlines()))
        return execute(sql, params, many, context)

    with path.open("w") as out, connection.execute_wrapper(count_lines):
        assert export.write_services(out, "https://iopfinder.example") == 60
    assert written_when_read == [0, 10, 20, 30, 40, 50]
