"""CSV exports (and a zip of all of them) written to the configured storage.

Every CSV is UTF-8 with a BOM (Excel opens accents right), comma separated,
quoted per RFC 4180 where needed, with CRLF line ends. Text cells that a
spreadsheet would read as a formula (starting with = + - @ tab or CR) get a
leading apostrophe. Rows are streamed from the database (`yield_per`) into a
spooled temporary file, so a large table never sits in memory at once.

Files:
- inventario: one row per product, the same columns as the catalogue CSV
  (so an export can be edited and imported back) plus id and timestamps.
- clientes: one row per customer with purchase count and total bought.
- ventas: one row per sold line (a sale with three products is three rows);
  the sale's own fields (id, fecha, estado, canal, cliente, total_venta,
  envio, total_con_envio, metodo_pago, estado_pago, ciudad) repeat on each of
  its rows; `envio` and `total_con_envio` are empty while the shipping is not
  known, `metodo_pago` is the method's code. Open carts are not sales and are
  left out.
- conversaciones-rag: one row per turn; cédulas, phone numbers and e-mail
  addresses in the text are masked so the file can feed a retrieval index.
- reporte-completo: a zip holding the four CSVs above.

Dates are ISO-8601 in UTC (`2025-03-01T15:04:05+00:00`); money is a plain
number in COP with two decimals (`15000.00`).

Each kind can also be written as an Excel workbook (`fmt="xlsx"`, openpyxl):
real numbers with the peso format (`$ 65.000` in a Colombian Excel), dates as
real dates in the shop's time zone (America/Bogota), a bold frozen header, and
every text cell stored as text (never a formula). The full report is then one
workbook with a sheet per kind.
"""
from __future__ import annotations

import codecs
import logging
import csv
import secrets
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import BinaryIO, Iterable, Iterator

from sqlalchemy import func, select

from ..extensions import db
from ..models import Conversation, Customer, Message, Order, OrderLine, OrderStatus, Product
from .masking import mask_text
from .storage import Storage, StorageError, cleanup

log = logging.getLogger(__name__)

CSV_KINDS = ("inventario", "clientes", "ventas", "conversaciones-rag")
KINDS = CSV_KINDS + ("reporte-completo",)
FORMATS = ("csv", "xlsx")
LABELS = {"inventario": "inventario", "clientes": "clientes", "ventas": "ventas",
          "conversaciones-rag": "conversaciones", "reporte-completo": "reporte completo"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BATCH = 1000
SPOOL_BYTES = 8 * 1024 * 1024


class ExportError(ValueError):
    pass


@dataclass
class ExportResult:
    kind: str
    name: str
    size: int
    rows: int
    url: str
    expires_at: datetime  # aware UTC


# --- cells -------------------------------------------------------------------------

def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):  # stored as naive UTC
        return value.replace(microsecond=0, tzinfo=value.tzinfo or timezone.utc).isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def mask_personal_data(text: str | None) -> str:
    """Hide e-mails, Colombian phone numbers and cédula/NIT numbers in any common format
    (the one masking used for logs and the LLM too); prices ($150.000, 15000 pesos) stay."""
    return mask_text(text)


# --- rows ----------------------------------------------------------------------------

def _stream(query) -> Iterator:
    return db.session.execute(query.execution_options(yield_per=BATCH))


def inventory_rows() -> Iterator[list]:
    yield ["sku", "nombre", "descripcion", "precio", "categoria", "stock", "disponible", "imagen_url",
           "sinonimos", "id", "actualizado"]
    for (p,) in _stream(select(Product).order_by(Product.id)):
        yield [p.sku, p.name, p.description, p.price, p.category, p.stock, p.available, p.image_url,
               p.synonyms, p.id, p.updated_at]


def customer_rows() -> Iterator[list]:
    yield ["id", "nombre", "cedula", "telefono", "email", "direccion", "barrio", "indicaciones_entrega",
           "autorizacion_datos", "creado", "compras", "total_comprado"]
    totals = (select(Order.customer_id, func.count(Order.id).label("n"), func.sum(Order.total).label("amount"))
              .where(Order.status.in_(OrderStatus.PLACED)).group_by(Order.customer_id).subquery())
    query = (select(Customer, totals.c.n, totals.c.amount)
             .outerjoin(totals, totals.c.customer_id == Customer.id).order_by(Customer.id))
    for c, count, amount in _stream(query):
        yield [c.id, c.name, c.cedula, c.phone, c.email, c.address, c.neighborhood, c.delivery_notes,
               c.consent_at, c.created_at, count or 0, amount or 0]


def sales_rows() -> Iterator[list]:
    yield ["venta_id", "fecha", "estado", "canal", "chat_id", "cliente_cedula", "cliente_nombre",
           "sku", "producto", "cantidad", "precio_unitario", "subtotal", "total_venta",
           "envio", "total_con_envio", "metodo_pago", "estado_pago", "ciudad"]
    query = (select(OrderLine.sku, OrderLine.name, OrderLine.quantity, OrderLine.unit_price,
                    Order.id, Order.placed_at, Order.created_at, Order.status, Order.channel, Order.total,
                    Conversation.chat_id, Order.ship_cedula, Order.ship_name, Order.shipping_cost,
                    Order.payment_method, Order.payment_status, Order.ship_city)
             .join(Order, OrderLine.order_id == Order.id)
             .outerjoin(Conversation, Order.conversation_id == Conversation.id)
             .where(Order.status != OrderStatus.CART, Order.placed_at.is_not(None))
             .order_by(Order.id, OrderLine.id))
    for (sku, name, qty, price, order_id, placed, created, status, channel, total, chat_id, cedula, customer,
         shipping, method, paid, city) in _stream(query):
        yield [order_id, placed or created, status, channel, chat_id, cedula, customer,
               sku, name, qty, price, price * qty, total,
               shipping, None if shipping is None else total + shipping, method or None, paid, city]


def conversation_rows() -> Iterator[list]:
    yield ["chat_id", "fecha", "rol", "texto", "tipo_mensaje", "proveedor", "latencia_ms", "herramientas",
           "respaldo"]
    query = (select(Conversation.chat_id, Message.created_at, Message.role, Message.text,
                    Message.message_type, Message.provider, Message.latency_ms, Message.tools, Message.fallback)
             .join(Conversation, Message.conversation_id == Conversation.id)
             .order_by(Conversation.id, Message.id))
    for chat_id, created, role, text, kind, provider, latency, tools, fallback in _stream(query):
        yield [chat_id, created, role, mask_personal_data(text), kind, provider, latency,
               tool_names(tools), fallback]


def tool_names(tools) -> str:
    """The names of the tools a turn called, whatever shape the agent stored them in."""
    names = []
    for tool in tools or []:
        if isinstance(tool, dict):
            names.append(str(tool.get("name") or tool.get("nombre") or tool.get("tool") or ""))
        else:
            names.append(str(tool))
    return "|".join(n for n in names if n)


ROWS = {"inventario": inventory_rows, "clientes": customer_rows, "ventas": sales_rows,
        "conversaciones-rag": conversation_rows}


# --- files -------------------------------------------------------------------------------

def write_csv(rows: Iterable[list], out: BinaryIO) -> int:
    """Write rows as UTF-8-with-BOM CSV into a binary file; returns the data rows written."""
    out.write(codecs.BOM_UTF8)
    text = codecs.getwriter("utf-8")(out)
    writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    count = -1
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        count += 1
    text.flush()
    return max(count, 0)


def _spool() -> tempfile.SpooledTemporaryFile:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")


def file_name(kind: str, now: datetime | None = None, fmt: str = "csv") -> str:
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%d-%H%M%S")
    extension = "xlsx" if fmt == "xlsx" else ("zip" if kind == "reporte-completo" else "csv")
    return f"{kind}-{stamp}-{secrets.token_hex(3)}.{extension}"


def _build(kind: str, out: BinaryIO, fmt: str = "csv") -> int:
    if fmt == "xlsx":
        from .spreadsheets import write_xlsx
        members = CSV_KINDS if kind == "reporte-completo" else (kind,)
        return write_xlsx([(LABELS[m], ROWS[m]()) for m in members], out)
    if kind in ROWS:
        return write_csv(ROWS[kind](), out)
    total = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in CSV_KINDS:
            with _spool() as part:
                total += write_csv(ROWS[member](), part)
                part.seek(0)
                with archive.open(f"{member}.csv", "w", force_zip64=True) as target:
                    while chunk := part.read(1024 * 1024):
                        target.write(chunk)
    return total


def export(kind: str, storage: Storage, link_seconds: int, retention_hours: float | None = None,
           fmt: str = "csv") -> ExportResult:
    """Write one export to storage and return its file name, size and an expiring link.

    With `retention_hours`, files older than that are deleted afterwards (best
    effort; `flask exports cleanup` from cron does the same)."""
    if kind not in KINDS:
        raise ExportError(f"Tipo de exportación desconocido: {kind}. Usa: {', '.join(KINDS)}.")
    if fmt not in FORMATS:
        raise ExportError(f"Formato desconocido: {fmt}. Usa: {', '.join(FORMATS)}.")
    name = file_name(kind, fmt=fmt)
    with _spool() as out:
        rows = _build(kind, out, fmt)
        size = out.tell()
        out.seek(0)
        storage.save(name, out)
    db.session.rollback()  # end the long read transaction
    if retention_hours:
        try:
            cleanup(storage, retention_hours)
        except StorageError as exc:
            log.warning("No se pudieron borrar exportaciones vencidas: %s", exc)
    return ExportResult(kind=kind, name=name, size=size, rows=rows, url=storage.url(name, link_seconds),
                        expires_at=datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=link_seconds))
