from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from facilities.models import Facility
from programs.models import Program

DEMO_FIXTURE = settings.BASE_DIR / "fixtures" / "demo.json"
HISTORY_REASON = "Fictional demo data loaded"


class Command(BaseCommand):
    help = "Load the fictional demo facilities, but only into a database that has no facilities yet."

    def handle(self, *args, **options):
        existing = Facility.objects.count()
        if existing:
            self.stdout.write(f"Skipped the demo data: the database already has {existing} facilities.")
            return
        with transaction.atomic():
            # loaddata would record a history entry per many-to-many field; start_history writes one per record.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", DEMO_FIXTURE, verbosity=0)
            start_history()
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {Facility.objects.count()} fictional demo facilities from {DEMO_FIXTURE.name}.")
        )


def start_history():
    """Give every demo record one first history entry: a full snapshot, many-to-many fields included."""
    for model in (Facility, Program):
        for record in model.objects.all():
            record._change_reason = HISTORY_REASON
            record.save()
