"""Small helpers shared by the back office views."""
from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request

from .. import htmx
from ..security import current_staff
from ..services.pagination import clamp_page

PER_PAGE = 25


def actor() -> str:
    user = current_staff()
    return user.email if user else ""


def paging(per_page: int = PER_PAGE) -> tuple[int, int]:
    return clamp_page(request.args.get("pagina"), per_page, per_page, per_page)


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()) if value else None
    except ValueError:
        return None


def render_region(page_template: str, partial_template: str, region_id: str, **context):
    """The whole page, or only the swappable region when HTMX asks for it (HX-Target)."""
    wants_region = htmx.is_htmx() and request.headers.get("HX-Target") == region_id
    html = render_template(partial_template if wants_region else page_template, **context)
    return htmx.vary(current_app.make_response(html))
