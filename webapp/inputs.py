"""Bad input gets a 4xx, never a 500: one set of checks for every door.

- JSON (request bodies and websocket frames): nesting deeper than `MAX_DEPTH` and lone
  surrogates or NUL characters in strings are refused as invalid JSON (400 for HTTP, an
  `error` frame for sockets). Numbers are the services' business (422 naming the field).
- Forms and query strings: a NUL character or a lone surrogate anywhere is a 400;
  `request.form.get(..., type=int)` gives the default for a number no id or quantity
  column holds (they are 32-bit INTEGER on PostgreSQL).
- `<int:...>` in paths: a number over 2^31 - 1 does not match (404), instead of
  overflowing the database driver.
"""
from __future__ import annotations

import json
import re

from flask import Flask, Request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

MAX_DEPTH = 32
INT_MIN, INT_MAX = -(2 ** 31), 2 ** 31 - 1  # INTEGER columns (ids, quantities, stock)
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


class BadInput(ValueError):
    """The value cannot be accepted; the message says why (in Spanish)."""


def bad_text(text) -> bool:
    return isinstance(text, str) and bool(_BAD_TEXT.search(text))  # a form part may come without a value


def check_value(value, max_depth: int = MAX_DEPTH) -> None:
    """Raise BadInput for a decoded JSON value we must not store or process."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > max_depth:
                raise BadInput(f"El JSON tiene más de {max_depth} niveles de anidación.")
            if isinstance(item, dict):
                for key, inner in item.items():
                    if bad_text(key):
                        raise BadInput("El texto contiene caracteres no válidos.")
                    stack.append((inner, depth + 1))
            else:
                stack.extend((inner, depth + 1) for inner in item)
        elif isinstance(item, str) and bad_text(item):
            raise BadInput("El texto contiene caracteres no válidos (un sustituto suelto o un carácter nulo).")


def loads(text, max_depth: int = MAX_DEPTH):
    """json.loads that raises BadInput (a ValueError) for everything above."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise BadInput("El cuerpo no es UTF-8 válido.") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise BadInput(f"El JSON tiene más de {max_depth} niveles de anidación.") from None
    check_value(value, max_depth)
    return value


class SafeJSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        return loads(s)


class BoundedMultiDict(ImmutableMultiDict):
    """`get(key, type=int)` never returns a number no database column can hold."""

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's signature
        value = super().get(key, default=default, type=type)
        if type is int and isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            return default
        return value


class SafeRequest(Request):
    parameter_storage_class = BoundedMultiDict


class BoundedIntegerConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", INT_MAX)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered (the converter applies to rules added later)."""
    app.json = SafeJSONProvider(app)
    app.request_class = SafeRequest
    app.url_map.converters["int"] = BoundedIntegerConverter

    @app.before_request
    def _no_control_characters():
        from flask import request
        from werkzeug.exceptions import BadRequest
        if bad_text(request.path):
            from werkzeug.exceptions import NotFound
            raise NotFound()
        _out_of_range_is_not_found(app, request)
        values = list(request.args.items(multi=True))
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.mimetype in (
                "application/x-www-form-urlencoded", "multipart/form-data"):
            values += list(request.form.items(multi=True))
        for key, value in values:
            if bad_text(key) or bad_text(value):
                raise BadRequest("La solicitud contiene caracteres no válidos.")


def _out_of_range_is_not_found(app: Flask, request) -> None:
    """PUT /productos/2147483648: Werkzeug answers 405 when another method's rule has the same
    shape, though no rule takes that number; it is a 404 whatever the method."""
    from werkzeug.exceptions import MethodNotAllowed, NotFound
    if not isinstance(request.routing_exception, MethodNotAllowed):
        return
    adapter = app.url_map.bind_to_environ(request.environ)
    for method in request.routing_exception.valid_methods or ():
        try:
            adapter.match(method=method)
            return
        except (NotFound, MethodNotAllowed):
            continue
        except Exception:  # noqa: BLE001 - a redirect or another answer: that rule exists
            return
    raise NotFound()
