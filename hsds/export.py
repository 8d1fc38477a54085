"""The whole published directory as HSDS 3.0 files, written as it is read (a chunk of listings at a time), so a
national export never holds the directory in memory.

Two forms: one full service a line (newline-delimited JSON: the objects of /api/hsds/services/<id>, but for the
taxonomy term inside each attribute, which its `taxonomy_term_id` names: a service lists some forty), or HSDS's
tabular package, a CSV file per table with the columns of the specification in its order and a `datapackage.json`
that describes them (Frictionless Data's tabular data package, as HSDS publishes its own).
"""

import csv
import json
from contextlib import ExitStack
from pathlib import Path

from django.utils import translation

from hsds import mapping, queries, taxonomy
from hsds.api import HSDS_VERSION

CHUNK = 500
# HSDS 3.0's tables: (file, columns in the specification's order), from its schemas (schema/*.json, 3.0).
TABLES = {
    "organization": (
        "organizations.csv",
        (
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ),
    ),
    "location": (
        "locations.csv",
        (
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ),
    ),
    "address": (
        "addresses.csv",
        (
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ),
    ),
    "phone": (
        "phones.csv",
        (
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ),
    ),
    "service": (
        "services.csv",
        (
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ),
    ),
    "service_at_location": ("service_at_location.csv", ("id", "service_id", "location_id", "description")),
    "schedule": (
        "schedules.csv",
        (
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ),
    ),
    "language": ("languages.csv", ("id", "service_id", "location_id", "phone_id", "name", "code", "note")),
    "cost_option": (
        "cost_options.csv",
        ("id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description"),
    ),
    "attribute": ("attributes.csv", ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")),
    "taxonomy": ("taxonomies.csv", ("id", "name", "description", "uri", "version")),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        ("id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri"),
    ),
    "metadata": (
        "metadata.csv",
        (
            "id",
            "resource_id",
            "resource_type",
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        ),
    ),
}
# The columns that are not text, with their Frictionless types.
TYPES = {
    "year_incorporated": "number",
    "latitude": "number",
    "longitude": "number",
    "extension": "number",
    "minimum_age": "number",
    "maximum_age": "number",
    "assured_date": "date",
    "last_modified": "datetime",
    "valid_from": "date",
    "valid_to": "date",
    "dtstart": "date",
    "timezone": "number",
    "until": "date",
    "count": "number",
    "interval": "number",
    "opens_at": "time",
    "closes_at": "time",
    "amount": "number",
    "last_action_date": "date",
}


def full_services():
    """Every published program with all its service shows, read a chunk at a time."""
    programs = queries.with_service_details(queries.services(), full=True)
    return programs.iterator(chunk_size=CHUNK)


def write_services(out, base: str) -> int:
    """One full service a line to `out` (text); how many."""
    count = 0
    with translation.override("en"):
        for program in full_services():
            service = mapping.service_full(program, base, terms=False)
            out.write(json.dumps(service, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            count += 1
    return count


def rows_of(facility, base: str):
    """(table, row) of one organization: itself, its location and address, its phone and metadata, then each of
    its services with their parts."""
    organization = mapping.organization_full(facility, base, [])
    yield "organization", organization
    yield from (("phone", phone) for phone in organization["phones"])
    yield from (("metadata", entry) for entry in organization["metadata"])
    for location in organization["locations"]:
        yield "location", location
        yield from (("address", address) for address in location["addresses"])
        yield from (("phone", phone) for phone in location["phones"])
        yield from (("language", language) for language in location["languages"])
    for program in facility.programs.all():
        service = mapping.service_full(program, base, terms=False)
        yield "service", service
        for table, field in (
            ("phone", "phones"),
            ("schedule", "schedules"),
            ("language", "languages"),
            ("cost_option", "cost_options"),
            ("attribute", "attributes"),
            ("metadata", "metadata"),
            ("service_at_location", "service_at_locations"),
        ):
            yield from ((table, part) for part in service[field])


def write_package(folder: Path, base: str) -> dict[str, int]:
    """The tabular package in `folder` (made if need be); rows written per table."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(TABLES, 0)
    with ExitStack() as files, translation.override("en"):
        writers = {}
        for table, (name, columns) in TABLES.items():
            handle = files.enter_context((folder / name).open("w", newline="", encoding="utf-8"))
            writers[table] = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writers[table].writeheader()

        def write(table, row):
            writers[table].writerow(row)
            counts[table] += 1

        for each in taxonomy.TAXONOMIES:
            write("taxonomy", mapping.taxonomy_json(each, base))
        for term in taxonomy.terms():
            write("taxonomy_term", mapping.term_json(term, base))
        facilities = queries.with_organization_details(queries.organizations(), full_services=True)
        for facility in facilities.iterator(chunk_size=CHUNK):
            for table, row in rows_of(facility, base):
                write(table, row)
    (folder / "datapackage.json").write_text(json.dumps(datapackage(), indent=2) + "\n")
    return counts


def datapackage() -> dict:
    return {
        "name": "iop-finder-hsds",
        "title": "IOP Finder: addiction treatment programs (HSDS 3.0)",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "resources": [
            {
                "name": name.removesuffix(".csv"),
                "path": name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": column, "type": TYPES.get(column, "string")} for column in columns],
                    "primaryKey": "id",
                },
            }
            for name, columns in TABLES.values()
        ],
    }
