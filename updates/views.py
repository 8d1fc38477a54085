"""The pages a program reaches through its update link: the form, the thank-you, and when the link no longer works,
a plain message with a way to ask for a new one."""

from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs.freshness import day_text
from updates.forms import LinkRequestForm, ListingUpdateForm
from updates.models import LinkRequest, ProposedUpdate, UpdateLink


def link_for(token: str) -> UpdateLink | None:
    """The link a token names, or None when it is not one of ours (changed, mistyped, deleted). A token whose
    signature fails is refused without a query."""
    try:
        link_id = UpdateLink.id_from_token(token)
    except signing.BadSignature:
        return None
    return UpdateLink.objects.select_related("facility").filter(pk=link_id).first()


@never_cache
@require_http_methods(["GET", "POST"])
def update(request, token):
    """GET: the form, prefilled with the listing. POST: a proposed update for the curators (the listing does not
    change), the link used up, then the thank-you page."""
    link = link_for(token)
    if link is None or link.state != UpdateLink.State.OPEN:
        return refused(request, token, link)
    facility = link.facility
    programs = list(facility.programs.order_by_level().prefetch_related("therapies"))
    form = ListingUpdateForm(facility, programs, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not link.claim():  # used or expired a moment ago, by another submission
                return refused(request, token, link)
            ProposedUpdate.objects.create(facility=facility, link=link, data=form.as_data())
        return redirect("updates:sent")
    context = {"facility": facility, "form": form, "expires": day_text(timezone.localdate(link.expires_at))}
    return render(request, "updates/form.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
def ask_for_new_link(request, token):
    """A request for a new link, for the curators (a honeypot hit is thanked and dropped)."""
    link = link_for(token)
    form = LinkRequestForm(request.POST)
    if not form.is_valid():
        return refused(request, token, link, form)
    if not form.is_bot:
        LinkRequest.objects.create(
            link=link,
            facility=link.facility if link else None,
            contact=form.cleaned_data["contact"],
            note=form.cleaned_data["note"],
            language=get_language(),  # the page's: the curators send the new link in it
        )
    return redirect("updates:new_link_sent")


@require_GET
def sent(request):
    return render(request, "updates/sent.html", {"new_link": False})


@require_GET
def new_link_sent(request):
    return render(request, "updates/sent.html", {"new_link": True})


def refused(request, token, link: UpdateLink | None, form: LinkRequestForm | None = None):
    """Why the link does not work, and the form to ask for a new one: 410 for a used or expired link, 404 for one
    that is not ours (and then nothing about any facility), 400 when the request form needs a fix."""
    state = link.state if link else None
    context = {
        "state": state,
        "facility": link.facility if link else None,
        "used_on": day_text(timezone.localdate(link.used_at)) if link and link.used_at else "",
        "expired_on": day_text(timezone.localdate(link.expires_at)) if link else "",
        "token": token,
        "form": form or LinkRequestForm(),
    }
    status = 400 if form is not None else (404 if link is None else 410)
    return render(request, "updates/refused.html", context, status=status)
