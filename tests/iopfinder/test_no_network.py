"""No page or API request opens a socket but the database's, even with a geocoder configured.

A person's search must not wait on, or be told to, an outside service (geo/places.py). Every connection and
name lookup is recorded and refused, so one that the code catches and hides still fails the test.
"""

import contextlib
import socket

import pytest

pytestmark = pytest.mark.django_db

UNKNOWN_PLACE = "Wright Brothers Memorial"  # no ZIP, city or coordinates: a geocoder would be the only way
LOCAL = {"localhost", "127.0.0.1", "::1"}


@pytest.fixture
def sockets_opened(monkeypatch, settings):
    """The addresses asked for other than the database's; asking raises OSError in the code that asked."""
    database = settings.DATABASES["default"]
    host, port = database.get("HOST") or "", int(database.get("PORT") or 5432)
    database_hosts = (LOCAL if host in LOCAL else {host}) if host else set()  # SQLite opens no socket
    opened = []

    def check(call: str, address):
        if isinstance(address, str):  # a Unix socket: PostgreSQL's when HOST is its directory
            allowed = host.startswith("/") and address.startswith(host)
        else:
            allowed = address[0] in database_hosts and address[1] in (port, str(port), None)
        if not allowed:
            opened.append((call, address))
            raise OSError(f"{call}({address!r}) during a request: only the database may be reached")

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo, real_create_connection = socket.getaddrinfo, socket.create_connection

    def connect(sock, address):
        check("connect", address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        check("connect_ex", address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host, port, *args, **kwargs):
        check("getaddrinfo", (host, port))
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        check("create_connection", address)
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    # So that a geocoder would be used, if anything a request runs asked for one.
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_USER_AGENT = "test"
    return opened


@pytest.fixture
def listing(make_facility, make_program):
    return make_program(make_facility(name="Downtown Dayton Recovery"), therapies=["cbt"])


PAGES = [
    ("/", 200),
    ("/about/", 200),
    ("/healthz/", 200),
    ("/search/?location=45402", 200),
    ("/search/?location=Dayton%2C+OH", 200),
    ("/search/?lat=39.76&lng=-84.19", 200),
    (f"/search/?location={UNKNOWN_PLACE}", 200),  # the place is a message on the page
    ("/api/v1/facilities/?location=45402", 200),
    ("/api/v1/facilities/?location=Dayton%2C+OH", 200),
    ("/api/v1/facilities/?lat=39.76&lng=-84.19", 200),
    (f"/api/v1/facilities/?location={UNKNOWN_PLACE}", 400),
    ("/facilities/{slug}/", 200),
    ("/api/v1/facilities/{slug}/", 200),
    (f"/compare/?p={{program}}&location={UNKNOWN_PLACE}", 200),
    ("/api/v1/schema/", 200),
    ("/learn/", 200),
    ("/learn/what-is-an-iop/", 200),
    ("/learn/levels-of-care/", 200),
    ("/learn/therapies/", 200),
    ("/learn/what-to-expect/", 200),
    ("/learn/questions-to-ask/", 200),
    ("/learn/faq/", 200),
]


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_a_request_opens_no_socket_but_the_databases(client, sockets_opened, listing, path, status):
    url = path.format(slug=listing.facility.slug, program=listing.pk)
    response = client.get(url)
    assert response.status_code == status, url
    assert sockets_opened == [], url


def test_an_unknown_place_is_answered_without_asking_the_geocoder(client, sockets_opened, listing):
    html = client.get("/search/", {"location": UNKNOWN_PLACE}).content.decode()
    assert f"We could not find a city called &#x27;{UNKNOWN_PLACE}&#x27;" in html
    compare = client.get("/compare/", {"p": listing.pk, "location": UNKNOWN_PLACE}).content.decode()
    assert "Distances are not shown: We could not find a city called" in compare
    assert sockets_opened == []


def test_the_guard_sees_a_connection_even_when_the_code_hides_the_error(client, sockets_opened, monkeypatch):
    from search import forms

    real_resolve = forms.resolve

    def resolve_after_calling_out(*args):
        with contextlib.suppress(OSError):
            socket.create_connection(("example.org", 80), timeout=1)
        return real_resolve(*args)

    monkeypatch.setattr(forms, "resolve", resolve_after_calling_out)
    assert client.get("/search/?location=45402").status_code == 200
    assert sockets_opened == [("create_connection", ("example.org", 80))]
