"""Live help in the admin: the waiting badge and list, chats named by customer or first message,
the transcript then the compose box, the customer's cart changed by the person attending (audited)."""
import json

from sqlalchemy import select

from tests.admin.admin_helpers import HX, make_conversation, make_sale, staff_client, staff_user  # noqa: F401
from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from webapp.agent.assistant import handle_turn
from webapp.extensions import db
from webapp.models import AuditEvent, Message
from webapp.realtime import Subscription
from webapp.services import catalog, conversations, orders


def badge_count(html: str) -> str:
    return html.split('class="nav-badge" aria-hidden="true">')[1].split("</span>")[0]


def test_badge_and_queue_show_who_asks_for_a_person(seeded, staff_client):
    page = staff_client.get("/admin/").get_data(as_text=True)
    assert badge_count(page) == "" and 'hx-trigger="every 5s"' in page
    chat_id = handle_turn("hola, quiero hablar con un asesor por favor").chat_id
    conversation = conversations.get_conversation(chat_id)
    assert conversation.handoff_requested
    badge = staff_client.get("/admin/atencion/contador?antes=0", headers=HX).get_data(as_text=True)
    assert badge_count(badge) == "1" and 'role="alert"' in badge and "Un cliente pide hablar con una persona" in badge
    quiet = staff_client.get("/admin/atencion/contador?antes=1", headers=HX).get_data(as_text=True)
    assert 'role="alert"' not in quiet  # announced once, not every poll
    queue = staff_client.get("/admin/atencion").get_data(as_text=True)
    waiting = queue.split('id="live-waiting"')[1].split("</ul>")[0]
    assert "«hola, quiero hablar con un asesor por favor»" in waiting and chat_id not in waiting
    region = staff_client.get("/admin/atencion", headers={**HX, "HX-Target": "live-queue"}).get_data(as_text=True)
    assert region.startswith('<div id="live-queue"') and "<html" not in region
    staff_client.post(f"/admin/conversaciones/{conversation.id}/tomar")
    after = staff_client.get("/admin/atencion").get_data(as_text=True)
    assert badge_count(after) == "" and 'id="live-attended"' in after and "lo atiende Laura" in after


def test_conversations_are_listed_by_customer_name_or_first_message(app, staff_client, make_product):
    make_product("Extintor 10 Libras", 15000, 50, sku="EXT-10")
    named = make_conversation("chat-nombre-1", [{"role": "usuario", "text": "buenas, necesito un extintor"}])
    make_sale([("EXT-10", 1)], n=3, conversation=named, channel="chat", name="Luz Dary Ocampo")
    drafted = make_conversation("chat-nombre-2", [{"role": "usuario", "text": "precio de cascos"}])
    drafted.state = {"customer": {"name": "Jorge Iván Castaño"}}
    make_conversation("chat-nombre-3", [{"role": "usuario", "text": "¿a qué hora abren los sábados?"},
                                        {"role": "agente", "text": "De 8 a 12:30."}])
    db.session.commit()
    page = staff_client.get("/admin/conversaciones").get_data(as_text=True)
    table = page.split('id="conversation-table"')[1]
    assert "Luz Dary Ocampo" in table and "Jorge Iván Castaño" in table
    assert "«¿a qué hora abren los sábados?»" in table
    found = staff_client.get("/admin/conversaciones?q=Ocampo").get_data(as_text=True)
    assert "Luz Dary Ocampo" in found and "Jorge Iván" not in found.split('id="conversation-table"')[1]
    detail = staff_client.get(f"/admin/conversaciones/{named.id}").get_data(as_text=True)
    assert "<h1>Luz Dary Ocampo</h1>" in detail
    # top to bottom: transcript first, compose box after it
    assert detail.index('id="transcript"') < detail.index('id="live-panel"')


def test_staff_change_the_customers_cart_during_a_takeover(seeded, staff_client, staff_user):
    chat_id = handle_turn("quiero 2 extintores de 10 libras").chat_id
    conversation = conversations.get_conversation(chat_id)
    extintor = catalog.get_by_sku("EXT-10")
    before = staff_client.get(f"/admin/conversaciones/{conversation.id}").get_data(as_text=True)
    cart = before.split('id="cart-panel"')[1].split("</section>")[0]
    assert "Extintor 10 Libras" in cart and "Atiende la conversación para cambiar" in cart
    refused = staff_client.post(f"/admin/conversaciones/{conversation.id}/carrito", data={"producto": "GUA-NIT"})
    assert refused.status_code == 302
    assert len(orders.view(orders.open_order(conversation)).lines) == 1  # not attending: nothing changed
    staff_client.post(f"/admin/conversaciones/{conversation.id}/tomar")
    live = Subscription(chat_id)
    try:
        page = staff_client.get(f"/admin/conversaciones/{conversation.id}").get_data(as_text=True)
        assert 'id="cart-add-form"' in page and f'id="qty-{extintor.id}"' in page
        other = catalog.get_by_sku("CASCO-AM") or catalog.list_products(q="casco amarillo").items[0]
        assert staff_client.post(f"/admin/conversaciones/{conversation.id}/carrito",
                                 data={"producto": other.sku, "cantidad": "3"}).status_code == 302
        staff_client.post(f"/admin/conversaciones/{conversation.id}/carrito/{extintor.id}", data={"cantidad": "5"})
        staff_client.post(f"/admin/conversaciones/{conversation.id}/carrito/{other.id}", data={"accion": "eliminar"})
        too_many = staff_client.post(f"/admin/conversaciones/{conversation.id}/carrito/{extintor.id}",
                                     data={"cantidad": "100000"}, follow_redirects=True)
        assert "La cantidad debe estar entre 1 y 1000" in too_many.get_data(as_text=True)
        lines = {line.sku: line.quantity for line in orders.view(orders.open_order(conversation)).lines}
        assert lines == {"EXT-10": 5}
        events = [json.loads(e) for e in live.poll()]
        texts = [e["texto"] for e in events if e["kind"] == "message"]
        assert texts == [f"Agregué a tu pedido 3 × {other.name}.", "Cambié tu pedido: ahora son 5 × Extintor 10 Libras.",
                         f"Quité de tu pedido {other.name}."]
    finally:
        live.close()
    said = [m.text for m in db.session.scalars(select(Message).where(Message.conversation_id == conversation.id,
                                                                       Message.role == "asesor"))]
    assert len(said) == 3
    details = [e.detail for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "carrito_asesor")
                                                     .order_by(AuditEvent.id))]
    assert details == [f"{other.sku}: +3", "EXT-10: 2 → 5", f"{other.sku}: 3 → 0"]
    options = staff_client.get(f"/admin/conversaciones/{conversation.id}/productos?producto=guantes", headers=HX)
    assert "<option" in options.get_data(as_text=True) and "Guantes" in options.get_data(as_text=True)


def test_asking_to_be_called_raises_the_alert_with_the_number(seeded, staff_client):
    first = handle_turn("¿me pueden llamar?")
    chat_id = first.chat_id
    handle_turn("3109876543", chat_id=chat_id)
    conversation = conversations.get_conversation(chat_id)
    assert conversation.handoff_requested
    badge = staff_client.get("/admin/atencion/contador?antes=0", headers=HX).get_data(as_text=True)
    assert badge_count(badge) == "1" and "Un cliente pide hablar con una persona" in badge
    queue = staff_client.get("/admin/atencion").get_data(as_text=True)
    waiting = queue.split('id="live-waiting"')[1].split("</ul>")[0]
    assert "«¿me pueden llamar?»" in waiting
    assert '<a href="tel:+573109876543">310 987 6543</a>' in waiting
    detail = staff_client.get(f"/admin/conversaciones/{conversation.id}").get_data(as_text=True)
    assert 'id="callback-phone"' in detail and "310 987 6543" in detail.split('id="live-panel"')[1]
    # another chat that only asked for a person shows no number
    handle_turn("quiero hablar con un asesor")
    queue = staff_client.get("/admin/atencion").get_data(as_text=True)
    other = queue.split('id="live-waiting"')[1].split("</ul>")[0].split("</li>")[1]
    assert "«quiero hablar con un asesor»" in other and "tel:" not in other
