"""Login throttling per account and per address, without locking the real admin out.

Failed logins are counted per account (whoever tries) and per client address, in the
rate limiter's storage (Redis when `REDIS_URL` is set, so every worker shares them).
A browser where the account logged in before carries a signed *device cookie* (the
OWASP "device cookies" scheme): it gets its own budget of failures and is not
refused because strangers exhausted the account's or an address's budget. So an
attacker guessing the admin's password locks out only clients that never logged in.
"""
from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import ratelimits

ACCOUNT_LIMIT = "5/15 minutes"   # failures for one account from untrusted clients
ADDRESS_LIMIT = "20/15 minutes"  # failures from one address (untrusted clients)
DEVICE_LIMIT = "10/15 minutes"   # failures from one trusted browser
DEVICE_COOKIE = "vendedor_dispositivo"
DEVICE_DAYS = 180
_SALT = "vendedor-login-device"


@dataclass
class Verdict:
    allowed: bool
    wait: int = 0
    device: str | None = None  # the trusted device's id, when the cookie is valid for this account


def _key(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _device_for(email: str) -> str | None:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    if isinstance(data, dict) and data.get("a") == _key(email) and isinstance(data.get("d"), str):
        return data["d"]
    return None


def _budgets(email: str, device: str | None) -> list[tuple[str, str]]:
    if device:
        return [(DEVICE_LIMIT, "login-device:" + device)]
    return [(ACCOUNT_LIMIT, "login-account:" + _key(email)),
            (ADDRESS_LIMIT, "login-address:" + (request.remote_addr or "desconocida"))]


def _enabled() -> bool:
    return current_app.config.get("LOGIN_THROTTLE_ENABLED", True)


def check(email: str) -> Verdict:
    """May this client try to log in to this account now? (Counts nothing.)"""
    email = (email or "").strip().lower() if isinstance(email, str) else ""
    device = _device_for(email)
    if not _enabled():
        return Verdict(True, device=device)
    for limits, key in _budgets(email, device):
        ok, wait = ratelimits.test(limits, key)
        if not ok:
            return Verdict(False, wait, device)
    return Verdict(True, device=device)


def failed(email: str, verdict: Verdict) -> None:
    """Count one failed attempt against this client's budgets."""
    if not _enabled():
        return
    email = (email or "").strip().lower() if isinstance(email, str) else ""
    for limits, key in _budgets(email, verdict.device):
        ratelimits.hit(limits, key)


def remember_device(response, email: str) -> None:
    """After a successful login: this browser is trusted for this account."""
    value = _serializer().dumps({"a": _key(email.strip().lower()), "d": secrets.token_urlsafe(16)})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False), path="/")


def wait_text(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minuto{'s' if minutes != 1 else ''}"
