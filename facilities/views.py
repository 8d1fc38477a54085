from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from facilities.filters import RADIUS_CHOICES, FacilityFilter
from facilities.models import Facility

RESULTS_PER_PAGE = 20
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
    }
    context["valid"] = search.is_valid()
    if search.is_valid():
        page = Paginator(search.qs, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(page=page, place=search.place, radius=search.radius_miles)
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


@require_safe
def facility_detail(request, slug):
    facility = get_object_or_404(Facility.objects.published().with_details(), slug=slug)
    return render(request, "facilities/detail.html", {"facility": facility})
