"""Security headers (flask-talisman) and caching rules for pages with personal data.

- Content-Security-Policy: scripts, styles, fonts, forms and sockets from this shop
  only (no inline script or style, no eval: htmx runs with `allowEval: false` and its
  indicator styles come from app.css); images also from https (product pictures may
  live on a CDN); no framing (`frame-ancestors 'none'` plus X-Frame-Options DENY).
- `X-Content-Type-Options: nosniff`, `Referrer-Policy: strict-origin-when-cross-origin`.
- HSTS only in production (`VENDEDOR_ENV=production`); TLS is the proxy's job, so no
  redirect to https here.
- `Cache-Control: no-store` on the back office, staff and personal JSON, the order and
  quote pages, cart, checkout and login, and every page that shows the chat (its
  transcript is personal); static files keep their own caching.
"""
from __future__ import annotations

from flask import Flask, request
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:", "https:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
PRIVATE_PREFIXES = ("/admin", "/pedido/", "/cotizacion/", "/checkout", "/carrito", "/login", "/logout",
                    "/chat/", "/clientes", "/ventas", "/pedidos", "/logs", "/exportar", "/files/", "/auth")


def init_app(app: Flask) -> None:
    production = bool(app.config.get("PRODUCTION"))
    app.extensions["talisman"] = Talisman(
        app,
        force_https=False,
        strict_transport_security=production,
        strict_transport_security_max_age=31536000,
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", production),
        session_cookie_http_only=True,
        permissions_policy={"camera": "()", "geolocation": "()", "microphone": "(self)"},
    )

    @app.after_request
    def _private_pages(response):
        if request.path.startswith(("/static/", "/media/")):  # public files (product images) may be cached
            return response
        private = request.path.startswith(PRIVATE_PREFIXES) or response.mimetype == "text/html" \
            or "Authorization" in request.headers
        if private and "no-store" not in (response.headers.get("Cache-Control") or ""):
            response.headers["Cache-Control"] = "no-store"
            response.headers.setdefault("Pragma", "no-cache")
        return response
