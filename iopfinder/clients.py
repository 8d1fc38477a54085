"""Who is asking: the client address the login throttle and the rate limits count by.

REMOTE_ADDR, unless the site runs behind a proxy it trusts (TRUST_X_FORWARDED_FOR=1): then the address that
proxy appended, the last of X-Forwarded-For (earlier entries are whatever the client wrote, so never counted).
"""

from django.conf import settings


def client_ip(request) -> str:
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
