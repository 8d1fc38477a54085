from django import template

from updates.models import LinkRequest, ProposedUpdate

register = template.Library()


@register.simple_tag
def pending_updates() -> int:
    """How many programs' updates wait for a curator (the admin index says so)."""
    return ProposedUpdate.objects.filter(status=ProposedUpdate.Status.PENDING).count()


@register.simple_tag
def new_link_requests() -> int:
    """How many people asked for a new update link and have not had an answer."""
    return LinkRequest.objects.filter(status=LinkRequest.Status.NEW).count()
