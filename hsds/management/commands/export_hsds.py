import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hsds.export import write_package, write_services

LOCAL_SITE = "http://127.0.0.1:8000"  # `make run`'s address, when SITE_URL is not set


class Command(BaseCommand):
    help = "Export the published directory as HSDS 3.0: a full service a line (JSON), or the tabular CSV package."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="File (ndjson) or folder (--tabular) to write; standard output for ndjson if left out.",
        )
        parser.add_argument(
            "--tabular", action="store_true", help="Write HSDS's CSV files and their datapackage.json to --output."
        )
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL or LOCAL_SITE,
            help="The public site's address, for the links in the data (default: SITE_URL, else %(default)s).",
        )

    def handle(self, *args, output, tabular, site_url, **options):
        base = site_url.rstrip("/")
        if not base.startswith(("https://", "http://")):
            raise CommandError(f"--site-url must start with https:// or http://, not {site_url!r}.")
        started = time.monotonic()
        if tabular:
            if not output:
                raise CommandError("--tabular writes a folder of files: name it with --output.")
            counts = write_package(Path(output), base)
            rows = ", ".join(f"{count:,} {table}" for table, count in counts.items())
            seconds = time.monotonic() - started
            self.stdout.write(f"Wrote {rows} to {output}/ (and datapackage.json) in {seconds:.1f} s.")
            return
        if not output:
            count = write_services(sys.stdout, base)
            self.stderr.write(f"Wrote {count:,} services in {time.monotonic() - started:.1f} s.")
            return
        path = Path(output)
        partial = path.with_name(path.name + ".partial")  # a failed export leaves the last good file in place
        with partial.open("w", encoding="utf-8") as out:
            count = write_services(out, base)
        partial.replace(path)
        self.stdout.write(f"Wrote {count:,} services to {output} in {time.monotonic() - started:.1f} s.")
