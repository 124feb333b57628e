"""Vendedor: storefront with a sales assistant."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from .config import load_config
from .extensions import csrf, db, limiter, login_manager, migrate, sock

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
        if "RATE_LIMIT_CHAT" in config and "RATELIMIT_ENABLED" not in config:
            app.config["RATELIMIT_ENABLED"] = True

    from . import errors, headers, inputs, logs, security, templating
    logs.configure(app)
    inputs.init_app(app)  # before the blueprints: their <int:> rules take the bounded converter
    _proxies(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    _cors(app)

    from . import metrics
    metrics.init_app(app)  # first, so it times what the other hooks do too
    security.init_app(app)
    headers.init_app(app)
    templating.init_app(app)
    errors.init_app(app)

    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .apidocs import bp as apidocs_bp
    from .auth import bp as auth_bp
    from .chat import bp as chat_bp
    from .ops import bp as ops_bp
    from .shop import bp as shop_bp
    app.register_blueprint(shop_bp)
    app.register_blueprint(chat_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(apidocs_bp)
    sock.init_app(app)  # after the chat package has declared its socket routes
    csrf.exempt(api_bp)  # cookie-carrying API calls are still checked (security.py)

    _import_llm_sdk(app)

    from .cli import register_cli
    register_cli(app)
    from .admin.cli import exports_cli
    app.cli.add_command(exports_cli)
    return app


def _import_llm_sdk(app: Flask) -> None:
    """With a model provider configured, load its SDK while the worker starts rather than during
    the first chat turn (about half a second in which that worker serves no one)."""
    provider = app.config.get("LLM_PROVIDER")
    if provider == "openai":
        import openai  # noqa: F401
    elif provider == "gemini":
        from google import genai  # noqa: F401


def _cors(app: Flask) -> None:
    origins = app.config.get("CORS_ORIGINS") or []
    if origins:
        from flask_cors import CORS
        CORS(app, origins=origins, supports_credentials=False,
             allow_headers=["Content-Type", "Authorization"])


def _proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, the client's address and scheme come from them."""
    count = app.config.get("TRUSTED_PROXIES") or 0
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
