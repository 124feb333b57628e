"""The chat's rate limit (RATE_LIMIT_CHAT), shared by HTTP and websocket messages."""
from __future__ import annotations

import time

from flask import current_app, request
from limits import parse_many

from ..extensions import limiter

POLITE = "Vas muy rápido 🙂. Espera un momento y vuelve a escribirme."


def chat_limit() -> str:
    return current_app.config["RATE_LIMIT_CHAT"]


def client_key() -> str:
    return request.remote_addr or "desconocido"


def allow_message() -> tuple[bool, int]:
    """Count one websocket message against the limit; (allowed, seconds to wait)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True, 0
    strategy = limiter.limiter
    for item in parse_many(chat_limit()):
        if not strategy.hit(item, "chat-ws", client_key()):
            reset, _ = strategy.get_window_stats(item, "chat-ws", client_key())
            return False, max(1, int(reset - time.time()))
    return True, 0
