"""E-mails: the outbox (kept without SMTP_URL), sent and failed messages with their body; retry."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from ..extensions import db
from ..models import OutboxStatus
from ..services import audit, mail
from . import bp
from .common import actor, paging, render_region

LABELS = {OutboxStatus.KEPT: "En bandeja (sin enviar)", OutboxStatus.PENDING: "Por enviar",
          OutboxStatus.SENDING: "Enviando", OutboxStatus.SENT: "Enviado", OutboxStatus.FAILED: "Falló"}


@bp.get("/correos")
def emails():
    status = request.args.get("estado", "")
    status = status if status in OutboxStatus.ALL else ""
    page_number, per_page = paging()
    page = mail.list_emails(status=status or None, page=page_number, per_page=per_page)
    return render_region("admin/emails.html", "admin/_email_table.html", "email-table", page=page, status=status,
                         labels=LABELS, counts=mail.counts(), smtp=mail.sending_enabled())


@bp.get("/correos/<int:email_id>")
def email_detail(email_id: int):
    email = mail.get_email(email_id)
    if email is None:
        abort(404)
    return render_template("admin/email_detail.html", email=email, labels=LABELS, smtp=mail.sending_enabled(),
                           max_attempts=mail.MAX_ATTEMPTS)


@bp.post("/correos/<int:email_id>/reintentar")
def email_retry(email_id: int):
    email = mail.get_email(email_id)
    if email is None:
        abort(404)
    if not mail.sending_enabled():
        flash("No hay servidor de correo configurado (SMTP_URL): el correo sigue en la bandeja.", "error")
        return redirect(url_for("admin.email_detail", email_id=email.id))
    mail.retry(email)
    audit.record("correo_reintento", f"correo:{email.id}", email.kind, user=actor())
    db.session.commit()
    flash("El correo se enviará en unos segundos.", "success")
    current_app.logger.info("Correo %s puesto de nuevo en cola", email.id)
    return redirect(url_for("admin.email_detail", email_id=email.id))
