import re
from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.levels import BY_PROGRAM_TYPE
from programs.vocabulary import by_label

register = template.Library()


@register.filter
def tel_href(phone: str) -> str:
    """'(404) 555-0123 x12' -> 'tel:+14045550123'; US numbers get their country code."""
    digits = re.sub(r"\D", "", (phone or "").split("x")[0])
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if digits else ""


@register.filter
def therapy_links(therapies) -> str:
    """'CBT, DBT' (named in the page's language) linked to their Learn entries; empty when there are none. One URL
    lookup for them all."""
    learn = reverse("learn:therapies")  # Therapy.get_absolute_url's page, reversed once rather than per therapy
    return mark_safe(", ".join(_therapy_link(learn, therapy.slug, therapy.label) for therapy in by_name(therapies)))


@register.filter
def by_name(entries) -> list:
    """A list's entries in the order of their names in the page's language (programs.vocabulary.by_label)."""
    return by_label(entries)


@lru_cache(maxsize=1024)
def _therapy_link(learn_url: str, slug: str, name: str) -> str:
    """A results page repeats the same few dozen links hundreds of times; keyed by what it shows, never stale."""
    return format_html('<a href="{}#{}">{}</a>', learn_url, slug, name)


@register.filter
def yes_no_unknown(value) -> str:
    """Booleans that may be NULL: the public sees 'Not reported', never a guess."""
    if value is None:
        return _("Not reported")
    return _("Yes") if value else _("No")


@register.filter
def hours_or_typical(program) -> str:
    """The program's weekly hours; when it has not reported them, what is typical at its level and to ask.

    The national directory gives no hours, so most imported programs would otherwise say only 'Not reported'.
    """
    level = BY_PROGRAM_TYPE.get(program.type)
    if hours_reported(program) or level is None:
        return program.hours_text
    return _("Not reported. %(typical)s; ask when you call.") % {"typical": level.typical_hours}


@register.filter
def directions_url(facility) -> str:
    """A maps link that opens the person's own maps app; nothing is embedded or tracked."""
    destination = facility.address_line
    return "https://www.google.com/maps/dir/?" + urlencode({"api": "1", "destination": destination})


@register.filter
def lower_first(text: str) -> str:
    """'Reported by the program …' -> 'reported by the program …', to follow a noun ("Phone reported …")."""
    text = str(text)  # a translated label may still be lazy
    return text[:1].lower() + text[1:]


# What people ask first about paying, in the order they ask it: the few words a result card has room for.
PAYMENT_WORDS = {
    "medicaid": "Medicaid",
    "medicare": "Medicare",
    "private-insurance": gettext_lazy("private insurance"),
    "sliding-scale": gettext_lazy("sliding scale"),
    "free": gettext_lazy("free"),
}


@register.filter
def payment_words(facility) -> str:
    """'Medicaid, Medicare, private insurance' from the facility's payment options (prefetched), or '' when it
    reports none of those; the facility page lists every option."""
    slugs = {option.slug for option in facility.payment_options.all()}
    words = [str(word) for slug, word in PAYMENT_WORDS.items() if slug in slugs]
    text = ", ".join(words)
    return text[:1].upper() + text[1:]  # "Medicaid, Medicare, …": the names keep their capitals


@register.filter
def program_summary(program) -> str:
    """One line for a result card: '9–12 hours a week · 3–4 days a week · Evening', or what is not reported."""
    parts = []
    if hours_reported(program):
        parts.append(program.hours_text)
    if program.days_per_week_min is not None or program.days_per_week_max is not None:
        parts.append(program.days_text)
    if program.schedule_reported:
        parts.append(program.schedule_text)
    if not parts:
        return _("Hours not reported")  # the facility page says what is typical for the level, and to ask
    return " · ".join(parts)


@register.filter
def level_short(program) -> str:
    """'IOP', 'PHP', 'Residential': the name people hear on the phone, for a result card."""
    level = BY_PROGRAM_TYPE.get(program.type)
    return level.short_name if level else program.get_type_display()


@register.filter
def program_telehealth(program) -> str:
    """A program's telehealth, saying what its facility reports when the program has not (the national directory
    reports it per facility only), so the page never says 'Not reported' here and 'No' there unexplained."""
    if program.telehealth is not None or program.facility.telehealth is None:
        return yes_no_unknown(program.telehealth)
    facility = yes_no_unknown(program.facility.telehealth)
    return _("Not reported for this program; the facility as a whole: %(facility)s") % {"facility": facility}


def hours_reported(program) -> bool:
    """Whether the program gave its weekly hours, at either end (else its hours_text says 'Not reported')."""
    return program.weekly_hours_min is not None or program.weekly_hours_max is not None
