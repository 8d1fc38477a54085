"""Distances on the Earth's surface, in Python and in SQL: the radius search's geometry.

No models and no network: the Facility queryset and the benchmark's floor both build on it.
"""

import math

from django.db.models import F, FloatField, Func

# geopy's great_circle uses this mean Earth radius (6371.009 km); using it too keeps distances identical.
EARTH_RADIUS_MILES = 6371.009 / 1.609344


def bounding_box(
    latitude: float, longitude: float, miles: float
) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Latitude range and longitude ranges (two when the box crosses the 180th meridian) that hold every
    point within `miles` of the centre: the cheap, indexed prefilter before the exact distance."""
    degrees = math.degrees(miles / EARTH_RADIUS_MILES)
    south, north = max(latitude - degrees, -90.0), min(latitude + degrees, 90.0)
    widest = max(abs(south), abs(north))
    if widest >= 89.9:
        return (south, north), [(-180.0, 180.0)]
    spread = min(degrees / math.cos(math.radians(widest)), 180.0)
    west, east = longitude - spread, longitude + spread
    if west < -180:
        return (south, north), [(west + 360, 180.0), (-180.0, east)]
    if east > 180:
        return (south, north), [(west, 180.0), (-180.0, east - 360)]
    return (south, north), [(west, east)]


class GreatCircleMiles(Func):
    """The distance in miles from a point to each row's latitude and longitude, in SQL.

    The same formula as geopy's great_circle (a numerically stable form of the spherical law of
    cosines), with its Earth radius, so the site and an independent computation agree. Written as one
    SQL expression rather than a tree of some 30 Django functions: a search compiles it twice, and the
    tree took about a millisecond each time (BENCHMARKS.md).
    """

    output_field = FloatField()

    def __init__(self, latitude: float, longitude: float):
        super().__init__(F("latitude"), F("longitude"))
        self.point = (float(latitude), float(longitude))

    def as_sql(self, compiler, connection, **extra_context):
        latitude, longitude = (compiler.compile(column)[0] for column in self.get_source_expressions())
        return great_circle_sql(latitude, longitude, *self.point)


def great_circle_sql(latitude_column: str, longitude_column: str, latitude: float, longitude: float):
    """(sql, params): the distance in miles from the point to the rows' columns; the point's numbers as params."""
    lat1, lng1 = math.radians(latitude), math.radians(longitude)
    lat2, lng2 = f"RADIANS({latitude_column})", f"RADIANS({longitude_column})"
    delta = f"({lng2} - %s)"
    y = f"SQRT(POWER(COS({lat2}) * SIN({delta}), 2) + POWER(%s * SIN({lat2}) - %s * COS({lat2}) * COS({delta}), 2))"
    x = f"%s * SIN({lat2}) + %s * COS({lat2}) * COS({delta})"
    sin1, cos1 = math.sin(lat1), math.cos(lat1)
    return f"(%s * ATAN2({y}, {x}))", [EARTH_RADIUS_MILES, lng1, cos1, sin1, lng1, sin1, cos1, lng1]
