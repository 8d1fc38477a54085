"""Search over the real 2023 national directory against an independent great-circle computation."""

from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from geopy.distance import great_circle

from facilities.models import Facility
from geo.places import resolve
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db
CSV_FILE = SHARED_DATA / "samhsa_su_facilities_2023.csv"
# Dense and sparse places, Alaska, Hawaii, Guam, and a point near the 180th meridian.
PLACES = ["10001", "30303", "45402", "59001", "99501", "96813", "96910", "Kansas City, MO", "51.88,-176.65"]
# Facilities at one point (often a ZIP centre) are equally far and ordered by name; the database's
# collation may order those names differently from Python, so ties are compared as sets.
TIE = 1e-9


def listings():
    return Facility.objects.published().values_list("slug", "name", "street1", "zip_code")


def api_results(client, location: str, radius: int) -> list[dict]:
    results, url = [], f"/api/v1/facilities/?location={location}&radius={radius}&page_size=100"
    while url:
        data = client.get(url).json()
        results += data["results"]
        url = data["next"]
    return results


@pytest.mark.skipif(not CSV_FILE.exists(), reason="shared data absent")
def test_searches_return_what_an_independent_great_circle_computation_returns(client):
    call_command("import_samhsa", str(CSV_FILE), stdout=StringIO())
    located = list(Facility.objects.published().exclude(latitude=None).values_list("slug", "latitude", "longitude"))
    places = {slug: (name.upper(), street.upper(), zip_code[:5]) for slug, name, street, zip_code in listings()}
    checked = 0
    for location in PLACES:
        place = resolve(location)
        distances = {
            slug: great_circle((place.latitude, place.longitude), (lat, lng)).miles for slug, lat, lng in located
        }
        for radius in (5, 10, 25, 50, 100):
            results = api_results(client, location.replace(" ", "+").replace(",", "%2C"), radius)
            found = [item["slug"] for item in results]
            also_here = [other["slug"] for item in results for other in item["also_here"]]
            expected = {slug for slug, miles in distances.items() if miles <= radius}
            assert set(found + also_here) == expected, (location, radius)
            assert len(found + also_here) == len(expected)  # and no facility twice
            # A place the directory lists more than once (same name, street and ZIP) is one result.
            assert len({places[slug] for slug in found}) == len(found), (location, radius)
            # Nearest first: the independent distances never go down along the API's order ...
            along = [distances[slug] for slug in found]
            assert all(later >= earlier - TIE for earlier, later in pairwise(along)), (location, radius)
            # ... and each shown distance is the independent one to 0.1 mile.
            for item in results:
                assert abs(item["distance_miles"] - distances[item["slug"]]) <= 0.05 + TIE
            checked += len(found)
    assert checked > 1000  # the comparison covered real, crowded searches
