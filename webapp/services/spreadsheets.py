"""Excel workbooks (XLSX, openpyxl) that a Colombian Excel opens right.

- Money columns are real numbers with a peso format (`"$" #,##0`, or with cents
  when the amount has them): Excel shows `$ 65.000` with the user's own separators
  and can sum them.
- Timestamps (stored as naive UTC) become real dates in the shop's time zone
  (America/Bogota), shown `dd/mm/yyyy hh:mm`.
- Text is always text: a value starting with `=` is stored as a string, never as
  a formula; characters XML cannot hold are dropped.
- Rows are streamed (write-only workbook), so a large table never sits in memory.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import BinaryIO, Iterable, Iterator
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MONEY_COLUMNS = frozenset({"precio", "total_comprado", "precio_unitario", "subtotal", "total_venta", "total",
                           "envio", "total_con_envio"})
PESOS = '"$" #,##0'
PESOS_CENTS = '"$" #,##0.00'
DATE_TIME = "dd/mm/yyyy hh:mm"
DATE_ONLY = "dd/mm/yyyy"
MAX_WIDTH = 60


def shop_zone() -> ZoneInfo:
    try:
        from flask import current_app
        return ZoneInfo(current_app.config.get("SHOP_TIMEZONE") or "America/Bogota")
    except RuntimeError:  # outside an app context
        return ZoneInfo("America/Bogota")


def local_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """A stored timestamp (naive = UTC) as the shop's naive local time: Excel has no time zones."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(zone).replace(tzinfo=None, microsecond=0)


def _cell(sheet, value, money: bool, zone: ZoneInfo):
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, local_time(value, zone))
        cell.number_format = DATE_TIME
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_ONLY
        return cell
    if isinstance(value, bool):
        return "sí" if value else "no"
    if money and isinstance(value, (int, float, Decimal)):
        amount = Decimal(value)
        cell = WriteOnlyCell(sheet, amount)
        cell.number_format = PESOS if amount == amount.to_integral_value() else PESOS_CENTS
        return cell
    if isinstance(value, (int, float, Decimal)) or value is None:
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not text.startswith("="):
        return text  # a plain value is written as text as it is (and costs less than a cell object)
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"  # "=HYPERLINK(...)" typed by a customer stays text, never a formula
    return cell


def write_sheet(workbook: Workbook, title: str, rows: Iterator[list], zone: ZoneInfo) -> int:
    """One sheet: the first row is the header (bold, frozen); returns the data rows written."""
    sheet = workbook.create_sheet(title=title[:31])
    header = next(rows, None)
    if header is None:
        return 0
    money = [name in MONEY_COLUMNS for name in header]
    for index, name in enumerate(header, start=1):
        width = 14 if name in MONEY_COLUMNS or name in ("fecha", "creado", "actualizado") else min(
            max(len(name) + 4, 12), MAX_WIDTH)
        if name in ("descripcion", "texto", "nombre", "producto", "cliente_nombre"):
            width = 40
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    titles = []
    for name in header:
        cell = WriteOnlyCell(sheet, name)
        cell.font = Font(bold=True)
        titles.append(cell)
    sheet.append(titles)
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, value, money[i] if i < len(money) else False, zone)
                      for i, value in enumerate(row)])
        count += 1
    return count


def write_xlsx(sheets: Iterable[tuple[str, Iterator[list]]], out: BinaryIO) -> int:
    """Write (title, rows) sheets as one workbook into a binary file; returns the data rows written."""
    zone = shop_zone()
    workbook = Workbook(write_only=True)
    total = 0
    for title, rows in sheets:
        total += write_sheet(workbook, title, rows, zone)
    workbook.save(out)
    return total
