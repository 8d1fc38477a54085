"""The shared cache: Django's Redis cache, and the site keeps working when Redis does not.

Every caller (the search choices, the rate limits, the login throttle) treats the cache as a help, not a need:
when Redis is down or slow, a read is a miss, a write is skipped and a count is not kept, each logged once a
minute, and /healthz/ says the cache is degraded (`cache_status`). Nothing a person does becomes a 500.
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60


class ForgivingRedisCache(RedisCache):
    """RedisCache whose every operation, when Redis fails, answers as if the key were absent: a read misses, a
    write is not made (set_many lists its keys as not set), a count is not kept (incr answers None)."""

    failed_at: float | None = None  # monotonic time of the last failure in this process
    logged_at: float = 0.0

    def forgive(self, operation: str, error: Exception):
        now = time.monotonic()
        ForgivingRedisCache.failed_at = now
        if now - ForgivingRedisCache.logged_at >= LOG_EVERY_SECONDS:
            ForgivingRedisCache.logged_at = now
            logger.warning("Cache unavailable (%s failed: %s); serving without it", operation, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self.forgive("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self.forgive("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            self.forgive("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self.forgive("add", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            self.forgive("set", error)
            return None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            self.forgive("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            self.forgive("touch", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self.forgive("incr", error)
            return None

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self.forgive("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            self.forgive("delete_many", error)
            return None

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            self.forgive("clear", error)
            return False


def cache_status() -> str:
    """ "ok", "degraded" (Redis failed within the last minute, this probe included) or "local" (no shared cache)."""
    backend = caches["default"]
    if not isinstance(backend, ForgivingRedisCache):
        return "local"
    backend.set("healthz-probe", 1, 10)
    failed_at = ForgivingRedisCache.failed_at
    return "degraded" if failed_at is not None and time.monotonic() - failed_at < LOG_EVERY_SECONDS else "ok"
