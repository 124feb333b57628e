"""Staff login/logout pages and the JSON token endpoint."""
from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from ..errors import json_error
from ..extensions import csrf, db, limiter
from ..openapi import models as m, operation
from ..security import STAFF_SESSION_KEY
from ..services import audit, staff
from ..web import safe_next
from . import bp, throttle

REQUEST_LIMIT = "30/minute"  # every attempt per address (failures have their own budgets)


class LoginForm(FlaskForm):
    email = StringField("Correo electrónico")
    password = PasswordField("Contraseña")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(REQUEST_LIMIT, methods=["POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email = form.email.data or ""
        verdict = throttle.check(email)
        if not verdict.allowed:
            audit.record("login_bloqueado", "staff", detail="demasiados intentos")
            db.session.commit()
            flash("Demasiados intentos fallidos. Espera " + throttle.wait_text(verdict.wait)
                  + " e inténtalo de nuevo.", "error")
            status = 429
        else:
            user = staff.authenticate(email, form.password.data)
            if user is not None:
                _start_staff_session(user)
                audit.record("login", "staff", user=user.email)
                db.session.commit()
                response = redirect(safe_next(request.args.get("next"), "/admin/"))
                throttle.remember_device(response, user.email)
                return response
            throttle.failed(email, verdict)
            audit.record("login_fallido", "staff", detail="credenciales inválidas")
            db.session.commit()
            flash("Correo o contraseña incorrectos.", "error")
    response = make_response(render_template("auth/login.html", form=form), status)
    if status == 429:
        response.headers["Retry-After"] = str(verdict.wait)
    return response


def _start_staff_session(user) -> None:
    """A fresh server-side session; the shopper's chat and cart in this browser carry on."""
    staff.end_session(session.pop(STAFF_SESSION_KEY, None))
    session[STAFF_SESSION_KEY] = staff.start_session(user)
    session.permanent = True
    login_user(user)


@bp.post("/logout")
def logout():
    """Ends the session on the server (a copied cookie stops working) and starts a new
    conversation in this browser, so staff look-ups never stay for the next person."""
    staff.end_session(session.get(STAFF_SESSION_KEY))
    db.session.commit()
    logout_user()
    session.clear()
    flash("Sesión cerrada.", "info")
    return redirect(url_for("auth.login"))


@bp.post("/auth/")
@operation("Autenticación", "Un token Bearer de personal a cambio de correo y contraseña.",
           {200: m.Token, 401: m.Error, 429: m.Error}, body=m.LoginInput)
@csrf.exempt
@limiter.limit(REQUEST_LIMIT)
def token():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return json_error(400, "json_invalido", "Envía un objeto JSON con email y password.")
    email = data.get("email") if isinstance(data.get("email"), str) else ""
    verdict = throttle.check(email)
    if not verdict.allowed:
        response = json_error(429, "demasiados_intentos",
                              "Demasiados intentos fallidos; espera " + throttle.wait_text(verdict.wait) + ".")
        response.headers["Retry-After"] = str(verdict.wait)
        return response
    user = staff.authenticate(data.get("email"), data.get("password"))
    if user is None:
        throttle.failed(email, verdict)
        return json_error(401, "credenciales_invalidas", "Correo o contraseña incorrectos.")
    name = data.get("nombre") if isinstance(data.get("nombre"), str) else ""
    name = name or "POST /auth/ " + (request.user_agent.string or "")[:60]
    days = current_app.config["API_TOKEN_DAYS"]
    value = staff.create_token(user, name=name, days=days)
    audit.record("token_creado", "staff", name[:80], user=user.email)
    db.session.commit()
    return {"token": value, "expira_en_dias": days}
