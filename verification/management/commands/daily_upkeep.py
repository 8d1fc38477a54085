from django.core.management.base import BaseCommand

from verification import upkeep


class Command(BaseCommand):
    help = "Expire old availability reports, flag listings not verified for 12 months, prune old demand counts."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"{upkeep.run()}."))
