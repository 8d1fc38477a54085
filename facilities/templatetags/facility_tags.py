import re
from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from programs.levels import BY_PROGRAM_TYPE
from programs.models import NOT_REPORTED

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
    """'CBT, DBT' linked to their Learn entries; empty when there are none. One URL lookup for them all."""
    learn = reverse("learn:therapies")  # Therapy.get_absolute_url's page, reversed once rather than per therapy
    return mark_safe(", ".join(_therapy_link(learn, therapy.slug, therapy.name) for therapy in therapies))


@lru_cache(maxsize=1024)
def _therapy_link(learn_url: str, slug: str, name: str) -> str:
    """A results page repeats the same few dozen links hundreds of times; keyed by what it shows, never stale."""
    return format_html('<a href="{}#{}">{}</a>', learn_url, slug, name)


@register.filter
def yes_no_unknown(value) -> str:
    """Booleans that may be NULL: the public sees 'Not reported', never a guess."""
    if value is None:
        return "Not reported"
    return "Yes" if value else "No"


@register.filter
def hours_or_typical(program) -> str:
    """The program's weekly hours; when it has not reported them, what is typical at its level and to ask.

    The national directory gives no hours, so most imported programs would otherwise say only 'Not reported'.
    """
    text = program.hours_text
    level = BY_PROGRAM_TYPE.get(program.type)
    if text != NOT_REPORTED or level is None:
        return text
    return f"{NOT_REPORTED}. {level.typical_hours}; ask when you call."


@register.filter
def directions_url(facility) -> str:
    """A maps link that opens the person's own maps app; nothing is embedded or tracked."""
    destination = facility.address_line
    return "https://www.google.com/maps/dir/?" + urlencode({"api": "1", "destination": destination})


@register.filter
def lower_first(text: str) -> str:
    """'Reported by the program …' -> 'reported by the program …', to follow a noun ("Phone reported …")."""
    return text[:1].lower() + text[1:]


# What people ask first about paying, in the order they ask it: the few words a result card has room for.
PAYMENT_WORDS = {
    "medicaid": "Medicaid",
    "medicare": "Medicare",
    "private-insurance": "private insurance",
    "sliding-scale": "sliding scale",
    "free": "free",
}


@register.filter
def payment_words(facility) -> str:
    """'Medicaid, Medicare, private insurance' from the facility's payment options (prefetched), or '' when it
    reports none of those; the facility page lists every option."""
    slugs = {option.slug for option in facility.payment_options.all()}
    words = [word for slug, word in PAYMENT_WORDS.items() if slug in slugs]
    text = ", ".join(words)
    return text[:1].upper() + text[1:]  # "Medicaid, Medicare, …": the names keep their capitals


@register.filter
def program_summary(program) -> str:
    """One line for a result card: '9–12 hours a week · 3–4 days a week · Evening', or what is not reported."""
    parts = [text for text in (program.hours_text, program.days_text, program.schedule_text) if text != NOT_REPORTED]
    if not parts:
        return "Hours not reported"  # the facility page says what is typical for the level, and to ask
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
    return f"Not reported for this program; the facility as a whole: {yes_no_unknown(program.facility.telehealth)}"
