from django.core.management.base import BaseCommand

from facilities.models import Facility
from imports.csv_format import write_csv


class Command(BaseCommand):
    help = "Export facilities and their programs as IOP Finder CSV (to a file, or to standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write; standard output when left out.")
        parser.add_argument("--published-only", action="store_true", help="Leave out unpublished facilities.")
        parser.add_argument("--state", help="Only facilities in this state (USPS code, e.g. OH).")

    def handle(self, *args, output, published_only, state, **options):
        facilities = Facility.objects.published() if published_only else Facility.objects.all()
        if state:
            facilities = facilities.filter(state=state.upper())
        if output:
            with open(output, "w", newline="", encoding="utf-8") as stream:
                rows = write_csv(facilities, stream)
            self.stderr.write(f"Wrote {rows:,} rows for {facilities.count():,} facilities to {output}.")
        else:
            self.stdout.ending = ""  # the csv writer ends its own lines
            write_csv(facilities, self.stdout)
