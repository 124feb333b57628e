"""The JSON API describes itself (`GET /openapi.json`).

A view declares what it takes and answers with `@operation(...)` beside its route: a Spanish
summary, the pydantic models (`models.py`) of its body, query and answers, the statuses it
returns and whether staff credentials are needed. `build(app)` walks the app's URL map —
paths, methods, path parameters and their converters come from the routes themselves — and
assembles an OpenAPI 3.1 document with apispec. Nothing is kept by hand outside the code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from apispec import APISpec
from pydantic import BaseModel
from werkzeug.routing import IntegerConverter, Rule

from . import models

PUBLIC, STAFF, OPTIONAL_STAFF = "publico", "personal", "publico_o_personal"
BEARER = "bearer"
STATUS_TEXT = {
    200: "Correcto.", 201: "Creado.", 302: "Redirección a un enlace firmado (almacenamiento S3).",
    400: "Solicitud inválida: JSON mal formado o caracteres no permitidos.",
    401: "Falta la sesión de personal o el token Bearer (o no es válido).",
    403: "Prohibido: el enlace firmado no es válido o venció, o el origen no está permitido.",
    404: "No existe.", 409: "Conflicto con lo que hay (sin stock, ya existe).",
    413: "El archivo o la solicitud es demasiado grande.", 415: "Tipo de archivo no soportado.",
    422: "Datos inválidos: `campos` nombra cada campo y su problema.",
    429: "Demasiadas solicitudes: espera los segundos de `Retry-After` (y `retry_after`).",
    503: "Un servicio del que depende no responde (base de datos, Redis o almacenamiento).",
}
TAGS = [
    {"name": "Chat", "description": "Conversar con el asistente de ventas (público, con límites por conversación)."},
    {"name": "Productos", "description": "El catálogo: el público ve lo que está a la venta; el personal, todo."},
    {"name": "Clientes", "description": "Clientes y su historial (personal)."},
    {"name": "Ventas", "description": "Ventas hechas y carritos abiertos (personal)."},
    {"name": "Exportaciones", "description": "Archivos CSV, Excel o ZIP en el almacenamiento (personal)."},
    {"name": "Autenticación", "description": "Tokens Bearer para bots y aplicaciones."},
    {"name": "Operación", "description": "Salud, preparación, configuración y métricas."},
]


@dataclass
class Operation:
    tag: str
    summary: str
    responses: dict[int, type[BaseModel] | str | None]
    auth: str = PUBLIC
    body: type[BaseModel] | None = None
    body_type: str = "application/json"
    query: type[BaseModel] | None = None
    path_enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: str | None = None


def operation(tag: str, summary: str, responses: dict, *, auth: str = PUBLIC, body=None, form=None, query=None,
              path_enums: dict | None = None, description: str | None = None):
    """Declare a view's part of the JSON API (the view itself is returned unchanged).

    `responses`: status → model (JSON), a media type string (e.g. "text/plain"), or None.
    Every operation may also answer 400 (bad JSON or text), and staff ones 401."""
    def declare(view):
        view.openapi = Operation(tag=tag, summary=summary, responses=dict(responses), auth=auth, body=body or form,
                                 body_type="multipart/form-data" if form else "application/json",
                                 query=query, path_enums=dict(path_enums or {}), description=description)
        return view
    return declare


def _path(rule: Rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


def _path_parameters(rule: Rule, spec: Operation) -> list[dict]:
    parameters = []
    for name in sorted(rule.arguments, key=rule.rule.index):
        converter = rule._converters.get(name)
        if isinstance(converter, IntegerConverter):
            schema = {"type": "integer", "minimum": 0, "maximum": 2 ** 31 - 1}
        elif name in spec.path_enums:
            schema = {"type": "string", "enum": list(spec.path_enums[name])}
        else:
            schema = {"type": "string", "pattern": "^[^/]+$", "minLength": 1}
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


class _Schemas:
    """pydantic models registered once as components (nested models lifted from `$defs`)."""

    def __init__(self, spec: APISpec):
        self.spec, self.known = spec, set()

    def ref(self, model: type[BaseModel]) -> dict:
        self._add(model)
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    def _add(self, model: type[BaseModel]) -> None:
        if model.__name__ in self.known:
            return
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
        for name, nested in schema.pop("$defs", {}).items():
            if name not in self.known:
                self.known.add(name)
                self.spec.components.schema(name, nested)
        self.known.add(model.__name__)
        self.spec.components.schema(model.__name__, schema)

    def query_parameters(self, model: type[BaseModel]) -> list[dict]:
        schema = model.model_json_schema(mode="validation")
        required = set(schema.get("required", ()))
        parameters = []
        for name, prop in schema["properties"].items():
            prop = dict(prop)
            description = prop.pop("description", None)
            prop.pop("title", None)
            prop.pop("default", None)
            options = prop.pop("anyOf", None)
            if options:  # `X | None`: a query string either carries the value or leaves it out
                prop.update(next(o for o in options if o.get("type") != "null"))
            parameter = {"name": name, "in": "query", "required": name in required, "schema": prop}
            if description:
                parameter["description"] = description
            parameters.append(parameter)
        return parameters


def _responses(spec: Operation, schemas: _Schemas) -> dict:
    statuses = {400: models.Error, 503: models.Error, **spec.responses}
    if spec.auth == STAFF:
        statuses.setdefault(401, models.Error)
    out = {}
    for status, content in sorted(statuses.items()):
        entry: dict = {"description": STATUS_TEXT.get(status, "Respuesta.")}
        if isinstance(content, type) and issubclass(content, BaseModel):
            entry["content"] = {"application/json": {"schema": schemas.ref(content)}}
        elif isinstance(content, str):
            entry["content"] = {content: {"schema": {"type": "string"}}}
        if status == 429:
            entry["headers"] = {"Retry-After": {"description": "Segundos a esperar.",
                                                "schema": {"type": "string"}}}
        out[str(status)] = entry
    return out


def _security(auth: str) -> list[dict]:
    return {STAFF: [{BEARER: []}], OPTIONAL_STAFF: [{}, {BEARER: []}]}.get(auth, [])


def _operation(view, rule: Rule, method: str, schemas: _Schemas) -> dict:
    spec: Operation = view.openapi
    op = {"operationId": f"{rule.endpoint.replace('.', '_')}_{method}", "summary": spec.summary,
          "tags": [spec.tag], "security": _security(spec.auth),
          "parameters": _path_parameters(rule, spec), "responses": _responses(spec, schemas)}
    if spec.description:
        op["description"] = spec.description
    if spec.query is not None:
        op["parameters"] += schemas.query_parameters(spec.query)
    if spec.body is not None:
        op["requestBody"] = {"required": True, "content": {spec.body_type: {"schema": schemas.ref(spec.body)}}}
    return op


DESCRIPTION = (
    "La API JSON de la tienda: catálogo, clientes, ventas, exportaciones y el asistente de ventas.\n\n"
    "Todo error responde `{\"error\": \"<código>\", \"detalle\": \"<texto>\"}` con un estado 4xx (o 503 si un "
    "servicio no responde). Las operaciones del personal aceptan `Authorization: Bearer <token>` (de "
    "`POST /auth/` o `flask --app wsgi users create-token`) o la sesión de personal del navegador (con su "
    "token CSRF en lo que cambia algo); sin ninguno responden 401. El chat en vivo por websocket "
    "(`/ws/chat/<chat_id>`) se describe en la documentación del proyecto.")


def build(app) -> dict:
    """The OpenAPI document of every route in `app` that declares an `@operation`."""
    spec = APISpec(title="Vendedor API", version=app.config.get("VERSION", "0"), openapi_version="3.1.0",
                   info={"description": DESCRIPTION})
    spec.components.security_scheme(BEARER, {"type": "http", "scheme": "bearer",
                                             "description": "Token de personal."})
    for tag in TAGS:
        spec.tag(tag)
    schemas = _Schemas(spec)
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        if getattr(view, "openapi", None) is None or getattr(rule, "websocket", False):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(_path(rule), {})[method.lower()] = _operation(view, rule, method.lower(), schemas)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def document(app) -> dict:
    """`build(app)`, computed once per app (the routes do not change while it runs)."""
    cached = app.extensions.get("openapi_document")
    if cached is None:
        cached = app.extensions["openapi_document"] = build(app)
    return cached
