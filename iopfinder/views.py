import logging

from django.db import DatabaseError, connection
from django.http import HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from geo.places import MAX_LOCATION_LENGTH
from iopfinder.cache import cache_status
from programs.levels import PROGRAM_LEVELS
from programs.models import Program
from search.forms import DEFAULT_RADIUS, RADIUS_CHOICES

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    return render(
        request,
        "home.html",
        {
            "radius_choices": RADIUS_CHOICES,
            "default_radius": DEFAULT_RADIUS,
            "program_types": Program.Type.choices,
            "levels": PROGRAM_LEVELS,
            "max_location_length": MAX_LOCATION_LENGTH,
        },
    )


@require_safe
def about(request):
    return render(request, "about.html")


@never_cache
@require_safe
def healthz(request):
    """200 when the app and its database answer, 503 when the database does not. `cache` says whether the shared
    cache answers ("ok"), has failed within the last minute ("degraded": pages still work, without it) or is
    the process's own ("local")."""
    cache = cache_status()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable", "cache": cache}, status=503)
    return JsonResponse({"status": "degraded" if cache == "degraded" else "ok", "database": "ok", "cache": cache})


def page_not_found(request, exception):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    # No request context: a failing context processor or database must not break this page too.
    return HttpResponseServerError(loader.render_to_string("500.html"))
