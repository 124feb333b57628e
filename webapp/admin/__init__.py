"""Back office: the staff's pages under /admin/ (every view requires a staff user)."""
from flask import Blueprint, make_response, redirect, request, url_for

from .. import htmx
from ..security import current_staff

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def require_staff():
    """Anyone who is not staff (anonymous, a shopper with a cart or chat) goes to the login page."""
    if current_staff() is None:
        login = url_for("auth.login", next=request.full_path.rstrip("?"))
        if htmx.is_htmx():
            return htmx.redirect(make_response("", 401), login)
        return redirect(login)
    return None


from . import audit_log, conversations, customers, dashboard, exports, orders, products  # noqa: E402,F401
