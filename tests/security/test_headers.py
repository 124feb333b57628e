"""Point 11: security headers, no inline script anywhere, no caching of personal pages.

(That every flow still works under this CSP in Chromium: tests/browser/test_security.py.)"""
import re
from pathlib import Path

import pytest

from support import CUSTOMER, make_app
from webapp.extensions import db
from webapp.services import staff

from .conftest import STAFF_EMAIL, login

ROOT = Path(__file__).resolve().parents[2]


def _csp(response) -> dict:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/carrito", "/login", "/productos/", "/chat/health", "/privacidad"])
def test_every_response_carries_the_headers(shop, path):
    response = shop.test_client().get(path)
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"] and csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # development: no HSTS


def test_hsts_only_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("VENDEDOR_ENV", "production")
    app = make_app(tmp_path, PRODUCTION=True, SESSION_COOKIE_SECURE=True)
    with app.app_context():
        response = app.test_client().get("/", base_url="https://tienda.example")
        assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
        plain = app.test_client().get("/")
        assert plain.status_code == 200  # no redirect loop behind a TLS-terminating proxy
        db.engine.dispose()


def test_personal_pages_are_never_cached(shop):
    token = staff.create_token(staff.get_by_email(STAFF_EMAIL))
    client = shop.test_client()
    sale = client.post("/ventas/", headers={"Authorization": f"Bearer {token}"},
                       json={"cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 1}]}).get_json()
    quote = client.post("/chat/texto", json={"mensaje": "cotización para 20 chalecos reflectivos talla M"}).get_json()
    admin = login(shop.test_client())
    for who, path in [(client, f"/pedido/{sale['codigo']}"), (client, quote["metadatos"]["cotizacion_url"]),
                      (client, "/carrito"), (client, "/"), (admin, "/admin/"), (admin, "/admin/clientes"),
                      (client, f"/chat/historial/{quote['chat_id']}"),
                      (shop.test_client(), f"/clientes/{CUSTOMER['cedula']}")]:
        response = who.get(path, headers={"Authorization": f"Bearer {token}"} if path.startswith("/clientes") else {})
        assert response.status_code == 200, path
        assert "no-store" in response.headers["Cache-Control"], path
    client.post("/carrito/agregar", data={"product_id": 1, "cantidad": 1})
    assert "no-store" in client.get("/checkout").headers["Cache-Control"]
    static = client.get("/static/css/app.css")
    assert "no-store" not in (static.headers.get("Cache-Control") or "")
    static.close()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVAL_IN_HTMX = re.compile(r"hx-on|hx-vals=['\"]js:|javascript:|\w+\[[^\]]*\]\s*(?:,|\"|from)")


@pytest.mark.parametrize("template", sorted(p.relative_to(ROOT / "templates").as_posix()
                                            for p in (ROOT / "templates").rglob("*.html")
                                            if p.parent.name != "mail"))  # e-mails need inline styles
def test_no_template_needs_inline_script_or_eval(template):
    html = (ROOT / "templates" / template).read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(html), "inline <script>"
    assert not INLINE_HANDLER.search(html), "inline event handler (onclick=…)"
    assert not INLINE_STYLE.search(html), "inline style attribute"
    triggers = " ".join(re.findall(r'hx-trigger="([^"]*)"', html))
    assert "[" not in triggers, "htmx trigger filter (needs eval)"
    assert "hx-on" not in html and "js:" not in html and "javascript:" not in html


def test_static_scripts_never_eval():
    for script in (ROOT / "static" / "js").glob("*.js"):
        code = script.read_text(encoding="utf-8")
        assert "eval(" not in code and "new Function" not in code and "innerHTML" not in code, script.name
