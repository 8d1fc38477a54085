"""An optional read replica (DATABASE_REPLICA_URL): public pages read from it, everything else uses the primary.

A request may read from the replica only when it is a public read: a GET or HEAD outside /admin/ from someone not
signed in. A curator always reads the primary, so an edit shows at once to whoever made it; a replica may be a few
moments behind. The first write of a request sends the rest of its reads to the primary too. Outside a request
(management commands, task workers, the demand flusher's thread) nothing marks a public read: all on the primary.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
_public_read = ContextVar("public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _public_read.set(False)  # what this request reads next includes what it has just written
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: a row read from either is the same row

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica copies the primary's tables


def is_public_read(request) -> bool:
    """Asked before the request reads anything else, so a signed-in user's session is read from the primary."""
    if request.method not in ("GET", "HEAD") or request.path_info.startswith("/admin/"):
        return False
    return not request.user.is_authenticated


def replica_reads(get_response):
    """Middleware, after AuthenticationMiddleware: marks a public read for the router while the view runs."""

    def middleware(request):
        token = _public_read.set(is_public_read(request))
        try:
            return get_response(request)
        finally:
            _public_read.reset(token)

    return middleware
