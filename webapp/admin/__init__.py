"""Back office: the staff's pages under /admin/ (every view requires a staff user)."""
from datetime import timezone

from babel.numbers import format_percent
from flask import Blueprint, make_response, redirect, request, url_for

from .. import htmx
from ..money import format_pesos
from ..security import current_staff
from ..services.dashboard import SHOP_TZ

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.app_template_filter("fecha_local")
def local_time(moment) -> str:
    """A stored (naive UTC) timestamp as the shop's local date and time."""
    if not moment:
        return ""
    return moment.replace(tzinfo=timezone.utc).astimezone(SHOP_TZ).strftime("%d/%m/%Y %H:%M")


@bp.app_template_filter("pesos")
def whole_pesos(value) -> str:
    return format_pesos(value)


@bp.app_template_filter("celular")
def mobile(number: str | None) -> str:
    """A Colombian mobile number as people read it: 310 987 6543."""
    digits = "".join(c for c in str(number or "") if c.isdigit())
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else (number or "")


@bp.app_template_global("payment_name")
def payment_name(code: str | None) -> str:
    from ..services.payments import method_name
    return method_name(code)


@bp.app_template_filter("thumbnail")
def thumbnail(image_url: str | None) -> str | None:
    from ..services.images import thumbnail_url
    return thumbnail_url(image_url)


@bp.app_template_filter("porcentaje")
def percent(share: float, decimals: int = 0) -> str:
    return format_percent(share, "#,##0." + "0" * decimals + " %" if decimals else "#,##0 %", locale="es_CO")


@bp.before_request
def require_staff():
    """Anyone who is not staff (anonymous, a shopper with a cart or chat) goes to the login page."""
    if current_staff() is None:
        login = url_for("auth.login", next=request.full_path.rstrip("?"))
        if htmx.is_htmx():
            return htmx.redirect(make_response("", 401), login)
        return redirect(login)
    return None


from . import (audit_log, conversations, customers, dashboard, exports, live, mail, orders, payments,  # noqa: E402,F401
               products, shipping)
from . import tokens  # noqa: E402,F401
