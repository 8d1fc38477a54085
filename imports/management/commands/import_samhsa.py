import time

from django.core.management.base import BaseCommand, CommandError

from facilities.models import Facility
from imports.directory_file import DirectoryFileError, read_directory
from imports.management.progress import progress_bar
from imports.policies import FollowSource
from imports.samhsa import CodeMap, map_directory
from imports.sync import write_listings

SHOW = 20  # list at most this many of each kind of problem; the counts are always complete


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
        started = time.monotonic()
        try:
            directory = read_directory(path)
        except DirectoryFileError as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        mapped = map_directory(directory, CodeMap.from_database(), progress=progress_bar("Mapping rows"))
        summary = write_listings(
            mapped.listings,
            policy=FollowSource(Facility.Source.SAMHSA),
            reason=f"Imported from {path.rsplit('/', 1)[-1]}",
            unpublish_missing=unpublish_missing,
            dry_run=dry_run,
        )
        limit = None if verbose_conflicts else SHOW
        self.report("Row problems (rows skipped)", [str(problem) for problem in mapped.problems], SHOW)
        self.report("Notes on record keys and codes", mapped.notes, SHOW)
        self.report("Conflicts (curated values kept)", [str(conflict) for conflict in summary.conflicts], limit)
        self.report("Programs the directory no longer lists (kept)", summary.dropped_programs, SHOW)
        self.report("Updated (what changed)", summary.updates, limit)
        missing_label = (
            "Unpublished: not in this edition"
            if unpublish_missing
            else "Not in this edition (still published; --unpublish-missing hides them)"
        )
        self.report(missing_label, summary.missing, SHOW)
        if mapped.unknown_codes:
            codes = ", ".join(f"{code} ({count:,})" for code, count in mapped.unknown_codes.most_common())
            self.stdout.write(self.style.WARNING(f"Unknown service codes, not mapped: {codes}"))
        line = (
            f"Created {summary.created:,}, updated {summary.updated:,}, unchanged {summary.unchanged:,}, "
            f"skipped {mapped.skipped_no_program + len(mapped.problems):,} "
            f"({mapped.skipped_no_program:,} without an IOP, PHP or residential program, "
            f"{len(mapped.problems):,} with row problems), conflicts {len(summary.conflicts):,}, "
            f"missing {len(summary.missing):,}, unknown codes {len(mapped.unknown_codes):,}"
            f" in {time.monotonic() - started:.1f} s."
        )
        if dry_run:
            line = "Dry run, nothing written. " + line
        self.stdout.write(self.style.SUCCESS(line))

    def report(self, title: str, lines: list[str], limit: int | None):
        if not lines:
            return
        self.stdout.write(f"{title}: {len(lines):,}")
        for line in lines[:limit]:
            self.stdout.write(f"  {line}")
        if limit is not None and len(lines) > limit:
            self.stdout.write(f"  … and {len(lines) - limit:,} more")
