"""E-mail: written in the caller's transaction, sent after it commits, never in its way.

`queue_*` render a message from `templates/mail/<name>.txt` and `.html` and add it to the
outbox table in the caller's session (flush only: it is committed, or rolled back, with
the order or the chat turn that caused it). After the commit a background sender (a
thread, a greenlet under gevent) delivers what is due through SMTP_URL; a failure is
retried with exponential backoff and, after the last attempt, shown as failed in the
admin (which can retry it). `flask --app wsgi mail send` does the same from cron.

Without SMTP_URL nothing is sent: messages are kept in the outbox (status `bandeja`)
for the staff to read in the admin's "Correos" page.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from email.utils import formataddr, format_datetime, make_msgid
from urllib.parse import unquote, urlsplit

from flask import current_app, has_request_context, request
from sqlalchemy import event, func, or_, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Conversation, Order, OutboxEmail, OutboxStatus
from ..models._common import utcnow
from .pagination import Page

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600
STALE_CLAIM = timedelta(minutes=5)
SMTP_TIMEOUT = 15


class MailConfigError(ValueError):
    pass


# --- configuration ------------------------------------------------------------------------

@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    ssl: bool
    username: str | None
    password: str | None


def smtp_settings(url: str | None) -> SmtpSettings | None:
    """`smtp://user:pass@host:port` (STARTTLS when the server offers it) or `smtps://` (TLS from the start)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailConfigError("SMTP_URL debe ser smtp://usuario:clave@servidor:puerto o smtps://…")
    secure = parts.scheme == "smtps"
    return SmtpSettings(parts.hostname, parts.port or (465 if secure else 25), secure,
                        unquote(parts.username) if parts.username else None,
                        unquote(parts.password) if parts.password else None)


def sending_enabled(app=None) -> bool:
    return bool((app or current_app).config.get("SMTP_URL"))


def external_url(path: str = "/") -> str:
    """An absolute link for e-mails: EXTERNAL_URL, else (development) this request's host."""
    base = current_app.config.get("EXTERNAL_URL")
    if not base:
        base = request.host_url if has_request_context() else "http://127.0.0.1:8001"
    return base.rstrip("/") + "/" + path.lstrip("/")


def sender_address() -> str:
    from .company import company_name
    configured = current_app.config.get("MAIL_FROM")
    if configured:
        return configured
    host = urlsplit(external_url("/")).hostname or "localhost"
    return formataddr((company_name(), f"no-responder@{host}"))


# --- queueing ---------------------------------------------------------------------------------

def queue(kind: str, recipient: str | None, template: str, context: dict, reference: str = "") -> OutboxEmail:
    """Render `templates/mail/<template>` (subject from the text template's first line) into the outbox."""
    from .company import company_name
    context = {"shop_name": company_name(), **context}
    text = _render(f"mail/{template}.txt", context)
    subject, _, body = text.partition("\n")
    html = _render(f"mail/{template}.html", {"subject": subject.strip(), **context})
    recipient = (recipient or "").strip()
    status = OutboxStatus.PENDING if sending_enabled() and recipient else OutboxStatus.KEPT
    email = OutboxEmail(kind=kind, reference=reference[:80], recipient=recipient[:254],
                        subject=subject.strip()[:200], text_body=body.lstrip("\n"), html_body=html, status=status,
                        next_attempt_at=utcnow() if status == OutboxStatus.PENDING else None)
    db.session.add(email)
    db.session.flush()
    if status == OutboxStatus.PENDING:
        db.session().info["mail_app"] = current_app._get_current_object()
    return email


def _render(name: str, context: dict) -> str:
    """Render without the page context processors (no request, no session, no shopper's cart):
    an e-mail may be written by the CLI, a chat turn or a background job."""
    return current_app.jinja_env.get_template(name).render(**context)


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def order_context(order: Order) -> dict:
    """What an order e-mail shows. Shipping, payment method and city are read defensively so the
    templates show them once the order has them."""
    from . import orders, payments, places
    view = orders.view(order)
    shipping = next((getattr(order, name) for name in ("shipping_cost", "envio", "shipping")
                     if getattr(order, name, None) is not None), None)
    goods = _money(order.total) if order.total else view.total
    with_shipping = getattr(order, "total_with_shipping", None)
    if with_shipping is None and shipping is not None:
        with_shipping = goods + Decimal(shipping)
    method_code = getattr(order, "payment_method", None)
    method = payments.get_method(method_code, only_enabled=False) if method_code else None
    place = places.get_municipality(getattr(order, "ship_municipality_code", None))
    city = place.label if place else (getattr(order, "ship_city", None) or "")
    customer = order.customer
    return {"order": order, "view": view, "goods_total": goods, "shipping": _money(shipping),
            "total_with_shipping": _money(with_shipping), "payment": method, "city": city,
            "order_url": external_url(f"/pedido/{order.code}"),
            "admin_url": external_url(f"/admin/pedidos/{order.id}"),
            "customer_email": getattr(order, "ship_email", None) or (customer.email if customer else ""),
            "customer_name": order.ship_name or (customer.name if customer else ""),
            "customer_phone": order.ship_phone or (customer.phone if customer else "")}


def queue_order_confirmation(order: Order) -> OutboxEmail | None:
    """The customer's confirmation (lines, shipping, payment instructions, link). None without an e-mail."""
    context = order_context(order)
    if not context["customer_email"]:
        return None
    return queue("confirmacion_pedido", context["customer_email"], "order_confirmation", context,
                 reference=f"pedido:{order.id}")


def queue_new_order_notice(order: Order) -> OutboxEmail:
    """The shop's notice of a new order, to SHOP_NOTIFY_EMAIL (kept in the outbox when it is unset)."""
    context = order_context(order)
    return queue("aviso_pedido", current_app.config.get("SHOP_NOTIFY_EMAIL"), "new_order", context,
                 reference=f"pedido:{order.id}")


def queue_handoff_notice(conversation: Conversation, phone: str | None = None) -> OutboxEmail:
    """Tell the shop a customer asked for a person (or to be called, with `phone`)."""
    from . import conversations as chats
    from . import orders
    recent = [m for m in chats.messages(conversation, limit=6)]
    context = {"conversation": conversation, "phone": (phone or "").strip(), "messages": recent,
               "cart": orders.view(orders.open_order(conversation)),
               "admin_url": external_url(f"/admin/conversaciones/{conversation.id}")}
    return queue("aviso_asesor", current_app.config.get("SHOP_NOTIFY_EMAIL"), "handoff", context,
                 reference=f"conversacion:{conversation.id}")


# --- sending -------------------------------------------------------------------------------------

def build_message(email: OutboxEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender_address()
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain=urlsplit(external_url("/")).hostname or None)
    message.set_content(email.text_body)
    if email.html_body:
        message.add_alternative(email.html_body, subtype="html")
    return message


def deliver(message: EmailMessage, settings: SmtpSettings) -> None:
    context = ssl.create_default_context()
    if settings.ssl:
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=SMTP_TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
    with client:
        client.ehlo()
        if not settings.ssl and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if settings.username:
            client.login(settings.username, settings.password or "")
        client.send_message(message)


def retry_delay(attempts: int) -> timedelta:
    base = current_app.config.get("MAIL_RETRY_SECONDS", RETRY_BASE_SECONDS)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def _due():
    now = utcnow()
    return or_((OutboxEmail.status == OutboxStatus.PENDING) &
               (OutboxEmail.next_attempt_at.is_(None) | (OutboxEmail.next_attempt_at <= now)),
               (OutboxEmail.status == OutboxStatus.SENDING) & (OutboxEmail.claimed_at < now - STALE_CLAIM))


def send_due(limit: int = 50) -> tuple[int, int]:
    """Deliver the messages that are due; (sent, failed this round). Safe to run in several
    processes at once: each message is claimed with a conditional UPDATE first."""
    settings = smtp_settings(current_app.config.get("SMTP_URL"))
    if settings is None:
        return 0, 0
    db.session.commit()
    ids = list(db.session.scalars(select(OutboxEmail.id).where(_due()).order_by(OutboxEmail.id).limit(limit)))
    sent = failed = 0
    for email_id in ids:
        claimed = db.session.execute(update(OutboxEmail).where(OutboxEmail.id == email_id, _due())
                                     .values(status=OutboxStatus.SENDING, claimed_at=utcnow())
                                     .execution_options(synchronize_session=False)).rowcount
        db.session.commit()
        if claimed != 1:
            continue
        email = db.session.get(OutboxEmail, email_id)
        db.session.refresh(email)
        email.attempts += 1
        try:
            deliver(build_message(email), settings)
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            failed += 1
            email.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if email.attempts >= MAX_ATTEMPTS:
                email.status, email.next_attempt_at = OutboxStatus.FAILED, None
            else:
                email.status, email.next_attempt_at = OutboxStatus.PENDING, utcnow() + retry_delay(email.attempts)
            log.warning("Correo %s (%s) no enviado, intento %s: %s", email.id, email.kind, email.attempts,
                        type(exc).__name__)
        else:
            sent += 1
            email.status, email.sent_at, email.last_error, email.next_attempt_at = \
                OutboxStatus.SENT, utcnow(), "", None
        db.session.commit()
    return sent, failed


def seconds_to_next_retry() -> float | None:
    """How long until the next pending message is due (None: nothing pending)."""
    next_at = db.session.scalar(select(func.min(OutboxEmail.next_attempt_at))
                                .where(OutboxEmail.status == OutboxStatus.PENDING))
    db.session.commit()
    if next_at is None:
        return None
    return max((next_at - utcnow()).total_seconds(), 0.0)


def retry(email: OutboxEmail) -> None:
    """Staff asks to send a failed (or kept) message now. Flushes; the view commits (and the commit wakes the sender)."""
    if email.status in (OutboxStatus.SENT, OutboxStatus.SENDING):
        return
    if email.status == OutboxStatus.FAILED or email.attempts >= MAX_ATTEMPTS:
        email.attempts = 0
    email.status = OutboxStatus.PENDING if sending_enabled() and email.recipient else OutboxStatus.KEPT
    email.next_attempt_at = utcnow()
    db.session.flush()
    if email.status == OutboxStatus.PENDING:
        db.session().info["mail_app"] = current_app._get_current_object()


# --- the background sender --------------------------------------------------------------------------

class _Sender:
    """One sender per app and process: woken after each commit that queued mail, sleeps until the next retry."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopped = False
        self.thread: threading.Thread | None = None

    def kick(self) -> None:
        if self.stopped or not self.app.config.get("MAIL_BACKGROUND", True) or not sending_enabled(self.app):
            return
        with self.lock:
            self.wake.set()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="mail-sender", daemon=True)
                self.thread.start()

    def stop(self, timeout: float = 10) -> None:
        """Finish the round in progress and end (tests, shutdown)."""
        self.stopped = True
        self.wake.set()
        thread = self.thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        with self.app.app_context():
            try:
                while not self.stopped:
                    self.wake.clear()
                    try:
                        send_due()
                        wait = seconds_to_next_retry()
                    except Exception:  # the database or SMTP settings are broken: try again later
                        log.exception("El envío de correos falló")
                        db.session.rollback()
                        wait = 60.0
                    if wait is None:
                        with self.lock:
                            if not self.wake.is_set():
                                self.thread = None
                                return
                        continue
                    self.wake.wait(timeout=min(wait + 0.05, 600))
            finally:
                db.session.remove()


def sender(app) -> _Sender:
    existing = app.extensions.get("mail_sender")
    if existing is None:
        existing = app.extensions.setdefault("mail_sender", _Sender(app))
    return existing


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    app = session.info.pop("mail_app", None)
    if app is not None:
        sender(app).kick()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop("mail_app", None)


# --- the admin's view ---------------------------------------------------------------------------------

def list_emails(status: str | None = None, page: int = 1, per_page: int = 25) -> Page:
    query = select(OutboxEmail)
    if status:
        query = query.where(OutboxEmail.status == status)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(OutboxEmail.id.desc()).offset((page - 1) * per_page)
                               .limit(per_page)).all()
    return Page(list(items), total, page, per_page)


def counts() -> dict[str, int]:
    return {status: n for status, n in db.session.execute(
        select(OutboxEmail.status, func.count(OutboxEmail.id)).group_by(OutboxEmail.status))}


def get_email(email_id) -> OutboxEmail | None:
    try:
        return db.session.get(OutboxEmail, int(email_id))
    except (TypeError, ValueError, OverflowError):
        return None
