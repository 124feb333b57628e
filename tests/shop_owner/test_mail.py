"""E-mail: queued in the caller's transaction, sent after commit through a real SMTP server (aiosmtpd),
retried with backoff when the server is down, kept in an outbox the admin reads without SMTP_URL."""
import time
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from tests.admin.admin_helpers import make_conversation, make_sale, staff_client, staff_user  # noqa: F401
from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from tests.shop_owner.smtp_server import SmtpServer, free_port
from webapp.extensions import db
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services import mail, payments

SHOP = "https://tienda.example.co"


@pytest.fixture
def mail_app(app, make_product):
    app.config.update(EXTERNAL_URL=SHOP, SHOP_NOTIFY_EMAIL="ventas@tienda.example.co",
                      MAIL_FROM="Sextinvalle <ventas@tienda.example.co>", MAIL_RETRY_SECONDS=0.2)
    make_product("Extintor 10 Libras", "15000", 50, sku="EXT-10")
    yield app
    mail.sender(app).stop()


def wait_until(email_id: int, condition, timeout: float = 30.0) -> OutboxEmail:
    deadline = time.monotonic() + timeout
    while True:
        db.session.commit()  # a fresh snapshot each time
        email = db.session.get(OutboxEmail, email_id)
        db.session.refresh(email)
        if condition(email) or time.monotonic() > deadline:
            return email
        time.sleep(0.05)


def wait_status(email_id: int, statuses: set, timeout: float = 30.0) -> OutboxEmail:
    return wait_until(email_id, lambda email: email.status in statuses, timeout)


def placed_order():
    """A placed sale; the e-mails placing queued are dropped (these tests queue them by hand)."""
    from flask import current_app
    smtp = current_app.config.pop("SMTP_URL", None)
    try:
        order = make_sale([("EXT-10", 2)], n=7, name="María Restrepo", email="maria@correo.co")
        db.session.execute(delete(OutboxEmail))
        db.session.commit()
    finally:
        if smtp:
            current_app.config["SMTP_URL"] = smtp
    order.shipping_cost = Decimal("15000")
    order.payment_method = "nequi"
    order.ship_city = "Palmira, Valle del Cauca"
    db.session.commit()
    return order


def test_without_smtp_the_mail_stays_in_the_outbox_for_the_admin(mail_app, staff_client):
    order = placed_order()
    confirmation = mail.queue_order_confirmation(order)
    notice = mail.queue_new_order_notice(order)
    db.session.commit()
    assert confirmation.status == notice.status == OutboxStatus.KEPT
    listing = staff_client.get("/admin/correos").get_data(as_text=True)
    assert 'id="smtp-off"' in listing and f"Tu pedido #{order.id}" in listing and "maria@correo.co" in listing
    detail = staff_client.get(f"/admin/correos/{confirmation.id}").get_data(as_text=True)
    text = detail.split('id="email-text">')[1].split("</pre>")[0]
    assert "2 × Extintor 10 Libras (EXT-10): $30.000" in text
    assert "Envío: $15.000" in text and "Total: $45.000" in text
    assert "Pago: Nequi" in text and payments.get_method("nequi").instructions in text
    assert f"{SHOP}/pedido/{order.code}" in text and "Palmira, Valle del Cauca" in text
    assert "srcdoc=" in detail and "sandbox" in detail
    assert "Reintentar" not in detail  # nothing to send it with
    shop_copy = staff_client.get(f"/admin/correos/{notice.id}").get_data(as_text=True)
    assert f"{SHOP}/admin/pedidos/{order.id}" in shop_copy and "ventas@tienda.example.co" in shop_copy


def test_shipping_unknown_yet_reads_por_confirmar(mail_app):
    order = make_sale([("EXT-10", 1)], n=8)
    email = mail.queue_order_confirmation(order)
    db.session.commit()
    assert "Envío: por confirmar" in email.text_body and "Total: $15.000 + envío" in email.text_body
    assert "Pago: Contra entrega" in email.text_body  # every sale records a method (the shop's default)


def test_sent_after_commit_through_smtp_with_auth(mail_app):
    server = SmtpServer().start()
    try:
        mail_app.config["SMTP_URL"] = server.url
        order = placed_order()
        email = mail.queue_order_confirmation(order)
        mail.queue_new_order_notice(order)
        assert email.status == OutboxStatus.PENDING
        assert server.inbox.messages == []  # nothing leaves before the commit
        db.session.commit()
        received = server.inbox.wait_for(2)
        assert len(received) == 2
        by_recipient = {tuple(to): message for to, message in received}
        message = by_recipient[("maria@correo.co",)]
        assert message["Subject"].startswith(f"Tu pedido #{order.id} en ")
        assert message["From"] == "Sextinvalle <ventas@tienda.example.co>"
        plain = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "2 × Extintor 10 Libras" in plain and "Total: $45.000" in plain and "Nequi" in plain
        assert f'href="{SHOP}/pedido/{order.code}"' in html and "$45.000" in html
        assert ("ventas@tienda.example.co",) in by_recipient
        sent = wait_status(email.id, {OutboxStatus.SENT})
        assert sent.status == OutboxStatus.SENT and sent.attempts == 1 and sent.sent_at is not None
    finally:
        server.stop()


def test_a_rollback_sends_nothing(mail_app):
    server = SmtpServer().start()
    try:
        mail_app.config["SMTP_URL"] = server.url
        order = placed_order()
        mail.queue_order_confirmation(order)
        db.session.rollback()
        assert db.session.scalar(select(OutboxEmail)) is None
        time.sleep(0.3)
        assert server.inbox.messages == []
    finally:
        server.stop()


def test_server_down_is_retried_with_backoff_until_it_answers(mail_app, staff_client):
    port = free_port()
    mail_app.config.update(SMTP_URL=f"smtp://127.0.0.1:{port}", MAIL_RETRY_SECONDS=0.5)  # 0.5, 1, 2, 4, 8 s
    order = placed_order()
    email = mail.queue_order_confirmation(order)
    db.session.commit()  # the order's own commit: it succeeds whatever the mail server does
    failed_once = wait_until(email.id, lambda e: e.attempts >= 1 and e.status == OutboxStatus.PENDING)
    assert failed_once.last_error and "Connection" in failed_once.last_error
    detail = staff_client.get(f"/admin/correos/{email.id}").get_data(as_text=True)
    assert "Último error" in detail and "Reintentar ahora" in detail
    server = SmtpServer(port=port).start()
    try:
        sent = wait_status(email.id, {OutboxStatus.SENT, OutboxStatus.FAILED})
        assert sent.status == OutboxStatus.SENT and sent.attempts >= 2
        assert len(server.inbox.wait_for(1)) == 1
    finally:
        server.stop()


def test_gives_up_after_the_last_attempt_then_staff_retries(mail_app, staff_client):
    mail_app.config.update(SMTP_URL=f"smtp://127.0.0.1:{free_port()}", MAIL_BACKGROUND=False)
    email = mail.queue_order_confirmation(placed_order())
    db.session.commit()
    for _ in range(mail.MAX_ATTEMPTS):
        db.session.execute(OutboxEmail.__table__.update().values(next_attempt_at=None))
        db.session.commit()
        mail.send_due()
    db.session.refresh(email)
    assert email.status == OutboxStatus.FAILED and email.attempts == mail.MAX_ATTEMPTS
    listing = staff_client.get("/admin/correos?estado=fallido").get_data(as_text=True)
    assert f'id="email-{email.id}"' in listing and "Falló" in listing
    server = SmtpServer().start()
    try:
        mail_app.config["SMTP_URL"] = server.url
        assert staff_client.post(f"/admin/correos/{email.id}/reintentar").status_code == 302
        db.session.refresh(email)
        assert email.status == OutboxStatus.PENDING and email.attempts == 0
        sent, failed = mail.send_due()
        assert (sent, failed) == (1, 0) and len(server.inbox.messages) == 1
    finally:
        server.stop()


def test_cli_sends_what_is_due(mail_app):
    server = SmtpServer().start()
    try:
        mail_app.config.update(SMTP_URL=server.url, MAIL_BACKGROUND=False)
        mail.queue_order_confirmation(placed_order())
        db.session.commit()
        result = mail_app.test_cli_runner().invoke(args=["mail", "send"])
        assert result.exit_code == 0 and "enviados: 1" in result.output
        assert len(server.inbox.messages) == 1
    finally:
        server.stop()


def test_handoff_notice_to_the_shop(mail_app):
    conversation = make_conversation("chat-asesor-1", [{"role": "usuario", "text": "¿me pueden llamar?"},
                                                       {"role": "agente", "text": "Claro, ya le aviso a un asesor."}])
    email = mail.queue_handoff_notice(conversation, phone="3157654321")
    db.session.commit()
    assert email.recipient == "ventas@tienda.example.co" and "3157654321" in email.subject
    assert "Cliente: ¿me pueden llamar?" in email.text_body
    assert f"{SHOP}/admin/conversaciones/{conversation.id}" in email.text_body
    plain = mail.queue_handoff_notice(conversation)
    assert plain.subject == "Un cliente pide hablar con una persona"


def test_smtp_url_is_checked():
    assert mail.smtp_settings("smtps://u:p%40x@mail.example.co").port == 465
    settings = mail.smtp_settings("smtp://ventas%40tienda.co:cl%C3%A1ve@127.0.0.1:2525")
    assert (settings.username, settings.password, settings.port, settings.ssl) == \
        ("ventas@tienda.co", "cláve", 2525, False)
    with pytest.raises(mail.MailConfigError):
        mail.smtp_settings("http://mail.example.co")
