"""The page cache: anonymous GET answers of the search page, the facility pages and the API, kept in the shared cache.

A page is kept under a key made from its host, path and query string (hashed: the place a person typed is never a
key), the release of the code and today's date, with the listings' data version it was made from (both from
facilities/data_version.py). It is served only while that version is current: every write to the listings replaces
the version, so no server serves a listing older than the last change. With a read replica (DATABASE_REPLICA_URL) a
page made in the first PAGE_CACHE_AFTER_WRITE_SECONDS of a version is served but not kept: the replica may not have
the write yet. A kept page also lasts at most PAGE_CACHE_SECONDS, and the date in the key makes a new day's pages
anew (a report of availability turns "not known" after 30 days at midnight).

Served or made, an answer carries an ETag (key and version) and `Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE`,
and a request whose If-None-Match names the current ETag gets a 304 without the page being read at all. A
signed-in curator (a session cookie) and a request carrying messages never touch the cache, and get
`Cache-Control: private`. Listing demand counts (facilities/demand.py) are kept with the page and counted again on
each hit. PAGE_CACHE=0 turns all of it off.

The page's own headers are kept with it; the security headers (CSP and the rest) are added by the other middleware
on every answer, hit or not.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from facilities import data_version, demand

# The views whose anonymous answers are the same for everyone asking the same address.
CACHED_VIEWS = {
    "search:results",
    "facilities:detail",
    "api:facility_list",
    "api:facility_detail",
    *(f"hsds:{name}" for name in ("services", "service", "service_at_locations", "service_at_location")),
    *(f"hsds:{name}" for name in ("organizations", "organization", "taxonomy_terms", "taxonomy_term")),
}
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if not settings.PAGE_CACHE or request.resolver_match.view_name not in CACHED_VIEWS:
            return None
        if request.method != "GET":
            return None
        if any(name in request.COOKIES for name in PRIVATE_COOKIES):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        key = page_key(request)
        version, kept = _read(key)
        etag = f'"{hashlib.sha256(f"{key}:{version}".encode()).hexdigest()[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            return _public(HttpResponseNotModified(), etag)
        if kept is not None and kept["version"] == version:
            demand.recount(kept["counted"])
            response = HttpResponse(kept["content"], status=200)
            for name, value in kept["headers"]:
                response[name] = value
            return _public(response, etag)
        with demand.recording() as counted:
            response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        if data_version.age(version) < settings.PAGE_CACHE_AFTER_WRITE_SECONDS:
            return _public(response, etag)  # a replica may not have the write yet: served, not kept
        headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
        page = {"version": version, "content": response.content, "headers": headers, "counted": counted}
        cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        return _public(response, etag)


def page_key(request) -> str:
    # The language too: the API's answer is worded by Accept-Language (the pages' language is in their path).
    query = request.META.get("QUERY_STRING", "")
    address = f"{get_language()}:{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{data_version.release()}:{timezone.localdate():%Y%m%d}:{digest}"


def _read(key: str) -> tuple[str, dict | None]:
    """The data version now and the page kept under `key` (None when there is none), in one round trip."""
    found = cache.get_many([data_version.KEY, key])
    version = found.get(data_version.KEY) or data_version.current()
    return version, found.get(key)


def _public(response, etag: str):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
    return response
