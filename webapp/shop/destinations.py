"""Municipality search for the destination field: JSON, an htmx <datalist> partial, or a plain page."""
from __future__ import annotations

from flask import current_app, jsonify, render_template, request

from .. import htmx
from ..services import places, shipping
from . import bp

LIMIT = 10


@bp.app_template_global("shop_departments")
def shop_departments():
    """Colombia's departments for a destination <select> (templates/shop/_destination_fields.html)."""
    return places.departments()


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


@bp.get("/municipios")
def municipalities():
    q = (request.args.get("q") or request.args.get("municipio") or request.args.get("ciudad") or "").strip()[:80]
    department = places.resolve_department(request.args.get("departamento")) if request.args.get("departamento") else None
    found = shipping.served_first(places.search_municipalities(q, department.code if department else None,
                                                               limit=LIMIT * 4))[:LIMIT]
    if _wants_json():
        response = jsonify({"municipios": [{"codigo": p.code, "nombre": p.name, "departamento": p.department,
                                            "codigo_departamento": p.department_code, "etiqueta": p.label}
                                           for p in found], "q": q})
    elif htmx.is_htmx():
        response = current_app.make_response(render_template("shop/_municipality_options.html", found=found))
    else:
        response = current_app.make_response(render_template(
            "shop/municipalities.html", found=found, query=q, department=department,
            departments=places.departments()))
    response.headers.add("Vary", "Accept")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return htmx.vary(response)
