"""The HSDS API's own OpenAPI 3.1 description, beside the site API's (search/openapi.py).

Its paths and parameters are HSDS's template's (openapi.json of Open Referral's specification, 3.0), less what this
API does not serve (`minimal`, the `ndjson` format: the export is the whole directory), with the bounds the forms of
hsds/forms.py enforce. Its responses name the official schemas, as the template does.
"""

from hsds.forms import MAX_MILES, MAX_PROXIMITY, MAX_SEARCH_LENGTH, METERS_PER_MILE
from search.forms import DEFAULT_RADIUS, MAX_PAGE_SIZE, PAGE_SIZE

PREFIX = "/api/hsds"
SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
BOOLEAN = {"type": "string", "enum": ["true", "false"], "default": "false"}
ID = {"type": "string", "format": "uuid"}

PARAMETERS = {
    "search": (
        {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
        "Words in the name (a facility's or its program's), any case.",
    ),
    "page": ({"type": "integer", "minimum": 1, "default": 1}, "Which page; past the last is a 404."),
    "per_page": (
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
        "How many a page.",
    ),
    "format": ({"type": "string", "enum": ["json"]}, "Only json; the whole directory is `manage.py export_hsds`."),
    "taxonomy_term_id": (ID, "Services carrying this term of IOP Finder's taxonomy (/taxonomy_terms)."),
    "taxonomy_id": (ID, "Services carrying any term of this taxonomy (/taxonomies)."),
    "organization_id": (ID, "The services of this organization (a facility)."),
    "modified_after": (
        {"type": "string", "format": "date-time"},
        "Those whose listing (the facility or its program) changed at this time or later: an ISO 8601 date-time, "
        "UTC when it names no zone, or a date (its start, UTC).",
    ),
    "full": (BOOLEAN, "true: each whole, with its parts (schedules, attributes, …)."),
    "full_service": (BOOLEAN, "true: the organization's services whole."),
    "postcode": (
        {"type": "string", "maxLength": 10},
        f"A US ZIP code: services within `proximity` of its center, nearest first (the site's search); without "
        f"`proximity`, within {DEFAULT_RADIUS} miles, the site's default.",
    ),
    "proximity": (
        {"type": "integer", "minimum": 1, "maximum": MAX_PROXIMITY},
        f"Meters from the postcode's center, at most {MAX_PROXIMITY:,} ({MAX_MILES} miles, the site's largest "
        f"radius; a mile is {METERS_PER_MILE} m). Needs `postcode`.",
    ),
    "taxonomy_id_of_terms": (ID, "The terms of this taxonomy."),
    "parent_id": (ID, "Terms under this one; the taxonomy is flat, so none."),
    "top_only": (BOOLEAN, "Terms with no parent: all of them."),
}


def parameter(name: str) -> dict:
    schema, description = PARAMETERS[name]
    return {
        "name": name.removesuffix("_of_terms"),
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def official(name: str) -> dict:
    return {"$ref": f"{SCHEMAS}{name}.json"}


def answer(description: str, schema: dict) -> dict:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}},
        "400": {"description": "A parameter with a value it does not accept: `errors` names it."},
        "429": {"description": "Too many requests from one client; Retry-After says when to try again."},
    }


def page_of(name: str) -> dict:
    return {
        "allOf": [{"$ref": "#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": official(name)}},
    }


def one(kind: str, schema: str, summary: str) -> dict:
    responses = answer(summary, official(schema))
    responses["404"] = {"description": f"No published {kind} has this id."}
    return {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
        "get": {"summary": summary, "responses": responses},
    }


def listing(summary: str, item: str, names: list[str]) -> dict:
    parameters = [parameter(name) for name in names]
    return {"get": {"summary": summary, "parameters": parameters, "responses": answer(summary, page_of(item))}}


def document(base_url: str) -> dict:
    """The document, its server the site's root (`base_url`)."""
    paged = ["page", "per_page", "format"]
    service_filters = ["search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "full"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "IOP Finder HSDS API",
            "version": "3.0",
            "description": (
                "IOP Finder's published listings as Open Referral's Human Services Data Specification 3.0: a "
                "facility is an organization at one location, each of its programs (IOP, PHP, residential) a "
                "service there. Levels of care, therapies, payment, groups served, who is served or turned away, "
                "support services, session times and program facts are terms of IOP Finder's taxonomy "
                "(/taxonomies). Read-only, no key, English, ordered by id (nearest first with a postcode); no "
                "paid placement. A fact nobody reported is left out, never given as false or 0."
            ),
        },
        "servers": [{"url": base_url}],
        "paths": {
            f"{PREFIX}/": {
                "get": {
                    "summary": "The HSDS version and where this description is.",
                    "responses": answer("The version, the profile and this document's address.", {"type": "object"}),
                }
            },
            f"{PREFIX}/services": listing(
                "Services, their one-to-one fields.", "compiled/service_list", [*service_filters, *paged]
            ),
            f"{PREFIX}/services/{{id}}": one("service", "compiled/service", "A service with everything about it."),
            f"{PREFIX}/service_at_locations": listing(
                "Services at their locations.",
                "compiled/service_at_location_list",
                [*service_filters, "postcode", "proximity", *paged],
            ),
            f"{PREFIX}/service_at_locations/{{id}}": one(
                "service at location", "compiled/service_at_location", "A service at its location, whole."
            ),
            f"{PREFIX}/organizations": listing(
                "Organizations (facilities).",
                "compiled/organization_list",
                ["search", "modified_after", "full", "full_service", *paged],
            ),
            f"{PREFIX}/organizations/{{id}}": {
                **one("organization", "compiled/organization", "An organization with its location and services."),
                "get": {
                    **one("organization", "compiled/organization", "An organization with its location and services.")[
                        "get"
                    ],
                    "parameters": [parameter("full_service")],
                },
            },
            f"{PREFIX}/taxonomies": listing("IOP Finder's taxonomies.", "taxonomy", ["search", *paged]),
            f"{PREFIX}/taxonomies/{{id}}": one("taxonomy", "taxonomy", "A taxonomy."),
            f"{PREFIX}/taxonomy_terms": listing(
                "The terms of IOP Finder's taxonomies.",
                "taxonomy_term",
                ["search", "taxonomy_id_of_terms", "parent_id", "top_only", *paged],
            ),
            f"{PREFIX}/taxonomy_terms/{{id}}": one("taxonomy term", "taxonomy_term", "A taxonomy term."),
        },
        "components": {
            "schemas": {
                "Page": {
                    "type": "object",
                    "properties": {
                        "total_items": {"type": "integer"},
                        "total_pages": {"type": "integer"},
                        "page_number": {"type": "integer"},
                        "size": {"type": "integer"},
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                    },
                }
            }
        },
    }
