"""The shared cache: Redis, and the database cache while Redis does not answer.

Throttles and the sign-in lock-out count in the cache. When Redis is down or hangs, failing open
would stop counting exactly when an attacker may have caused the outage, and failing closed would
refuse every sign-in; so the counting goes on in the database cache (shared by every worker too)
until Redis answers again. Counts do not move between the two: a switch starts from what the other
side holds, at worst an empty count, so one switch gives an attacker one more lock-out threshold.

After a failure a process leaves Redis alone for `FALLBACK_SECONDS` (cache settings) before
trying it again, so that a hanging Redis costs a request at most its socket timeout, once per period.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# A refused or dropped connection, a socket timeout, a Redis still loading its data: Redis cannot
# answer now. Other errors are bugs and stay errors.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)

# Until when (time.monotonic) each Redis location is left alone, for every thread of the process.
_avoid_until: dict[str, float] = {}
_avoid_lock = threading.Lock()


class FailoverRedisCache(RedisCache):
    """Django's Redis cache that falls back to another cache (`FALLBACK`, an alias) while Redis is unavailable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        self._fallback_alias: str = params.pop("FALLBACK")
        self._fallback_seconds: float = float(params.pop("FALLBACK_SECONDS", 5))
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    @property
    def fallback(self) -> BaseCache:
        return caches[self._fallback_alias]

    def redis_avoided(self) -> bool:
        return _avoid_until.get(self._location, 0.0) > time.monotonic()

    def _run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.redis_avoided():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except UNAVAILABLE as exc:
                self._avoid_redis(exc)
            else:
                self._redis_answered()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    def _avoid_redis(self, exc: Exception) -> None:
        with _avoid_lock:
            first = self._location not in _avoid_until
            _avoid_until[self._location] = time.monotonic() + self._fallback_seconds
        if first:
            logger.warning("The cache did not answer (%s); counting in the database cache.", type(exc).__name__)

    def _redis_answered(self) -> None:
        if self._location in _avoid_until:
            with _avoid_lock:
                if _avoid_until.pop(self._location, None) is not None:
                    logger.warning("The cache answers again; counting in it again.")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._run("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._run("delete", key, version)

    def get_many(self, keys, version=None):
        return self._run("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._run("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._run("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._run("delete_many", keys, version)

    def clear(self):
        return self._run("clear")
