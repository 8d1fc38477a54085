"""Offline location lookups: ZIP code -> coordinates, from the zipcodes package (GeoNames, CC BY 4.0)."""

from functools import cache

import zipcodes


@cache
def _zip_table() -> dict[str, tuple[float, float]]:
    """Every ZIP with coordinates, built once per process (about half a second)."""
    table = {}
    for entry in zipcodes.list_all():
        try:
            table[entry["zip_code"]] = (float(entry["lat"]), float(entry["long"]))
        except (KeyError, TypeError, ValueError):
            continue
    return table


def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """The ZIP's centre point (approximate: a ZIP can span miles), or None for an unknown ZIP."""
    return _zip_table().get((zip_code or "").strip()[:5])
