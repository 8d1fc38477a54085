from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from facilities.models import Facility

DIRECTORY = settings.BASE_DIR / "data" / "samhsa_su_facilities_2023.csv.gz"


class Command(BaseCommand):
    help = "Load the shipped 2023 national directory (data/), but only into a database that has no facilities yet."

    def handle(self, *args, **options):
        existing = Facility.objects.count()
        if existing:
            self.stdout.write(f"Skipped the national directory: the database already has {existing:,} facilities.")
            return
        self.stdout.write(f"Loading SAMHSA's National Directory 2023 from {DIRECTORY.relative_to(settings.BASE_DIR)} …")
        call_command("import_samhsa", str(DIRECTORY), stdout=self.stdout, stderr=self.stderr)
