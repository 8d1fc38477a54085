from django.core.management.base import BaseCommand, CommandError

from imports.directory_file import DirectoryFileError
from imports.directory_import import import_directory
from imports.management.progress import progress_bar


class Command(BaseCommand):
    help = "Import SAMHSA's National Directory of Drug and Alcohol Use Treatment Facilities (.xlsx or .csv)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The directory workbook (.xlsx) or a CSV with the same columns.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--unpublish-missing",
            action="store_true",
            help="Unpublish imported facilities that this edition no longer lists (they are never deleted).",
        )
        parser.add_argument(
            "--verbose-conflicts", action="store_true", help="List every conflict and update, not the first 20."
        )

    def handle(self, *args, path, dry_run, unpublish_missing, verbose_conflicts, **options):
        try:
            report = import_directory(
                path,
                dry_run=dry_run,
                unpublish_missing=unpublish_missing,
                verbose_conflicts=verbose_conflicts,
                progress=progress_bar("Mapping rows"),
            )
        except DirectoryFileError as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        for line in report.lines:
            self.stdout.write(line)
        if report.warning:
            self.stdout.write(self.style.WARNING(report.warning))
        self.stdout.write(self.style.SUCCESS(report.line))
