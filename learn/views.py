from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from learn import content
from programs.levels import IOP, LEVELS, PROGRAM_LEVELS, comparison
from programs.models import Therapy
from programs.vocabulary import by_label


def template(page: str) -> str:
    """The page's template: the Spanish pages are written in Spanish (learn/es/), not put together from a catalogue."""
    if translation.get_language() == "es":
        return f"learn/es/{page}.html"
    return f"learn/{page}.html"


@require_safe
def learn_index(request):
    return render(request, template("index"), {"levels": PROGRAM_LEVELS})


@require_safe
def what_is_an_iop(request):
    return render(request, template("what_is_an_iop"), {"iop": IOP})


@require_safe
def levels_of_care(request):
    return render(request, template("levels_of_care"), {"levels": LEVELS, "rows": comparison(LEVELS)})


@require_safe
def therapies(request):
    """Every therapy, grouped by category, each with the anchor the search filters link to."""
    intros = content.category_intros()
    by_category = {value: [] for value in Therapy.Category.values}
    for therapy in by_label(Therapy.objects.all()):
        by_category[therapy.category].append(therapy)
    groups = [
        (value, label, intros[value], by_category[value])
        for value, label in Therapy.Category.choices
        if by_category[value]
    ]
    return render(request, template("therapies"), {"groups": groups})


@require_safe
def what_to_expect(request):
    return render(request, template("what_to_expect"), {"iop": IOP})


@require_safe
def questions_to_ask(request):
    return render(request, template("questions_to_ask"))


@require_safe
def faq(request):
    questions = content.faq()
    return render(request, template("faq"), {"questions": questions, "json_ld": content.faq_json_ld(questions)})
