"""Shared fixtures: an app per test on SQLite (and PostgreSQL where asked), clients, factories."""
from __future__ import annotations

from decimal import Decimal

import pytest

from webapp.extensions import db as _db
from support import make_app  # noqa: F401  (re-exported for older imports)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """`make test` runs on every core (`-n 2 --dist loadgroup`): the conversation corpus is shared out
    among the workers one business at a time (each case runs on a fresh copy of its shop), and every
    other test runs on one worker, in its file order, beside the others as on one core (they share the
    PostgreSQL, S3 and Redis test servers and the live-server ports)."""
    for item in items:
        case = getattr(item, "callspec", None) and item.callspec.params.get("case")
        group = f"corpus-{case.business}" if item.path.parent.name == "corpus" and case else "serial"
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    """With `--dist loadgroup` every test carries its group in its id (pytest-xdist's way of sending it
    to the scheduler); a pytest or pytest-xdist that drops it would run the serial tests side by side
    against one database, so the run stops here instead."""
    if getattr(session.config.option, "loadgroup", False) and any("@" not in item.nodeid for item in session.items):
        raise pytest.UsageError("pytest-xdist did not apply the test groups (--dist loadgroup): "
                                "check the pytest version pinned in pyproject.toml")


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
    counter = {"n": 0}

    def factory(name="Producto de prueba", price="10000", stock=10, category="General", **kw):
        counter["n"] += 1
        product = Product(sku=kw.pop("sku", f"SKU-{counter['n']}"), name=name, price=Decimal(str(price)),
                          stock=stock, category=category, description=kw.pop("description", ""),
                          available=kw.pop("available", True), image_url=kw.pop("image_url", ""),
                          synonyms=kw.pop("synonyms", ""))
        _db.session.add(product)
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
    from webapp.extensions import db
    user = staff.create_admin("staff@tienda.co", "clave-segura-123", "Laura")
    token = staff.create_token(user)
    db.session.commit()
    return token


@pytest.fixture
def auth_headers(staff_token):
    return {"Authorization": f"Bearer {staff_token}"}


