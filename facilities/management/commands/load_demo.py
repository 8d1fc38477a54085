from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from facilities.models import Facility

DEMO_FIXTURE = settings.BASE_DIR / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = "Load the fictional demo facilities, but only into a database that has no facilities yet."

    def handle(self, *args, **options):
        existing = Facility.objects.count()
        if existing:
            self.stdout.write(f"Skipped the demo data: the database already has {existing} facilities.")
            return
        call_command("loaddata", DEMO_FIXTURE, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {Facility.objects.count()} fictional demo facilities from {DEMO_FIXTURE.name}.")
        )
