"""What the HSDS API and export read: published listings only, each filter a queryset rule, every list loaded in a
fixed number of queries so that mapping (hsds/mapping.py) runs none."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from facilities.models import Facility
from hsds import taxonomy
from programs.models import Program

# The facility lists a service shows (in its attributes and words) and the list each taxonomy is.
SERVICE_LISTS = ("payment_options", "accreditations", "eligibility")
FULL_SERVICE_LISTS = (*SERVICE_LISTS, "languages", "approaches", "populations", "services")
LIST_OF = {
    taxonomy.PAYMENT: "payment_options",
    taxonomy.POPULATION: "populations",
    taxonomy.ELIGIBILITY: "eligibility",
    taxonomy.SUPPORT: "services",
}


def services():
    """Every published program, in id order."""
    return Program.objects.filter(facility__is_published=True).select_related("facility").order_by("pk")


def with_service_details(programs, *, full: bool):
    """Programs with what their service shows (`full`: the whole service, else the list's one-to-one fields)."""
    if not full:
        return programs.prefetch_related("facility__programs", *(f"facility__{name}" for name in SERVICE_LISTS))
    lists = (f"facility__{name}" for name in FULL_SERVICE_LISTS)
    return programs.prefetch_related("therapies", "facility__programs", *lists)


def organizations():
    """Every published facility, in id order."""
    return Facility.objects.published().order_by("pk")


def with_organization_details(facilities, *, full_services: bool):
    """Facilities with their location's languages and their programs as services, whole or basic."""
    lists = FULL_SERVICE_LISTS if full_services else SERVICE_LISTS
    # Each program's `facility` is the facility it is prefetched for, whose lists are loaded here.
    programs = Prefetch("programs", queryset=Program.objects.order_by("pk").prefetch_related("therapies"))
    return facilities.prefetch_related(*dict.fromkeys(["languages", *lists]), programs)


def modified_services(programs, moment):
    """Services whose program or facility changed at `moment` or later."""
    return programs.filter(Q(updated_at__gte=moment) | Q(facility__updated_at__gte=moment))


def modified_organizations(facilities, moment):
    changed_program = Program.objects.filter(facility=OuterRef("pk"), updated_at__gte=moment)
    return facilities.filter(Q(updated_at__gte=moment) | Exists(changed_program))


def named(programs, text: str):
    return programs.filter(Q(facility__name__icontains=text) | Q(name__icontains=text))


def with_term(programs, term: taxonomy.Term):
    """Services that carry the term as an attribute (hsds/mapping.service_terms says which do)."""
    each = term.taxonomy
    if each is taxonomy.LEVEL:
        return programs.filter(type=term.code)
    if each is taxonomy.THERAPY:
        return programs.offering_therapy(term.code)
    if each is taxonomy.SESSION_TIME:
        return programs.filter(**{term.code: True})
    if each is taxonomy.FACT:
        return programs.filter(**{f"{taxonomy.FACT_FIELDS[term.code]}__isnull": False})
    return programs.filter(**{f"facility__{LIST_OF[each]}__slug": term.code})


def in_taxonomy(programs, each: taxonomy.Taxonomy):
    """Services that carry any term of the taxonomy."""
    if each is taxonomy.LEVEL:
        return programs
    if each is taxonomy.THERAPY:
        own = Program.therapies.through.objects.filter(program=OuterRef("pk"))
        return programs.filter(Exists(own) | Exists(listing(taxonomy.THERAPY)))
    if each is taxonomy.SESSION_TIME:
        return programs.filter(Q(daytime=True) | Q(evening=True) | Q(weekend=True))
    if each is taxonomy.FACT:
        reported = Q(pk__in=[])
        for field in taxonomy.FACT_FIELDS.values():
            reported |= Q(**{f"{field}__isnull": False})
        return programs.filter(reported)
    return programs.filter(Exists(listing(each)))


def listing(each: taxonomy.Taxonomy):
    """The rows of the program's facility's list that is this taxonomy (any entry)."""
    field = "approaches" if each is taxonomy.THERAPY else LIST_OF[each]
    return getattr(Facility, field).through.objects.filter(facility=OuterRef("facility_id"))


def near(place, miles: float) -> dict[int, float]:
    """{facility id: miles} of the published facilities within `miles` of the place: the site's search
    (FacilityQuerySet.near: an indexed box, then the great-circle distance in SQL)."""
    return dict(Facility.objects.published().near(place, miles).values_list("pk", "distance"))
