"""Settings from the environment (docs/configuracion.md)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def load_config(instance_path: str) -> dict:
    env = os.environ.get
    database_url = env("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'storefront.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    development = env("FLASK_DEBUG") == "1" or env("VENDEDOR_ENV", "development") == "development"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        "LLM_PROVIDER": (env("LLM_PROVIDER") or "offline").lower(),
        "OPENAI_API_KEY": env("OPENAI_API_KEY"),
        "OPENAI_BASE_URL": env("OPENAI_BASE_URL"),
        "OPENAI_MODEL": env("OPENAI_MODEL") or "gpt-4o-mini",
        "OPENAI_TRANSCRIBE_MODEL": env("OPENAI_TRANSCRIBE_MODEL") or "whisper-1",  # voice notes (not contract)
        "GOOGLE_API_KEY": env("GOOGLE_API_KEY"),
        "GEMINI_MODEL": env("GEMINI_MODEL") or "gemini-2.0-flash",
        "GEMINI_BASE_URL": env("GEMINI_BASE_URL"),
        "LLM_TIMEOUT_SECONDS": _float("LLM_TIMEOUT_SECONDS", 10.0),
        "STORAGE_BACKEND": (env("STORAGE_BACKEND") or "local").lower(),
        "S3_BUCKET": env("S3_BUCKET"),
        "S3_ENDPOINT_URL": env("S3_ENDPOINT_URL"),
        "AWS_ACCESS_KEY_ID": env("AWS_ACCESS_KEY_ID"),
        "AWS_SECRET_ACCESS_KEY": env("AWS_SECRET_ACCESS_KEY"),
        "AWS_REGION": env("AWS_REGION") or "us-east-1",
        "REDIS_URL": env("REDIS_URL"),
        "METRICS_TOKEN": env("METRICS_TOKEN"),
        "CORS_ORIGINS": [o.strip() for o in (env("CORS_ORIGINS") or "").split(",") if o.strip()],
        "RATE_LIMIT_CHAT": env("RATE_LIMIT_CHAT") or "30/minute;600/hour",
        "RATE_LIMIT_CHAT_IP": env("RATE_LIMIT_CHAT_IP") or "300/minute",
        "RATELIMIT_STORAGE_URI": env("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,  # Redis down: requests go through rather than fail
        "EXPORT_LINK_SECONDS": int(_float("EXPORT_LINK_SECONDS", 3600)),
        "EXPORT_RETENTION_HOURS": int(_float("EXPORT_RETENTION_HOURS", 24)),
        "PRODUCTION": not development,
        "EXTERNAL_URL": (env("EXTERNAL_URL") or "").strip().rstrip("/") or None,
        "TRUSTED_PROXIES": int(_float("TRUSTED_PROXIES", 0)),  # reverse proxies in front (X-Forwarded-*)
        "STAFF_IDLE_HOURS": _float("STAFF_IDLE_HOURS", 8.0),
        "API_TOKEN_DAYS": _float("API_TOKEN_DAYS", 30.0),
        # the shopper's cart and chat; staff power lives in a server-side session (STAFF_IDLE_HOURS)
        "PERMANENT_SESSION_LIFETIME": timedelta(days=7),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "SOCK_SERVER_OPTIONS": {"ping_interval": 25},
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "CHAT_UPLOAD_LIMITS": {"imagen": 5 * 1024 * 1024, "audio": 10 * 1024 * 1024},
        "PRODUCTS_PER_PAGE": 12,
        "WHISPER_MODEL_DIR": env("WHISPER_MODEL_DIR"),
        "OPENING_HOURS": env("OPENING_HOURS") or "1-5 07:30-17:30; 6 08:00-12:30",
        "SHOP_TIMEZONE": env("SHOP_TIMEZONE") or "America/Bogota",
        "VERSION": "0.1.0",
        # e-mail (services/mail.py) and absolute links
        "EXTERNAL_URL": (env("EXTERNAL_URL") or "").rstrip("/") or None,
        "SMTP_URL": env("SMTP_URL"),
        "MAIL_FROM": env("MAIL_FROM"),
        "SHOP_NOTIFY_EMAIL": env("SHOP_NOTIFY_EMAIL"),
    }


def _engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        # Wait for the write lock instead of failing when buyers check out at once.
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True}
