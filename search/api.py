"""The JSON API: the search's filters and results, and one facility, in the shape of the public contract.

Its words (labels and messages) are in the language iopfinder/languages.py chose from `lang` or Accept-Language; its
codes, slugs and keys are the same in every language.
"""

from django.conf import settings
from django.core.paginator import EmptyPage
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from facilities import demand
from facilities.models import Facility
from programs.models import Program
from search import fragments
from search.forms import ApiSearchForm, query_errors
from search.links import with_params
from search.openapi import document
from search.paginator import SearchPaginator

LANGUAGE_PARAMETER = "lang"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def error_response(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def language_errors(request) -> dict[str, list[str]]:
    """A message for `lang` when it names a language the API does not speak (empty: not given), else {}. The
    language was chosen before the view (iopfinder/languages.py), without an unknown `lang`."""
    value = request.GET.get(LANGUAGE_PARAMETER, "")
    if not value or value in LANGUAGE_CODES:
        return {}
    message = _("%(value)s is not a language of the API; use one of: %(languages)s.")
    return {LANGUAGE_PARAMETER: [message % {"value": value, "languages": ", ".join(LANGUAGE_CODES)}]}


@require_safe
def facility_list(request):
    if too_big := query_errors(request.META.get("QUERY_STRING", "")):
        return error_response(too_big)
    form = ApiSearchForm(request.GET)
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    errors |= language_errors(request)
    if errors:
        return error_response(errors)
    search = form.search
    paginator = SearchPaginator(search.results(), form.cleaned_data["page_size"], hits=search.hits)
    try:
        page = paginator.page(form.cleaned_data["page"])
    except EmptyPage:
        pages = paginator.num_pages
        message = ngettext("There is only %(pages)d page.", "There are only %(pages)d pages.", pages)
        return error_response({"page": [message % {"pages": pages}]}, status=404)
    demand.shown(hit.pk for hit in page.object_list)
    place = search.place

    def link(number):
        return request.build_absolute_uri(with_params(request, page=number))

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "origin": {"label": place.label, "latitude": place.latitude, "longitude": place.longitude}
            if place
            else None,
            "results": results_json(request, search, page.object_list),
        }
    )


def results_json(request, search, hits) -> list[dict]:
    """A page of the search's hits as the API gives them, each kept (search/fragments.py) but its distance, which is
    this search's."""

    def make(facilities):
        others = [other for facility in facilities for other in facility.also_here]
        prefetch_related_objects([*facilities, *others], "matched_programs__therapies", "eligibility")
        return [result_json(request, facility) for facility in facilities]

    # A result names its page's address: kept per scheme and host.
    results = fragments.kept(search, hits, f"api:{request.scheme}://{request.get_host()}", make)
    # A listing deleted since the search found it is left out.
    return [{**results[hit.pk], "distance_miles": distance_miles(hit)} for hit in hits if hit.pk in results]


def distance_miles(facility) -> float | None:
    distance = getattr(facility, "distance", None)
    return round(distance, 1) if distance is not None else None


@require_safe
def facility_detail(request, slug):
    if errors := language_errors(request):
        return error_response(errors)
    facility = Facility.objects.published().with_details().filter(slug=slug).first()
    if facility is None:
        message = _("No published facility has the slug %(slug)s.") % {"slug": repr(slug)}
        return error_response({"slug": [message]}, status=404)
    demand.opened(facility.pk)
    data = facility_json(request, facility, facility.programs.all())
    data.update(
        intake_phone=facility.intake_phone,
        detox_onsite=facility.detox_onsite,
        co_occurring=facility.co_occurring,
        telehealth=facility.telehealth,
        payment=[item.slug for item in facility.payment_options.all()],
        languages=[item.slug for item in facility.languages.all()],
        eligibility=[item.slug for item in facility.eligibility.all()],
        ages=[item.slug for item in facility.ages.all()],
        populations=[item.slug for item in facility.populations.all()],
        approaches=[item.slug for item in facility.approaches.all()],
        services=[item.slug for item in facility.services.all()],
        medications=[item.slug for item in facility.medications.all()],
        accreditations=[item.slug for item in facility.accreditations.all()],
    )
    return JsonResponse(data)


@require_safe
def schema(request):
    return JsonResponse(document(request.build_absolute_uri(reverse("api:facility_list"))))


def facility_json(request, facility: Facility, programs) -> dict:
    return {
        "slug": facility.slug,
        "name": facility.name,
        "url": request.build_absolute_uri(facility.get_absolute_url()),
        "address": {
            "street1": facility.street1,
            "street2": facility.street2,
            "city": facility.city,
            "state": facility.state,
            "zip": facility.zip_code,
        },
        "latitude": facility.latitude,
        "longitude": facility.longitude,
        "location_precision": facility.location_precision or None,
        "distance_miles": distance_miles(facility),
        "phone": facility.phone,
        "website": facility.website,
        "verified_on": facility.verified_on.isoformat() if facility.verified_on else None,
        "provenance": facility.provenance,
        "phone_confirmed": confirmed(*facility.phone_confirmation),
        "unit_name": facility.unit_name,
        "who_is_served": [item.label for item in facility.eligibility.all()],  # in the answer's language
        "programs": [program_json(program) for program in programs],
    }


def result_json(request, facility: Facility) -> dict:
    """A facility in a search: its matching programs, and those of the other listings of the same place."""
    data = facility_json(request, facility, facility.matched_programs)
    data["also_here"] = [
        {
            "slug": other.slug,
            "unit_name": other.unit_name,
            "programs": [program_json(p) for p in other.matched_programs],
        }
        for other in facility.also_here
    ]
    return data


def program_json(program) -> dict:
    def number(value):
        return float(value) if value is not None else None

    return {
        "type": program.type,
        "name": program.name,
        "weekly_hours_min": number(program.weekly_hours_min),
        "weekly_hours_max": number(program.weekly_hours_max),
        "days_per_week_min": program.days_per_week_min,
        "days_per_week_max": program.days_per_week_max,
        "schedule": program.schedule,
        "telehealth": program.telehealth,
        "medication_management": program.medication_management,
        "detox": program.detox or None,
        "accepting": program.availability_status,
        "waitlist_weeks": program.waitlist_weeks if program.availability_status == Program.Accepting.WAITLIST else None,
        "accepting_reported": accepting_reported(program),
        "hours_confirmed": confirmed(program.hours_as_of, program.hours_source),
        "therapies": [therapy.slug for therapy in program.therapies.all()],
    }


def confirmed(day, how: str) -> dict:
    """When and how a fact was last confirmed (the page says the same in words)."""
    return {"on": day.isoformat() if day else None, "by": how or None}


def accepting_reported(program) -> dict | None:
    if program.accepting == Program.Accepting.UNKNOWN and program.accepting_as_of is None:
        return None
    return {
        "status": program.accepting,
        **confirmed(program.accepting_as_of, program.accepting_source),
        "current": program.availability_is_current,
    }
