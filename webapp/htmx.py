"""One place that knows what an HTMX request is and how to answer it."""
from __future__ import annotations

import json

from flask import Response, request


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def trigger(response: Response, events: dict) -> Response:
    response.headers["HX-Trigger"] = json.dumps(events)
    return response


def redirect(response: Response, url: str) -> Response:
    response.headers["HX-Redirect"] = url
    return response


def vary(response: Response) -> Response:
    response.headers.add("Vary", "HX-Request")
    return response
