"""Budgets (chat messages, failed logins) counted in one store per app: Redis when
`REDIS_URL` is set, so every worker and instance shares them; in-process otherwise.

If Redis cannot be reached the budgets are counted in this process instead (logged as a
warning) for `RETRY_REDIS_SECONDS`, then Redis is tried again: a Redis outage must not take
the chat down with it, and limits still hold per process until Redis is back."""
from __future__ import annotations

import logging
import math
import time

from flask import current_app
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

RETRY_REDIS_SECONDS = 5.0
REDIS_TIMEOUT_SECONDS = 1.0
log = logging.getLogger(__name__)


class _Budgets:
    """The shared store, and the in-process one used while the shared store is down."""

    def __init__(self, uri: str):
        options = {}
        if uri.startswith(("redis://", "rediss://", "unix://")):
            options = {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS}
        self.local = FixedWindowRateLimiter(storage_from_string("memory://"))
        self.shared = self.local if uri.startswith("memory://") else \
            FixedWindowRateLimiter(storage_from_string(uri, **options))
        self.down_until = 0.0

    def run(self, action):
        """`action(strategy)` on the shared store, or on this process's while it is down."""
        if self.shared is self.local or time.monotonic() < self.down_until:
            return action(self.local)
        try:
            result = action(self.shared)
        except Exception as exc:  # noqa: BLE001 - the store is down: count here meanwhile
            if not self.down_until:
                log.warning("Límites compartidos no disponibles (%s); se cuentan en este proceso hasta que vuelvan.",
                            type(exc).__name__)
            self.down_until = time.monotonic() + RETRY_REDIS_SECONDS
            return action(self.local)
        if self.down_until:
            log.warning("Límites compartidos disponibles de nuevo.")
            self.down_until = 0.0
        return result


def _budgets() -> _Budgets:
    app = current_app._get_current_object()
    budgets = app.extensions.get("vendedor_budgets")
    if budgets is None:
        uri = app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"
        budgets = app.extensions["vendedor_budgets"] = _Budgets(uri)
    return budgets


def _items(limits: str) -> list[RateLimitItem]:
    return list(parse_many(limits)) if limits else []


def _wait(strategy, item: RateLimitItem, key: str) -> int:
    reset, _ = strategy.get_window_stats(item, key)
    return max(1, math.ceil(reset - time.time()))


def test(limits: str, key: str) -> tuple[bool, int]:
    """Is there room left under every limit for `key`? (counts nothing); (ok, seconds to wait)."""
    items = _items(limits)  # a bad limit string fails loudly

    def check(strategy) -> tuple[bool, int]:
        for item in items:
            if not strategy.test(item, key):
                return False, _wait(strategy, item, key)
        return True, 0
    return _budgets().run(check)


def hit(limits: str, key: str) -> tuple[bool, int]:
    """Count one against every limit for `key`; (allowed, seconds to wait when not)."""
    items = _items(limits)  # a bad limit string fails loudly

    def count(strategy) -> tuple[bool, int]:
        for item in items:
            if not strategy.hit(item, key):
                return False, _wait(strategy, item, key)
        return True, 0
    return _budgets().run(count)
