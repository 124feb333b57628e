"""The audit trail page (the same events as GET /logs/)."""
from __future__ import annotations

from ..services import audit
from . import bp
from .common import paging, render_region


@bp.get("/auditoria")
def audit_page():
    page_number, per_page = paging(50)
    page = audit.list_events(page=page_number, per_page=per_page)
    return render_region("admin/audit.html", "admin/_audit_table.html", "audit-table", page=page)
