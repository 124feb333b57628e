"""Export buttons: run an export and show its download link."""
from __future__ import annotations

from flask import abort, current_app, render_template, request

from .. import htmx
from ..extensions import db
from ..services import audit, exports
from ..services.storage import StorageError, get_storage
from . import bp
from .common import actor


def _files():
    """The newest stored exports, each with a fresh expiring link."""
    try:
        storage = get_storage()
        seconds = current_app.config["EXPORT_LINK_SECONDS"]
        return [(f, storage.url(f.name, seconds)) for f in storage.list()[:50]], None
    except StorageError as exc:
        return [], str(exc)


@bp.get("/exportaciones")
def exports_page():
    files, error = _files()
    return render_template("admin/exports.html", export_kinds=exports.KINDS, files=files, storage_error=error,
                           link_seconds=current_app.config["EXPORT_LINK_SECONDS"], results={})


@bp.post("/exportaciones/<kind>")
def export_run(kind: str):
    fmt = request.form.get("formato") or "csv"
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        abort(404)
    result, error = None, None
    try:
        result = exports.export(kind, get_storage(), current_app.config["EXPORT_LINK_SECONDS"],
                                retention_hours=current_app.config["EXPORT_RETENTION_HOURS"], fmt=fmt)
    except StorageError as exc:
        current_app.logger.warning("Exportación %s falló: %s", kind, exc)
        error = "No se pudo guardar el archivo en el almacenamiento. Inténtalo de nuevo."
    else:
        audit.record("exportacion", f"exportar:{kind}", f"{result.name} ({result.size} bytes)", user=actor())
        db.session.commit()
    if htmx.is_htmx():
        response = current_app.make_response(
            render_template("admin/_export_result.html", kind=kind, result=result, error=error))
        return htmx.trigger(response, {"exportDone": {"archivo": result.name}}) if result else response
    files, storage_error = _files()
    return render_template("admin/exports.html", export_kinds=exports.KINDS, files=files,
                           storage_error=storage_error, link_seconds=current_app.config["EXPORT_LINK_SECONDS"],
                           results={kind: (result, error)})
