"""Staff users and API tokens (only hashes are stored)."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import ApiToken, StaffUser
from ..models._common import utcnow
from .validation import is_valid_email

MIN_PASSWORD = 8


class StaffError(ValueError):
    pass


def get_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == (email or "").strip().lower()))


def create_admin(email: str, password: str, name: str = "") -> StaffUser:
    email = (email or "").strip().lower()
    if not is_valid_email(email):
        raise StaffError("Correo electrónico inválido.")
    if len(password or "") < MIN_PASSWORD:
        raise StaffError(f"La contraseña debe tener al menos {MIN_PASSWORD} caracteres.")
    user = get_by_email(email)
    if user is None:
        user = StaffUser(email=email, name=name)
        db.session.add(user)
    user.password_hash = generate_password_hash(password)
    user.active = True
    db.session.commit()
    return user


def authenticate(email, password) -> StaffUser | None:
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    user = get_by_email(email)
    if user is None or not user.active:
        check_password_hash(generate_password_hash("x"), password)  # same work either way
        return None
    return user if check_password_hash(user.password_hash, password) else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: StaffUser) -> str:
    token = "vdr_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_hash(token)))
    db.session.commit()
    return token


def user_for_token(token: str) -> StaffUser | None:
    if not token or len(token) > 200:
        return None
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if api_token is None or not api_token.user.active:
        return None
    api_token.last_used_at = utcnow()
    db.session.commit()
    return api_token.user
