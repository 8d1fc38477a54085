from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from geopy.distance import great_circle

from facilities.filters import RADIUS_CHOICES, FacilityFilter, SearchPaginator
from facilities.geo import LocationError, resolve
from facilities.models import Facility
from programs.levels import PROGRAM_LEVELS
from programs.models import Program

RESULTS_PER_PAGE = 20
MAX_COMPARED = 4
# Query parameters that are the search itself rather than a filter a person may remove.
NOT_FILTERS = {"location", "lat", "lng", "radius", "page", "sort"}


@require_safe
def search(request):
    search = FacilityFilter(request.GET, queryset=Facility.objects.published())
    context = {
        "search": search,
        "form": search.form,
        "radius_choices": RADIUS_CHOICES,
        "selected_radius": search.radius_miles,
        "levels": PROGRAM_LEVELS,
    }
    context["valid"] = search.is_valid()
    if search.is_valid():
        page = SearchPaginator(search.qs, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(page=page, place=search.place, radius=search.radius_miles, points=map_points(page.object_list))
        if not page.object_list:
            context["nearest"] = search.nearest_beyond_radius()
            context["wider"] = [miles for miles, _ in RADIUS_CHOICES if miles > search.radius_miles]
    context["active_filters"] = active_filters(request, search)
    context["location_choices"] = [
        (label, _with(request, location=value, page=None, lat=None, lng=None))
        for label, value in getattr(search.form, "location_choices", [])
    ]
    # Invalid input is answered with the form and its messages (200): the person fixes it on the page.
    return render(request, "facilities/search.html", context)


def active_filters(request, search) -> list[tuple[str, str]]:
    """(label, link that removes it) for every filter value in the query string."""
    filters = []
    for name in request.GET:
        if name in NOT_FILTERS or name not in search.filters:
            continue
        field = search.form.fields[name]
        labels = dict(getattr(field, "choices", []))
        for value in request.GET.getlist(name):
            if not value:
                continue
            shown = labels.get(value, labels.get(_int_or(value), value))
            remaining = [v for v in request.GET.getlist(name) if v != value]
            filters.append((f"{field.label}: {shown}", _with(request, **{name: remaining, "page": None})))
    return filters


def _int_or(value):
    try:
        return int(value)
    except ValueError:
        return value


def _with(request, **changes) -> str:
    """This search's URL with some parameters replaced (a list sets every value) or removed (None)."""
    params = request.GET.copy()
    for name, value in changes.items():
        if value is None or value == []:
            params.pop(name, None)
        elif isinstance(value, list):
            params.setlist(name, value)
        else:
            params[name] = value
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


def map_points(facilities) -> list[dict]:
    return [
        {"name": f.name, "url": f.get_absolute_url(), "lat": f.latitude, "lng": f.longitude}
        for f in facilities
        if f.has_coordinates
    ]


@require_safe
def facility_detail(request, slug):
    facility = get_object_or_404(Facility.objects.published().with_details(), slug=slug)
    return render(request, "facilities/detail.html", {"facility": facility, "points": map_points([facility])})


@require_safe
def compare(request):
    """Up to four programs side by side; the state is the URL (?p=12&p=40), no account, no JavaScript needed."""
    wanted = request.GET.getlist("p")
    problems = []
    ids = [int(value) for value in wanted if value.isascii() and value.isdigit() and len(value) < 10]
    if len(ids) != len(wanted):
        problems.append("Some of the chosen programs could not be read, so they are left out.")
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_COMPARED:
        problems.append(f"You can compare up to {MAX_COMPARED} programs at a time; the first {MAX_COMPARED} are shown.")
        ids = ids[:MAX_COMPARED]
    programs = {
        program.pk: program
        for program in Program.objects.filter(pk__in=ids, facility__is_published=True)
        .select_related("facility")
        .prefetch_related("therapies", "facility__payment_options", "facility__languages")
    }
    if len(programs) < len(ids):
        problems.append("Some of the chosen programs are no longer listed.")
    place = _compare_place(request, problems)
    compared = [programs[pk] for pk in ids if pk in programs]
    for program in compared:
        program.distance = _miles(place, program.facility) if place else None
    context = {"programs": compared, "problems": problems, "place": place, "max_compared": MAX_COMPARED}
    return render(request, "facilities/compare.html", context)


def _compare_place(request, problems):
    location, lat, lng = (request.GET.get(name, "")[:100] for name in ("location", "lat", "lng"))
    if not (location or lat or lng):
        return None
    try:
        return resolve(location, lat, lng)
    except LocationError as error:
        problems.append(f"Distances are not shown: {error.message}")
        return None


def _miles(place, facility) -> float | None:
    if not facility.has_coordinates:
        return None
    return great_circle((place.latitude, place.longitude), (facility.latitude, facility.longitude)).miles
