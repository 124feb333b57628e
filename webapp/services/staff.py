"""Staff users, their browser sessions and their API tokens (only hashes are stored).

- Sessions: a login creates a server-side session row; the signed cookie carries its
  key. Logout deletes the row, and a session idle for longer than the configured
  hours is deleted on its next use: a cookie copied before either stops working.
- API tokens: named, expiring (`API_TOKEN_DAYS`), with their last use; listed and
  revoked from the back office. A user keeps at most `MAX_TOKENS` live tokens: a new
  one beyond that replaces the one unused the longest, so `POST /auth/` never piles
  them up.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import ApiToken, StaffSession, StaffUser
from ..models._common import utcnow
from .validation import is_valid_email

MIN_PASSWORD = 8
MAX_TOKENS = 20
MAX_TOKEN_NAME = 80
TOUCH_EVERY = timedelta(minutes=1)  # last-seen / last-used writes at most this often
_DUMMY_HASH = generate_password_hash("no-es-una-clave")


class StaffError(ValueError):
    pass


def get_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == (email or "").strip().lower()))


def create_admin(email: str, password: str, name: str = "") -> StaffUser:
    """Create the staff user, or set a new password (which ends its open sessions)."""
    email = (email or "").strip().lower()
    if not is_valid_email(email):
        raise StaffError("Correo electrónico inválido.")
    if len(password or "") < MIN_PASSWORD:
        raise StaffError(f"La contraseña debe tener al menos {MIN_PASSWORD} caracteres.")
    user = get_by_email(email)
    if user is None:
        user = StaffUser(email=email, name=name)
        db.session.add(user)
    elif not check_password_hash(user.password_hash, password):  # a new password: other logins end
        db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    user.password_hash = generate_password_hash(password)
    user.active = True
    db.session.flush()
    return user


def authenticate(email, password) -> StaffUser | None:
    if not isinstance(email, str) or not isinstance(password, str) or len(password) > 1024:
        return None
    user = get_by_email(email)
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)  # same work either way
        return None
    return user if check_password_hash(user.password_hash, password) else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# --- browser sessions ---------------------------------------------------------------------

def start_session(user: StaffUser) -> str:
    """A new server-side session for this user; returns the key the cookie keeps."""
    key = secrets.token_urlsafe(32)
    db.session.add(StaffSession(user_id=user.id, token_hash=_hash(key)))
    db.session.flush()
    return key


def session_user(key, idle_hours: float) -> StaffUser | None:
    """The user of a live session; an idle one is deleted and gives None."""
    if not isinstance(key, str) or not key or len(key) > 200:
        return None
    row = db.session.scalar(select(StaffSession).where(StaffSession.token_hash == _hash(key)))
    if row is None:
        return None
    now = utcnow()
    if now - row.last_seen_at > timedelta(hours=idle_hours) or not row.user.active:
        db.session.delete(row)
        _bookkeeping()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        _bookkeeping()
    return row.user


def end_session(key) -> None:
    if isinstance(key, str) and key:
        db.session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(key)))
        db.session.flush()


# --- API tokens --------------------------------------------------------------------------------

def create_token(user: StaffUser, name: str = "", days: float | None = 30) -> str:
    """A new bearer token (shown once); `days=None` never expires (only for the CLI, on request)."""
    now = utcnow()
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at <= now))
    live = list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(func.coalesce(ApiToken.last_used_at, ApiToken.created_at), ApiToken.id)))
    for old in live[:max(0, len(live) - (MAX_TOKENS - 1))]:
        db.session.delete(old)
    token = "vdr_" + secrets.token_urlsafe(32)
    name = " ".join((name or "").split())[:MAX_TOKEN_NAME] or "API"
    db.session.add(ApiToken(user_id=user.id, token_hash=_hash(token), name=name, created_at=now,
                            expires_at=now + timedelta(days=days) if days else None))
    db.session.flush()
    return token


def user_for_token(token) -> StaffUser | None:
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if api_token is None or api_token.expired or not api_token.user.active:
        return None
    now = utcnow()
    if api_token.last_used_at is None or now - api_token.last_used_at > TOUCH_EVERY:
        api_token.last_used_at = now
        _bookkeeping()
    return api_token.user


def _bookkeeping() -> None:
    """A "last used" change (or an idle session's removal), flushed and flagged so the request's
    authentication step can commit it on its own (`security.py`)."""
    db.session.flush()
    db.session.info["auth_bookkeeping"] = True


def list_tokens() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def get_token(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)


def revoke_token(api_token: ApiToken) -> None:
    db.session.delete(api_token)
    db.session.flush()
