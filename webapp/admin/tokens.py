"""API tokens: list them (name, owner, last use, expiry), create one (shown once), revoke."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

try:  # wtforms >= 3.3 declares options as SelectChoice (tuples are deprecated)
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - older wtforms
    def SelectChoice(value, label):  # noqa: N802
        return value, label

from ..security import current_staff
from ..extensions import db
from ..services import audit, staff
from . import bp
from .common import actor

DURATIONS = [SelectChoice("7", "7 días"), SelectChoice("30", "30 días"), SelectChoice("90", "90 días"),
             SelectChoice("365", "1 año")]


class TokenForm(FlaskForm):
    nombre = StringField("Nombre (para qué o quién lo usa)",
                         validators=[DataRequired("Escribe un nombre, p. ej. «Bot de Telegram»."),
                                     Length(max=staff.MAX_TOKEN_NAME, message="Máximo 80 caracteres.")])
    dias = SelectField("Vence en", choices=DURATIONS, default="90")


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    return render_template("admin/tokens.html", form=form, tokens=staff.list_tokens(), new_token=new_token,
                           max_tokens=staff.MAX_TOKENS), status


@bp.get("/tokens")
def tokens_page():
    return _page(TokenForm())


@bp.post("/tokens")
def token_create():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    name = " ".join(form.nombre.data.split())
    value = staff.create_token(current_staff(), name=name, days=int(form.dias.data))
    audit.record("token_creado", "staff", name, user=actor())
    db.session.commit()
    return _page(TokenForm(formdata=None), new_token=value)


@bp.get("/tokens/<int:token_id>/revocar")
def token_revoke_confirm(token_id: int):
    api_token = staff.get_token(token_id)
    if api_token is None:
        abort(404)
    return render_template("admin/token_revoke.html", api_token=api_token)


@bp.post("/tokens/<int:token_id>/revocar")
def token_revoke(token_id: int):
    api_token = staff.get_token(token_id)
    if api_token is None:
        flash("Ese token ya no existe.", "info")
        return redirect(url_for("admin.tokens_page"))
    name, owner = api_token.name, api_token.user.email
    staff.revoke_token(api_token)
    audit.record("token_revocado", "staff", f"{name} ({owner})", user=actor())
    db.session.commit()
    flash(f"Token «{name}» revocado: deja de funcionar de inmediato.", "success")
    return redirect(url_for("admin.tokens_page"))
