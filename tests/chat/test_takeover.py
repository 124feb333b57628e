"""A person takes over a chat: the assistant goes quiet and the customer's sockets get the staff messages live."""
import json
import time

import pytest
from simple_websocket import Client

from webapp import realtime
from webapp.agent.assistant import handle_turn
from webapp.extensions import db
from webapp.services import conversations, staff




def test_handoff_request_is_flagged(seeded):
    result = handle_turn("quiero hablar con un asesor")
    conversation = conversations.get_conversation(result.chat_id)
    assert conversation.handoff_requested is True
    assert "asesor" in result.body["respuesta"]
    assert conversation in conversations.waiting_for_people()


def test_outside_hours_the_customer_is_told_when(seeded):
    seeded.config["OPENING_HOURS"] = "7 03:00-03:01"  # closed nearly always
    body = handle_turn("necesito hablar con una persona").body
    assert "fuera de horario" in body["respuesta"] and "a las 3:00 a. m." in body["respuesta"]


def test_the_assistant_is_quiet_while_a_person_answers(seeded):
    user = staff.create_admin("asesora@tienda.co", "clave-segura-123", "Marcela")
    chat_id = handle_turn("hola").chat_id
    conversation = conversations.get_conversation(chat_id)
    conversations.take_over(conversation, user.id)
    body = handle_turn("¿me ayudas con una factura?", chat_id=chat_id).body
    assert body["respuesta"] == "" and body["metadatos"]["atendido_por"] == "Marcela"
    assert [m.role for m in conversations.messages(conversation)][-1] == "usuario"
    conversations.hand_back(conversation)
    assert handle_turn("hola", chat_id=chat_id).body["respuesta"]


def test_staff_messages_reach_both_kinds_of_socket(server, seeded):
    import requests
    session = requests.Session()
    session.get(f"http://{server}/")
    with seeded.app_context():
        live_chat = conversations.create_conversation().chat_id
        db.session.commit()
    json_ws = Client.connect(f"ws://{server}/ws/chat/{live_chat}")
    assert json.loads(json_ws.receive(timeout=30))["type"] == "connection_status"  # one socket at a time
    sidebar = Client.connect(f"ws://{server}/ws/sidebar",
                             headers={"Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items())})
    try:
        with seeded.app_context():
            realtime.staff_event(live_chat, "message", "Hola, soy Marcela. ¿En qué te ayudo?", "Marcela")
        frame = json.loads(json_ws.receive(timeout=30))
        assert frame["type"] == "staff_message" and frame["asesor"] == "Marcela" and "Marcela" in frame["content"]
        sidebar_chat = _session_chat_id(seeded, session)
        html, deadline = None, time.monotonic() + 30
        while html is None and time.monotonic() < deadline:  # until the sidebar socket has subscribed
            with seeded.app_context():
                realtime.staff_event(sidebar_chat, "takeover", "", "Marcela")
            html = sidebar.receive(timeout=2)
        assert "Te atiende Marcela" in html and 'hx-swap-oob="beforeend"' in html
    finally:
        json_ws.close()
        sidebar.close()


def _session_chat_id(app, session) -> str:
    """The chat_id inside the browser's signed session cookie."""
    from flask.sessions import SecureCookieSessionInterface
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.loads(session.cookies["session"])["chat_id"]
