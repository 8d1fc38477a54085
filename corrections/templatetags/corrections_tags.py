from django import template

from corrections.models import Correction

register = template.Library()


@register.simple_tag
def new_corrections() -> int:
    """How many corrections wait in the curators' inbox (the admin index says so)."""
    return Correction.objects.filter(status=Correction.Status.NEW).count()
