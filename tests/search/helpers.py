"""What the search tests share: a place near Dayton, a point some miles from it, a search and its names."""

from geopy.distance import great_circle

DAYTON = (39.7563, -84.1895)  # ZIP 45402's point in the zipcodes package


def point_at(miles: float, bearing: float = 0, origin=DAYTON) -> dict:
    destination = great_circle(miles=miles).destination(origin, bearing)
    return {"latitude": destination.latitude, "longitude": destination.longitude}


def names(response) -> list[str]:
    return [facility.name for facility in response.context["page"]]


def search(client, **params):
    params.setdefault("location", "45402")
    return client.get("/search/", params)
