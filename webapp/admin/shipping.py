"""Delivery zones: list, create, edit, delete (with confirmation), CSV upload (replaces all) and download."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from ..extensions import db
from ..services import audit, places, shipping
from ..services.shipping import ZoneError
from . import bp
from .common import actor
from .products import MAX_UPLOAD

FIELDS = ("departamento", "municipio", "barrio", "costo", "dias", "gratis_desde")


def _zone_or_404(zone_id: int):
    zone = shipping.get_zone(zone_id)
    if zone is None:
        abort(404)
    return zone


def _form_data() -> dict:
    data = {name: (request.form.get(name) or "").strip() for name in FIELDS}
    data["no_llegamos"] = request.form.get("no_llegamos") == "1"
    return data


def _render_form(zone, values: dict, errors: dict, status: int = 200):
    return render_template("admin/shipping_form.html", zone=zone, values=values, errors=errors,
                           departments=places.departments()), status


@bp.get("/envios")
def shipping_zones():
    return render_template("admin/shipping.html", zones=[(z, shipping.zone_name(z)) for z in shipping.list_zones()],
                           columns=",".join(shipping.CSV_COLUMNS))


@bp.route("/envios/nueva", methods=["GET", "POST"])
def shipping_zone_new():
    if request.method == "GET":
        return _render_form(None, {"departamento": "", "municipio": "", "barrio": "", "costo": "", "dias": "",
                                   "gratis_desde": "", "no_llegamos": False}, {})
    values = _form_data()
    try:
        zone = shipping.create_zone(values)
    except ZoneError as exc:
        db.session.rollback()
        return _render_form(None, values, exc.errors, 422)
    audit.record("zona_creada", f"zona:{zone.id}", shipping.zone_name(zone), user=actor())
    db.session.commit()
    flash(f"Zona creada: {shipping.zone_name(zone)}.", "success")
    return redirect(url_for("admin.shipping_zones"))


@bp.route("/envios/<int:zone_id>", methods=["GET", "POST"])
def shipping_zone_edit(zone_id: int):
    zone = _zone_or_404(zone_id)
    if request.method == "GET":
        return _render_form(zone, shipping.zone_form_values(zone), {})
    values = _form_data()
    try:
        shipping.update_zone(zone, values)
    except ZoneError as exc:
        db.session.rollback()
        return _render_form(_zone_or_404(zone_id), values, exc.errors, 422)
    audit.record("zona_editada", f"zona:{zone.id}", shipping.zone_name(zone), user=actor())
    db.session.commit()
    flash(f"Cambios guardados: {shipping.zone_name(zone)}.", "success")
    return redirect(url_for("admin.shipping_zones"))


@bp.get("/envios/<int:zone_id>/eliminar")
def shipping_zone_delete_confirm(zone_id: int):
    """The no-JavaScript confirmation step (with JavaScript, hx-confirm asks instead)."""
    zone = _zone_or_404(zone_id)
    return render_template("admin/shipping_delete.html", zone=zone, name=shipping.zone_name(zone))


@bp.post("/envios/<int:zone_id>/eliminar")
def shipping_zone_delete(zone_id: int):
    zone = _zone_or_404(zone_id)
    name = shipping.zone_name(zone)
    shipping.delete_zone(zone)
    audit.record("zona_eliminada", f"zona:{zone_id}", name, user=actor())
    db.session.commit()
    flash(f"Zona eliminada: {name}.", "success")
    return redirect(url_for("admin.shipping_zones"))


@bp.route("/envios/cargar", methods=["GET", "POST"])
def shipping_upload():
    result, error = None, None
    if request.method == "POST":
        upload = request.files.get("archivo")
        raw = upload.read(MAX_UPLOAD + 1) if upload and upload.filename else b""
        if not raw.strip():
            error = "Elige un archivo CSV."
        elif len(raw) > MAX_UPLOAD:
            error = "El archivo supera 5 MB."
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                error = "El archivo debe estar en UTF-8 (en Excel: «CSV UTF-8»)."
            else:
                result = shipping.load_zones_csv(text)
                if result.ok:
                    audit.record("zonas_cargadas", "zonas", f"{result.zones} zonas", user=actor())
                    db.session.commit()
                    flash(f"Zonas reemplazadas: {result.zones} zonas cargadas.", "success")
                    return redirect(url_for("admin.shipping_zones"))
                db.session.rollback()
    return render_template("admin/shipping_upload.html", result=result, error=error,
                           columns=",".join(shipping.CSV_COLUMNS)), (422 if result or error else 200)


@bp.get("/envios/zonas.csv")
def shipping_download():
    return Response(shipping.zones_csv(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="zonas.csv"'})
