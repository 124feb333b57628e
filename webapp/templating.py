"""Jinja filters and globals shared by every page."""
from __future__ import annotations

from .money import format_cop


def init_app(app) -> None:
    app.jinja_env.filters["cop"] = format_cop
    app.jinja_env.filters["fecha"] = lambda d: d.strftime("%d/%m/%Y %H:%M") if d else ""

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
