"""The HSDS 3.0 read API under /api/hsds/: the published listings as Open Referral's objects, for 211 lines, health
systems and other directories. Paths and parameters follow HSDS's template OpenAPI description; the mapping is
hsds/mapping.py, the queries hsds/queries.py. Every answer is in English, JSON, and sets no cookie; the API's rate
limit and page cache cover it (settings.RATE_LIMITED_VIEWS, iopfinder/pagecache.py)."""

from functools import wraps

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from hsds import forms, ids, mapping, queries, taxonomy
from hsds.openapi import document
from search.forms import query_errors

HSDS_VERSION = "3.0"
# No profile of our own: the specification itself, at the version the API follows.
PROFILE = "https://github.com/openreferral/specification/tree/3.0"


def hsds_view(view):
    """A GET (or HEAD) view answered in English, its query string no bigger than a search's."""

    @require_safe
    @wraps(view)
    def answer(request, *args, **kwargs):
        with translation.override("en"):
            if too_big := query_errors(request.META.get("QUERY_STRING", "")):
                return error_response(too_big)
            return view(request, *args, **kwargs)

    return answer


def error_response(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def not_found(kind: str, value: str) -> JsonResponse:
    return error_response({"id": [f"No published {kind} has the id {value!r}."]}, status=404)


def base_of(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def paged(form, rows, make) -> JsonResponse:
    """A page of the rows (a queryset or a list) in HSDS's Page shape, each made into its object by `make`."""
    paginator = Paginator(rows, form.cleaned_data["per_page"])
    try:
        page = paginator.page(form.cleaned_data["page"])
    except EmptyPage:
        pages = paginator.num_pages
        message = "There is only 1 page." if pages == 1 else f"There are only {pages} pages."
        return error_response({"page": [message]}, status=404)
    return JsonResponse(
        {
            "total_items": paginator.count,
            "total_pages": paginator.num_pages,
            "page_number": page.number,
            "size": len(page.object_list),
            "first_page": page.number == 1,
            "last_page": not page.has_next(),
            "empty": paginator.count == 0,
            "contents": make(list(page.object_list)),
        }
    )


@hsds_view
def index(request):
    return JsonResponse(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@hsds_view
def openapi(request):
    return JsonResponse(document(base_of(request)))


def filtered_services(data: dict):
    """The published programs the service parameters choose."""
    programs = queries.services()
    if data["search"]:
        programs = queries.named(programs, data["search"])
    if data["taxonomy_term_id"]:
        programs = queries.with_term(programs, data["taxonomy_term_id"])
    if data["taxonomy_id"]:
        programs = queries.in_taxonomy(programs, data["taxonomy_id"])
    if data["organization_id"] is not None:
        programs = programs.filter(facility_id=data["organization_id"])
    if data["modified_after"]:
        programs = queries.modified_services(programs, data["modified_after"])
    return programs


@hsds_view
def services(request):
    form = forms.ServiceForm(request.GET)
    if errors := forms.errors_of(form):
        return error_response(errors)
    data, base = form.cleaned_data, base_of(request)
    programs = filtered_services(data)
    make = mapping.service_full if data["full"] else mapping.service_basic
    programs = queries.with_service_details(programs, full=data["full"])
    return paged(form, programs, lambda rows: [make(program, base) for program in rows])


def published_program(kind: str, id: str):
    """The published program whose service (or service at location: `kind`) has this id, loaded whole; else None."""
    number = ids.number_of(kind, id)
    if number is None:
        return None
    return queries.with_service_details(queries.services(), full=True).filter(pk=number).first()


@hsds_view
def service_detail(request, id):
    if (program := published_program("service", id)) is None:
        return not_found("service", id)
    return JsonResponse(mapping.service_full(program, base_of(request)))


@hsds_view
def service_at_locations(request):
    form = forms.ServiceAtLocationForm(request.GET)
    if errors := forms.errors_of(form):
        return error_response(errors)
    data, base = form.cleaned_data, base_of(request)
    programs = filtered_services(data)
    make = mapping.service_at_location_full if data["full"] else mapping.service_at_location_basic
    if data["postcode"] is None:
        programs = queries.with_service_details(programs, full=data["full"])
        return paged(form, programs, lambda rows: [make(program, base) for program in rows])
    # Nearest first, as the site's search: the page's ids in order, then their programs.
    miles = queries.near(data["postcode"], form.miles)
    found = programs.filter(facility_id__in=list(miles)).values_list("pk", "facility_id")
    nearest = [pk for pk, facility in sorted(found, key=lambda row: (miles[row[1]], row[0]))]

    def make_page(numbers):
        loaded = queries.with_service_details(queries.services().filter(pk__in=numbers), full=data["full"])
        by_number = {program.pk: program for program in loaded}
        return [make(by_number[pk], base) for pk in numbers if pk in by_number]

    return paged(form, nearest, make_page)


@hsds_view
def service_at_location_detail(request, id):
    if (program := published_program("service_at_location", id)) is None:
        return not_found("service at location", id)
    return JsonResponse(mapping.service_at_location_full(program, base_of(request)))


@hsds_view
def organizations(request):
    form = forms.OrganizationForm(request.GET)
    if errors := forms.errors_of(form):
        return error_response(errors)
    data, base = form.cleaned_data, base_of(request)
    facilities = queries.organizations()
    if data["search"]:
        facilities = facilities.named_like(data["search"])
    if data["modified_after"]:
        facilities = queries.modified_organizations(facilities, data["modified_after"])
    if not data["full"]:
        facilities = facilities.prefetch_related("programs")
        return paged(form, facilities, lambda rows: [mapping.organization_basic(f, base) for f in rows])
    full_services = data["full_service"]
    facilities = queries.with_organization_details(facilities, full_services=full_services)
    return paged(form, facilities, lambda rows: [organization(f, base, full_services) for f in rows])


def organization(facility, base: str, full_services: bool) -> dict:
    make = mapping.service_full if full_services else mapping.service_basic
    services = [without_organization(make(program, base)) for program in facility.programs.all()]
    return mapping.organization_full(facility, base, services)


def without_organization(service: dict) -> dict:
    """A service inside its organization: the organization is its parent, not repeated."""
    return {key: value for key, value in service.items() if key != "organization"}


@hsds_view
def organization_detail(request, id):
    form = forms.OrganizationDetailForm(request.GET)
    if errors := forms.errors_of(form):
        return error_response(errors)
    number = ids.number_of("organization", id)
    full_services = form.cleaned_data["full_service"]
    facilities = queries.with_organization_details(queries.organizations(), full_services=full_services)
    facility = facilities.filter(pk=number).first() if number else None
    if facility is None:
        return not_found("organization", id)
    return JsonResponse(organization(facility, base_of(request), full_services))


@hsds_view
def taxonomies(request):
    form = forms.ListForm(request.GET)
    if errors := forms.errors_of(form):
        return error_response(errors)
    base, text = base_of(request), form.cleaned_data["search"].casefold()
    chosen = [each for each in taxonomy.TAXONOMIES if text in each.name.casefold()]
    return paged(form, chosen, lambda rows: [mapping.taxonomy_json(each, base) for each in rows])


@hsds_view
def taxonomy_detail(request, id):
    found = next((each for each in taxonomy.TAXONOMIES if each.id == id.lower()), None)
    if found is None:
        return not_found("taxonomy", id)
    return JsonResponse(mapping.taxonomy_json(found, base_of(request)))


@hsds_view
def taxonomy_terms(request):
    form = forms.TermForm(request.GET)
    if errors := forms.errors_of(form):
        return error_response(errors)
    data, base = form.cleaned_data, base_of(request)
    text = data["search"].casefold()
    found = [term for term in taxonomy.terms(data["taxonomy_id"]) if text in term.name.casefold()]
    if data["parent_id"]:
        found = []  # the terms are flat: none has a parent
    return paged(form, found, lambda rows: [mapping.term_json(term, base) for term in rows])


@hsds_view
def taxonomy_term_detail(request, id):
    found = taxonomy.find(id)
    if found is None:
        return not_found("taxonomy term", id)
    return JsonResponse(mapping.term_json(found, base_of(request)))
