from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone, translation

from facilities import demand
from facilities.models import Facility
from programs.models import Program, Therapy

SHARED_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"


@pytest.fixture(autouse=True)
def empty_cache():
    """Nothing cached from an earlier test, whose rows were rolled back (the search caches vocabulary choices)."""
    cache.clear()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request to a Spanish page leaves Spanish active in the test's thread (LocaleMiddleware activates a language
    and nothing deactivates it): the next test starts in English, as a new request would."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Tests send many requests from one client; tests/iopfinder/test_rate_limits.py switches the limits on."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests read each page's context and queries, which a kept page has none of: tests/iopfinder/test_page_cache.py
    switches the page cache on; tests/search/test_fragments.py the fragment cache."""
    settings.PAGE_CACHE = False
    settings.FRAGMENT_CACHE = False


@pytest.fixture(autouse=True)
def demand_flushed_by_hand(settings):
    """No flusher thread writing beside a test: tests call demand.flush(); none sees an earlier test's counts."""
    settings.DEMAND_FLUSH_SECONDS = 0
    with demand._lock:
        demand._tally.clear()


@pytest.fixture
def make_facility(db):
    counter = iter(range(1, 10_000))

    def make(**overrides):
        number = next(counter)
        fields = {
            "name": f"Test Recovery Center {number}",
            "street1": f"{100 + number} Main St",
            "city": "Dayton",
            "state": "OH",
            "zip_code": "45402",
            "latitude": 39.7589,
            "longitude": -84.1916,
            "location_precision": Facility.LocationPrecision.ADDRESS,
            "phone": "(937) 555-0100",
        }
        fields.update(overrides)
        return Facility.objects.create(**fields)

    return make


@pytest.fixture
def make_program(db):
    def make(facility, therapies=(), **overrides):
        fields = {
            "type": Program.Type.IOP,
            "weekly_hours_min": Decimal("9"),
            "weekly_hours_max": Decimal("12"),
            "days_per_week_min": 3,
            "days_per_week_max": 4,
            "evening": True,
        }
        fields.update(overrides)
        if fields.get("accepting", Program.Accepting.UNKNOWN) != Program.Accepting.UNKNOWN:
            fields.setdefault("accepting_as_of", timezone.localdate())  # a report is dated; today's is current
        program = Program.objects.create(facility=facility, **fields)
        program.therapies.set(Therapy.objects.filter(slug__in=therapies))
        return program

    return make


@pytest.fixture
def curator(db, django_user_model):
    user = django_user_model.objects.create_user("curator", password="a-curator-password-42", is_staff=True)
    user.groups.add(Group.objects.get(name=settings.CURATORS_GROUP))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
