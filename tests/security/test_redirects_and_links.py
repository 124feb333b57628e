"""Point 14: no open redirects through `next`; absolute links come from EXTERNAL_URL, never
from a Host header an attacker chose (production)."""
from urllib.parse import urlsplit

import pytest

from support import make_app
from webapp.extensions import db
from webapp.services import staff

from .conftest import STAFF_EMAIL, STAFF_PASSWORD, _seeded, login, page_token

OFFSITE = ["https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example", "http:evil.example",
           "javascript:alert(1)", "/%2F%2Fevil.example", " //evil.example", "\t//evil.example", "/\t/evil.example",
           "https:/evil.example", "//evil.example@tienda", "data:text/html,hola"]


def _offsite(location: str) -> bool:
    followed = "".join(ch for ch in location if ch not in "\t\r\n")  # what a browser follows
    parts = urlsplit(followed)
    return bool(parts.scheme not in ("", "http") or (parts.netloc and parts.netloc != "localhost")
                or followed.startswith("//") or followed.startswith("/\\"))


@pytest.mark.parametrize("target", OFFSITE)
def test_login_next_stays_on_the_shop(shop, target):
    client = shop.test_client()
    token = page_token(client, "/login")
    response = client.post("/login", query_string={"next": target},
                           data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and not _offsite(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", OFFSITE)
def test_admin_and_cart_next_stay_on_the_shop(shop, target):
    """The finding: the admin's product toggle redirected to any `next`."""
    admin = login(shop.test_client())
    token = page_token(admin, "/admin/productos")
    toggled = admin.post("/admin/productos/1/disponible", data={"next": target, "csrf_token": token})
    assert toggled.status_code == 302 and not _offsite(toggled.headers["Location"]), toggled.headers["Location"]
    stock = admin.post("/admin/productos/1/stock", data={"next": target, "stock": "5", "csrf_token": token})
    assert stock.status_code == 302 and not _offsite(stock.headers["Location"])
    shopper = shop.test_client()
    cart = shopper.post("/carrito/agregar", data={"product_id": "1", "cantidad": "1", "next": target,
                                                  "csrf_token": page_token(shopper)})
    assert cart.status_code == 302 and not _offsite(cart.headers["Location"])


def test_on_site_next_still_works(shop):
    client = shop.test_client()
    token = page_token(client, "/login")
    response = client.post("/login?next=/admin/pedidos?estado=pendiente",
                           data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/admin/pedidos?estado=pendiente"


def _export_url(app, **headers) -> str:
    token = staff.create_token(staff.get_by_email(STAFF_EMAIL))
    return app.test_client().get("/exportar/ventas", headers={"Authorization": f"Bearer {token}", **headers}
                                 ).get_json()["url"]


@pytest.fixture
def configured(tmp_path, monkeypatch):
    apps = []

    def make(production: bool, external: str | None):
        if production:
            monkeypatch.setenv("VENDEDOR_ENV", "production")
        app = make_app(tmp_path / str(len(apps)), PRODUCTION=production, EXTERNAL_URL=external,
                       SESSION_COOKIE_SECURE=False)
        apps.append(app)
        return app
    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_export_links_use_external_url_whatever_the_host_header(configured):
    app = configured(production=True, external="https://tienda.example.co")
    with app.app_context():
        _seeded(app)
        url = _export_url(app, Host="evil.example", **{"X-Forwarded-Host": "evil.example"})
    assert url.startswith("https://tienda.example.co/files/exports/ventas-") and "evil" not in url


def test_production_without_external_url_never_trusts_host(configured):
    app = configured(production=True, external=None)
    with app.app_context():
        _seeded(app)
        url = _export_url(app, Host="evil.example")
    assert url.startswith("/files/exports/ventas-") and "evil" not in url  # a path, never the attacker's host


def test_development_falls_back_to_the_requests_host(configured):
    app = configured(production=False, external=None)
    with app.app_context():
        _seeded(app)
        url = _export_url(app, Host="127.0.0.1:8001")
    assert url.startswith("http://127.0.0.1:8001/files/exports/ventas-")
