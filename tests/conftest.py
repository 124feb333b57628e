"""Shared fixtures: an app per test on SQLite (and PostgreSQL where asked), clients, factories."""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

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
    with app.app_context():
        if backend == "postgresql":
            _db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            _db.session.commit()
        _db.create_all()
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request, tmp_path):
    """The same test on SQLite and on a real PostgreSQL server."""
    app = make_app(tmp_path, request.param)
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_product(app):
    from webapp.models import Product
    from webapp.services.catalog import bump_catalog_version
    counter = {"n": 0}

    def factory(name="Producto de prueba", price="10000", stock=10, category="General", **kw):
        counter["n"] += 1
        product = Product(sku=kw.pop("sku", f"SKU-{counter['n']}"), name=name, price=Decimal(str(price)),
                          stock=stock, category=category, description=kw.pop("description", ""),
                          available=kw.pop("available", True), image_url=kw.pop("image_url", ""),
                          synonyms=kw.pop("synonyms", ""))
        _db.session.add(product)
        bump_catalog_version()
        _db.session.commit()
        return product
    return factory


@pytest.fixture
def seeded(app, runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def staff_token(app):
    from webapp.services import staff
    user = staff.create_admin("staff@tienda.co", "clave-segura-123", "Laura")
    return staff.create_token(user)


@pytest.fixture
def auth_headers(staff_token):
    return {"Authorization": f"Bearer {staff_token}"}


CUSTOMER = {"nombre": "Juan Pérez", "cedula": "12345678", "telefono": "3001234567",
            "email": "juan@email.com", "direccion": "Calle 123 #45-67", "barrio": "Centro",
            "indicaciones_entrega": "Portón azul"}
