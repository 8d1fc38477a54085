from django import forms
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from facilities import demand
from programs.levels import PROGRAM_LEVELS
from search import fragments
from search.forms import PAGE_SIZE, RADIUS_CHOICES, SearchForm, query_errors
from search.links import with_params
from search.paginator import SearchPaginator

# Query parameters that are the search itself rather than a filter a person may remove.
NOT_FILTERS = {"location", "lat", "lng", "radius", "page", "sort"}


@require_safe
def results(request):
    too_big = query_errors(request.META.get("QUERY_STRING", ""))
    form = SearchForm(None if too_big else request.GET)
    context = {
        "form": form,
        "radius_choices": RADIUS_CHOICES,
        "selected_radius": form.radius_miles,
        "levels": PROGRAM_LEVELS,
        "valid": form.is_valid(),
    }
    if too_big:  # no person's search: an empty form and why, echoing none of the query back
        context["query_errors"] = [message for messages in too_big.values() for message in messages]
        return render(request, "search/results.html", context, status=400)
    if clean := without_empty_fields(request, form):
        return redirect(clean)
    if form.is_valid():
        search = form.search
        page = SearchPaginator(search.results(), PAGE_SIZE, hits=search.hits).get_page(request.GET.get("page"))
        demand.shown(hit.pk for hit in page.object_list)
        context.update(search=search, page=page, place=search.place, radius=search.miles)
        context["left_out"] = search.left_out_for_unreported_hours()
        if context["left_out"]:
            context["include_unreported_url"] = with_params(request, include_unreported="1", page=None)
        if not page.object_list:
            context["nearest"] = search.nearest_beyond_radius()
            demand.shown(hit.pk for hit in context["nearest"])
            context["wider"] = [miles for miles, _ in RADIUS_CHOICES if miles > search.miles]
    context["active_filters"] = active_filters(request, form)
    # What the printed page says the search was filtered by.
    context["filter_labels"] = "; ".join(label for label, _ in context["active_filters"])
    # Where this search is, for the links that come back to it (a facility's "Back to results"), and the programs
    # ticked to compare (kept in the address by static/js/filters.js).
    context["search_query"] = request.META.get("QUERY_STRING", "")
    context["ticked"] = request.GET.getlist("p")
    if "page" in context:  # a valid search (an empty page is falsy)
        hits = context["page"].object_list
        for shown_hits in (hits, context.get("nearest", [])):
            fragments.add_cards(search, shown_hits, context["search_query"], context["ticked"])
        context["points"] = [hit.point for hit in hits if hit.point]
        shown = {str(pk) for hit in hits for pk in hit.program_pks}
        # Ticked on other pages: sent again with this page's ticks, so the choices add up without JavaScript too.
        context["kept_ticks"] = [pk for pk in dict.fromkeys(context["ticked"]) if pk not in shown]
    context["location_choices"] = [
        (label, with_params(request, location=value, page=None, lat=None, lng=None))
        for label, value in form.location_choices
    ]
    # Invalid input is answered with the form and its messages (200): the person fixes it on the page.
    return render(request, "search/results.html", context)


def without_empty_fields(request, form) -> str | None:
    """The same search without its empty fields, when it has some: a form sent without JavaScript sends every field
    ("lat=&lng=&hours_min=…"), and the address a person keeps, shares or comes back to should say only their search.
    Only fields that hold one value: an empty choice of a list ("therapy=") is not something a form sends, and the
    page says it is not a choice."""
    empty = [
        name
        for name, values in request.GET.lists()
        if name in form.fields
        and not isinstance(form.fields[name], forms.MultipleChoiceField)
        and all(value == "" for value in values)
    ]
    return with_params(request, **dict.fromkeys(empty)) if empty else None


def active_filters(request, form) -> list[tuple[str, str]]:
    """(label, link that removes it) for each filter value in the query string.

    A value given twice is one filter, and a single-valued parameter shows only the value searched (its last),
    so there is at most one link per choice however the query repeats itself.
    """
    filters = []
    for name in request.GET:
        if name in NOT_FILTERS or name not in form.fields:
            continue
        field = form.fields[name]
        labels = {str(value): label for value, label in getattr(field, "choices", [])}
        values = request.GET.getlist(name)
        multiple = isinstance(field, forms.MultipleChoiceField)
        for value in dict.fromkeys(values if multiple else values[-1:]):
            if not value:
                continue
            remaining = [v for v in values if v != value] if multiple else []
            label = f"{field.label}: {labels.get(value, value)}"
            filters.append((label, with_params(request, **{name: remaining, "page": None})))
    return filters
