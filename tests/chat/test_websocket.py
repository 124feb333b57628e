"""The websocket protocol at /ws/chat/<chat_id> and the sidebar socket, on a real server."""
import json

import pytest
from simple_websocket import Client

from webapp.services import orders
from webapp.services.conversations import get_conversation




def frames_until_end(ws):
    frames = []
    while True:
        frame = json.loads(ws.receive(timeout=10))
        frames.append(frame)
        if frame["type"] in ("response_end", "error"):
            return frames


def test_json_protocol_streams_and_ends_with_the_body(server, app):
    ws = Client.connect(f"ws://{server}/ws/chat")  # no id: the server starts a chat and says its id
    try:
        status = json.loads(ws.receive(timeout=15))
        assert status["type"] == "connection_status"
        chat_id = status["chat_id"]
        assert len(chat_id) >= 22
        ws.send(json.dumps({"type": "message", "mensaje": "necesito 2 extintores de 10 libras", "tono": "amigable"}))
        frames = frames_until_end(ws)
        kinds = [f["type"] for f in frames]
        assert kinds[:3] == ["processing", "typing", "response_start"] and kinds[-1] == "response_end"
        chunks = [f for f in frames if f["type"] == "response_chunk"]
        assert len(chunks) >= 2 and all(f["chat_id"] == chat_id and f["timestamp"] for f in chunks)
        end = frames[-1]
        assert "".join(c["content"] for c in chunks).strip() == end["respuesta"]
        assert end["pedido"]["total"] == 30000 and end["estado_venta"] == "pendiente"
        ws.send("esto no es json")
        assert json.loads(ws.receive(timeout=15))["type"] == "error"
        ws.send(json.dumps({"type": "message", "mensaje": "   "}))
        assert json.loads(ws.receive(timeout=15))["type"] == "error"
        ws.send(json.dumps({"type": "message", "mensaje": "¿qué llevo en el pedido?"}))
        assert "2 × Extintor 10 Libras" in frames_until_end(ws)[-1]["respuesta"]  # the socket stayed open
    finally:
        ws.close()
    with app.app_context():
        order = orders.open_order(get_conversation(chat_id))
        assert order.lines[0].quantity == 2


def test_sidebar_socket_sends_html_fragments(server, app):
    import requests
    session = requests.Session()
    session.get(f"http://{server}/")
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    ws = Client.connect(f"ws://{server}/ws/sidebar", headers={"Cookie": cookie})
    try:
        ws.send(json.dumps({"type": "message", "mensaje": "quiero 2 cascos amarillos", "HEADERS": {}}))
        received = []
        while True:
            frame = ws.receive(timeout=10)
            received.append(frame)
            if 'id="cart-count"' in frame:
                break
        assert 'hx-swap-oob="beforeend"' in received[0] and "quiero 2 cascos amarillos" in received[0]
        assert any("-text" in f and 'hx-swap-oob="beforeend"' in f for f in received[1:-1])
        assert ">2</span>" in received[-1]
    finally:
        ws.close()
    cart = session.get(f"http://{server}/carrito").text
    assert "Casco de Seguridad Amarillo" in cart
