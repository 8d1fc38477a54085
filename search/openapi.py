"""The API's OpenAPI 3.1 description: the public contract, for partners and their tools.

Each parameter's schema (type, enumeration, bounds, default) is made from the field of search.forms that
validates it, so the document says what the API accepts; only the descriptions are written here, and a
parameter without one fails the tests. The one parameter not of the form, `lang` (checked in search/api.py), with
the Accept-Language header it overrides, belongs to every path that answers with data, so it is given per path
rather than per search. The response schemas are written by hand, from the models' choices.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings

from facilities.models import Facility
from programs.freshness import AVAILABILITY_DAYS, Confirmation
from programs.models import Program
from search.choices import CHOICE_PARAMETERS
from search.forms import ApiSearchForm, CoordinateField, WholeNumberField

API_PREFIX = "/api/v1/"
STRING = {"type": "string"}
SLUGS = {"type": "array", "items": STRING}
NULLABLE_NUMBER = {"type": ["number", "null"]}
NULLABLE_INTEGER = {"type": ["integer", "null"]}
NULLABLE_BOOLEAN = {"type": ["boolean", "null"]}
LANGUAGES = {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]}


def document(base_url: str) -> dict:
    """The OpenAPI document; `base_url` is any absolute URL of the API (the server is the site's root)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "IOP Finder API",
            "version": "1",
            "description": (
                "Addiction treatment facilities offering intensive outpatient (IOP), partial-hospitalization (PHP) "
                "and residential programs, with the same search as the site's results page. Read-only, no key. "
                "Results are ordered by distance or by the sort asked for; there is no paid placement. Words for "
                "people (messages, names of lists' entries) are in English or Spanish (`lang`, or Accept-Language); "
                "codes, slugs and keys are the same in both."
            ),
        },
        "servers": [{"url": site_root(base_url)}],
        "paths": {
            f"{API_PREFIX}facilities/": {
                "parameters": language_parameters(),
                "get": {
                    "operationId": "listFacilities",
                    "summary": "Search published facilities",
                    "description": (
                        "Every filter narrows the results. The program-level filters (type, therapy, hours_min, "
                        "hours_max, days_max, schedule, telehealth, medication_management, detox, accepting) must "
                        "all hold for the same program, and each result lists only its programs that match them. "
                        "A parameter given a value it does not accept is a 400 naming it, never ignored."
                    ),
                    "parameters": list_parameters(),
                    "responses": {
                        "200": json_response("One page of matching facilities.", "FacilityList"),
                        "400": json_response(
                            "A parameter has a value it does not accept, or the query string is bigger than any "
                            "search (more characters, values or repetitions than a search can have; key "
                            "`query_string` or the parameter).",
                            "Errors",
                        ),
                        "404": json_response("The page is past the last page of results.", "Errors"),
                        "429": json_response(
                            "Too many requests from this client; try again after `Retry-After` seconds "
                            "(key `rate_limit`).",
                            "Errors",
                        ),
                    },
                },
            },
            f"{API_PREFIX}facilities/{{slug}}/": {
                "parameters": language_parameters(),
                "get": {
                    "operationId": "getFacility",
                    "summary": "One published facility, with all its programs",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "description": "The facility's slug, as in its `slug` and `url`.",
                            "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                        }
                    ],
                    "responses": {
                        "200": json_response("The facility.", "FacilityDetail"),
                        "400": json_response("`lang` names a language the API does not speak.", "Errors"),
                        "404": json_response("No published facility has this slug.", "Errors"),
                        "429": json_response(
                            "Too many requests from this client; try again after `Retry-After` seconds.", "Errors"
                        ),
                    },
                },
            },
            f"{API_PREFIX}schema/": {
                "get": {
                    "operationId": "getSchema",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.1 description of the API.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": schemas()},
    }


def site_root(base_url: str) -> str:
    """'https://example.org/api/v1/facilities/' -> 'https://example.org' (keeping a prefix the site is served under)."""
    root, found, _ = base_url.partition(API_PREFIX)
    if found:
        return root
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def json_response(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "headers": {
            "Content-Language": {"description": "The language of the answer's words.", "schema": LANGUAGES},
        },
        "content": {"application/json": {"schema": ref(schema_name)}},
    }


def language_parameters() -> list[dict]:
    """The language of the answer's words, for every operation of a path (not a search parameter: also the
    detail's)."""
    return [
        query(
            "lang",
            "The language of the answer's words for people (`errors`, `who_is_served`, `provenance`): `en` English, "
            "`es` Spanish. Codes, slugs and keys are the same in both. Without it, the best language of "
            "`Accept-Language`, else English. An unknown language is a 400.",
            LANGUAGES,
        ),
        {
            "name": "Accept-Language",
            "in": "header",
            "required": False,
            "description": "Used when `lang` is not given: of the languages the API speaks, the one the client "
            "prefers most, else English. Answers vary by it (`Vary: Accept-Language`).",
            "schema": STRING,
        },
    ]


def query(name: str, description: str, schema: dict) -> dict:
    parameter = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if schema.get("type") == "array":
        parameter.update(style="form", explode=True)  # repeat the name: ?type=iop&type=php
    return parameter


def vocabulary(what: str, rule: str, where: str) -> str:
    return (
        f"{what} slugs ({rule}); repeat the parameter for more than one. The valid slugs are the entries of "
        f"the {what.lower()} vocabulary, as {where} lists them. An unknown slug is a 400."
    )


DESCRIPTIONS = {
    "location": "Where to search from: a 5-digit ZIP code, a ZIP+4, a city and state (`Dayton, OH`) or "
    "`latitude,longitude`. Limits the results to `radius` and gives each its `distance_miles`; "
    "`origin` says which place was understood. Wins over `lat` and `lng`.",
    "lat": "Latitude in decimal degrees (a browser's location); needs `lng`. Used when `location` is empty.",
    "lng": "Longitude in decimal degrees; needs `lat`.",
    "radius": "Miles from the place searched. Used only with `location` or `lat`/`lng`.",
    "type": "Level of care (any of): intensive outpatient, partial hospitalization, residential.",
    "therapy": vocabulary(
        "Therapy", "all of: one program offers every one", "a program's `therapies` (and /learn/therapies/)"
    ),
    "hours_min": "A program's weekly hours reach at least this many (one decimal place at most).",
    "hours_max": "A program's weekly hours start at no more than this many (one decimal place at most); "
    "not less than `hours_min`.",
    "include_unreported": "With `hours_min`, `hours_max` or `days_max`: also keep programs that have not reported "
    "their hours or days (otherwise they are left out).",
    "days_max": "A program can be attended on at most this many days a week.",
    "schedule": "Session times (any of).",
    "telehealth": "A program offers sessions by video or phone, or has not said and its facility does (the "
    "national directory reports telehealth per facility).",
    "medication_management": "A program's staff prescribe or manage medication.",
    "detox": "How a program handles withdrawal: `onsite` (offered on site) or `referral` (staff refer to a detox "
    "facility).",
    "accepting": "A program is accepting new patients.",
    "co_occurring": "The facility treats substance use together with mental illness.",
    "payment": vocabulary("Payment", "any of", "a facility detail's `payment`"),
    "language": vocabulary("Language", "any of; languages other than English", "a facility detail's `languages`"),
    "served": vocabulary(
        "Who is served (e.g. `women-only`, `accepts-outside-medication`)", "any of", "a facility detail's `eligibility`"
    ),
    "age": vocabulary("Age group accepted", "any of", "a facility detail's `ages`"),
    "population": vocabulary("Special program or group", "any of", "a facility detail's `populations`"),
    "service": vocabulary(
        "Support service (e.g. `transportation`, `child-care`)", "any of", "a facility detail's `services`"
    ),
    "medication": vocabulary("Medication", "any of", "a facility detail's `medications`"),
    "q": "The facility's name contains this text (any case).",
    "sort": "Order of the results: `distance` (nearest first; by name without a place), `name`, or `hours` "
    "(fewest weekly hours of a matching program first, unreported last). Ties go by name.",
    "page": "Page number, from 1.",
    "page_size": "Results a page.",
}


def list_parameters() -> list[dict]:
    """One query parameter per field of the API's form, in the form's order."""
    return [
        query(name, DESCRIPTIONS[name], field_schema(name, field)) for name, field in ApiSearchForm.base_fields.items()
    ]


def field_schema(name: str, field: forms.Field) -> dict:
    """The JSON Schema of the values a form field accepts."""
    if name in CHOICE_PARAMETERS:  # the entries of a vocabulary: curators add them, so no fixed enumeration
        return SLUGS
    if isinstance(field, forms.MultipleChoiceField):
        return {"type": "array", "items": {"type": "string", "enum": [value for value, _ in field.choices]}}
    if isinstance(field, forms.TypedChoiceField):
        schema = {"type": "integer", "enum": [value for value, _ in field.choices]}
        return schema | ({"default": field.empty_value} if field.empty_value is not None else {})
    if isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": [value for value, _ in field.choices]}
        return schema | ({"default": field.initial} if field.initial else {})
    if isinstance(field, CoordinateField):
        return {"type": "number", "minimum": field.minimum, "maximum": field.maximum}
    if isinstance(field, WholeNumberField):
        schema = {"type": "integer", "minimum": field.min_value, "default": field.default}
        return schema | ({"maximum": field.max_value} if field.max_value else {})
    if isinstance(field, forms.DecimalField):
        return {"type": "number", "minimum": field.min_value, "maximum": field.max_value}
    if isinstance(field, forms.CharField):
        return {"type": "string", "maxLength": field.max_length}
    raise TypeError(f"No schema for the {name!r} parameter's {type(field).__name__}")


def closed(properties: dict, **extra) -> dict:
    """An object schema with exactly these keys, all present: new or missing keys fail validation."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def facility_properties() -> dict:
    return {
        "slug": STRING,
        "name": STRING,
        "url": {
            "type": "string",
            "format": "uri",
            "description": "The facility's page on this site, in the answer's language (Spanish under /es/).",
        },
        "address": closed({"street1": STRING, "street2": STRING, "city": STRING, "state": STRING, "zip": STRING}),
        "latitude": NULLABLE_NUMBER,
        "longitude": NULLABLE_NUMBER,
        "location_precision": {
            "type": ["string", "null"],
            "enum": [*Facility.LocationPrecision.values, None],
            "description": "`zip`: the coordinates are the ZIP code area's centre, so distances are approximate.",
        },
        "distance_miles": {
            "type": ["number", "null"],
            "description": "Great-circle miles from `origin`, to 0.1; null without a place.",
        },
        "phone": {"type": "string", "description": "Empty when not known."},
        "website": {"type": "string", "description": "The facility's own site; empty when not known."},
        "verified_on": {
            "type": ["string", "null"],
            "format": "date",
            "description": "The day a curator last confirmed the listing with the facility.",
        },
        "provenance": {
            "type": "string",
            "description": "Where the listing's facts come from and how old they are, in plain words (e.g. "
            '"From SAMHSA\'s National Directory 2023 (a 2022 survey). Not yet verified by our staff.").',
        },
        "unit_name": {
            "type": "string",
            "description": "The directory's second name line: a unit or department, or the rest of a long name.",
        },
        "who_is_served": {
            "type": "array",
            "items": STRING,
            "description": 'Who the facility takes only or does not take, in plain words (e.g. "Women only", '
            '"Accepts people on medication prescribed elsewhere"); empty when the source says nothing.',
        },
        "phone_confirmed": ref("Confirmed"),
        "programs": {"type": "array", "items": ref("Program")},
    }


def confirmed_schema() -> dict:
    return closed(
        {
            "on": {"type": ["string", "null"], "format": "date", "description": "The day; null when not dated."},
            "by": {
                "type": ["string", "null"],
                "enum": [*Confirmation.values, None],
                "description": "`directory`: the national directory; `program`: the program's own report (through "
                "a link our staff sent); `curator`: our staff, by phone or an edit. Null: not known.",
            },
        },
        description="When and how a fact was last confirmed.",
    )


def schemas() -> dict:
    summary = facility_properties()
    summary["programs"] = {**summary["programs"], "description": "In a search: only the programs that match it."}
    summary["also_here"] = {
        "type": "array",
        "description": "Other listings of the same place (same name, street and ZIP) that match the search, with "
        "their matching programs: a place listed more than once appears once.",
        "items": closed({"slug": STRING, "unit_name": STRING, "programs": {"type": "array", "items": ref("Program")}}),
    }
    detail = facility_properties()
    detail["programs"] = {**detail["programs"], "description": "Every program, IOP first, then PHP, residential."}
    detail.update(
        intake_phone={"type": "string", "description": "The number that reaches intake directly; may be empty."},
        detox_onsite=NULLABLE_BOOLEAN,
        co_occurring=NULLABLE_BOOLEAN,
        telehealth=NULLABLE_BOOLEAN,
        payment=SLUGS,
        languages=SLUGS,
        eligibility=SLUGS,
        ages=SLUGS,
        populations=SLUGS,
        approaches={**SLUGS, "description": "Therapy slugs the facility as a whole says it uses."},
        services=SLUGS,
        medications=SLUGS,
        accreditations=SLUGS,
    )
    return {
        "FacilityList": closed(
            {
                "count": {"type": "integer", "minimum": 0, "description": "Matching facilities on all pages."},
                "next": {"type": ["string", "null"], "format": "uri"},
                "previous": {"type": ["string", "null"], "format": "uri"},
                "origin": {
                    "oneOf": [
                        closed({"label": STRING, "latitude": {"type": "number"}, "longitude": {"type": "number"}}),
                        {"type": "null"},
                    ],
                    "description": "The place searched from, as understood (`Dayton, OH 45402`); null without one.",
                },
                "results": {"type": "array", "items": ref("FacilitySummary")},
            }
        ),
        "FacilitySummary": closed(summary, description="A facility in a search result."),
        "FacilityDetail": closed(detail, description="A facility with everything the API tells about it."),
        "Program": closed(
            {
                "type": {"type": "string", "enum": Program.Type.values},
                "name": {"type": "string", "description": "The program's own name; may be empty."},
                "weekly_hours_min": NULLABLE_NUMBER,
                "weekly_hours_max": NULLABLE_NUMBER,
                "days_per_week_min": NULLABLE_INTEGER,
                "days_per_week_max": NULLABLE_INTEGER,
                "schedule": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(Program.SESSION_TIMES)},
                    "uniqueItems": True,
                },
                "telehealth": NULLABLE_BOOLEAN,
                "medication_management": NULLABLE_BOOLEAN,
                "detox": {"type": ["string", "null"], "enum": [*Program.Detox.values, None]},
                "accepting": {
                    "type": "string",
                    "enum": Program.Accepting.values,
                    "description": "Taking new patients now, by a report no older than "
                    f"{AVAILABILITY_DAYS} days; `unknown` when there is none (see `accepting_reported`).",
                },
                "waitlist_weeks": {
                    **NULLABLE_INTEGER,
                    "description": "With `accepting` `waitlist`: about how many weeks, when the program said.",
                },
                "accepting_reported": {
                    "oneOf": [
                        closed(
                            {
                                "status": {"type": "string", "enum": Program.Accepting.values},
                                "on": {"type": ["string", "null"], "format": "date"},
                                "by": {"type": ["string", "null"], "enum": [*Confirmation.values, None]},
                                "current": {
                                    "type": "boolean",
                                    "description": f"Reported in the last {AVAILABILITY_DAYS} days.",
                                },
                            }
                        ),
                        {"type": "null"},
                    ],
                    "description": "The last report of whether the program takes new patients, however old; null "
                    "when there never was one.",
                },
                "hours_confirmed": ref("Confirmed"),
                "therapies": {**SLUGS, "description": "Therapy slugs (see /learn/therapies/)."},
            },
            description="One level of care at the facility. Null: not reported.",
        ),
        "Confirmed": confirmed_schema(),
        "Errors": closed(
            {
                "errors": {
                    "type": "object",
                    "description": "Messages for people, by parameter name.",
                    "additionalProperties": {"type": "array", "items": STRING, "minItems": 1},
                    "minProperties": 1,
                }
            }
        ),
    }
