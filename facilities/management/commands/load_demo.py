from datetime import date

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from facilities.models import Facility
from programs.models import Program

DEMO_FIXTURE = settings.BASE_DIR / "fixtures" / "demo.json"
HISTORY_REASON = "Fictional demo data loaded"
# The day the demo data pretends to be current on (fixtures/build_demo.py's REFERENCE_DAY). Its dates are moved
# forward to today when loaded, so its reports of taking new patients age as real ones would from the day it is
# loaded, instead of all having expired (programs.freshness.AVAILABILITY_DAYS).
DEMO_DAY = date(2026, 11, 27)


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
            move_dates_to(timezone.localdate())
            start_history()
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {Facility.objects.count()} fictional demo facilities from {DEMO_FIXTURE.name}.")
        )


def move_dates_to(today):
    """Shift the demo's dates (verified, reported) by the days between DEMO_DAY and `today`."""
    shift = today - DEMO_DAY
    if not shift:
        return
    for model, fields in ((Facility, ["verified_on"]), (Program, ["accepting_as_of"])):
        records = list(model.objects.all())
        for record in records:
            for name in fields:
                if getattr(record, name):
                    setattr(record, name, getattr(record, name) + shift)
        model.objects.bulk_update(records, fields, batch_size=500)


def start_history():
    """Give every demo record one first history entry: a full snapshot, many-to-many fields included."""
    for model in (Facility, Program):
        for record in model.objects.all():
            record._change_reason = HISTORY_REASON
            record.save()
