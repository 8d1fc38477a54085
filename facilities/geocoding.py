"""The geocoding batch job: street-level coordinates for facilities located only by their ZIP area.

Run by the geocode_facilities command and the Facility admin action; the network is geo.geocoder's.
"""

from dataclasses import dataclass, field

from facilities.models import Facility
from geo.geocoder import GeocodingError, geocode

CHANGE_REASON = "Geocoded"


@dataclass
class GeocodeSummary:
    geocoded: int = 0
    not_found: int = 0
    failed: int = 0
    skipped: int = 0
    problems: list[tuple[Facility, str]] = field(default_factory=list)

    def __str__(self):
        return f"Geocoded {self.geocoded}, not found {self.not_found}, failed {self.failed}, skipped {self.skipped}"


def needs_geocoding(facility: Facility) -> bool:
    """The rule of FacilityQuerySet.needing_geocoding(), for one facility in memory."""
    return not facility.has_coordinates or facility.is_approximate


def street_address(facility: Facility) -> str:
    """The address a geocoder is asked about. Street line 2 (suite, floor) is left out: it only confuses
    geocoders. ZIP+4 is cut to its five digits for the same reason."""
    return f"{facility.street1}, {facility.city}, {facility.state} {facility.zip_code[:5]}"


def geocode_facilities(facilities, *, geocoder, user=None) -> GeocodeSummary:
    """Give each facility that needs it street-level coordinates, saving each with a "Geocoded" history entry.
    Asks the geocoder once per uncached address, so it takes about a second a facility against Nominatim.
    One facility's failure does not stop the others."""
    summary = GeocodeSummary()
    for facility in facilities:
        if not needs_geocoding(facility):
            summary.skipped += 1
            continue
        if not facility.street1.strip():
            # Its ZIP-area coordinates are already the best there is.
            summary.skipped += 1
            summary.problems.append((facility, "no street address"))
            continue
        query = street_address(facility)
        try:
            point = geocode(query, geocoder=geocoder)
        except GeocodingError as error:
            summary.failed += 1
            summary.problems.append((facility, str(error)))
            continue
        if point is None:
            summary.not_found += 1
            summary.problems.append((facility, f"address not found: {query}"))
            continue
        facility.latitude, facility.longitude = (round(value, 6) for value in point)
        facility.location_precision = Facility.LocationPrecision.ADDRESS
        facility._change_reason = CHANGE_REASON
        if user is not None:
            facility._history_user = user
        # Only the location fields: a long run must not write back other fields a curator edited meanwhile.
        facility.save(update_fields=["latitude", "longitude", "location_precision", "updated_at"])
        summary.geocoded += 1
    return summary
