"""The read replica (DATABASE_REPLICA_URL, iopfinder/db_router.py): public pages read from it; curators, admin and
every write use the primary, and so does anything outside a request.

The router is asked under each kind of request with a replica alias in the settings; then, on PostgreSQL, a server
process is started with the replica pointed at the tests' own database as a second connection, and the queries of
a search page are counted on each connection."""

import json
import os

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection, router
from django.http import HttpResponse
from django.test import RequestFactory

from facilities.models import Facility
from iopfinder.db_router import replica_reads
from tests.servers import run_django, shared_database_url

ROOT = settings.BASE_DIR
ROUTER = "iopfinder.db_router.ReplicaRouter"
# Django warns of any test that changes DATABASES; the replica fixture adds an alias that nothing connects to.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning")


@pytest.fixture
def replica(settings):
    """A replica alias beside the primary, and the router. Only its name is read here: nothing connects to it."""
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    settings.DATABASE_ROUTERS = [ROUTER]


def read_during(request, write_first=False) -> str:
    """The database the router picks for a read of the listings while the view answers `request`."""
    picked = []

    def view(request):
        if write_first:
            router.db_for_write(Facility)
        picked.append(router.db_for_read(Facility))
        return HttpResponse()

    replica_reads(view)(request)
    return picked[0]


def anonymous(request):
    request.user = AnonymousUser()
    return request


def signed_in(request):
    request.user = User(username="curator", is_staff=True)
    return request


def test_an_anonymous_search_reads_from_the_replica(replica):
    assert read_during(anonymous(RequestFactory().get("/search/?location=45402"))) == "replica"
    assert read_during(anonymous(RequestFactory().head("/facilities/some-place/"))) == "replica"


def test_a_signed_in_curator_reads_from_the_primary(replica):
    assert read_during(signed_in(RequestFactory().get("/search/?location=45402"))) == "default"


def test_admin_reads_from_the_primary_even_before_sign_in(replica):
    assert read_during(anonymous(RequestFactory().get("/admin/login/"))) == "default"


def test_a_form_sent_reads_and_writes_the_primary(replica):
    request = anonymous(RequestFactory().post("/facilities/some-place/correction/"))
    assert read_during(request) == "default"
    assert router.db_for_write(Facility) == "default"


def test_after_a_write_the_rest_of_the_request_reads_the_primary(replica):
    request = anonymous(RequestFactory().get("/search/?location=45402"))
    assert read_during(request, write_first=True) == "default"


def test_writes_go_to_the_primary_even_from_a_public_read(replica):
    written = []

    def view(request):
        written.append(router.db_for_write(Facility))
        return HttpResponse()

    replica_reads(view)(anonymous(RequestFactory().get("/search/?location=45402")))
    assert written == ["default"]


def test_commands_and_tasks_read_the_primary(replica):
    """Outside a request, and after one ends, nothing marks a public read."""
    assert router.db_for_read(Facility) == "default"
    read_during(anonymous(RequestFactory().get("/search/?location=45402")))
    assert router.db_for_read(Facility) == "default"


def test_without_a_replica_everything_reads_the_primary(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    assert "replica" not in settings.DATABASES
    assert read_during(anonymous(RequestFactory().get("/search/?location=45402"))) == "default"


def test_migrations_run_on_the_primary_only(replica):
    assert router.allow_migrate("default", "facilities")
    assert not router.allow_migrate("replica", "facilities")


def configured(**env) -> dict:
    """What iopfinder/settings.py makes of the environment given, read in a fresh interpreter."""
    code = (
        "import json; from django.conf import settings; print(json.dumps({"
        "'aliases': sorted(settings.DATABASES), 'routers': settings.DATABASE_ROUTERS, "
        "'replica': settings.DATABASES.get('replica'), 'middleware': settings.MIDDLEWARE}, default=str))"
    )
    clean = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DATABASE_REPLICA_URL"}}
    result = run_django(code, {**clean, **env, "SECRET_KEY": "test-only"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_replica_url_adds_the_replica_its_router_and_its_middleware():
    plain = configured()
    assert plain["aliases"] == ["default"] and plain["routers"] == []
    assert "iopfinder.db_router.replica_reads" not in plain["middleware"]

    with_replica = configured(DATABASE_REPLICA_URL="postgres://reader@replica.example.org:5432/iopfinder")
    assert with_replica["aliases"] == ["default", "replica"]
    assert with_replica["routers"] == [ROUTER]
    assert with_replica["replica"]["HOST"] == "replica.example.org"
    assert with_replica["replica"]["TEST"]["MIRROR"] == "default"  # tests never create a database on a replica
    middleware = with_replica["middleware"]
    authentication = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[authentication + 1] == "iopfinder.db_router.replica_reads"


# A server process with DATABASE_REPLICA_URL pointed at the tests' database: the same rows through a second
# connection. It answers a search anonymously, then signed in, and counts each one's queries on each connection.
SERVE_A_SEARCH = """
import json
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

def search(client):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get("/search/?location=45402")
    listed = "Harbor Light Recovery" in response.content.decode()
    return {"status": response.status_code, "listed": listed, "primary": len(primary), "replica": len(replica)}

curator = Client()
curator.force_login(get_user_model().objects.get(username="curator"))
print(json.dumps({"anonymous": search(Client()), "curator": search(curator)}))
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_server_with_a_replica_answers_the_public_from_it_and_the_curator_from_the_primary(
    make_facility, make_program, curator
):
    if connection.vendor != "postgresql":
        pytest.skip("the server process reads the tests' database: run with DATABASE_URL=postgres://… (CI does)")
    make_program(make_facility(name="Harbor Light Recovery"))
    url = shared_database_url()
    unshared = {"REDIS_URL", "DEBUG"}  # the process's own cache, no page cache: every answer made anew
    env = {key: value for key, value in os.environ.items() if key not in unshared}
    env.update(
        SECRET_KEY="test-only-replica",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=url,
        DATABASE_REPLICA_URL=url,
        PAGE_CACHE="0",
        RATELIMIT_ENABLE="0",
        DEMAND_COUNTING="0",
    )
    result = run_django(SERVE_A_SEARCH, env, timeout=120)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["anonymous"]["status"] == answers["curator"]["status"] == 200
    assert answers["anonymous"]["listed"] and answers["curator"]["listed"]
    assert answers["anonymous"]["replica"] > 0 and answers["anonymous"]["primary"] == 0
    assert answers["curator"]["primary"] > 0 and answers["curator"]["replica"] == 0
