"""One import of the national directory and its report, shared by the import_samhsa command and the admin's task."""

import time
from dataclasses import dataclass, field
from pathlib import Path

from facilities.models import Facility
from imports.directory_file import read_directory
from imports.policies import FollowSource
from imports.samhsa import CodeMap, MappedDirectory, map_directory
from imports.sync import Summary, write_listings

SHOW = 20  # list at most this many of each kind of problem; the counts are always complete


@dataclass
class DirectoryImport:
    mapped: MappedDirectory
    summary: Summary
    lines: list[str] = field(default_factory=list)  # the report, as the command prints it
    warning: str = ""  # the service codes nobody mapped, when there are some
    line: str = ""  # "Created 120, updated 4, …"


def import_directory(
    path: str | Path,
    *,
    name: str = "",
    user=None,
    dry_run: bool = False,
    unpublish_missing: bool = False,
    verbose_conflicts: bool = False,
    progress=None,
) -> DirectoryImport:
    """Read, map and write a directory file (raises DirectoryFileError or ListingError when nothing is imported)."""
    started = time.monotonic()
    directory = read_directory(path)
    mapped = map_directory(directory, CodeMap.from_database(), progress=progress)
    summary = write_listings(
        mapped.listings,
        policy=FollowSource(Facility.Source.SAMHSA),
        reason=f"Imported from {name or Path(path).name}",
        user=user,
        unpublish_missing=unpublish_missing,
        dry_run=dry_run,
    )
    result = DirectoryImport(mapped, summary)
    limit = None if verbose_conflicts else SHOW
    result.lines += _section("Row problems (rows skipped)", [str(problem) for problem in mapped.problems], SHOW)
    result.lines += _section("Notes on record keys and codes", mapped.notes, SHOW)
    result.lines += _section(
        "Conflicts (curated values kept)", [str(conflict) for conflict in summary.conflicts], limit
    )
    result.lines += _section("Programs the directory no longer lists (kept)", summary.dropped_programs, SHOW)
    result.lines += _section("Updated (what changed)", summary.updates, limit)
    missing_label = (
        "Unpublished: not in this edition"
        if unpublish_missing
        else "Not in this edition (still published; --unpublish-missing hides them)"
    )
    result.lines += _section(missing_label, summary.missing, SHOW)
    if mapped.unknown_codes:
        codes = ", ".join(f"{code} ({count:,})" for code, count in mapped.unknown_codes.most_common())
        result.warning = f"Unknown service codes, not mapped: {codes}"
    result.line = (
        f"Created {summary.created:,}, updated {summary.updated:,}, unchanged {summary.unchanged:,}, "
        f"skipped {mapped.skipped_no_program + len(mapped.problems):,} "
        f"({mapped.skipped_no_program:,} without an IOP, PHP or residential program, "
        f"{len(mapped.problems):,} with row problems), conflicts {len(summary.conflicts):,}, "
        f"missing {len(summary.missing):,}, unknown codes {len(mapped.unknown_codes):,}"
        f" in {time.monotonic() - started:.1f} s."
    )
    if dry_run:
        result.line = "Dry run, nothing written. " + result.line
    return result


def _section(title: str, lines: list[str], limit: int | None) -> list[str]:
    if not lines:
        return []
    shown = [f"{title}: {len(lines):,}", *(f"  {line}" for line in lines[:limit])]
    if limit is not None and len(lines) > limit:
        shown.append(f"  … and {len(lines) - limit:,} more")
    return shown
