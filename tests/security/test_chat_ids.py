"""Point 5: chat ids are issued by the server only; an id it never issued reads and writes nothing."""
import io
import json
import re

import pytest
import requests
from simple_websocket import Client
from sqlalchemy import func, select, text

from support import CUSTOMER
from webapp.extensions import db
from webapp.models import Conversation, Message, Order
from webapp.services import conversations

from .conftest import assert_closed_by_server, cookie_header, page_token, serve, ws_connect

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GUESSES = ["1", "prueba", "admin", "chat-1", "a" * 22, "../1", "0" * 64]


def until_cart_count(ws) -> list[str]:
    """The sidebar frames of one turn (the last one carries the cart badge)."""
    frames = []
    while not frames or 'id="cart-count"' not in frames[-1]:
        frames.append(ws.receive(timeout=15))
        assert frames[-1] is not None, "the socket went quiet"
    return frames


def counts():
    return (db.session.scalar(select(func.count(Conversation.id))), db.session.scalar(select(func.count(Message.id))),
            db.session.scalar(select(func.count(Order.id))))


def test_issued_ids_have_at_least_128_random_bits(any_shop):
    client = any_shop.test_client()
    ids = {client.post("/chat/texto", json={"mensaje": "hola"}).get_json()["chat_id"] for _ in range(30)}
    assert len(ids) == 30
    for chat_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,64}", chat_id), chat_id  # 22 URL-safe chars = 132 bits
    assert min(len(i) for i in ids) * 6 >= 128


@pytest.mark.parametrize("chat_id", GUESSES)
def test_a_guessed_id_writes_and_reads_nothing(any_shop, chat_id):
    """The attack that worked: pick "1", read its transcript, post in it, order in its name."""
    client = any_shop.test_client()
    before = counts()
    said = client.post("/chat/texto", json={"mensaje": "quiero 2 cascos amarillos", "chat_id": chat_id})
    assert said.status_code == 404 and said.get_json()["error"] == "chat_no_encontrado"
    read = client.get(f"/chat/historial/{chat_id}")
    assert read.status_code == 404 and "mensajes" not in read.get_json()
    upload = client.post("/chat/imagen", data={"imagen": (io.BytesIO(PNG), "x.png"), "chat_id": chat_id,
                                               "mensaje": "precio del casco"})
    assert upload.status_code == 404 and upload.get_json()["error"] == "chat_no_encontrado"
    assert counts() == before  # nothing was created under the attacker's id


def test_a_victims_chat_cannot_be_reached_without_its_id(any_shop):
    victim = any_shop.test_client()
    chat_id = victim.post("/chat/texto", json={"mensaje": "quiero 1 casco amarillo"}).get_json()["chat_id"]
    victim.post("/chat/texto", json={"mensaje": "sí", "chat_id": chat_id})
    data = ", ".join(CUSTOMER[k] for k in ("nombre", "cedula", "telefono", "email", "direccion"))
    shown = victim.post("/chat/texto", json={"mensaje": data, "chat_id": chat_id}).get_json()
    assert shown["estado_venta"] == "listo_para_finalizar"
    placed = victim.post("/chat/texto", json={"mensaje": "sí", "chat_id": chat_id}).get_json()
    assert placed["estado_venta"] == "cerrada"
    attacker = any_shop.test_client()
    for guess in [chat_id[:-1], chat_id[:-1] + ("A" if chat_id[-1] != "A" else "B"), chat_id.upper(), chat_id[:8]]:
        if guess == chat_id:
            continue
        assert attacker.get(f"/chat/historial/{guess}").status_code == 404
        assert attacker.post("/chat/texto", json={"mensaje": "hola", "chat_id": guess}).status_code == 404


def test_websocket_refuses_an_id_it_never_issued(shop):
    with serve(shop) as host:
        for guess in ("1", "prueba-ws-1", "z" * 30):
            with ws_connect(f"ws://{host}/ws/chat/{guess}") as ws:
                frame = json.loads(ws.recv(timeout=15))
                assert frame["type"] == "error" and frame["error"] == "chat_no_encontrado"
                assert_closed_by_server(ws)
        assert conversations.get_conversation("prueba-ws-1") is None


def test_websocket_without_id_starts_a_chat_the_server_names(shop):
    with serve(shop) as host:
        ws = Client.connect(f"ws://{host}/ws/chat")
        try:
            status = json.loads(ws.receive(timeout=15))
            assert status["type"] == "connection_status" and len(status["chat_id"]) >= 22
        finally:
            ws.close()
    assert conversations.get_conversation(status["chat_id"]) is not None


def test_the_sidebar_is_bound_to_the_browser_session(shop):
    """A shopper cannot steer their sidebar (HTTP or socket) into someone else's chat."""
    victim = shop.test_client()
    victim_chat = victim.post("/chat/texto", json={"mensaje": "quiero 3 guantes de nitrilo"}).get_json()["chat_id"]
    victim_messages = len(conversations.messages(conversations.get_conversation(victim_chat)))
    attacker = shop.test_client()
    token = page_token(attacker)
    attacker.post("/chat/enviar", data={"mensaje": "quita todo", "chat_id": victim_chat, "csrf_token": token},
                  headers={"HX-Request": "true"})
    with serve(shop) as host:
        session = requests.Session()
        session.get(f"http://{host}/")
        ws = Client.connect(f"ws://{host}/ws/sidebar?chat_id={victim_chat}", headers={"Cookie": cookie_header(session)})
        try:
            ws.send(json.dumps({"type": "message", "mensaje": "quita los guantes", "chat_id": victim_chat}))
            until_cart_count(ws)
        finally:
            ws.close()
    db.session.expire_all()
    assert len(conversations.messages(conversations.get_conversation(victim_chat))) == victim_messages


def test_ids_chosen_by_clients_before_the_fix_become_unreachable(tmp_path):
    """The migration renames short (client-chosen) ids, so an attacker's old "1" answers 404."""
    from flask_migrate import upgrade
    from webapp import create_app
    from support import _config
    app = create_app(_config(tmp_path, f"sqlite:///{tmp_path / 'old.db'}"))
    with app.app_context():
        upgrade(revision="8ccc45c4664a")
        db.session.execute(text("INSERT INTO conversations (chat_id, state, handoff_requested, created_at, updated_at) "
                                "VALUES ('1', '{}', 0, '2025-01-01', '2025-01-01'), "
                                "('issued_by_server_0123456789abcdef', '{}', 0, '2025-01-01', '2025-01-01')"))
        db.session.commit()
        upgrade()
        ids = set(db.session.scalars(select(Conversation.chat_id)))
        assert "1" not in ids and "issued_by_server_0123456789abcdef" in ids and len(ids) == 2
        assert all(len(i) >= 22 for i in ids)
        assert app.test_client().get("/chat/historial/1").status_code == 404
        db.session.remove()
        db.engine.dispose()
