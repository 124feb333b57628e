"""Budgets (chat messages, failed logins) counted in one store per app: Redis when
`REDIS_URL` is set, so every worker and instance shares them; in-process otherwise.

If the store cannot be reached the request goes through (logged as a warning): a Redis
outage must not take the chat down with it."""
from __future__ import annotations

import logging
import math
import time

from flask import current_app
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter


def _strategy() -> FixedWindowRateLimiter:
    app = current_app._get_current_object()
    strategy = app.extensions.get("vendedor_budgets")
    if strategy is None:
        uri = app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"
        strategy = FixedWindowRateLimiter(storage_from_string(uri))
        app.extensions["vendedor_budgets"] = strategy
    return strategy


log = logging.getLogger(__name__)


def _items(limits: str) -> list[RateLimitItem]:
    return list(parse_many(limits)) if limits else []


def _wait(strategy, item: RateLimitItem, key: str) -> int:
    reset, _ = strategy.get_window_stats(item, key)
    return max(1, math.ceil(reset - time.time()))


def test(limits: str, key: str) -> tuple[bool, int]:
    """Is there room left under every limit for `key`? (counts nothing); (ok, seconds to wait)."""
    strategy, items = _strategy(), _items(limits)  # a bad limit string fails loudly
    try:
        for item in items:
            if not strategy.test(item, key):
                return False, _wait(strategy, item, key)
    except Exception as exc:  # noqa: BLE001 - the store is down: let the request through
        log.warning("Límites no disponibles (%s); la solicitud pasa sin contar.", type(exc).__name__)
    return True, 0


def hit(limits: str, key: str) -> tuple[bool, int]:
    """Count one against every limit for `key`; (allowed, seconds to wait when not)."""
    strategy, items = _strategy(), _items(limits)  # a bad limit string fails loudly
    try:
        for item in items:
            if not strategy.hit(item, key):
                return False, _wait(strategy, item, key)
    except Exception as exc:  # noqa: BLE001 - the store is down: let the request through
        log.warning("Límites no disponibles (%s); la solicitud pasa sin contar.", type(exc).__name__)
    return True, 0
