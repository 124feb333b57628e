"""Point 6: staff-mode look-ups never stay in a browser for the next person."""
from datetime import timedelta

from sqlalchemy import select, update

from support import CUSTOMER
from webapp.extensions import db
from webapp.models import Conversation, Message, StaffSession
from webapp.models._common import utcnow
from webapp.services import conversations, staff

from .conftest import STAFF_EMAIL, login, page_token

LOOKUP = "Información del cliente 12345678"
HX = {"HX-Request": "true"}


def _customer(app):
    token = staff.create_token(staff.get_by_email(STAFF_EMAIL))
    assert app.test_client().post("/ventas/", headers={"Authorization": f"Bearer {token}"}, json={
        "cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 1}]}).status_code == 201
    return token


def _session_chat(client) -> str:
    with client.session_transaction() as s:
        return s.get("chat_id")


def test_logout_starts_a_new_conversation_and_hides_the_lookup(any_shop):
    token = _customer(any_shop)
    browser = login(any_shop.test_client())
    csrf = page_token(browser, "/")
    reply = browser.post("/chat/enviar", data={"mensaje": LOOKUP, "csrf_token": csrf}, headers=HX).get_data(as_text=True)
    assert "3001234567" in reply  # staff mode: the client's data
    staff_chat = _session_chat(browser)
    assert "3001234567" in browser.get("/").get_data(as_text=True)  # staff still sees it on reload

    browser.post("/logout", data={"csrf_token": page_token(browser, "/admin/")})
    page = browser.get("/").get_data(as_text=True)
    assert "3001234567" not in page and LOOKUP not in page and "Juan Pérez" not in page
    assert _session_chat(browser) != staff_chat  # the next person gets a new chat (and cart)

    # the old transcript, by its id: staff-mode turns only for staff
    public = browser.get(f"/chat/historial/{staff_chat}").get_json()
    assert all("3001234567" not in m["texto"] and m["texto"] != LOOKUP for m in public["mensajes"])
    full = any_shop.test_client().get(f"/chat/historial/{staff_chat}",
                                      headers={"Authorization": f"Bearer {token}"}).get_json()
    assert any("3001234567" in m["texto"] for m in full["mensajes"])
    stored = db.session.scalars(select(Message).join(Conversation).where(Conversation.chat_id == staff_chat)).all()
    assert stored and all(m.staff_mode for m in stored)
    assert db.session.scalar(select(Conversation.staff_mode).where(Conversation.chat_id == staff_chat)) is True


def test_an_expired_staff_session_shows_no_staff_turns(shop):
    """Staff walks away without logging out: after the idle limit the browser is a shopper's."""
    _customer(shop)
    browser = shop.test_client()
    browser.post("/chat/enviar", data={"mensaje": "quiero 2 cascos amarillos", "csrf_token": page_token(browser)},
                 headers=HX)  # as a shopper, before logging in
    login(browser)
    browser.post("/chat/enviar", data={"mensaje": LOOKUP, "csrf_token": page_token(browser)}, headers=HX)
    assert "3001234567" in browser.get("/").get_data(as_text=True)
    db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(hours=9)))
    db.session.commit()
    page = browser.get("/").get_data(as_text=True)
    assert "3001234567" not in page and LOOKUP not in page
    assert "quiero 2 cascos amarillos" in page  # the shopper's own turns stay
    assert browser.get("/admin/").status_code == 302


def test_public_turns_in_a_chat_stay_visible(shop):
    """Marking is per turn: a customer's own messages are never hidden from them."""
    client = shop.test_client()
    chat_id = client.post("/chat/texto", json={"mensaje": "quiero 2 cascos amarillos"}).get_json()["chat_id"]
    history = client.get(f"/chat/historial/{chat_id}").get_json()["mensajes"]
    assert [m["texto"] for m in history][0] == "quiero 2 cascos amarillos"
    assert not any(m.staff_mode for m in conversations.messages(conversations.get_conversation(chat_id)))
