"""Who is asking: a logged-in staff session or a bearer token. Customers are never staff."""
from __future__ import annotations

from functools import wraps

from flask import g, redirect, request, url_for
from flask_login import current_user

from .extensions import db, login_manager
from .models import StaffUser


def init_app(app) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Inicia sesión para continuar."

    @app.teardown_request
    def _forget_staff(exc=None):
        # `g` outlives the request when an app context was already pushed (tests, CLI):
        # never let one request's user (ours or Flask-Login's cache) answer for the next.
        g.pop("staff_user", None)
        g.pop("_login_user", None)


@login_manager.user_loader
def _load_user(user_id: str):
    try:
        user = db.session.get(StaffUser, int(user_id))
    except (TypeError, ValueError):
        return None
    return user if user and user.active else None


def current_staff() -> StaffUser | None:
    """The staff user behind this request (session or `Authorization: Bearer`), cached per request."""
    if "staff_user" in g:
        return g.staff_user
    from .services import staff
    user = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = staff.user_for_token(header[7:].strip())
    elif current_user.is_authenticated:
        user = current_user._get_current_object()
    g.staff_user = user
    return user


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
