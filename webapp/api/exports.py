"""Exports and stored files: staff only, except a signed download link."""
from __future__ import annotations

from flask import current_app, redirect, request, send_file

from ..errors import json_error
from ..openapi import OPTIONAL_STAFF, STAFF, models as m, operation
from ..security import current_staff, staff_required_json
from ..extensions import db
from ..services import audit, exports
from ..services.storage import (LinkError, LocalStorage, StorageError, check_download, content_type,
                                get_storage, valid_name)
from . import bp

STORAGE_DOWN = (503, "almacenamiento_no_disponible", "El almacenamiento de archivos no está disponible.")


@bp.get("/exportar/<kind>")
@operation("Exportaciones", "Escribe la exportación en el almacenamiento y da su enlace firmado.",
           {200: m.Export, 404: m.Error, 503: m.Error}, auth=STAFF, query=m.ExportQuery,
           path_enums={"kind": exports.KINDS})
@staff_required_json
def export(kind: str):
    if kind not in exports.KINDS:
        return json_error(404, "tipo_desconocido", "Tipos de exportación: " + ", ".join(exports.KINDS) + ".")
    fmt = request.args.get("formato", "csv")
    if fmt not in exports.FORMATS:
        return json_error(400, "formato_desconocido", "Formatos: " + ", ".join(exports.FORMATS) + ".")
    config = current_app.config
    try:
        result = exports.export(kind, get_storage(), config["EXPORT_LINK_SECONDS"],
                                retention_hours=config["EXPORT_RETENTION_HOURS"], fmt=fmt)
    except StorageError as exc:
        current_app.logger.warning("Exportación %s falló: %s", kind, exc)
        return json_error(*STORAGE_DOWN)
    user = current_staff()
    audit.record("exportacion", f"exportar:{kind}", f"{result.name} ({result.size} bytes)", user=user.email)
    db.session.commit()
    return {"archivo": result.name, "url": result.url, "expira": result.expires_at.isoformat(), "bytes": result.size}


@bp.get("/files/exports/<filename>")
@operation("Exportaciones", "Descarga una exportación: con el enlace firmado (`token`) o como personal.",
           {200: "application/octet-stream", 302: None, 401: m.Error, 403: m.Error, 404: m.Error, 503: m.Error},
           auth=OPTIONAL_STAFF, query=m.FileQuery)
def export_file(filename: str):
    """A stored export. With `?token=` the signed link alone decides (bad or expired: 403);
    without one, only staff may download."""
    if not valid_name(filename):
        return json_error(404, "no_encontrado", "Archivo no encontrado.")
    token = request.args.get("token")
    if token is not None:
        try:
            check_download(token, filename)
        except LinkError as exc:
            return json_error(403, exc.code, exc.message)
    elif current_staff() is None:
        return json_error(401, "no_autorizado", "Se requiere un enlace firmado, una sesión de personal o un token.")
    storage = get_storage()
    try:
        if not storage.exists(filename):
            return json_error(404, "no_encontrado", "El archivo ya no existe; genera la exportación de nuevo.")
        if not isinstance(storage, LocalStorage):
            return redirect(storage.url(filename, 60))
        response = send_file(storage.path(filename), mimetype=content_type(filename), as_attachment=True,
                             download_name=filename, max_age=0, conditional=True)
    except StorageError:
        return json_error(*STORAGE_DOWN)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/files/storage/info")
@operation("Exportaciones", "El almacenamiento: backend, carpeta o bucket, archivos y bytes.",
           {200: m.StorageInfo, 503: m.Error}, auth=STAFF)
@staff_required_json
def storage_info():
    try:
        return get_storage().info()
    except StorageError:
        return json_error(*STORAGE_DOWN)
