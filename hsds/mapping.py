"""A listing as HSDS 3.0 objects: a facility is an organization at one location, each of its programs a service there.

Only what the listing states is written; a fact nobody reported is left out, never given as false or 0 (HSDS has
no null: a field is there or it is not). Every function takes a `base`, the site's address ("https://…"), for the
links, and objects loaded as hsds/queries.py loads them (programs with their facility and its lists), so mapping
runs no query. The words are English: the views and the export make every HSDS answer in English.
"""

from datetime import UTC
from functools import lru_cache

from django.urls import reverse

from facilities.models import DIRECTORY_EDITION, Facility
from hsds import ids, taxonomy
from hsds.taxonomy import Term
from programs.models import Program

COUNTRY = "US"
# ISO 639-1 (or 639-3 when there is no two-letter code) of the listed languages whose code is certain. "Creole",
# "sign language", "Native American" and "Yupik" name families, not one language: they carry a name only.
LANGUAGE_CODES = {
    "arabic": "ar",
    "chinese": "zh",
    "farsi": "fa",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "hebrew": "he",
    "hindi": "hi",
    "hmong": "hmn",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "ojibwa": "oj",
    "polish": "pl",
    "portuguese": "pt",
    "russian": "ru",
    "spanish": "es",
    "tagalog": "tl",
    "vietnamese": "vi",
}
SOURCE_NAMES = {
    Facility.Source.MANUAL: "IOP Finder staff",
    Facility.Source.SAMHSA: "SAMHSA",
    Facility.Source.CSV: "IOP Finder staff (CSV import)",
    Facility.Source.DEMO: "IOP Finder demo data",
}
STATUS_WHEN_NOT_TAKING = "temporarily closed"


def present(data: dict) -> dict:
    """The fields that have a value: HSDS has no null, and "" or [] would say something nobody reported."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def organization_id(facility) -> str:
    return ids.make("organization", facility.pk)


def location_id(facility) -> str:
    return ids.make("location", facility.pk)


def service_id(program) -> str:
    return ids.make("service", program.pk)


def service_at_location_id(program) -> str:
    return ids.make("service_at_location", program.pk)


def last_modified(*rows) -> str:
    """The latest `updated_at` of the rows, in UTC: what `modified_after` compares."""
    return max(row.updated_at for row in rows).astimezone(UTC).isoformat()


# Organizations and locations -------------------------------------------------------------------------------------


def organization_basic(facility, base: str) -> dict:
    kinds = ", ".join(str(label) for label in facility.program_types()) or "no program listed"
    place = f"{facility.city}, {facility.state}"
    return present(
        {
            "id": organization_id(facility),
            "name": facility.name,
            "alternate_name": facility.unit_name,
            "description": f"Addiction treatment facility in {place}. Levels of care listed: {kinds}.",
            "website": facility.website,
            "uri": base + facility.get_absolute_url(),
        }
    )


def organization_full(facility, base: str, services: list[dict]) -> dict:
    own = organization_id(facility)
    return {
        **organization_basic(facility, base),
        "phones": [phone(own, "main", facility.phone, "Main line", organization_id=own)] if facility.phone else [],
        "locations": [location(facility, base)],
        "metadata": metadata(facility, own, "organization"),
        "services": services,
    }


def location_basic(facility, base: str) -> dict:
    approximate = "The coordinates are the center of the ZIP code area, not the building." * facility.is_approximate
    return present(
        {
            "id": location_id(facility),
            "location_type": "physical",
            "url": base + facility.get_absolute_url(),
            "organization_id": organization_id(facility),
            "name": facility.name,
            "description": approximate,
            "latitude": facility.latitude,
            "longitude": facility.longitude,
        }
    )


def location(facility, base: str) -> dict:
    own = location_id(facility)
    address = {
        "id": ids.part(own, "address"),
        "location_id": own,
        # Required by HSDS; a listing without a street line (rare in the directory) gives the empty string.
        "address_1": facility.street1,
        "address_2": facility.street2,
        "city": facility.city,
        "state_province": facility.state,
        "postal_code": facility.zip_code,
        "country": COUNTRY,
        "address_type": "physical",
    }
    return {
        **location_basic(facility, base),
        "addresses": [{**present(address), "address_1": facility.street1}],
        "phones": [phone(own, "main", facility.phone, "Main line", location_id=own)] if facility.phone else [],
        "languages": languages(facility, own, location_id=own),
    }


# Services --------------------------------------------------------------------------------------------------------


def service_name(program) -> str:
    return program.name or str(program.get_type_display())


def availability(program) -> tuple[str, str]:
    """(status, wait time): a current report of not taking new patients is "temporarily closed"; the wait time is
    the report in words with its date ("Waitlist about 2 weeks (reported Nov 3, 2026 by the program)")."""
    status = STATUS_WHEN_NOT_TAKING if program.availability_status == Program.Accepting.NO else "active"
    return status, program.availability_text


def service_basic(program, base: str) -> dict:
    facility = program.facility
    status, wait_time = availability(program)
    return present(
        {
            "id": service_id(program),
            "organization_id": organization_id(facility),
            "name": service_name(program),
            "alternate_name": str(program.get_type_display()) if program.name else "",
            "description": description(program),
            "url": base + program.get_absolute_url(),
            "status": status,
            "wait_time": str(wait_time),
            "fees_description": names(facility.payment_options.all()),
            "accreditations": names(facility.accreditations.all()),
            "eligibility_description": names(facility.eligibility.all()),
            "assured_date": facility.verified_on.isoformat() if facility.verified_on else None,
            "last_modified": last_modified(program, facility),
            "organization": organization_basic(facility, base),
        }
    )


def service_full(program, base: str, *, terms: bool = True) -> dict:
    """The whole service; `terms`: each attribute with its taxonomy term inside (the export leaves them out: its
    `taxonomy_term_id` names it, and the terms are a file of their own)."""
    facility = program.facility
    own = service_id(program)
    phones = [
        phone(own, "main", facility.phone, "Main line", service_id=own),
        phone(own, "intake", facility.intake_phone, "Intake: reaches intake directly", service_id=own),
    ]
    return {
        **service_basic(program, base),
        "phones": [each for each in phones if each["number"]],
        "schedules": schedules(program, own),
        "service_at_locations": [service_at_location(program, base)],
        "languages": languages(facility, own, service_id=own),
        "cost_options": [
            {"id": ids.part(own, f"cost_option:{entry.slug}"), "service_id": own, "option": entry.name}
            for entry in facility.payment_options.all()
        ],
        "attributes": attributes(program, own, base if terms else None),
        "metadata": metadata(facility, own, "service"),
    }


def description(program) -> str:
    """What the service is, in words that state only the listing's facts (the level of care is explained by its
    taxonomy term and Learn page), then the program's own public notes."""
    facility = program.facility
    words = f"{program.get_type_display()} at {facility.name}, {facility.city}, {facility.state}."
    return f"{words} {program.notes}" if program.notes else words


def names(entries) -> str:
    return ", ".join(entry.name for entry in entries)


def service_at_location_basic(program, base: str) -> dict:
    return {
        "id": service_at_location_id(program),
        "service_id": service_id(program),
        "location_id": location_id(program.facility),
        "location": location_basic(program.facility, base),
        "service": service_basic(program, base),
    }


def service_at_location(program, base: str) -> dict:
    """A service at its location, the location whole (inside a service: the service is its parent)."""
    return {
        "id": service_at_location_id(program),
        "service_id": service_id(program),
        "location_id": location_id(program.facility),
        "location": location(program.facility, base),
    }


def service_at_location_full(program, base: str) -> dict:
    return {**service_at_location(program, base), "service": service_basic(program, base)}


# The parts -------------------------------------------------------------------------------------------------------


def phone(owner: str, name: str, number: str, words: str, **link) -> dict:
    return {"id": ids.part(owner, f"phone:{name}"), **link, "number": number, "type": "voice", "description": words}


def languages(facility, owner: str, **link) -> list[dict]:
    return [
        present(
            {
                "id": ids.part(owner, f"language:{entry.slug}"),
                **link,
                "name": entry.name,
                "code": LANGUAGE_CODES.get(entry.slug),
            }
        )
        for entry in facility.languages.all()
    ]


def schedules(program, owner: str) -> list[dict]:
    """The program's week in words (hours, days, length, session times) when any of it was reported. HSDS's
    calendar fields (byday, opens_at, …) stay empty: no source says on which days or at what hours."""
    parts = [
        text
        for reported, text in (
            (program.weekly_hours_min or program.weekly_hours_max, program.hours_text),
            (program.days_per_week_min or program.days_per_week_max, program.days_text),
            (program.duration_weeks_min or program.duration_weeks_max, f"lasting {program.duration_text}"),
            (program.schedule_reported, f"sessions: {program.schedule_text.lower()}"),
        )
        if reported is not None and reported is not False
    ]
    if not parts:
        return []
    attending = {True: "In person, or by video or phone (telehealth)", False: "In person"}.get(program.telehealth)
    if attending is None and program.facility.telehealth:  # the national directory says it per facility only
        attending = "Not reported for this program; the facility as a whole offers telehealth (video or phone)."
    return [
        present(
            {
                "id": ids.part(owner, "schedule"),
                "service_id": owner,
                "freq": "WEEKLY",
                "description": "; ".join(parts).capitalize() + ".",
                "attending_type": attending,
                "notes": f"Confirmed {program.hours_confirmed}." if program.hours_confirmed else "",
            }
        )
    ]


def service_terms(program) -> list[tuple[Term, str]]:
    """(term, value) of every attribute of a program's service: its level, session times and facts, then its
    facility's lists. A therapy counts when the program or its facility lists it, as the search counts it."""
    facility = program.facility
    found = [(taxonomy.level_term(program.type), "")]
    found += [(taxonomy.session_term(name), "") for name in program.schedule]
    for code, field in taxonomy.FACT_FIELDS.items():
        if getattr(program, field) is not None:
            found.append((taxonomy.fact_term(code), value_text(getattr(program, field))))
    therapies = {entry.slug: entry for entry in [*program.therapies.all(), *facility.approaches.all()]}
    found += [(taxonomy.entry_term(taxonomy.THERAPY, entry), "") for _slug, entry in sorted(therapies.items())]
    for each, entries in (
        (taxonomy.PAYMENT, facility.payment_options.all()),
        (taxonomy.POPULATION, facility.populations.all()),
        (taxonomy.ELIGIBILITY, facility.eligibility.all()),
        (taxonomy.SUPPORT, facility.services.all()),
    ):
        found += [(taxonomy.entry_term(each, entry), "") for entry in entries]
    return found


def value_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


def attributes(program, owner: str, base: str | None) -> list[dict]:
    """The service's terms as attributes, each with its term inside when given the `base` for its links."""
    return [
        present(
            {
                "id": ids.part(owner, f"attribute:{term.id}"),
                "link_id": owner,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": term.id,
                "value": value,
                "taxonomy_term": term_json(term, base) if base is not None else None,
            }
        )
        for term, value in service_terms(program)
    ]


@lru_cache(maxsize=4096)
def term_json(term: Term, base: str) -> dict:
    """A taxonomy term, linking to its Learn page when there is one. Its description is required, so a curated
    entry nobody described gives the empty string. Kept: a service names the same terms as the next (never change
    what it returns)."""
    return present(
        {
            "id": term.id,
            "code": term.code,
            "name": term.name,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": term.taxonomy.id,
            "language": "en",
            "term_uri": base + term.learn_path if term.learn_path else None,
        }
    ) | {"description": term.description}


def taxonomy_json(each, base: str) -> dict:
    return {
        "id": each.id,
        "name": each.name,
        "description": each.description,
        "uri": base + reverse("hsds:taxonomy", args=[each.id]),
        "version": taxonomy.VERSION,
    }


def metadata(facility, owner: str, kind: str) -> list[dict]:
    """Where the listing comes from (the source and its edition) and, once it is, when our staff verified it."""
    source = facility.get_source_display()
    if facility.source == Facility.Source.SAMHSA:
        source = f"{DIRECTORY_EDITION}, record {facility.source_id}" if facility.source_id else str(DIRECTORY_EDITION)
    found = [
        {
            "id": ids.part(owner, "metadata:source"),
            "resource_id": owner,
            "resource_type": kind,
            "last_action_date": facility.created_at.date().isoformat(),
            "last_action_type": "create",
            "field_name": "source",
            "previous_value": "",
            "replacement_value": source,
            "updated_by": SOURCE_NAMES[facility.source],
        }
    ]
    if facility.verified_on:
        found.append(
            {
                "id": ids.part(owner, "metadata:verified"),
                "resource_id": owner,
                "resource_type": kind,
                "last_action_date": facility.verified_on.isoformat(),
                "last_action_type": "verify",
                "field_name": "assured_date",
                "previous_value": "",
                "replacement_value": facility.verified_on.isoformat(),
                "updated_by": SOURCE_NAMES[Facility.Source.MANUAL],
            }
        )
    return found
