"""JSON API per the contract: shapes, staff access, and no 500 for bad input."""
import pytest

from webapp.services import catalog
from support import CUSTOMER

STAFF_URLS = [("get", "/clientes/"), ("post", "/clientes/"), ("get", "/clientes/12345678"),
              ("get", "/ventas/"), ("post", "/ventas/"), ("get", "/pedidos/"), ("post", "/productos/"),
              ("get", "/logs/")]


@pytest.mark.parametrize("method, url", STAFF_URLS)
def test_staff_endpoints_answer_401_without_credentials(client, method, url):
    response = getattr(client, method)(url, json={})
    assert response.status_code == 401
    assert response.get_json()["error"] == "no_autorizado"


@pytest.mark.parametrize("method, url", STAFF_URLS)
def test_a_bad_token_is_not_staff(client, method, url):
    response = getattr(client, method)(url, json={}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_products_public_read_with_search_and_paging(seeded, client):
    body = client.get("/productos/?q=extintor&por_pagina=3").get_json()
    assert body["total"] >= 5 and len(body["productos"]) == 3
    first = body["productos"][0]
    assert set(first) >= {"id", "sku", "nombre", "descripcion", "precio", "categoria", "stock", "disponible", "imagen_url"}
    ext = client.get("/productos/?q=extintor 10 libras").get_json()["productos"][0]
    assert ext["nombre"] == "Extintor 10 Libras" and ext["precio"] == 15000
    assert client.get("/productos/?categoria=EPP&pagina=abc&por_pagina=-4").status_code == 200


def test_product_create_and_validation(client, auth_headers):
    ok = client.post("/productos/", headers=auth_headers, json={"sku": "N-1", "nombre": "Nivel", "precio": "25000.5", "stock": 3})
    assert ok.status_code == 201 and ok.get_json()["precio"] == 25000.5
    dup = client.post("/productos/", headers=auth_headers, json={"sku": "N-1", "nombre": "Otro", "precio": 1})
    assert dup.status_code == 422 and "sku" in dup.get_json()["campos"]
    for bad in ({"sku": "X", "nombre": "Y", "precio": "abc"}, {"sku": "X", "nombre": "Y", "precio": 1e400},
                {"sku": "X", "nombre": "Y", "precio": 1, "stock": 10**30}, {"sku": ["x"], "nombre": {}, "precio": None},
                {"sku": "X", "nombre": "Y", "precio": True}):
        response = client.post("/productos/", headers=auth_headers, json=bad)
        assert response.status_code == 422, bad
        assert response.get_json()["error"] == "datos_invalidos"


@pytest.mark.parametrize("body", ["not json", "[1,2]", "null", '{"a":'])
def test_bad_json_is_a_400(client, auth_headers, body):
    response = client.post("/ventas/", headers={**auth_headers, "Content-Type": "application/json"}, data=body)
    assert response.status_code == 400 and response.get_json()["error"] == "json_invalido"


def test_sale_flow_and_customer_lookup(seeded, client, auth_headers):
    response = client.post("/ventas/", headers=auth_headers,
                           json={"cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 2}]})
    assert response.status_code == 201, response.get_json()
    sale = response.get_json()
    assert sale["total"] == 30000 and sale["estado"] == "pendiente" and sale["canal"] == "web"
    assert sale["lineas"][0] == {"producto_id": catalog.get_by_sku("EXT-10").id, "sku": "EXT-10",
                                 "nombre": "Extintor 10 Libras", "cantidad": 2, "precio_unitario": 15000, "subtotal": 30000}
    assert catalog.get_by_sku("EXT-10").stock == 118
    sales = client.get("/ventas/", headers=auth_headers).get_json()
    assert sales["total"] == 1 and sales["ventas"][0]["id"] == sale["id"]
    client_data = client.get("/clientes/12345678", headers=auth_headers).get_json()
    assert client_data["nombre"] == "Juan Pérez" and client_data["barrio"] == "Centro"
    assert client_data["estadisticas"]["compras"] == 1 and client_data["estadisticas"]["total_comprado"] == 30000
    assert len(client_data["ventas"]) == 1
    assert client.get("/clientes/99999999", headers=auth_headers).status_code == 404


def test_sale_errors(seeded, client, auth_headers):
    short = client.post("/ventas/", headers=auth_headers,
                        json={"cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 500}]})
    assert short.status_code == 409 and short.get_json()["error"] == "sin_stock"
    assert short.get_json()["lineas"][0]["sku"] == "EXT-10"
    bad = client.post("/ventas/", headers=auth_headers,
                      json={"cliente": {**CUSTOMER, "cedula": "12", "email": "x"}, "lineas": [{"sku": "EXT-10", "cantidad": 1}]})
    assert bad.status_code == 422 and {"cedula", "email"} <= set(bad.get_json()["campos"])
    for lines in ([{"sku": "EXT-10", "cantidad": "2"}], [{"sku": "EXT-10", "cantidad": 10**20}],
                  [{"sku": "NOPE", "cantidad": 1}], [], "x", [{"sku": "EXT-10", "cantidad": 0}]):
        response = client.post("/ventas/", headers=auth_headers, json={"cliente": CUSTOMER, "lineas": lines})
        assert response.status_code == 422, lines
    assert client.get("/ventas/", headers=auth_headers).get_json()["total"] == 0
    assert catalog.get_by_sku("EXT-10").stock == 120


def test_customers_api(client, auth_headers):
    created = client.post("/clientes/", headers=auth_headers, json=CUSTOMER)
    assert created.status_code == 201 and created.get_json()["cedula"] == "12345678"
    assert client.post("/clientes/", headers=auth_headers, json=CUSTOMER).status_code == 409
    listing = client.get("/clientes/?q=juan", headers=auth_headers).get_json()
    assert listing["total"] == 1


def test_open_orders_lists_carts_with_items(seeded, client, auth_headers):
    client.post("/carrito/agregar", data={"product_id": catalog.get_by_sku("GUA-NIT").id, "cantidad": 3})
    pedidos = client.get("/pedidos/", headers=auth_headers).get_json()["pedidos"]
    assert len(pedidos) == 1 and pedidos[0]["total"] == 24000


def test_auth_token(client, app):
    from webapp.services import staff
    staff.create_admin("jefe@tienda.co", "una-clave-larga")
    assert client.post("/auth/", json={"email": "jefe@tienda.co", "password": "mala"}).status_code == 401
    assert client.post("/auth/", data="x").status_code == 400
    token = client.post("/auth/", json={"email": "jefe@tienda.co", "password": "una-clave-larga"}).get_json()["token"]
    assert client.get("/ventas/", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_health_and_info_have_no_secrets(client):
    assert client.get("/health").get_json()["status"] == "ok"
    info = client.get("/info").get_json()
    assert info["proveedor_llm"] == "offline"
    assert "test-secret" not in str(info)


def test_unknown_api_route_is_json_404(client):
    response = client.get("/productos/999999")
    assert response.status_code == 404 and response.get_json()["error"] == "no_encontrado"


def test_cors_only_for_configured_origins(tmp_path):
    from support import make_app
    app = make_app(tmp_path, CORS_ORIGINS=["https://app.tienda.co"])
    with app.app_context():
        c = app.test_client()
        ok = c.get("/productos/", headers={"Origin": "https://app.tienda.co"})
        assert ok.headers.get("Access-Control-Allow-Origin") == "https://app.tienda.co"
        other = c.get("/productos/", headers={"Origin": "https://malo.example"})
        assert "Access-Control-Allow-Origin" not in other.headers


def test_login_attempts_are_throttled(tmp_path):
    from support import make_app
    from webapp.extensions import db
    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        codes = [client.post("/login", data={"email": "x@tienda.co", "password": "mala"}).status_code for _ in range(6)]
        assert codes[:5] == [200] * 5 and codes[5] == 429  # five failures per account (tests/security: more)
        codes = [client.post("/auth/", json={"email": "y@tienda.co", "password": "mala"}).status_code for _ in range(6)]
        assert codes[:5] == [401] * 5 and codes[5] == 429
        db.engine.dispose()


def test_session_cookie_flags(client, app):
    from webapp.services import staff
    staff.create_admin("jefe@tienda.co", "una-clave-larga")
    response = client.post("/login", data={"email": "jefe@tienda.co", "password": "una-clave-larga"})
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookies_outside_development(monkeypatch, tmp_path):
    from webapp.config import load_config
    monkeypatch.setenv("VENDEDOR_ENV", "production")
    assert load_config(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
