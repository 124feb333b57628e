"""Point 4: a page on another site cannot act through a shopper's or a staff member's browser.

CSRF on every state-changing request a cookie authenticates (uploads and the JSON API
included); websockets refuse foreign browser origins; staff mode needs the CSRF token
(or a bearer token), not just the cookie."""
import io
import json

import pytest
import requests
from websockets.exceptions import InvalidStatus

from support import CUSTOMER
from webapp.services import staff

from .conftest import STAFF_EMAIL, cookie_header, login, page_token, serve, ws_connect

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OGG = b"OggS" + b"\x00" * 64
LOOKUP = "Información del cliente 12345678"
EVIL = "https://tienda-falsa.example"


@pytest.fixture
def customer_on_file(shop):
    client = shop.test_client()
    token = staff.create_token(staff.get_by_email(STAFF_EMAIL))
    response = client.post("/ventas/", headers={"Authorization": f"Bearer {token}"},
                           json={"cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 1}]})
    assert response.status_code == 201
    return token


@pytest.mark.parametrize("url, field, content", [("/chat/imagen", "imagen", PNG), ("/chat/audio", "audio", OGG)])
def test_uploads_from_a_staff_browser_need_the_token(shop, customer_on_file, url, field, content):
    """The finding: /chat/imagen and /chat/audio were CSRF-exempt yet honoured the staff session."""
    browser = login(shop.test_client())
    forged = browser.post(url, data={field: (io.BytesIO(content), "x.bin"), "mensaje": LOOKUP})
    assert forged.status_code == 400 and forged.get_json()["error"] == "csrf_invalido"
    token = page_token(browser, "/")
    genuine = browser.post(url, data={field: (io.BytesIO(content), "x.bin"), "mensaje": LOOKUP},
                           headers={"X-CSRFToken": token})
    assert genuine.status_code == 200


@pytest.mark.parametrize("method, url, body", [
    ("post", "/chat/texto", {"mensaje": LOOKUP}),
    ("post", "/productos/", {"sku": "CSRF-1", "nombre": "Producto forjado", "precio": 1000, "stock": 1}),
    ("post", "/clientes/", {**CUSTOMER, "cedula": "99887766"}),
    ("post", "/ventas/", {"cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 1}]}),
    ("post", "/auth/", {"email": STAFF_EMAIL, "password": "clave-de-prueba-123"}),
])
def test_json_api_with_a_cookie_needs_the_token(shop, method, url, body):
    browser = login(shop.test_client())
    forged = getattr(browser, method)(url, json=body)
    assert forged.status_code == 400 and forged.get_json()["error"] == "csrf_invalido"
    token = page_token(browser, "/")
    genuine = getattr(browser, method)(url, json=body, headers={"X-CSRFToken": token})
    assert genuine.status_code in (200, 201), genuine.get_json()


def test_a_shoppers_cookie_needs_the_token_too(shop):
    shopper = shop.test_client()
    shopper.get("/")  # the storefront hands out a session (chat and cart)
    forged = shopper.post("/chat/texto", json={"mensaje": "quiero 2 cascos amarillos"})
    assert forged.status_code == 400 and forged.get_json()["error"] == "csrf_invalido"
    forged = shopper.post("/chat/enviar", data={"mensaje": "quiero 2 cascos amarillos"})
    assert forged.status_code == 400


def test_cookieless_and_bearer_calls_need_no_token(shop, customer_on_file):
    bot = requests.Session()  # keeps any cookie it is given, like a careless bot would
    with serve(shop) as host:
        first = bot.post(f"http://{host}/chat/texto", json={"mensaje": "hola"})
        assert first.status_code == 200 and "Set-Cookie" not in first.headers  # no cookie handed out
        chat_id = first.json()["chat_id"]
        again = bot.post(f"http://{host}/chat/texto", json={"mensaje": "precio del casco amarillo", "chat_id": chat_id})
        assert again.status_code == 200 and "$25.000" in again.json()["respuesta"]
        upload = bot.post(f"http://{host}/chat/imagen", files={"imagen": ("x.png", PNG)}, data={"chat_id": chat_id})
        assert upload.status_code == 200
        app = requests.post(f"http://{host}/productos/", headers={"Authorization": f"Bearer {customer_on_file}"},
                            json={"sku": "BOT-1", "nombre": "Creado por el bot", "precio": 5000, "stock": 2})
        assert app.status_code == 201
        staff_chat = requests.post(f"http://{host}/chat/texto", headers={"Authorization": f"Bearer {customer_on_file}"},
                                   json={"mensaje": LOOKUP})
        assert "3001234567" in staff_chat.json()["respuesta"]  # bearer: staff mode without any CSRF token


def test_staff_mode_needs_the_token_not_only_the_cookie(shop, customer_on_file):
    browser = login(shop.test_client())
    forged = browser.post("/chat/texto", json={"mensaje": LOOKUP})
    assert forged.status_code == 400  # a cross-site form cannot get staff data (nor anything)
    token = page_token(browser, "/")
    genuine = browser.post("/chat/texto", json={"mensaje": LOOKUP}, headers={"X-CSRFToken": token}).get_json()
    assert "3001234567" in genuine["respuesta"] and genuine["tipo_mensaje"] == "cliente"


# --- websockets -------------------------------------------------------------------------------------

def _staff_browser(host: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    html = session.get(f"http://{host}/login").text
    token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = session.post(f"http://{host}/login", data={"email": STAFF_EMAIL, "password": "clave-de-prueba-123",
                                                         "csrf_token": token}, allow_redirects=False)
    assert response.status_code == 302
    page = session.get(f"http://{host}/").text
    return session, page.split('"X-CSRFToken": "')[1].split('"')[0]


@pytest.mark.parametrize("path", ["/ws/chat", "/ws/sidebar", "/ws/chat/{chat_id}"])
def test_websockets_refuse_a_foreign_origin(shop, customer_on_file, path):
    """The finding: /ws/chat/… and the live sockets did not check Origin (cross-site hijacking)."""
    with serve(shop) as host:
        session, _ = _staff_browser(host)
        chat_id = session.post(f"http://{host}/chat/texto", json={"mensaje": "hola"},
                               headers={"Authorization": f"Bearer {customer_on_file}"}).json()["chat_id"]
        url = f"ws://{host}{path.format(chat_id=chat_id)}"
        for origin in (EVIL, f"http://{host}.evil.example", "null", f"https://127.0.0.1:1{host.split(':')[1]}"):
            with pytest.raises(InvalidStatus) as refused:
                ws_connect(url, origin=origin, Cookie=cookie_header(session))
            assert refused.value.response.status_code == 403
        with ws_connect(url, origin=f"http://{host}", Cookie=cookie_header(session)):
            pass  # the shop's own pages connect
        with ws_connect(url):
            pass  # bots and apps send no Origin


def test_an_origin_listed_in_cors_origins_may_connect(tmp_path):
    from support import make_app
    from webapp.extensions import db
    app = make_app(tmp_path, CORS_ORIGINS=["https://app.tienda.co"])
    with app.app_context(), serve(app) as host:
        with ws_connect(f"ws://{host}/ws/chat", origin="https://app.tienda.co") as ws:
            assert json.loads(ws.recv(timeout=15))["type"] == "connection_status"
        with pytest.raises(InvalidStatus):
            ws_connect(f"ws://{host}/ws/chat", origin=EVIL)
        db.engine.dispose()


def _sidebar_turn(ws, frame: dict) -> str:
    ws.send(json.dumps(frame))
    html = ""
    while 'id="cart-count"' not in html:
        html += ws.recv(timeout=15)
    return html


def test_sidebar_socket_staff_mode_needs_the_csrf_token(shop, customer_on_file):
    with serve(shop) as host:
        session, token = _staff_browser(host)
        with ws_connect(f"ws://{host}/ws/sidebar", origin=f"http://{host}", Cookie=cookie_header(session)) as ws:
            public = _sidebar_turn(ws, {"type": "message", "mensaje": LOOKUP})
            assert "3001234567" not in public and "Juan" not in public
            staff_mode = _sidebar_turn(ws, {"type": "message", "mensaje": LOOKUP, "csrf_token": token})
            assert "3001234567" in staff_mode
            htmx_style = _sidebar_turn(ws, {"type": "message", "mensaje": LOOKUP, "HEADERS": {"X-CSRFToken": token}})
            assert "3001234567" in htmx_style
            forged = _sidebar_turn(ws, {"type": "message", "mensaje": LOOKUP, "csrf_token": "x" + token[1:]})
            assert "3001234567" not in forged


def test_json_socket_staff_mode_bearer_or_cookie_plus_token(shop, customer_on_file):
    with serve(shop) as host:
        session, token = _staff_browser(host)

        def ask(headers, frame_extra=None) -> dict:
            with ws_connect(f"ws://{host}/ws/chat", **headers) as ws:
                assert json.loads(ws.recv(timeout=15))["type"] == "connection_status"
                ws.send(json.dumps({"type": "message", "mensaje": LOOKUP, **(frame_extra or {})}))
                while True:
                    frame = json.loads(ws.recv(timeout=15))
                    if frame["type"] == "response_end":
                        return frame
        assert "3001234567" not in ask({})["respuesta"]
        assert "3001234567" not in ask({"Cookie": cookie_header(session)})["respuesta"]  # cookie alone: public
        assert "3001234567" in ask({"Cookie": cookie_header(session)}, {"csrf_token": token})["respuesta"]
        assert "3001234567" in ask({"Authorization": f"Bearer {customer_on_file}"})["respuesta"]
