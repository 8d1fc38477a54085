"""What the search tests share: a place near Dayton, a point some miles from it, a search and its names."""

from geopy.distance import great_circle

from facilities.models import Facility

DAYTON = (39.7563, -84.1895)  # ZIP 45402's point in the zipcodes package


def point_at(miles: float, bearing: float = 0, origin=DAYTON) -> dict:
    destination = great_circle(miles=miles).destination(origin, bearing)
    return {"latitude": destination.latitude, "longitude": destination.longitude}


def names(response, shown: str = "page") -> list[str]:
    """The names of the listings a results page shows: its page of results, or the "nearest" beyond the radius."""
    hits = list(response.context[shown])
    by_pk = Facility.objects.in_bulk([hit.pk for hit in hits])
    return [by_pk[hit.pk].name for hit in hits]


def search(client, **params):
    params.setdefault("location", "45402")
    return client.get("/search/", params)
