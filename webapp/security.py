"""Who is asking, and what a request must carry.

- Staff: a logged-in staff session (server-side, ends on logout or after
  `STAFF_IDLE_HOURS` idle) or `Authorization: Bearer <token>`. Customers are never staff.
- CSRF: every state-changing request that a browser cookie authenticates (the
  session cookie) carries the CSRF token, whatever the endpoint; cookie-less calls
  (bots, apps) and bearer-token calls need none.
- Websockets: a browser `Origin` that is not the shop's own (or in `CORS_ORIGINS`)
  is refused before the upgrade; no `Origin` (bots, apps) is accepted.
"""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from .extensions import csrf, login_manager
from .models import StaffUser

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
STAFF_SESSION_KEY = "staff_session"


def init_app(app) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Inicia sesión para continuar."
    login_manager.session_protection = "basic"

    @app.before_request
    def _cookie_requests_need_csrf():
        if request.method in UNSAFE_METHODS and app.config.get("WTF_CSRF_ENABLED", True) \
                and not bearer_token() and has_session_cookie():
            csrf.protect()

    @app.before_request
    def _websocket_origin():
        if is_websocket_request() and not origin_allowed(request.headers.get("Origin")):
            abort(403)

    @app.teardown_request
    def _forget_staff(exc=None):
        # `g` outlives the request when an app context was already pushed (tests, CLI):
        # never let one request's user (ours or Flask-Login's cache) answer for the next.
        g.pop("staff_user", None)
        g.pop("_login_user", None)
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)  # Flask-WTF's per-request token


@login_manager.user_loader
def _load_user(user_id: str):
    """The staff user of this browser's server-side session (gone after logout or idle time)."""
    from .services import staff
    user = staff.session_user(session.get(STAFF_SESSION_KEY), current_app.config["STAFF_IDLE_HOURS"])
    _keep_bookkeeping()
    if user is None or str(user.id) != str(user_id):
        return None
    return user


def _keep_bookkeeping() -> None:
    """A session's or token's "last used" (or an idle session's removal) is kept at once: the user
    is loaded before the view writes anything, so this commits only that bookkeeping."""
    from .extensions import db
    if db.session.info.pop("auth_bookkeeping", False):
        db.session.commit()


def has_session_cookie() -> bool:
    config = current_app.config
    return config.get("SESSION_COOKIE_NAME", "session") in request.cookies \
        or config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def current_staff() -> StaffUser | None:
    """The staff user behind this request (session or `Authorization: Bearer`), cached per request."""
    if "staff_user" in g:
        return g.staff_user
    from .services import staff
    user = None
    token = bearer_token()
    if token:
        user = staff.user_for_token(token)
        _keep_bookkeeping()
    elif current_user.is_authenticated:
        user = current_user._get_current_object()
    g.staff_user = user
    return user


def csrf_token_valid(token) -> bool:
    """A CSRF token sent inside a websocket frame (htmx-ext-ws puts it in HEADERS)."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    if not isinstance(token, str) or not token:
        return False
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


def chat_staff(frame_token=None) -> StaffUser | None:
    """Staff mode for a chat message: a bearer token, or the staff session plus the CSRF token.

    Over HTTP the CSRF check already ran for cookie requests (a missing token is a 400);
    a websocket frame proves it with `frame_token` (else the message is in public mode)."""
    user = current_staff()
    if user is None or bearer_token():
        return user
    if is_websocket_request() and not csrf_token_valid(frame_token):
        return None
    return user


def is_websocket_request() -> bool:
    return request.headers.get("Upgrade", "").lower() == "websocket" or request.path.startswith("/ws/")


def origin_allowed(origin: str | None) -> bool:
    """No Origin (bots, apps): yes. A browser's: the shop's own host, EXTERNAL_URL or CORS_ORIGINS."""
    if not origin:
        return True
    origin = origin.strip().rstrip("/").lower()
    if origin == "null":
        return False
    config = current_app.config
    allowed = {o.rstrip("/").lower() for o in config.get("CORS_ORIGINS") or []}
    if origin in allowed:
        return True
    netloc = urlsplit(origin).netloc
    if not netloc:
        return False
    external = config.get("EXTERNAL_URL")
    if external and urlsplit(external).netloc.lower() == netloc:
        return True
    return netloc == request.host.lower()


def staff_required_json(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_staff() is None:
            from .errors import json_error
            return json_error(401, "no_autorizado", "Se requiere una sesión de personal o un token Bearer.")
        return view(*args, **kwargs)
    return wrapped


def staff_required_page(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_staff() is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)
    return wrapped
