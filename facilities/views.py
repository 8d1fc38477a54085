from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from geopy.distance import great_circle

from facilities import demand
from facilities.duplicates import duplicates_of
from facilities.models import Facility
from geo.places import MAX_LOCATION_LENGTH, LocationError, resolve
from programs.models import Program

MAX_COMPARED = 4
# A longer "search" is no search a person made (the search page refuses query strings over 8,000 characters).
BACK_LINK_MAX = 8_000


def map_points(facilities) -> list[dict]:
    """The markers of a map of these facilities (the results page's too); those without coordinates are left off."""
    return [
        {"name": f.name, "url": f.get_absolute_url(), "lat": f.latitude, "lng": f.longitude}
        for f in facilities
        if f.has_coordinates
    ]


@require_safe
def facility_detail(request, slug):
    facility = get_object_or_404(Facility.objects.published().with_details(), slug=slug)
    demand.opened(facility.pk)
    context = {
        "facility": facility,
        "back_url": back_to_search(request),
        "points": map_points([facility]),
        "also_here": duplicates_of(facility).published().with_programs(),
    }
    return render(request, "facilities/detail.html", context)


@require_safe
def compare(request):
    """Up to four programs side by side; the state is the URL (?p=12&p=40), no account, no JavaScript needed."""
    wanted = request.GET.getlist("p")
    problems = []
    ids = [int(value) for value in wanted if value.isascii() and value.isdigit() and len(value) < 10]
    if len(ids) != len(wanted):
        problems.append(_("Some of the chosen programs could not be read, so they are left out."))
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_COMPARED:
        shown = {"count": MAX_COMPARED}  # always several: no singular
        problems.append(_("You can compare up to %(count)d programs at a time; the first %(count)d are shown.") % shown)
        ids = ids[:MAX_COMPARED]
    programs = {
        program.pk: program
        for program in Program.objects.filter(pk__in=ids, facility__is_published=True)
        .select_related("facility")
        .prefetch_related("therapies", "facility__payment_options", "facility__languages")
    }
    if len(programs) < len(ids):
        problems.append(_("Some of the chosen programs are no longer listed."))
    place = _compare_place(request, problems)
    compared = [programs[pk] for pk in ids if pk in programs]
    for program in compared:
        program.distance = _miles(place, program.facility) if place else None
    context = {
        "programs": compared,
        "problems": problems,
        "place": place,
        "max_compared": MAX_COMPARED,
        "back_url": back_to_search(request, ticked=[program.pk for program in compared]),
        "any_demo": any(program.facility.is_demo for program in compared),
    }
    return render(request, "facilities/compare.html", context)


def back_to_search(request, ticked: list[int] | None = None) -> str:
    """The results a person came from (`?search=<their query string>`, as result links carry it), or the empty
    search. Only ever a query string of the search page: never another address. `ticked`: the programs to show
    ticked there (the compare page's own, so that choosing more on another page of results adds to them)."""
    search = request.GET.get("search", "")
    if not search or len(search) > BACK_LINK_MAX:
        return reverse("search:results")
    if ticked is not None:
        try:
            query = QueryDict(search, mutable=True)
        except TooManyFieldsSent:  # no search of a person's: the address as it came
            return f"{reverse('search:results')}?{search}"
        query.setlist("p", [str(pk) for pk in ticked])
        search = query.urlencode()
    return f"{reverse('search:results')}?{search}"


def _compare_place(request, problems):
    location, lat, lng = (request.GET.get(name, "")[:MAX_LOCATION_LENGTH] for name in ("location", "lat", "lng"))
    if not (location or lat or lng):
        return None
    try:
        return resolve(location, lat, lng)
    except LocationError as error:
        problems.append(_("Distances are not shown: %(problem)s") % {"problem": error.message})
        return None


def _miles(place, facility) -> float | None:
    if not facility.has_coordinates:
        return None
    return great_circle((place.latitude, place.longitude), (facility.latitude, facility.longitude)).miles
