"""Point 8: sessions end on the server; API tokens are named, expiring, listed and revocable."""
import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import func, select, update

from webapp.extensions import db
from webapp.models import ApiToken, StaffSession, StaffUser
from webapp.models._common import utcnow
from webapp.services import staff

from .conftest import STAFF_EMAIL, STAFF_PASSWORD, login, page_token


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_cookie_copied_before_logout_stops_working(any_shop):
    browser = login(any_shop.test_client())
    stolen = _cookie(browser)
    browser.post("/logout", data={"csrf_token": page_token(browser, "/admin/")})
    thief = any_shop.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert thief.get("/clientes/").status_code == 401
    assert db.session.scalar(select(func.count(StaffSession.id))) == 0


def test_staff_sessions_expire_when_idle(any_shop):
    browser = login(any_shop.test_client())
    db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(hours=7, minutes=50)))
    db.session.commit()
    assert browser.get("/admin/").status_code == 200  # used within 8 h: still in (and refreshed)
    db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(hours=8, minutes=1)))
    db.session.commit()
    assert browser.get("/admin/").status_code == 302
    assert browser.get("/clientes/").status_code == 401


def test_a_new_password_ends_other_sessions(shop):
    browser = login(shop.test_client())
    staff.create_admin(STAFF_EMAIL, "otra-clave-nueva-456")
    assert browser.get("/admin/").status_code == 302


def test_session_cookie_lives_days_not_a_month(shop):
    browser = shop.test_client()
    token = page_token(browser, "/login")
    response = browser.post("/login", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "csrf_token": token})
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")][-1]
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1)).replace(tzinfo=None)
    assert expires - utcnow() <= timedelta(days=7, minutes=1)  # was 31 days of staff power


def test_tokens_expire(any_shop):
    user = staff.get_by_email(STAFF_EMAIL)
    token = staff.create_token(user, name="bot", days=30)
    client = any_shop.test_client()
    assert client.get("/clientes/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.get("/clientes/", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_post_auth_gives_named_expiring_tokens_and_never_piles_them_up(any_shop):
    client = any_shop.test_client()
    tokens = []
    for n in range(staff.MAX_TOKENS + 15):
        body = client.post("/auth/", json={"email": STAFF_EMAIL, "password": STAFF_PASSWORD,
                                           "nombre": f"app {n}"}).get_json()
        tokens.append(body["token"])
    user = staff.get_by_email(STAFF_EMAIL)
    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all()
    assert len(rows) == staff.MAX_TOKENS
    assert all(r.expires_at is not None and r.expires_at > utcnow() + timedelta(days=29) for r in rows)
    assert {r.name for r in rows} == {f"app {n}" for n in range(15, staff.MAX_TOKENS + 15)}
    assert client.get("/ventas/", headers={"Authorization": f"Bearer {tokens[-1]}"}).status_code == 200
    assert client.get("/ventas/", headers={"Authorization": f"Bearer {tokens[0]}"}).status_code == 401


def test_admin_lists_and_revokes_tokens(any_shop):
    user = staff.get_by_email(STAFF_EMAIL)
    token = staff.create_token(user, name="Bot de Telegram", days=90)
    bot = any_shop.test_client()
    assert bot.get("/ventas/", headers={"Authorization": f"Bearer {token}"}).status_code == 200  # last use
    browser = login(any_shop.test_client())
    page = browser.get("/admin/tokens").get_data(as_text=True)
    assert "Bot de Telegram" in page and STAFF_EMAIL in page and "Nunca" not in page.split("Bot de Telegram")[1][:400]
    assert token not in page  # only its hash is kept
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.name == "Bot de Telegram"))
    confirm = browser.get(f"/admin/tokens/{token_id}/revocar").get_data(as_text=True)
    assert "¿Revocar el token «Bot de Telegram»?" in confirm
    forged = browser.post(f"/admin/tokens/{token_id}/revocar")  # no CSRF token: a cross-site form
    assert forged.status_code == 400
    done = browser.post(f"/admin/tokens/{token_id}/revocar", data={"csrf_token": page_token(browser, "/admin/tokens")})
    assert done.status_code == 302
    assert bot.get("/ventas/", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    after = browser.get("/admin/tokens").get_data(as_text=True)
    assert "revocado" in after and f'id="token-{token_id}"' not in after


def test_admin_creates_a_token_shown_once(shop):
    browser = login(shop.test_client())
    created = browser.post("/admin/tokens", data={"nombre": "App móvil", "dias": "30",
                                                  "csrf_token": page_token(browser, "/admin/tokens")})
    html = created.get_data(as_text=True)
    value = re.search(r'class="token-value">(vdr_[^<]+)<', html).group(1)
    assert shop.test_client().get("/pedidos/", headers={"Authorization": f"Bearer {value}"}).status_code == 200
    assert value not in browser.get("/admin/tokens").get_data(as_text=True)
    empty = browser.post("/admin/tokens", data={"nombre": "  ", "dias": "30",
                                                "csrf_token": page_token(browser, "/admin/tokens")})
    assert empty.status_code == 422 and "Escribe un nombre" in empty.get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "shopper"])
def test_the_token_page_is_for_staff_only(shop, who):
    client = shop.test_client()
    if who == "shopper":
        client.post("/chat/texto", json={"mensaje": "hola"})
        client.get("/")
    assert client.get("/admin/tokens").status_code == 302
    assert client.post("/admin/tokens/1/revocar").status_code in (302, 400)


def test_cli_token_is_alone_on_the_last_line_and_named(shop):
    result = shop.test_cli_runner().invoke(args=["users", "create-token", STAFF_EMAIL, "--nombre", "cron", "--dias", "7"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"vdr_[A-Za-z0-9_-]{40,}", token)
    row = db.session.scalar(select(ApiToken).where(ApiToken.name == "cron"))
    assert row.expires_at - utcnow() <= timedelta(days=7)
    assert shop.test_client().get("/ventas/", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_an_inactive_user_loses_tokens_and_sessions(shop):
    browser = login(shop.test_client())
    token = staff.create_token(staff.get_by_email(STAFF_EMAIL))
    db.session.execute(update(StaffUser).values(active=False))
    db.session.commit()
    assert browser.get("/admin/").status_code == 302
    assert shop.test_client().get("/ventas/", headers={"Authorization": f"Bearer {token}"}).status_code == 401
