"""Audit trail: who did what, when, from where."""
from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEvent
from .pagination import Page


def record(action: str, resource: str = "", detail: str = "", user: str = "") -> None:
    """One audit entry, in the caller's transaction (it is committed with what it records)."""
    ip = request.remote_addr or "" if has_request_context() else ""
    db.session.add(AuditEvent(action=action, resource=resource[:200], detail=detail[:2000],
                              user=user or "", ip=ip))
    db.session.flush()


def list_events(page: int = 1, per_page: int = 50) -> Page:
    total = db.session.scalar(select(func.count(AuditEvent.id)))
    items = db.session.scalars(select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).all()
    return Page(list(items), total, page, per_page)
