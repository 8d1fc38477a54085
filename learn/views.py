from django.shortcuts import render
from django.views.decorators.http import require_safe

from learn import content
from programs.levels import IOP, LEVELS, PROGRAM_LEVELS, comparison
from programs.models import Therapy


@require_safe
def learn_index(request):
    return render(request, "learn/index.html", {"levels": PROGRAM_LEVELS})


@require_safe
def what_is_an_iop(request):
    return render(request, "learn/what_is_an_iop.html", {"iop": IOP})


@require_safe
def levels_of_care(request):
    return render(request, "learn/levels_of_care.html", {"levels": LEVELS, "rows": comparison(LEVELS)})


@require_safe
def therapies(request):
    """Every therapy, grouped by category, each with the anchor the search filters link to."""
    intros = content.category_intros()
    by_category = {value: [] for value in Therapy.Category.values}
    for therapy in Therapy.objects.order_by("name"):
        by_category[therapy.category].append(therapy)
    groups = [
        (value, label, intros[value], by_category[value])
        for value, label in Therapy.Category.choices
        if by_category[value]
    ]
    return render(request, "learn/therapies.html", {"groups": groups})


@require_safe
def what_to_expect(request):
    return render(request, "learn/what_to_expect.html", {"iop": IOP})


@require_safe
def questions_to_ask(request):
    return render(request, "learn/questions_to_ask.html")


@require_safe
def faq(request):
    questions = content.faq()
    return render(request, "learn/faq.html", {"questions": questions, "json_ld": content.faq_json_ld(questions)})
