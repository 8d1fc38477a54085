import re
from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def tel_href(phone: str) -> str:
    """'(404) 555-0123 x12' -> 'tel:+14045550123'; US numbers get their country code."""
    digits = re.sub(r"\D", "", (phone or "").split("x")[0])
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if digits else ""


@register.filter
def yes_no_unknown(value) -> str:
    """Booleans that may be NULL: the public sees 'Not reported', never a guess."""
    if value is None:
        return "Not reported"
    return "Yes" if value else "No"


@register.filter
def directions_url(facility) -> str:
    """A maps link that opens the person's own maps app; nothing is embedded or tracked."""
    destination = facility.address_line
    return "https://www.google.com/maps/dir/?" + urlencode({"api": "1", "destination": destination})


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (e.g. page=2), for links that keep filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
