"""Imports run off the request: one task runs one ImportJob to its end (TASKS_BACKEND says where: at once in the
process that enqueues it, or in a `manage.py db_worker`)."""

import logging

from django_tasks import task

from imports.csv_format import CsvFileError, import_listings, read_csv
from imports.directory_file import DirectoryFileError
from imports.directory_import import import_directory
from imports.models import RESULT_LINES, ImportJob
from imports.policies import ListingError

logger = logging.getLogger(__name__)


class UploadGone(Exception):
    pass


@task()
def run_import_job(job_id: int) -> str:
    """Run a queued job: done with its result, or failed saying why nothing was imported. Never raises."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).select_related("user").first()
    if job is None:
        return "not queued"  # run already (or deleted): a job runs once
    job.start()
    path = None
    try:
        path = job.path
        if not path.is_file():
            raise UploadGone("the uploaded file is gone (cancelled, applied, or a day old); upload it again")
        result = _directory(job) if job.kind == ImportJob.Kind.DIRECTORY else _csv(job)
    except (CsvFileError, DirectoryFileError, ListingError, UploadGone) as error:
        # The file waits under a random name; the curator knows it by the name it was uploaded with.
        message = str(error).replace(str(path), job.file_name).replace(path.name, job.file_name)
        job.fail(f"Nothing was imported: {message}")
    except Exception:
        logger.exception("Import job %s stopped on an unexpected error", job.pk)
        job.fail("Nothing was imported: the import stopped on an unexpected error; the server log has the details.")
    else:
        job.finish(result)
    if path and not (job.kind == ImportJob.Kind.CSV_PREVIEW and job.status == ImportJob.Status.DONE):
        path.unlink(missing_ok=True)  # only a preview waiting for "apply" keeps its upload
    return job.status


def _csv(job: ImportJob) -> dict:
    """The CSV preview (a dry run) or the real import of exactly the job's uploaded file."""
    dry_run = job.kind == ImportJob.Kind.CSV_PREVIEW
    listings, problems = read_csv(job.path.read_bytes(), job.file_name, progress=job.progress_recorder())
    if problems:
        job.result = {
            "problems": [str(problem) for problem in problems[:RESULT_LINES]],
            "problems_total": len(problems),
        }
        rows = len({problem.row for problem in problems})
        raise CsvFileError(f"{rows:,} row(s) have problems; fix them and import again")
    summary = import_listings(
        listings, dry_run=dry_run, user=job.user, reason=f"Imported from {job.file_name} in admin"
    )
    return {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "summary": f"{'Dry run, nothing written. ' if dry_run else ''}{summary}.",
        "changes": summary.changes[:RESULT_LINES],
        "changes_total": len(summary.changes),
    }


def _directory(job: ImportJob) -> dict:
    """The national directory, as `manage.py import_samhsa` imports it, with the same report."""
    report = import_directory(job.path, name=job.file_name, user=job.user, progress=job.progress_recorder())
    summary, mapped = report.summary, report.mapped
    return {
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "skipped": mapped.skipped_no_program + len(mapped.problems),
        "problems": len(mapped.problems),
        "conflicts": len(summary.conflicts),
        "missing": len(summary.missing),
        "notes": len(mapped.notes),
        "summary": report.line,
        "lines": [*report.lines, *([report.warning] if report.warning else [])],
    }
