"""IOP Finder's published taxonomy: the terms a service's attributes name, with ids and addresses that do not change.

Eight taxonomies. Two are fixed here (the levels of care, the session times) and one is the program facts whose
values an attribute carries (hours, days, weeks, telehealth); five are the curated lists (therapies, payment, groups
served, who is served or turned away, support services), one term per entry, whose ids come from the entry's slug
(hsds/ids.py). A term links to its Learn page where there is one, else to its own address in this API.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from facilities.models import Eligibility, PaymentOption, Population, SupportService
from hsds import ids
from programs.levels import BY_PROGRAM_TYPE
from programs.models import Program, Therapy

VERSION = "1"


@dataclass(frozen=True)
class Taxonomy:
    slug: str
    name: str
    description: str
    # The Facility list (or the program's, for therapies) whose entries are its terms; None: the terms are fixed.
    model: type | None = None

    @property
    def id(self) -> str:
        return ids.taxonomy(self.slug)


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    code: str
    name: str
    description: str
    learn_path: str | None = None

    @property
    def id(self) -> str:
        return ids.term(self.taxonomy.slug, self.code)


LEVEL = Taxonomy(
    "level-of-care",
    "Level of care",
    "The level of addiction treatment a program gives: intensive outpatient (IOP), partial hospitalization (PHP) "
    "or residential.",
)
THERAPY = Taxonomy(
    "therapy",
    "Therapies and approaches",
    "Therapies and approaches a program uses, or its facility as a whole says it uses.",
    Therapy,
)
PAYMENT = Taxonomy("payment", "Payment accepted", "Ways of paying the facility accepts.", PaymentOption)
POPULATION = Taxonomy(
    "population", "Groups served", "Groups the facility serves or has special programs for.", Population
)
ELIGIBILITY = Taxonomy(
    "eligibility",
    "Who is served or turned away",
    "Who the facility takes only, or does not take: for example women only, or no one on medication for opioid "
    "use disorder.",
    Eligibility,
)
SUPPORT = Taxonomy(
    "support-service",
    "Support services",
    "Help beside treatment, such as transportation or child care.",
    SupportService,
)
SESSION_TIME = Taxonomy(
    "session-time",
    "Session times",
    "When a program holds its sessions: a service has the term when the program says it holds sessions then. The "
    "schedule's description says which times it does not, when that was reported.",
)
FACT = Taxonomy(
    "program-fact",
    "Program facts",
    "Facts a program reports about itself; the attribute's value is the number or true / false. A fact nobody "
    "reported has no attribute.",
)
TAXONOMIES = (LEVEL, THERAPY, PAYMENT, POPULATION, ELIGIBILITY, SUPPORT, SESSION_TIME, FACT)
BY_SLUG = {taxonomy.slug: taxonomy for taxonomy in TAXONOMIES}


def level_path(program_type: str) -> str:
    if program_type == Program.Type.IOP:
        return reverse("learn:what_is_an_iop")
    return reverse("learn:levels_of_care") + f"#level-{BY_PROGRAM_TYPE[program_type].key}"


@cache
def level_terms() -> tuple[Term, ...]:
    """Made on first use (their Learn addresses need the URLs loaded), in English: every HSDS answer is."""
    return tuple(
        Term(LEVEL, value, str(label), str(BY_PROGRAM_TYPE[value].summary), level_path(value))
        for value, label in Program.Type.choices
    )


SESSION_TERMS = tuple(
    Term(SESSION_TIME, name, f"{name.capitalize()} sessions", f"The program holds {name} sessions.")
    for name in Program.SESSION_TIMES
)
# (code, Program field, name, description): each a number (or true / false) an attribute carries as its value.
FACTS = (
    ("weekly-hours-min", "weekly_hours_min", "Weekly hours (least)", "The fewest hours of treatment a week."),
    ("weekly-hours-max", "weekly_hours_max", "Weekly hours (most)", "The most hours of treatment a week."),
    ("days-per-week-min", "days_per_week_min", "Days a week (fewest)", "The fewest days a week of sessions."),
    ("days-per-week-max", "days_per_week_max", "Days a week (most)", "The most days a week of sessions."),
    ("length-weeks-min", "duration_weeks_min", "Length in weeks (shortest)", "The shortest usual length."),
    ("length-weeks-max", "duration_weeks_max", "Length in weeks (longest)", "The longest usual length."),
    ("telehealth", "telehealth", "Telehealth", "Sessions by video or phone are possible."),
    ("medication-management", "medication_management", "Medication management", "Prescribing and monitoring."),
)
FACT_FIELDS = {code: field for code, field, _name, _description in FACTS}
FACT_TERMS = tuple(Term(FACT, code, name, description) for code, _field, name, description in FACTS)
FIXED_TERMS = {LEVEL: level_terms, SESSION_TIME: lambda: SESSION_TERMS, FACT: lambda: FACT_TERMS}


def entry_term(taxonomy: Taxonomy, entry) -> Term:
    """The term of a list's entry (a Therapy, a PaymentOption, …), in English: HSDS answers are English."""
    learn_path = f"{therapies_path()}#{entry.slug}" if taxonomy is THERAPY else None  # Therapy.get_absolute_url
    return Term(taxonomy, entry.slug, entry.name, entry.description, learn_path)


@cache
def therapies_path() -> str:
    return reverse("learn:therapies")


def level_term(program_type: str) -> Term:
    return next(term for term in level_terms() if term.code == program_type)


def session_term(name: str) -> Term:
    return next(term for term in SESSION_TERMS if term.code == name)


def fact_term(code: str) -> Term:
    return next(term for term in FACT_TERMS if term.code == code)


def terms(taxonomy: Taxonomy | None = None) -> list[Term]:
    """Every term (of one taxonomy), in the taxonomies' order and each list's: one query per curated list."""
    chosen = [taxonomy] if taxonomy else TAXONOMIES
    found = []
    for each in chosen:
        if each.model is None:
            found.extend(FIXED_TERMS[each]())
        else:
            found.extend(entry_term(each, entry) for entry in each.model.objects.order_by("name", "pk"))
    return found


def find(term_id: str) -> Term | None:
    """The term with this id, or None."""
    return next((term for term in terms() if term.id == term_id.lower()), None)
