from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.csv_format import CsvFileError, import_listings, read_csv


class Command(BaseCommand):
    help = "Import IOP Finder CSV (the export_facilities format): creates and updates, never deletes."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, path, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Nothing was imported: {path} does not exist or is not a file.")
        try:
            listings, problems = read_csv(file.read_bytes(), file.name)
            if problems:
                for problem in problems:
                    self.stderr.write(f"  {problem}")
                rows = len({problem.row for problem in problems})
                raise CsvFileError(f"{rows:,} row(s) have problems; fix them and import again")
            summary = import_listings(listings, dry_run=dry_run, reason=f"Imported from {file.name}")
        except CsvFileError as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        for change in summary.changes[:50]:
            self.stdout.write(f"  {change}")
        if len(summary.changes) > 50:
            self.stdout.write(f"  … and {len(summary.changes) - 50:,} more")
        prefix = "Dry run, nothing written. " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{summary}."))
