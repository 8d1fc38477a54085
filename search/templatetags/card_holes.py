from django import template
from django.utils.safestring import mark_safe

from search import fragments

register = template.Library()


@register.simple_tag
def hole(name: str, value="") -> str:
    """`{% hole "distance" %}`: a part of a results card that search/fragments.py fills for each request."""
    return mark_safe(fragments.hole(name, value))
