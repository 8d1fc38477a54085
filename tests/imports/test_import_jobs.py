"""Imports started in admin run as tasks (imports/tasks.py): the page answers at once, a job page follows them, and
they end with what the commands report."""

import csv
import re
import time
from io import BytesIO, StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.urls import reverse

from facilities.models import Facility
from imports.csv_format import COLUMNS
from imports.models import ImportJob
from tests.imports import test_csv_format
from tests.imports.test_csv_format import export, import_file
from tests.imports.test_import_samhsa import COLUMNS as DIRECTORY_COLUMNS
from tests.imports.test_import_samhsa import directory_row

pytestmark = pytest.mark.django_db

listings = test_csv_format.listings  # two facilities with every kind of value
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMPORT_CSV = "admin:facilities_facility_import_csv"
IMPORT_DIRECTORY = "admin:facilities_facility_import_directory"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path / "uploads" / "csv-imports"


def upload(client, url_name: str, content: bytes, name: str):
    file = BytesIO(content)
    file.name = name
    return client.post(reverse(url_name), {"file": file})


def command_lines(output: str) -> tuple[list[str], str]:
    """A command's report lines (indent dropped) and its summary line."""
    lines = output.strip().splitlines()
    return [line.strip() for line in lines[:-1]], lines[-1]


def untimed(line: str) -> str:
    return re.sub(r" in [0-9.]+ s\.$", ".", line)


def test_a_preview_job_shows_the_changes_and_apply_writes_them(curator_client, curator, listings, tmp_path):
    content = export().replace("(937) 555-0100", "(937) 555-0188")
    path = tmp_path / "phones.csv"
    path.write_text(content, encoding="utf-8")
    changes, dry_run_line = command_lines(import_file(path, "--dry-run"))

    uploaded = upload(curator_client, IMPORT_CSV, content.encode(), "phones.csv")
    preview = ImportJob.objects.get()
    assert uploaded.status_code == 302 and uploaded["Location"] == preview.get_absolute_url()
    assert (preview.kind, preview.status, preview.user) == (ImportJob.Kind.CSV_PREVIEW, ImportJob.Status.DONE, curator)
    assert preview.result["summary"] == dry_run_line == "Dry run, nothing written. Created 0, updated 2, unchanged 0."
    assert preview.result["changes"] == changes
    page = curator_client.get(uploaded["Location"]).content.decode()
    assert "Preview: Dry run, nothing written. Created 0, updated 2, unchanged 0." in page
    assert 'name="apply"' in page and 'http-equiv="refresh"' not in page
    assert not Facility.objects.filter(phone="(937) 555-0188").exists()

    applied = curator_client.post(uploaded["Location"], {"apply": "1"})
    job = ImportJob.objects.get(kind=ImportJob.Kind.CSV_APPLY)
    assert applied["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.DONE and job.token == preview.token
    assert job.result["summary"] == "Created 0, updated 2, unchanged 0."
    assert job.result["changes"] == changes
    assert "Imported: Created 0, updated 2, unchanged 0." in curator_client.get(applied["Location"]).content.decode()
    assert Facility.objects.filter(phone="(937) 555-0188").count() == 2
    assert Facility.objects.get(name="Harbor Light Recovery").history.first().history_user == curator
    assert not preview.path.exists()  # the upload goes once it is applied
    assert "unchanged 2" in import_file(path)  # the real import finds nothing left to do


def big_csv(rows: int) -> bytes:
    """One exported facility row, copied under new slugs: a file of `rows` new facilities."""
    template = next(csv.DictReader(StringIO(export())))
    out = StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for number in range(rows):
        writer.writerow({**template, "slug": f"harbor-light-{number}", "source_id": ""})
    return out.getvalue().encode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_big_preview_answers_at_once_and_a_worker_runs_it(curator_client, settings, make_facility, tmp_path):
    settings.TASKS = DATABASE_TASKS
    make_facility(name="Harbor Light Recovery")
    content = big_csv(20_000)
    Facility.objects.all().delete()
    path = tmp_path / "big.csv"
    path.write_bytes(content)

    started = time.monotonic()
    response = upload(curator_client, IMPORT_CSV, content, "big.csv")
    assert time.monotonic() - started < 2
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.QUEUED
    page = curator_client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "<progress" in page
    assert "Waiting for a worker" in page

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    job.refresh_from_db()
    changes, line = command_lines(import_file(path, "--dry-run"))
    assert job.status == ImportJob.Status.DONE
    assert job.result["summary"] == line == "Dry run, nothing written. Created 20,000, updated 0, unchanged 0."
    assert job.result["changes"][:50] == changes[:50]
    assert job.result["changes_total"] == 20_000 and len(job.result["changes"]) == 200
    assert (job.done, job.total) == (20_000, 20_000)
    assert job.started and job.finished
    assert 'http-equiv="refresh"' not in curator_client.get(response["Location"]).content.decode()
    assert not Facility.objects.exists()


def directory_csv(rows: list[dict]) -> bytes:
    out = StringIO()
    writer = csv.DictWriter(out, fieldnames=DIRECTORY_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_directory_upload_ends_with_the_commands_report(curator_client, curator, tmp_path):
    rows = [
        directory_row(),
        directory_row(name1="Second Step", service_code_info="SA * OIT * ZZQ CBT"),
        directory_row(name1="Methadone Clinic", service_code_info="SA * OP OMB * MD"),
        directory_row(name1="Bad State", state="XX"),
    ]
    content = directory_csv(rows)
    response = upload(curator_client, IMPORT_DIRECTORY, content, "directory-2026.csv")
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.kind == ImportJob.Kind.DIRECTORY and job.status == ImportJob.Status.DONE, job.error
    assert (job.done, job.total) == (4, 4)
    assert Facility.objects.get(name="Second Step").history.get().history_user == curator
    assert not job.path.exists()

    Facility.objects.all().delete()
    path = tmp_path / "directory-2026.csv"
    path.write_bytes(content)
    out = StringIO()
    call_command("import_samhsa", str(path), stdout=out)
    lines, line = command_lines(out.getvalue())
    assert untimed(job.result["summary"]) == untimed(line)
    assert line.startswith("Created 2, updated 0, unchanged 0, skipped 2 (1 without an IOP, PHP or residential")
    assert [entry.strip() for entry in job.result["lines"]] == lines
    assert "Unknown service codes, not mapped: ZZQ (1)" in job.result["lines"]
    page = curator_client.get(response["Location"]).content.decode()
    assert "Imported: Created 2, updated 0, unchanged 0" in page
    assert "row 5: unknown state &#x27;XX&#x27;" in page


def test_the_directory_page_takes_only_a_directory_file(curator_client):
    response = upload(curator_client, IMPORT_DIRECTORY, b"x", "facilities.pdf")
    assert response.status_code == 200
    assert "Expected the directory workbook (.xlsx) or a CSV export" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_another_user_cannot_apply_or_cancel_someone_elses_preview(curator_client, listings, client, django_user_model):
    content = export().replace("(937) 555-0100", "(937) 555-0111").encode()
    job_page = upload(curator_client, IMPORT_CSV, content, "a.csv")["Location"]
    preview = ImportJob.objects.get()
    other = django_user_model.objects.create_superuser("other", password="another long passphrase")
    client.force_login(other)

    page = client.get(job_page).content.decode()
    assert 'name="apply"' not in page and 'name="cancel"' not in page
    refused = client.post(job_page, {"apply": "1"})
    assert refused["Location"] == reverse(IMPORT_CSV)
    client.post(job_page, {"cancel": "1"})
    assert not ImportJob.objects.filter(kind=ImportJob.Kind.CSV_APPLY).exists()
    assert not Facility.objects.filter(phone="(937) 555-0111").exists()
    assert preview.path.is_file()  # still there for the curator who uploaded it


def test_users_without_add_and_change_on_facilities_are_refused(client, django_user_model, curator_client, listings):
    upload(curator_client, IMPORT_CSV, export().encode(), "a.csv")
    viewer = django_user_model.objects.create_user("viewer", password="a viewer password 42", is_staff=True)
    client.force_login(viewer)
    job_page = ImportJob.objects.get().get_absolute_url()
    for url in (reverse(IMPORT_CSV), reverse(IMPORT_DIRECTORY), job_page):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("url_name", "content", "name", "message"),
    [
        (IMPORT_CSV, b"name,city\nHarbor,Dayton\n", "wrong.csv", "wrong.csv is missing the column"),
        (IMPORT_CSV, "slug\n".encode("utf-16"), "utf16.csv", "utf16.csv is not UTF-8 text"),
        (IMPORT_DIRECTORY, b"name1,street1\nA,B\n", "dir.csv", "dir.csv is missing the column"),
        (IMPORT_DIRECTORY, b"not a workbook", "dir.xlsx", "dir.xlsx"),
    ],
    ids=["csv columns", "csv encoding", "directory columns", "broken workbook"],
)
def test_a_failing_file_ends_the_job_failed_with_the_reason(curator_client, listings, url_name, content, name, message):
    before = export()
    response = upload(curator_client, url_name, content, name)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    message = f"Nothing was imported: {message}"
    assert job.error.startswith(message)
    page = curator_client.get(response["Location"])
    assert page.status_code == 200
    assert message in page.content.decode().replace("&#x27;", "'")
    assert "Traceback" not in page.content.decode()
    assert not job.path.exists()
    assert export() == before


def test_an_unexpected_error_fails_the_job_without_a_traceback(curator_client, listings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("imports.tasks.import_listings", broken)
    response = upload(curator_client, IMPORT_CSV, export().encode(), "a.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == (
        "Nothing was imported: the import stopped on an unexpected error; the server log has the details."
    )
    page = curator_client.get(response["Location"])
    assert page.status_code == 200 and "database on fire" not in page.content.decode()


def test_progress_is_saved_at_most_once_per_percent_and_half_second(curator, monkeypatch):
    job = ImportJob.objects.create(kind=ImportJob.Kind.DIRECTORY, file_name="d.csv", token="0" * 32, user=curator)
    saves = []
    monkeypatch.setattr(ImportJob, "save", lambda self, **kwargs: saves.append((self.done, self.total)))
    clock = iter(range(0, 100_000))
    monkeypatch.setattr("imports.models.time.monotonic", lambda: next(clock) / 10)  # a row every 0.1 s
    record = job.progress_recorder()
    for done in range(1, 10_001):
        record(done, 10_000)
    assert saves[-1] == (10_000, 10_000)
    assert len(saves) <= 101
    assert all(later - earlier >= 100 for (earlier, _), (later, _) in pairwise(saves[:-1]))
