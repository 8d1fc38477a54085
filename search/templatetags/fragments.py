from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from search import fragments

register = template.Library()


@register.simple_tag
def hole(name: str, value="") -> str:
    """`{% hole "distance" %}`: a part of a fragment that search/fragments.py fills for each request."""
    return mark_safe(fragments.hole(name, value))


@register.simple_tag
def filter_group(field, learn_links=False) -> str:
    """`{% filter_group form.therapy %}`: a long list of choices in the search filters (includes/filter_group.html).
    Made once for each list of choices and language, in this process (the choices are in the key: an edited list is
    a new one), then given this request's ticks, count and errors: a page has seven such lists of up to a hundred
    choices, most of them with nothing ticked, which is kept filled too."""
    choices = tuple(field.field.choices)
    if not choices:
        return ""
    selected = field.value() or ""
    if not selected and not field.errors:
        return _untouched_filter_group(field.html_name, str(field.label), choices, learn_links, get_language())
    group = _filter_group(field.html_name, str(field.label), choices, learn_links, get_language())
    filled = fragments.fill(
        group,
        open=lambda _: " open" if field.errors else "",
        chosen=lambda _: f' <span class="chosen">· {chosen(len(selected))}</span>' if selected else "",
        tick=lambda value: " checked" if value in selected else "",
        errors=lambda _: str(field.errors),
    )
    return mark_safe(filled)


def chosen(count: int) -> str:
    return ngettext("%(count)d chosen", "%(count)d chosen", count) % {"count": count}


# `language` is only a key: the active language words the list.
@lru_cache(maxsize=64)
def _filter_group(name: str, label: str, choices: tuple, learn_links: bool, language: str) -> str:
    context = {"name": name, "label": label, "choices": choices, "learn_links": learn_links}
    return render_to_string("includes/filter_group.html", context)


@lru_cache(maxsize=64)
def _untouched_filter_group(name: str, label: str, choices: tuple, learn_links: bool, language: str) -> str:
    """The list with nothing ticked and no message."""
    group = _filter_group(name, label, choices, learn_links, language)
    return mark_safe(fragments.fill(group, open=_nothing, chosen=_nothing, tick=_nothing, errors=_nothing))


def _nothing(_) -> str:
    return ""
