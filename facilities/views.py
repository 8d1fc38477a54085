from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from facilities.models import Facility
from programs.models import Program

RESULTS_PER_PAGE = 20


@require_GET
def search(request):
    """Published listings, optionally narrowed to program types.

    Location, radius and the other filters arrive with the search issue; until then the page
    says plainly that results are not ordered by distance.
    """
    types = [value for value in request.GET.getlist("type") if value in Program.Type.values]
    facilities = Facility.objects.published().order_by("state", "city", "name", "pk")
    if types:
        facilities = facilities.offering(*types)
    page = Paginator(facilities.with_programs(), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "facilities/search.html",
        {
            "page": page,
            "selected_types": types,
            "program_types": Program.Type.choices,
            "location": request.GET.get("location", "").strip()[:100],
        },
    )


@require_GET
def facility_detail(request, slug):
    facility = get_object_or_404(Facility.objects.published().with_details(), slug=slug)
    return render(request, "facilities/detail.html", {"facility": facility})
