"""Jinja filters and globals shared by every page."""
from __future__ import annotations

import re
from datetime import timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from . import richtext
from .money import format_cop_cached

_SHOP_LINK = re.compile(r"(?<![\w/])(/(?:privacidad|cotizacion/[A-Za-z0-9_-]{16,64}|pedido/[A-Za-z0-9_-]{16,64}))")


def shop_time(app, moment, pattern: str) -> str:
    """A stored (naive UTC) timestamp in the shop's time zone."""
    if not moment:
        return ""
    local = moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(app.config["SHOP_TIMEZONE"]))
    return local.strftime(pattern)


@lru_cache(maxsize=2048)
def _built_url(_script_root: str, _blueprint: str | None, endpoint: str, values: tuple) -> str:
    return url_for(endpoint, **dict(values))


def page_url_for(endpoint: str, **values) -> str:
    """`url_for` for templates, remembered: a page asks for the same few links again and again.
    Relative links depend only on the endpoint, the values, the script root and (for ".x")
    the blueprint; anything else (external links, url_defaults) is built afresh."""
    if not has_request_context() or values.get("_external") or values.get("_scheme") \
            or current_app.url_default_functions:
        return url_for(endpoint, **values)
    try:
        return _built_url(request.script_root, request.blueprint if endpoint[:1] == "." else None, endpoint,
                          tuple(sorted(values.items())))
    except TypeError:  # an unhashable value
        return url_for(endpoint, **values)


_ID_SENTINEL = 9_876_543_210


def url_pattern(endpoint: str, field: str) -> str:
    """`url_for(endpoint, field=…)` as a format string ("/producto/{}"): built once, filled per item."""
    return page_url_for(endpoint, **{field: _ID_SENTINEL}).replace(str(_ID_SENTINEL), "{}")


def card_urls() -> dict:
    """What every product card of a page links to and posts, worked out once per page."""
    return {
        "product": url_pattern("shop.product", "product_id"),
        "placeholder": page_url_for("static", filename="img/placeholder.svg"),
        "add": page_url_for("shop.add_to_cart"),
        "token": generate_csrf(),
        "next": request.full_path if request.method == "GET" else "",
    }


def link_shop_paths(text: str) -> Markup:
    """Escape a reply, then make the shop's own paths (policy, quote, order) clickable."""
    return Markup(_SHOP_LINK.sub(r'<a href="\1" target="_blank" rel="noopener">\1</a>', str(escape(text))))


def init_app(app) -> None:
    app.jinja_env.filters["cop"] = format_cop_cached
    app.jinja_env.globals["card_urls"] = card_urls
    app.jinja_env.globals["url_for"] = page_url_for
    app.jinja_env.filters["links"] = link_shop_paths
    app.jinja_env.filters["formato"] = richtext.render  # bold, lists, line breaks, the shop's links
    app.jinja_env.filters["fecha"] = lambda d: shop_time(app, d, "%d/%m/%Y %H:%M")
    app.jinja_env.filters["dia"] = lambda d: shop_time(app, d, "%d/%m/%Y")

    @app.context_processor
    def shop_globals():
        from flask import session

        from .security import current_staff
        from .services import company, conversations, orders
        from .web import browser_chat_id
        conversation = conversations.get_conversation(session.get("chat_id"))
        return {
            "cart_units": orders.cart_units(conversation),
            "shop_name": company.company_name(),
            "staff_user": current_staff(),
            "chat_id": browser_chat_id(),
        }
