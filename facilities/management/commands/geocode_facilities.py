from django.core.management.base import BaseCommand, CommandError

import geo.geocoder
from facilities import geocoding
from facilities.models import Facility

NOT_CONFIGURED = "No geocoder is configured. Set GEOCODER=nominatim and GEOCODER_USER_AGENT=... (see .env.example)."


class Command(BaseCommand):
    help = "Give facilities without coordinates, or with only ZIP-area ones, street-level coordinates."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="Geocode at most this many facilities (default: all).")
        parser.add_argument("--state", help="Only facilities in this state (USPS code, e.g. OH).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be geocoded; ask nothing.")

    def handle(self, *args, limit, state, dry_run, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more.")
        facilities = Facility.objects.needing_geocoding()
        if state:
            facilities = facilities.filter(state=state.upper())
        if limit is not None:
            facilities = facilities[:limit]

        if dry_run:
            self.list_facilities(facilities)
            return
        geocoder = geo.geocoder.configured_geocoder()
        if geocoder is None:
            raise CommandError(NOT_CONFIGURED)
        summary = geocoding.geocode_facilities(facilities, geocoder=geocoder)
        for facility, message in summary.problems:
            self.stdout.write(self.style.WARNING(f"{facility}: {message}"))
        self.stdout.write(self.style.SUCCESS(f"{summary}."))

    def list_facilities(self, facilities):
        count = 0
        for facility in facilities:
            if facility.street1.strip():
                count += 1
                self.stdout.write(f"Would geocode {facility}: {geocoding.street_address(facility)}")
            else:
                self.stdout.write(f"Would skip {facility}: no street address")
        self.stdout.write(f"Dry run: would geocode {count}; nothing was asked or changed.")
