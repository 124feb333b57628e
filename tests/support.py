"""Test helpers shared by every suite: app factory, real-part checks, sample data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from webapp import create_app
from webapp.extensions import db as _db

DATA = Path(__file__).parent / "data"
IN_CI = os.environ.get("CI") == "true"
PG_URL = os.environ.get("TEST_DATABASE_URL")


def need(condition: bool, reason: str) -> None:
    """Skip outside CI; in CI a missing real part is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI needs this: {reason}")
        pytest.skip(reason)


def _config(tmp_path: Path, url: str, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30, "check_same_thread": False}}
        if url.startswith("sqlite") else {"pool_pre_ping": True},
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "LLM_PROVIDER": "offline",
        "STORAGE_BACKEND": "local",
        "EXPORT_DIR": str(tmp_path / "exports"),
        **extra,
    }


def make_app(tmp_path: Path, backend: str = "sqlite", **extra):
    if backend == "postgresql":
        need(bool(PG_URL), "TEST_DATABASE_URL not set (no PostgreSQL server)")
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    app = create_app(_config(tmp_path, url, **extra))
    app.instance_path = str(tmp_path / "instance")  # `seed` writes the demo password there
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        if backend == "postgresql":
            _db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            _db.session.commit()
        _db.create_all()
    return app


CUSTOMER = {"nombre": "Juan Pérez", "cedula": "12345678", "telefono": "3001234567",
            "email": "juan@email.com", "direccion": "Calle 123 #45-67", "barrio": "Centro",
            "indicaciones_entrega": "Portón azul"}


def hidden(page: str, name: str) -> str:
    """A hidden input's value in an HTML page."""
    import re
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def checkout(client, data: dict, follow_priced: bool = True):
    """A shopper's checkout through the pages: the form as the page showed it, submitted; when
    the page first prices the shipping to the city chosen, confirm again (as a shopper would)."""
    page = client.get("/checkout").get_data(as_text=True)
    form = {"order_code": hidden(page, "order_code"), "order_token": hidden(page, "order_token"),
            "acepto_datos": "y", **data}
    response = client.post("/checkout", data=form)
    html = response.get_data(as_text=True)
    if follow_priced and response.status_code == 200 and 'id="shipping-priced"' in html:
        response = client.post("/checkout", data={**form, "order_token": hidden(html, "order_token")})
    return response
