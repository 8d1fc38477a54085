from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs.models import Therapy


@require_GET
def learn_index(request):
    return render(request, "programs/learn_index.html")


@require_GET
def therapies(request):
    """Every therapy, grouped by category, each with the anchor the search filters link to."""
    by_category = {value: [] for value in Therapy.Category.values}
    for therapy in Therapy.objects.order_by("name"):
        by_category[therapy.category].append(therapy)
    groups = [(label, by_category[value]) for value, label in Therapy.Category.choices if by_category[value]]
    return render(request, "programs/therapies.html", {"groups": groups})
