"""Payment methods: enable or disable each one, its name, instructions and order."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..extensions import db
from ..services import audit, payments
from ..services.payments import PaymentError
from . import bp
from .common import actor


@bp.get("/pagos")
def payment_methods():
    return render_template("admin/payments.html", methods=payments.all_methods(), errors={})


@bp.post("/pagos/<code>")
def payment_method_save(code: str):
    if payments.get_method(code, only_enabled=False) is None:
        flash("Ese medio de pago no existe.", "error")
        return redirect(url_for("admin.payment_methods"))
    position = request.form.get("orden", type=int)
    try:
        option = payments.update_method(code, name=request.form.get("nombre", ""),
                                        instructions=request.form.get("instrucciones", ""),
                                        enabled=request.form.get("activo") == "1",
                                        position=position if position is not None and 0 <= position <= 999 else None)
    except PaymentError as exc:
        db.session.rollback()
        return render_template("admin/payments.html", methods=payments.all_methods(),
                               errors={code: exc.errors}, submitted={code: request.form}), 422
    audit.record("medio_pago", f"pago:{code}", f"{option.name}: {'activo' if option.enabled else 'inactivo'}",
                 user=actor())
    db.session.commit()
    if not payments.enabled_methods():
        flash("Ojo: no hay ningún medio de pago activo; los clientes no podrán elegir cómo pagar.", "error")
    flash(f"{option.name}: {'activo' if option.enabled else 'inactivo'}, cambios guardados.", "success")
    return redirect(url_for("admin.payment_methods") + f"#pago-{code}")
