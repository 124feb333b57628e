"""Point 12: bad input gets a 4xx (JSON `{"error","detalle"}` for the API), never a 500;
bad websocket frames get an `error` frame and the socket stays open."""
import json
import re

import pytest

from webapp.services import staff

from .conftest import STAFF_EMAIL, login, page_token, serve, ws_connect

SURROGATE_JSON = '{"mensaje": "hola \\ud800 mundo"}'
NUL_JSON = '{"mensaje": "hola \\u0000 mundo"}'
DEEP_JSON = '{"mensaje": "hola", "x": ' + "[" * 10_000 + "]" * 10_000 + "}"
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000
HUGE = 2 ** 64 + 7
HUGE_TEXT = "9" * 30

JSON_POSTS = ["/chat/texto", "/productos/", "/clientes/", "/ventas/", "/auth/"]


@pytest.fixture
def bearer(any_shop):
    from webapp.extensions import db
    token = staff.create_token(staff.get_by_email(STAFF_EMAIL))
    db.session.commit()
    return {"Authorization": "Bearer " + token}


HOSTILE_BODIES = [SURROGATE_JSON, NUL_JSON, DEEP_JSON, DEEP_OBJECT,
                  '{"nombre": "\\udfff", "sku": "\\ud83d", "precio": 1}']


def test_hostile_json_bodies_are_a_400(any_shop, bearer):
    client = any_shop.test_client()
    for url in JSON_POSTS:
        for body in HOSTILE_BODIES:
            response = client.post(url, data=body, headers={**bearer, "Content-Type": "application/json"})
            assert response.status_code == 400, (url, body[:40], response.get_data(as_text=True)[:300])
            assert set(response.get_json()) >= {"error", "detalle"}


@pytest.mark.parametrize("body", [
    {"sku": "BIG-1", "nombre": "Grande", "precio": 1000, "stock": HUGE},
    {"sku": "BIG-2", "nombre": "Grande", "precio": HUGE, "stock": 1},
    {"sku": "BIG-3", "nombre": "Grande", "precio": -HUGE, "stock": -HUGE},
])
def test_integers_over_64_bits_in_json_are_refused(any_shop, bearer, body):
    response = any_shop.test_client().post("/productos/", json=body, headers=bearer)
    assert 400 <= response.status_code < 500 and "error" in response.get_json()
    sale = any_shop.test_client().post("/ventas/", headers=bearer, json={
        "cliente": {"nombre": "Ana", "cedula": "12345678", "telefono": "3001234567", "email": "a@b.co",
                    "direccion": "Calle 1 # 2-3"}, "lineas": [{"sku": "EXT-10", "cantidad": HUGE}]})
    assert 400 <= sale.status_code < 500


HOSTILE_PATHS = [
    f"/producto/{HUGE}", f"/productos/{HUGE}", f"/producto/{2 ** 63}", f"/productos/{2 ** 63 - 1}",
    f"/pedido/{HUGE_TEXT}", f"/chat/historial/{HUGE_TEXT}", f"/clientes/{HUGE_TEXT}",
    f"/admin/pedidos/{HUGE}", f"/admin/productos/{HUGE}", f"/admin/clientes/{HUGE}",
    f"/admin/conversaciones/{HUGE}", f"/admin/tokens/{HUGE}/revocar",
    f"/?pagina={HUGE}", f"/?pagina={HUGE_TEXT}&categoria={HUGE}", f"/productos/?pagina={HUGE}&por_pagina={HUGE}",
    f"/ventas/?pagina={HUGE}", f"/admin/pedidos?pagina={HUGE}", "/clientes/%00", "/pedido/%00abc",
    "/?q=%00", "/?q=%ED%A0%80", "/productos/?q=%00", "/cotizacion/%00",
]


def test_hostile_paths_and_queries_are_not_a_500(any_shop, bearer):
    admin = login(any_shop.test_client())
    for path in HOSTILE_PATHS:
        for who, headers in ((any_shop.test_client(), {}), (any_shop.test_client(), bearer), (admin, {})):
            response = who.get(path, headers=headers)
            assert response.status_code < 500, (path, response.status_code)


def test_huge_numbers_in_forms_are_not_a_500(any_shop):
    client = any_shop.test_client()
    token = page_token(client)
    for url, field in [("/carrito/agregar", "product_id"), ("/carrito/agregar", "cantidad"),
                       ("/chat/deshacer", "producto_id"), ("/chat/deshacer", "cantidad")]:
        for value in (str(HUGE), str(2 ** 31), HUGE_TEXT, "-" + HUGE_TEXT):
            form = {"product_id": "1", "producto_id": "1", "cantidad": "1", field: value, "csrf_token": token}
            assert client.post(url, data=form).status_code < 500, (url, field, value)
    assert client.post("/carrito/linea/1", data={"cantidad": str(HUGE), "csrf_token": token}).status_code < 500
    assert client.post(f"/carrito/linea/{HUGE}", data={"cantidad": "1", "csrf_token": token}).status_code < 500


def test_nul_characters_in_forms_are_a_400(any_shop):
    client = any_shop.test_client()
    token = page_token(client)
    for value in ("hola\x00mundo", "Juan\x00", "\x00"):
        for url, form in [("/chat/enviar", {"mensaje": value}), ("/login", {"email": value, "password": value}),
                          ("/checkout", {"nombre": value, "cedula": "12345678"})]:
            response = client.post(url, data={**form, "csrf_token": token})
            assert response.status_code == 400, (url, value, response.status_code)


@pytest.mark.parametrize("target", [
    "/admin/%0d%0aSet-Cookie:%20x=1", "/%0a/evil.example", "/\t/evil.example", "/%09/evil.example",
    "/admin/\r\nLocation: https://evil.example"])
def test_cr_lf_in_next_is_not_a_500_nor_a_header(any_shop, target):
    client = any_shop.test_client()
    token = page_token(client, "/login")
    response = client.post("/login?next=" + target, data={"email": STAFF_EMAIL, "password": "clave-de-prueba-123",
                                                          "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/admin/", "http://localhost/admin/")
    assert "Set-Cookie" not in response.headers or "x=1" not in response.headers.get("Set-Cookie", "")
    token = page_token(client)
    cart = client.post("/carrito/agregar", data={"product_id": "1", "cantidad": "1", "next": target,
                                                 "csrf_token": token})
    location = cart.headers["Location"]
    assert cart.status_code == 302 and not re.search(r"[\x00-\x1f]", location)
    browser_view = re.sub(r"[\t\n\r]", "", location)  # what a browser would follow
    assert browser_view.startswith("/") and not browser_view.startswith("//")


BAD_FRAMES = [
    "esto no es json", "[1, 2, 3]", "42", "null", '{"type": "borrar_todo"}', '{"type": "message", "mensaje": 5}',
    SURROGATE_JSON, NUL_JSON, DEEP_JSON, DEEP_OBJECT, '{"type": "message", "mensaje": "' + "a" * 3000 + '"}',
    '{"type": "message", "mensaje": "hola", "HEADERS": ' + "{\"a\":" * 10 + "1" + "}" * 10 + "}",
    '{"type": "message", "mensaje": "hola", "tono": ' + str(HUGE) + "}",
]


@pytest.mark.parametrize("path", ["/ws/chat", "/ws/sidebar"])
def test_bad_frames_get_an_error_and_the_socket_stays_open(shop, path):
    import requests
    with serve(shop) as host:
        session = requests.Session()
        session.get(f"http://{host}/")
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        with ws_connect(f"ws://{host}{path}", Cookie=cookie) as ws:
            if path == "/ws/chat":
                assert json.loads(ws.recv(timeout=15))["type"] == "connection_status"
            for frame in BAD_FRAMES:
                ws.send(frame)
                answer = ws.recv(timeout=15)
                if path == "/ws/chat":
                    if frame.endswith(str(HUGE) + "}"):  # a number where a tone goes: ignored, answered
                        while json.loads(answer)["type"] != "response_end":
                            answer = ws.recv(timeout=15)
                        continue
                    assert json.loads(answer)["type"] == "error", frame[:60]
                else:
                    if frame.endswith(str(HUGE) + "}"):
                        while 'id="cart-count"' not in answer:
                            answer = ws.recv(timeout=15)
                        continue
                    assert "msg-notice" in answer, frame[:60]
            ws.send(json.dumps({"type": "message", "mensaje": "precio del casco amarillo"}))
            text = ""
            while "$25.000" not in text:
                text += ws.recv(timeout=15)  # the socket stayed open and still answers
