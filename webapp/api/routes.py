"""The JSON data API: thin views over the services."""
from __future__ import annotations

from flask import current_app, request
from sqlalchemy import text

from ..errors import json_error
from ..extensions import db
from ..money import as_json_number
from ..openapi import OPTIONAL_STAFF, STAFF, models as m, operation
from ..security import current_staff, staff_required_json
from ..services import audit, catalog, customers, orders
from ..services.catalog import ProductError
from ..services.orders import OrderError
from ..services.pagination import clamp_page
from . import bp
from .serializers import customer_json, open_order_json, product_json, sale_json


def _json_body():
    """The request's JSON object, or None (callers answer 400)."""
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else None


def _actor() -> str:
    user = current_staff()
    return user.email if user else ""


def _paging(default: int = 20):
    return clamp_page(request.args.get("pagina"), request.args.get("por_pagina"), default, 200)


BAD_JSON = (400, "json_invalido", "El cuerpo debe ser un objeto JSON.")


# --- products -----------------------------------------------------------------

@bp.get("/productos/")
@operation("Productos", "Lista y busca productos (el público solo ve los disponibles).",
           {200: m.ProductList}, auth=OPTIONAL_STAFF, query=m.ProductQuery)
def list_products():
    page, per_page = _paging()
    staff_view = current_staff() is not None  # staff see every product, each with its `disponible`
    result = catalog.list_products(q=request.args.get("q", "")[:200] or None,
                                   category=request.args.get("categoria") or None,
                                   page=page, per_page=per_page, only_available=not staff_view)
    return {"productos": [product_json(p) for p in result.items], "total": result.total,
            "pagina": result.page, "por_pagina": result.per_page}


@bp.get("/productos/<int:product_id>")
@operation("Productos", "Un producto (404 para el público si no está a la venta).",
           {200: m.Product, 404: m.Error}, auth=OPTIONAL_STAFF)
def get_product(product_id: int):
    product = catalog.get_product(product_id)
    if product is None or (not product.available and current_staff() is None):
        return json_error(404, "no_encontrado", "Producto no encontrado.")
    return product_json(product)


@bp.post("/productos/")
@operation("Productos", "Crea un producto.", {201: m.Product, 422: m.Error}, auth=STAFF, body=m.ProductInput)
@staff_required_json
def create_product():
    data = _json_body()
    if data is None:
        return json_error(*BAD_JSON)
    try:
        product = catalog.create_product(data)
    except ProductError as exc:
        return json_error(422, "datos_invalidos", str(exc), campos=exc.errors)
    audit.record("producto_creado", f"producto:{product.id}", product.sku, user=_actor())
    db.session.commit()
    return product_json(product), 201


@bp.route("/productos/<int:product_id>", methods=["PUT", "PATCH"])
@operation("Productos", "Cambia los campos enviados de un producto.",
           {200: m.Product, 404: m.Error, 422: m.Error}, auth=STAFF, body=m.ProductChanges)
@staff_required_json
def update_product(product_id: int):
    product = catalog.get_product(product_id)
    if product is None:
        return json_error(404, "no_encontrado", "Producto no encontrado.")
    data = _json_body()
    if data is None:
        return json_error(*BAD_JSON)
    try:
        catalog.update_product(product, data)
    except ProductError as exc:
        return json_error(422, "datos_invalidos", str(exc), campos=exc.errors)
    audit.record("producto_editado", f"producto:{product.id}", ", ".join(sorted(data)), user=_actor())
    db.session.commit()
    return product_json(product)


# --- customers ------------------------------------------------------------------

@bp.get("/clientes/")
@operation("Clientes", "Lista y busca clientes.", {200: m.CustomerList}, auth=STAFF, query=m.CustomerQuery)
@staff_required_json
def list_customers():
    page, per_page = _paging()
    result = customers.list_customers(q=request.args.get("q"), page=page, per_page=per_page)
    return {"clientes": [customer_json(c) for c in result.items], "total": result.total}


@bp.post("/clientes/")
@operation("Clientes", "Registra un cliente (409 si la cédula ya existe).",
           {201: m.Customer, 409: m.Error, 422: m.Error}, auth=STAFF, body=m.CustomerInput)
@staff_required_json
def create_customer():
    data = _json_body()
    if data is None:
        return json_error(*BAD_JSON)
    try:
        customer = customers.create_customer(customers.from_api(data))
    except customers.CustomerError as exc:
        status = 409 if exc.code == "cliente_existente" else 422
        return json_error(status, exc.code, str(exc), campos=exc.errors)
    audit.record("cliente_creado", f"cliente:{customer.id}", user=_actor())
    db.session.commit()
    return customer_json(customer), 201


@bp.get("/clientes/<cedula>")
@operation("Clientes", "Un cliente por cédula, con sus compras y estadísticas.",
           {200: m.CustomerDetail, 404: m.Error}, auth=STAFF)
@staff_required_json
def get_customer(cedula: str):
    customer = customers.find_by_cedula(cedula)
    if customer is None:
        return json_error(404, "no_encontrado", "No hay un cliente con esa cédula.")
    stats = customers.statistics(customer)
    return {**customer_json(customer),
            "ventas": [sale_json(o) for o in customers.history(customer)],
            "estadisticas": {"compras": stats["compras"],
                             "total_comprado": as_json_number(stats["total_comprado"]),
                             "ultima_compra": stats["ultima_compra"].isoformat() if stats["ultima_compra"] else None}}


# --- sales and open orders --------------------------------------------------------

@bp.get("/ventas/")
@operation("Ventas", "Ventas hechas, la más reciente primero.", {200: m.SaleList}, auth=STAFF, query=m.SaleQuery)
@staff_required_json
def list_sales():
    page, per_page = _paging()
    result = orders.list_sales(page=page, per_page=per_page, chat_id=request.args.get("chat_id") or None)
    return {"ventas": [sale_json(o) for o in result.items], "total": result.total,
            "pagina": result.page, "por_pagina": result.per_page}


def _sale_lines(data) -> list[tuple[str, int]] | None:
    lines = data.get("lineas")
    if not isinstance(lines, list):
        return None
    parsed = []
    for line in lines:
        if not isinstance(line, dict) or not isinstance(line.get("sku"), str):
            return None
        quantity = line.get("cantidad")
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            return None
        parsed.append((line["sku"], quantity))
    return parsed


@bp.post("/ventas/")
@operation("Ventas", "Hace una venta: 409 `sin_stock` nombra las líneas que no alcanzan y no escribe nada.",
           {201: m.Sale, 409: m.Error, 422: m.Error}, auth=STAFF, body=m.SaleInput)
@staff_required_json
def create_sale():
    data = _json_body()
    if data is None:
        return json_error(*BAD_JSON)
    client = data.get("cliente")
    lines = _sale_lines(data)
    if not isinstance(client, dict) or lines is None:
        return json_error(422, "datos_invalidos",
                          "Envía cliente (objeto) y lineas (lista de {sku, cantidad entera}).")
    try:
        method = data.get("metodo_pago")
        order = orders.create_sale(customers.from_api(client), lines, channel="web",
                                   payment_method=method if isinstance(method, str) and method else None)
    except customers.CustomerError as exc:
        return json_error(422, "datos_invalidos", str(exc), campos=exc.errors)
    except OrderError as exc:
        status = {"sin_stock": 409, "producto_no_encontrado": 422}.get(exc.code, 422)
        code = exc.code if exc.code == "sin_stock" else "datos_invalidos"
        return json_error(status, code, exc.message, **exc.details)
    audit.record("venta_creada", f"venta:{order.id}", user=_actor())
    db.session.commit()
    return sale_json(order), 201


@bp.get("/pedidos/")
@operation("Ventas", "Carritos abiertos: con productos, aún sin pedido.", {200: m.OpenOrderList}, auth=STAFF)
@staff_required_json
def list_open_orders():
    return {"pedidos": [open_order_json(o) for o in orders.open_carts()]}


# --- logs, health, info ---------------------------------------------------------------

@bp.get("/logs/")
@operation("Operación", "Auditoría y errores, lo más reciente primero.",
           {200: m.AuditLog}, auth=STAFF, query=m.PageQuery)
@staff_required_json
def logs():
    page, per_page = _paging(50)
    result = audit.list_events(page=page, per_page=per_page)
    return {"eventos": [{"fecha": e.created_at.isoformat(), "usuario": e.user, "accion": e.action,
                         "recurso": e.resource, "detalle": e.detail} for e in result.items],
            "total": result.total, "pagina": result.page}


@bp.get("/health")
@operation("Operación", "Vida: base de datos, almacenamiento y proveedor del asistente.",
           {200: m.Health, 503: m.Health})
def health():
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["db"] = "ok"
    except Exception:  # noqa: BLE001 - health reports, never raises
        db.session.rollback()
        checks["db"] = "error"
    checks["storage"] = current_app.config["STORAGE_BACKEND"]
    checks["llm"] = current_app.config["LLM_PROVIDER"]
    status = "ok" if checks["db"] == "ok" else "degradado"
    return {"status": status, **checks}, 200 if status == "ok" else 503


@bp.get("/info")
@operation("Operación", "Versión y resumen de la configuración (sin secretos).", {200: m.Info})
def info():
    config = current_app.config
    engine = config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0].split("+", 1)[0]
    return {"nombre": "Vendedor", "version": config["VERSION"], "base_de_datos": engine,
            "almacenamiento": config["STORAGE_BACKEND"], "proveedor_llm": config["LLM_PROVIDER"],
            "cors": bool(config["CORS_ORIGINS"]), "limite_chat": config["RATE_LIMIT_CHAT"]}
