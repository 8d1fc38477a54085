from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse
from geopy.exc import GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder

from facilities import geocoding
from facilities.models import Facility
from geo import geocoder as geo_client

pytestmark = pytest.mark.django_db

ZIP = Facility.LocationPrecision.ZIP
ADDRESS = Facility.LocationPrecision.ADDRESS
# Downtown Dayton's ZIP-area centre, as the offline ZIP lookup gives it.
ZIP_CENTRE = {"latitude": 39.7589, "longitude": -84.1916, "location_precision": ZIP}


@dataclass
class Location:
    latitude: float
    longitude: float


class FakeGeocoder:
    """Answers from a table of street lines; records every query it is asked."""

    def __init__(self, answers=None, unavailable_for=()):
        self.answers = answers or {}
        self.unavailable_for = unavailable_for
        self.queries = []

    def geocode(self, query, exactly_one=True):
        assert exactly_one
        self.queries.append(query)
        if any(street in query for street in self.unavailable_for):
            raise GeocoderUnavailable("Service not available")
        for street, (latitude, longitude) in self.answers.items():
            if street in query:
                return Location(latitude, longitude)
        return None


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every geopy geocoder sends its requests through Geocoder._call_geocoder: make that fail the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("A test tried to reach a real geocoder.")

    monkeypatch.setattr(Geocoder, "_call_geocoder", refuse)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_geocoder_configured(settings):
    settings.GEOCODER = ""


@pytest.fixture
def fake(monkeypatch, settings):
    """A configured geocoder, as the command and the admin action find it."""
    settings.GEOCODER, settings.GEOCODER_USER_AGENT = "nominatim", "test"
    fake = FakeGeocoder({"120 W 3rd St": (39.7601234567, -84.1941234567), "400 Wayne Ave": (39.75, -84.18)})
    monkeypatch.setattr(geo_client, "configured_geocoder", lambda: fake)
    return fake


def test_a_zip_level_facility_gets_street_coordinates_and_a_history_entry(make_facility):
    facility = make_facility(street1="120 W 3rd St", **ZIP_CENTRE)
    geocoder = FakeGeocoder({"120 W 3rd St": (39.7601234567, -84.1941234567)})

    summary = geocoding.geocode_facilities([facility], geocoder=geocoder)

    facility.refresh_from_db()
    assert (facility.latitude, facility.longitude) == (39.760123, -84.194123)
    assert facility.location_precision == ADDRESS
    assert not facility.is_approximate
    assert facility.history.first().history_change_reason == "Geocoded"
    assert geocoder.queries == ["120 W 3rd St, Dayton, OH 45402"]
    assert (summary.geocoded, summary.not_found, summary.failed, summary.skipped) == (1, 0, 0, 0)
    assert str(summary) == "Geocoded 1, not found 0, failed 0, skipped 0"


def test_a_facility_without_coordinates_is_geocoded_from_its_five_digit_zip(make_facility):
    facility = make_facility(
        street1="120 W 3rd St", street2="Suite 4", zip_code="45402-1234", latitude=None, longitude=None
    )
    geocoder = FakeGeocoder({"120 W 3rd St": (39.76, -84.19)})

    geocoding.geocode_facilities([facility], geocoder=geocoder)

    facility.refresh_from_db()
    assert facility.has_coordinates
    assert geocoder.queries == ["120 W 3rd St, Dayton, OH 45402"]


def test_an_address_level_facility_is_left_alone(make_facility):
    facility = make_facility(street1="120 W 3rd St", latitude=39.7, longitude=-84.2, location_precision=ADDRESS)
    entries = facility.history.count()
    geocoder = FakeGeocoder({"120 W 3rd St": (39.76, -84.19)})

    summary = geocoding.geocode_facilities([facility], geocoder=geocoder)

    facility.refresh_from_db()
    assert (facility.latitude, facility.longitude) == (39.7, -84.2)
    assert geocoder.queries == []
    assert facility.history.count() == entries
    assert summary.geocoded == 0


def test_an_address_the_geocoder_cannot_find_is_counted_and_keeps_its_coordinates(make_facility):
    facility = make_facility(street1="1 Nowhere Rd", **ZIP_CENTRE)

    summary = geocoding.geocode_facilities([facility], geocoder=FakeGeocoder())

    facility.refresh_from_db()
    assert (facility.latitude, facility.longitude, facility.location_precision) == (39.7589, -84.1916, ZIP)
    assert summary.not_found == 1
    assert summary.problems == [(facility, "address not found: 1 Nowhere Rd, Dayton, OH 45402")]


def test_a_geocoder_failure_is_counted_and_the_others_are_still_geocoded(make_facility):
    failing = make_facility(street1="9 Outage Ave", **ZIP_CENTRE)
    working = make_facility(street1="120 W 3rd St", **ZIP_CENTRE)
    geocoder = FakeGeocoder({"120 W 3rd St": (39.76, -84.19)}, unavailable_for=["9 Outage Ave"])

    summary = geocoding.geocode_facilities([failing, working], geocoder=geocoder)

    failing.refresh_from_db()
    working.refresh_from_db()
    assert failing.location_precision == ZIP
    assert working.location_precision == ADDRESS
    assert (summary.geocoded, summary.failed) == (1, 1)
    assert summary.problems[0][0] == failing
    assert "GeocoderUnavailable" in summary.problems[0][1]


def test_a_facility_without_a_street_address_is_skipped_without_asking(make_facility):
    facility = make_facility(street1="", **ZIP_CENTRE)
    geocoder = FakeGeocoder()

    summary = geocoding.geocode_facilities([facility], geocoder=geocoder)

    assert geocoder.queries == []
    assert summary.skipped == 1
    assert summary.problems == [(facility, "no street address")]


def test_the_same_address_is_asked_once_however_it_is_spaced_or_cased():
    geocoder = FakeGeocoder({"120 W 3rd St": (39.76, -84.19)})

    first = geo_client.geocode("120 W 3rd St, Dayton, OH 45402", geocoder=geocoder)
    second = geo_client.geocode("  120 w 3RD st,   Dayton, OH 45402 ", geocoder=geocoder)

    assert first == second == (39.76, -84.19)
    assert geocoder.queries == ["120 W 3rd St, Dayton, OH 45402"]


def test_two_facilities_at_one_address_ask_the_geocoder_once(make_facility):
    facilities = [make_facility(street1="120 W 3rd St", **ZIP_CENTRE) for _ in range(2)]
    geocoder = FakeGeocoder({"120 W 3rd St": (39.76, -84.19)})

    summary = geocoding.geocode_facilities(facilities, geocoder=geocoder)

    assert summary.geocoded == 2
    assert len(geocoder.queries) == 1


def test_not_found_is_cached_but_a_failure_is_not():
    geocoder = FakeGeocoder(unavailable_for=["9 Outage Ave"])

    assert geo_client.geocode("1 Nowhere Rd, Dayton, OH", geocoder=geocoder) is None
    assert geo_client.geocode("1 Nowhere Rd, Dayton, OH", geocoder=geocoder) is None
    for _ in range(2):
        with pytest.raises(geo_client.GeocodingError, match="9 Outage Ave"):
            geo_client.geocode("9 Outage Ave, Dayton, OH", geocoder=geocoder)

    assert geocoder.queries == ["1 Nowhere Rd, Dayton, OH", "9 Outage Ave, Dayton, OH", "9 Outage Ave, Dayton, OH"]


def test_needing_geocoding_selects_facilities_without_coordinates_or_with_zip_level_ones(make_facility):
    missing = make_facility(latitude=None, longitude=None, location_precision="")
    zip_level = make_facility(**ZIP_CENTRE)
    make_facility(location_precision=ADDRESS)

    assert set(Facility.objects.needing_geocoding()) == {missing, zip_level}


@pytest.fixture(autouse=True)
def fresh_geocoder():
    """Each test builds its own process-wide geocoder (and rate limiter)."""
    geo_client._nominatim.cache_clear()
    yield
    geo_client._nominatim.cache_clear()


def test_every_caller_in_a_process_shares_one_rate_limit(settings, monkeypatch):
    # Two admin actions or command runs in one process: the second request still waits its second.
    settings.GEOCODER, settings.GEOCODER_USER_AGENT = "nominatim", "test"
    sleeps, clock = [], [1000.0]
    monkeypatch.setattr(Geocoder, "_call_geocoder", lambda geocoder, url, callback, *, timeout: Location(1, 2))
    monkeypatch.setattr(RateLimiter, "_clock", lambda limiter: clock[0])

    def sleep(limiter, seconds):
        sleeps.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(RateLimiter, "_sleep", sleep)

    geo_client.geocode("1 First St, Dayton, OH", geocoder=geo_client.configured_geocoder())
    geo_client.geocode("2 Second St, Dayton, OH", geocoder=geo_client.configured_geocoder())

    assert geo_client.configured_geocoder() is geo_client.configured_geocoder()
    assert sleeps == [1]


def test_no_geocoder_is_configured_by_default(no_geocoder_configured):
    assert geo_client.configured_geocoder() is None


def test_a_configured_geocoder_needs_a_user_agent(settings):
    settings.GEOCODER, settings.GEOCODER_USER_AGENT = "nominatim", ""
    with pytest.raises(ImproperlyConfigured, match="GEOCODER_USER_AGENT"):
        geo_client.configured_geocoder()


def test_an_unknown_geocoder_name_is_refused(settings):
    settings.GEOCODER, settings.GEOCODER_USER_AGENT = "google", "test"
    with pytest.raises(ImproperlyConfigured, match="GEOCODER must be"):
        geo_client.configured_geocoder()


def test_the_configured_geocoder_is_a_rate_limited_nominatim_with_our_user_agent(settings):
    # Builds it and looks inside; never calls it.
    settings.GEOCODER, settings.GEOCODER_USER_AGENT = "nominatim", "iopfinder-tests (admin@example.org)"
    settings.GEOCODER_DOMAIN, settings.GEOCODER_TIMEOUT = "nominatim.example.org", 7

    geocoder = geo_client.configured_geocoder()

    assert isinstance(geocoder.geocoder, Nominatim)
    assert geocoder.geocoder.headers["User-Agent"] == "iopfinder-tests (admin@example.org)"
    assert geocoder.geocoder.domain == "nominatim.example.org"
    assert geocoder.geocoder.timeout == 7
    assert isinstance(geocoder.limited, RateLimiter)
    assert geocoder.limited.min_delay_seconds == 1
    assert geocoder.limited.func.keywords == {"country_codes": "us"}


def test_the_real_geocoder_asks_for_us_results_once_a_second_and_reports_outages(settings, monkeypatch):
    # geopy's own code down to the request, with the request itself replaced: nothing leaves the machine.
    settings.GEOCODER, settings.GEOCODER_USER_AGENT = "nominatim", "test"
    urls, sleeps, clock = [], [], [1000.0]

    def answer(geocoder, url, callback, *, timeout):
        urls.append(url)
        if "Outage" in url:
            raise GeocoderUnavailable("Service not available")
        return Location(39.76, -84.19)

    monkeypatch.setattr(Geocoder, "_call_geocoder", answer)

    def sleep(limiter, seconds):
        sleeps.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(RateLimiter, "_clock", lambda limiter: clock[0])
    monkeypatch.setattr(RateLimiter, "_sleep", sleep)
    geocoder = geo_client.configured_geocoder()

    assert geo_client.geocode("120 W 3rd St, Dayton, OH", geocoder=geocoder) == (39.76, -84.19)
    assert "countrycodes=us" in urls[0]
    with pytest.raises(geo_client.GeocodingError):
        geo_client.geocode("9 Outage Ave, Dayton, OH", geocoder=geocoder)
    # The second request waited its one second; the outage was retried, never taken for "not found".
    assert len(urls) == 4
    assert sleeps[0] == 1


def test_the_command_stops_without_a_configured_geocoder(no_geocoder_configured, make_facility):
    make_facility(**ZIP_CENTRE)
    with pytest.raises(CommandError, match=r"No geocoder is configured\. Set GEOCODER=nominatim"):
        call_command("geocode_facilities")


def test_the_command_geocodes_and_prints_a_summary(fake, make_facility, capsys):
    zip_level = make_facility(street1="120 W 3rd St", **ZIP_CENTRE)
    make_facility(street1="1 Nowhere Rd", **ZIP_CENTRE)
    make_facility(street1="", **ZIP_CENTRE)
    make_facility(street1="400 Wayne Ave", location_precision=ADDRESS)

    call_command("geocode_facilities")

    zip_level.refresh_from_db()
    assert zip_level.location_precision == ADDRESS
    assert zip_level.history.first().history_user is None
    out = capsys.readouterr().out
    assert "Geocoded 1, not found 1, failed 0, skipped 1." in out
    assert "address not found: 1 Nowhere Rd" in out
    assert len(fake.queries) == 2


def test_the_command_takes_a_state_and_a_limit(fake, make_facility, capsys):
    make_facility(name="A", street1="120 W 3rd St", **ZIP_CENTRE)
    make_facility(name="B", street1="400 Wayne Ave", **ZIP_CENTRE)
    make_facility(name="C", street1="120 W 3rd St", city="Columbus", state="IN", zip_code="47201", **ZIP_CENTRE)

    call_command("geocode_facilities", "--state", "oh", "--limit", "1")

    assert Facility.objects.filter(location_precision=ADDRESS).get().name == "A"
    assert "Geocoded 1, not found 0, failed 0, skipped 0." in capsys.readouterr().out


def test_a_dry_run_lists_the_facilities_and_changes_nothing(fake, make_facility, capsys):
    facility = make_facility(name="Downtown Recovery", street1="120 W 3rd St", **ZIP_CENTRE)
    entries = facility.history.count()

    call_command("geocode_facilities", "--dry-run")

    facility.refresh_from_db()
    assert facility.location_precision == ZIP
    assert facility.history.count() == entries
    assert fake.queries == []
    out = capsys.readouterr().out
    assert "Would geocode Downtown Recovery (Dayton, OH): 120 W 3rd St, Dayton, OH 45402" in out
    assert "would geocode 1" in out


def test_a_dry_run_needs_no_geocoder(no_geocoder_configured, make_facility, capsys):
    make_facility(street1="120 W 3rd St", **ZIP_CENTRE)
    call_command("geocode_facilities", "--dry-run")
    assert "would geocode 1" in capsys.readouterr().out


def run_admin_action(client, django_user_model, *facilities):
    admin_user = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password-42")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:facilities_facility_changelist"),
        {"action": "geocode_street_addresses", "_selected_action": [facility.pk for facility in facilities]},
        follow=True,
    )
    assert response.status_code == 200
    return admin_user, [str(message) for message in get_messages(response.wsgi_request)]


def test_the_admin_action_geocodes_the_selected_facilities_as_the_curator(
    fake, client, django_user_model, make_facility
):
    zip_level = make_facility(street1="120 W 3rd St", **ZIP_CENTRE)
    located = make_facility(street1="400 Wayne Ave", latitude=39.7, longitude=-84.2, location_precision=ADDRESS)
    not_selected = make_facility(street1="120 W 3rd St", **ZIP_CENTRE)

    admin_user, shown = run_admin_action(client, django_user_model, zip_level, located)

    zip_level.refresh_from_db()
    located.refresh_from_db()
    not_selected.refresh_from_db()
    assert zip_level.location_precision == ADDRESS
    latest = zip_level.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Geocoded", admin_user)
    assert (located.latitude, located.longitude) == (39.7, -84.2)
    assert not_selected.location_precision == ZIP
    assert fake.queries == ["120 W 3rd St, Dayton, OH 45402"]
    assert shown == [
        "Geocoded 1, not found 0, failed 0, skipped 0. Left alone 1 that already had street-level coordinates."
    ]


def test_the_admin_action_without_a_geocoder_changes_nothing(
    no_geocoder_configured, client, django_user_model, make_facility
):
    facility = make_facility(street1="120 W 3rd St", **ZIP_CENTRE)

    _, shown = run_admin_action(client, django_user_model, facility)

    facility.refresh_from_db()
    assert facility.location_precision == ZIP
    assert shown == ["No geocoder is configured, so nothing was changed. See GEOCODER in .env.example."]
