"""Rate limits: at most so many requests a minute from one client to a group of views, counted in the cache.

Fixed windows: a count per client, group and window, created on the window's first request and expiring with it.
With REDIS_URL the count is shared by every worker; without, each process counts its own. A burst across a
window's edge can reach twice the limit, which is fine for stopping a flood. Over the limit a person gets a 429
page and the API a JSON 429, both with Retry-After. The limits are settings.RATE_LIMITS; RATELIMIT_ENABLE=0 in the
environment switches them all off (the load tests). A cache that fails counts nothing: the site stays up rather
than turn people away.
"""

from time import time as clock  # the wall clock; tests set it

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from iopfinder.clients import client_ip


class RateLimitMiddleware:
    """Limits the views settings.RATE_LIMITED_VIEWS names ("namespace:name", "namespace:name METHOD" for one
    method only, "namespace:*" for all of one, "namespace:* METHOD" for one method of all), each in its group of
    settings.RATE_LIMITS. The API's group answers in JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match, limited = request.resolver_match, settings.RATE_LIMITED_VIEWS
        group = (
            limited.get(match.view_name)
            or limited.get(f"{match.view_name} {request.method}")
            or limited.get(f"{match.namespace}:*")
            or limited.get(f"{match.namespace}:* {request.method}")
        )
        if group is None:
            return None
        wait = seconds_to_wait(request, group)
        return too_many_requests(request, wait, api=group == "api") if wait else None


def seconds_to_wait(request, group: str) -> int:
    """0 when the client may go on; otherwise the seconds until its window ends."""
    if not settings.RATELIMIT_ENABLE:
        return 0
    limit, seconds = settings.RATE_LIMITS[group]
    now = int(clock())
    window = now // seconds
    key = f"ratelimit:{group}:{client_ip(request)}:{window}"
    cache.add(key, 0, seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the count expired between add and incr: this is the window's first request
        return 0
    if count is None or count <= limit:  # None: the cache is down, nothing is counted
        return 0
    return max(1, (window + 1) * seconds - now)


def too_many_requests(request, wait: int, *, api: bool):
    message = ngettext(
        "Too many requests from your connection. Please try again in %(wait)d second.",
        "Too many requests from your connection. Please try again in %(wait)d seconds.",
        wait,
    ) % {"wait": wait}
    if api:
        response = JsonResponse({"errors": {"rate_limit": [message]}}, status=429)
    else:
        response = render(request, "429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
