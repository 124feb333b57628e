"""Staff login/logout pages and the JSON token endpoint."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from ..errors import json_error
from ..extensions import csrf, limiter
from ..services import audit, staff
from ..web import safe_next
from . import bp

LOGIN_LIMIT = "10/minute;50/hour"


class LoginForm(FlaskForm):
    email = StringField("Correo electrónico")
    password = PasswordField("Contraseña")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = staff.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            audit.record("login", "staff", user=user.email)
            return redirect(safe_next(request.args.get("next"), "/admin/"))
        audit.record("login_fallido", "staff", detail="credenciales inválidas")
        flash("Correo o contraseña incorrectos.", "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash("Sesión cerrada.", "info")
    return redirect(url_for("auth.login"))


@bp.post("/auth/")
@csrf.exempt
@limiter.limit(LOGIN_LIMIT)
def token():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return json_error(400, "json_invalido", "Envía un objeto JSON con email y password.")
    user = staff.authenticate(data.get("email"), data.get("password"))
    if user is None:
        return json_error(401, "credenciales_invalidas", "Correo o contraseña incorrectos.")
    audit.record("token_creado", "staff", user=user.email)
    return {"token": staff.create_token(user)}
