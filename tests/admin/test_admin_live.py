"""Live takeover from the back office: the assistant goes quiet, the customer gets the person's messages."""
import json

from sqlalchemy import select

from webapp.agent.assistant import handle_turn
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.realtime import Subscription
from webapp.services import conversations
from tests.admin.admin_helpers import login, staff_client, staff_user  # noqa: F401


def test_take_over_write_and_hand_back(seeded, staff_client, staff_user):
    chat_id = handle_turn("quiero hablar con un asesor").chat_id
    conversation = conversations.get_conversation(chat_id)
    page = staff_client.get(f"/admin/conversaciones/{conversation.id}").get_data(as_text=True)
    assert "Atender esta conversación" in page and "pidió hablar con una persona" in page
    live = Subscription(chat_id)
    try:
        staff_client.post(f"/admin/conversaciones/{conversation.id}/tomar")
        db.session.refresh(conversation)
        assert conversation.staff_user_id == staff_user.id and conversation.handoff_requested is False
        assert handle_turn("¿sigue ahí alguien?", chat_id=chat_id).body["respuesta"] == ""
        staff_client.post(f"/admin/conversaciones/{conversation.id}/mensaje", data={"texto": "Hola, te ayudo con gusto."})
        events = [json.loads(e) for e in live.poll()]
        assert [e["kind"] for e in events] == ["takeover", "message"]
        assert events[1]["texto"] == "Hola, te ayudo con gusto."
        history = client_history(chat_id)
        assert history[-1] == ("asesor", "Hola, te ayudo con gusto.")
        page = staff_client.get(f"/admin/conversaciones/{conversation.id}").get_data(as_text=True)
        assert "Enviar al cliente" in page and "Hola, te ayudo con gusto." in page
        assert staff_client.post(f"/admin/conversaciones/{conversation.id}/mensaje", data={"texto": "  "}).status_code == 302
        staff_client.post(f"/admin/conversaciones/{conversation.id}/devolver")
        assert [json.loads(e)["kind"] for e in live.poll()] == ["handback"]
    finally:
        live.close()
    db.session.refresh(conversation)
    assert conversation.staff_user_id is None
    assert handle_turn("hola", chat_id=chat_id).body["respuesta"]
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"conversacion_tomada", "mensaje_asesor", "conversacion_devuelta"} <= actions
    assert "te ayudo" not in " ".join(db.session.scalars(select(AuditEvent.detail)))


def client_history(chat_id):
    conversation = conversations.get_conversation(chat_id)
    return [(m.role, m.text) for m in conversations.messages(conversation)]
