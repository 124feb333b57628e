"""`/openapi.json` and `/docs/api`: both built from the routes' `@operation` declarations."""
from __future__ import annotations

from flask import current_app, jsonify, render_template

from .. import openapi
from . import bp

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


@bp.get("/openapi.json")
def openapi_json():
    response = jsonify(openapi.document(current_app))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/docs/api")
def api_page():
    """Every endpoint of the JSON API, grouped like the document, readable without JavaScript."""
    document = openapi.document(current_app)
    groups = {tag["name"]: {"tag": tag, "operations": []} for tag in document.get("tags", [])}
    for path, item in document["paths"].items():
        for method in METHOD_ORDER:
            if method in item:
                op = item[method]
                groups[op["tags"][0]]["operations"].append({"method": method.upper(), "path": path, **op})
    return render_template("apidocs/api.html", document=document,
                           groups=[g for g in groups.values() if g["operations"]],
                           schema_name=_schema_name)


def _schema_name(content: dict | None) -> str | None:
    """The component a request or response body refers to (`Product`), for the page's links."""
    for media in (content or {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        if ref:
            return ref.rsplit("/", 1)[1]
    return None
