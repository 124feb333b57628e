"""Readiness: can this instance serve requests right now (database, Redis when configured)?"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from ..extensions import db

REDIS_TIMEOUT_SECONDS = 1.0


def check() -> dict[str, str]:
    """Each dependency → "ok", "error" or "no_configurado"."""
    return {"db": _database(), "redis": _redis()}


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means not ready
        db.session.rollback()
        return "error"


def _redis() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "no_configurado"
    import redis
    client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                  socket_timeout=REDIS_TIMEOUT_SECONDS)
    try:
        client.ping()
        return "ok"
    except (redis.RedisError, OSError):
        return "error"
    finally:
        client.close()
