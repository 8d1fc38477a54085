from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from corrections.forms import CorrectionForm
from facilities.models import Facility


@require_http_methods(["GET", "POST"])
def suggest(request, slug):
    """GET: the form. POST: a correction for the curators (a honeypot hit is thanked and dropped), then a
    thank-you page at the same address (?sent=1), so reloading does not send it twice."""
    facility = get_object_or_404(Facility.objects.published(), slug=slug)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot:
            form.instance.facility = facility
            form.save()
        return redirect(f"{reverse('corrections:suggest', args=[slug])}?sent=1")
    context = {"facility": facility, "form": form, "sent": request.GET.get("sent") == "1"}
    return render(request, "corrections/suggest.html", context, status=400 if form.errors else 200)
