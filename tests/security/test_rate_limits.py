"""Point 9: one chat budget per conversation (HTTP and websocket together) plus a per-address
cap; login throttling per account and per address that never locks the real admin out."""
import json

import pytest
import requests

from support import make_app
from webapp.extensions import db

from .conftest import STAFF_EMAIL, STAFF_PASSWORD, _seeded, page_token, serve, ws_connect

HX = {"HX-Request": "true"}


@pytest.fixture
def limited(tmp_path):
    def make(**config):
        app = make_app(tmp_path, RATELIMIT_ENABLED=True, **config)
        return app
    apps = []

    def factory(**config):
        app = make(**config)
        apps.append(app)
        return app
    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _ws_turn(ws, text: str) -> dict:
    ws.send(json.dumps({"type": "message", "mensaje": text}))
    while True:
        frame = json.loads(ws.recv(timeout=15))
        if frame["type"] in ("response_end", "error"):
            return frame


def test_http_and_websocket_share_one_budget(limited):
    """The finding: the websocket had its own budget, so each door doubled the limit."""
    app = limited(RATE_LIMIT_CHAT="4/minute")
    with app.app_context(), serve(app) as host:
        first = requests.post(f"http://{host}/chat/texto", json={"mensaje": "hola"})  # opens the chat: counts
        chat_id = first.json()["chat_id"]
        assert requests.post(f"http://{host}/chat/texto", json={"mensaje": "hola", "chat_id": chat_id}).status_code == 200
        with ws_connect(f"ws://{host}/ws/chat/{chat_id}") as ws:
            assert json.loads(ws.recv(timeout=15))["type"] == "connection_status"
            assert _ws_turn(ws, "precio del casco")["type"] == "response_end"
            assert _ws_turn(ws, "precio del cono")["type"] == "response_end"
            refused = _ws_turn(ws, "precio de los guantes")
            assert refused["type"] == "error" and refused["error"] == "demasiadas_solicitudes"
            assert refused["retry_after"] > 0 and "Inténtalo de nuevo en" in refused["detalle"]
            assert _ws_turn(ws, "¿sigues ahí?")["type"] == "error"  # still open, still refused
        over = requests.post(f"http://{host}/chat/texto", json={"mensaje": "hola", "chat_id": chat_id})
        assert over.status_code == 429 and int(over.headers["Retry-After"]) > 0
        assert over.json()["error"] == "demasiadas_solicitudes"


def test_one_chat_over_its_budget_does_not_block_others_at_the_same_address(limited):
    """Many customers behind one carrier address: each chat has its own budget."""
    app = limited(RATE_LIMIT_CHAT="3/minute", RATE_LIMIT_CHAT_IP="300/minute")
    with app.app_context():
        client = app.test_client()
        chats = [client.post("/chat/texto", json={"mensaje": "hola"}).get_json()["chat_id"] for _ in range(5)]
        for chat_id in chats:
            codes = [client.post("/chat/texto", json={"mensaje": "hola", "chat_id": chat_id}).status_code
                     for _ in range(3)]
            assert codes == [200, 200, 429]


def test_new_chats_cannot_dodge_the_address_cap(limited):
    """Opening a fresh chat per message does not escape: the address has its own cap."""
    app = limited(RATE_LIMIT_CHAT="30/minute", RATE_LIMIT_CHAT_IP="5/minute")
    with app.app_context():
        client = app.test_client()
        codes = [client.post("/chat/texto", json={"mensaje": "hola"}).status_code for _ in range(7)]
        assert codes == [200] * 5 + [429] * 2
        other = client.post("/chat/texto", json={"mensaje": "hola"}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
        assert other.status_code == 200


def test_the_sidebar_shows_a_refused_message_with_when_to_retry(limited):
    """The finding: a dropped message vanished from the sidebar."""
    app = limited(RATE_LIMIT_CHAT="2/minute", WTF_CSRF_ENABLED=True)
    with app.app_context(), serve(app) as host:
        session = requests.Session()
        session.get(f"http://{host}/")
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        with ws_connect(f"ws://{host}/ws/sidebar", origin=f"http://{host}", Cookie=cookie) as ws:
            for text in ("hola", "precio del casco"):
                ws.send(json.dumps({"type": "message", "mensaje": text}))
                while 'id="cart-count"' not in ws.recv(timeout=15):
                    pass
            ws.send(json.dumps({"type": "message", "mensaje": "quiero 3 conos"}))
            refused = ws.recv(timeout=15)
        assert "quiero 3 conos" in refused and "No se envió" in refused and "Inténtalo de nuevo en" in refused
        assert "Reintentar" in refused and 'name="mensaje" value="quiero 3 conos"' in refused
        page = session.get(f"http://{host}/").text
        token = page.split('"X-CSRFToken": "')[1].split('"')[0]
        fallback = session.post(f"http://{host}/chat/enviar", data={"mensaje": "quiero 3 conos", "csrf_token": token},
                                headers=HX)
        assert "quiero 3 conos" in fallback.text and "No se envió" in fallback.text
        assert int(fallback.headers["Retry-After"]) > 0
        no_js = session.post(f"http://{host}/chat/enviar", data={"mensaje": "quiero 3 conos", "csrf_token": token},
                             allow_redirects=False)
        assert no_js.status_code == 429 and "quiero 3 conos" in no_js.text and "Inténtalo de nuevo en" in no_js.text


def test_a_redis_outage_does_not_take_the_chat_or_login_down(limited):
    from .conftest import free_port
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app = limited(RATE_LIMIT_CHAT="3/minute", REDIS_URL=dead, RATELIMIT_STORAGE_URI=dead,
                  RATELIMIT_SWALLOW_ERRORS=True)
    with app.app_context():
        client = app.test_client()
        assert client.post("/chat/texto", json={"mensaje": "hola"}).status_code == 200
        assert client.post("/login", data={"email": "x@tienda.co", "password": "mala"}).status_code == 200
        assert client.post("/auth/", json={"email": "x@tienda.co", "password": "mala"}).status_code == 401


# --- login throttling ------------------------------------------------------------------------------

def _try(client, password: str, address: str = "203.0.113.9", email: str = STAFF_EMAIL):
    token = page_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def login_app(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
    with app.app_context():
        yield _seeded(app)
        db.session.remove()
        db.engine.dispose()


def test_guessing_an_account_is_throttled(login_app):
    attacker = login_app.test_client()
    codes = [_try(attacker, f"intento-{n}").status_code for n in range(7)]
    assert codes == [200] * 5 + [429] * 2
    locked = _try(attacker, STAFF_PASSWORD)  # even the right password: not from this client, not now
    assert locked.status_code == 429 and "Espera" in locked.get_data(as_text=True)
    assert int(locked.headers["Retry-After"]) > 0
    api = login_app.test_client().post("/auth/", json={"email": STAFF_EMAIL, "password": STAFF_PASSWORD},
                                       environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert api.status_code == 429  # the account's budget is shared by every door and address


def test_the_real_admin_still_gets_in_from_a_browser_used_before(login_app):
    """Someone else's attempts never lock the real admin out of their own browser."""
    admin = login_app.test_client()
    assert _try(admin, STAFF_PASSWORD, address="192.0.2.10").status_code == 302  # an earlier, normal login
    admin.post("/logout", data={"csrf_token": page_token(admin, "/admin/")})
    attacker = login_app.test_client()
    for n in range(12):
        _try(attacker, f"intento-{n}", address="203.0.113.9")
    assert _try(attacker, STAFF_PASSWORD, address="203.0.113.9").status_code == 429
    assert _try(admin, "me-equivoque-una-vez", address="192.0.2.10").status_code == 200  # a typo: allowed
    assert _try(admin, STAFF_PASSWORD, address="192.0.2.10").status_code == 302
    assert admin.get("/admin/").status_code == 200


def test_an_address_guessing_many_accounts_is_throttled(login_app):
    attacker = login_app.test_client()
    codes = [_try(attacker, "x" * 10, email=f"user{n}@tienda.co").status_code for n in range(22)]
    assert codes[:20] == [200] * 20 and codes[20:] == [429, 429]
    elsewhere = login_app.test_client()
    assert _try(elsewhere, STAFF_PASSWORD, address="192.0.2.44").status_code == 302


def test_a_trusted_browser_has_its_own_limit(login_app):
    admin = login_app.test_client()
    assert _try(admin, STAFF_PASSWORD, address="192.0.2.10").status_code == 302
    admin.post("/logout", data={"csrf_token": page_token(admin, "/admin/")})
    codes = [_try(admin, f"mala-{n}", address="192.0.2.10").status_code for n in range(11)]
    assert codes == [200] * 10 + [429]  # a stolen device cookie is no unlimited oracle


def test_a_device_cookie_for_another_account_does_not_help(login_app):
    from webapp.services import staff
    staff.create_admin("otra@tienda.co", "otra-clave-larga-1")
    browser = login_app.test_client()
    assert _try(browser, "otra-clave-larga-1", email="otra@tienda.co").status_code == 302
    browser.post("/logout", data={"csrf_token": page_token(browser, "/admin/")})
    codes = [_try(browser, f"mala-{n}").status_code for n in range(6)]
    assert codes == [200] * 5 + [429]
