"""Absolute links to the shop (exports, e-mails, quotes): from EXTERNAL_URL, never from
the Host header in production."""
from __future__ import annotations

from flask import current_app, has_request_context, request


def external_url(path: str) -> str:
    """An absolute link to `path`: EXTERNAL_URL when set; in development the request's own
    host; in production without EXTERNAL_URL the path alone (a client chooses the Host
    header, so a link built from it could point anywhere)."""
    path = "/" + path.lstrip("/")
    base = current_app.config.get("EXTERNAL_URL")
    if base:
        return base.rstrip("/") + path
    if not current_app.config.get("PRODUCTION") and has_request_context():
        return request.host_url.rstrip("/") + path
    return path
