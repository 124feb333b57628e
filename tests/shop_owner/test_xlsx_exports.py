"""Excel exports: real numbers in pesos, Bogotá local times, text never a formula; list refreshes on finish."""
import io
from datetime import datetime

from openpyxl import load_workbook

from tests.admin.admin_helpers import HX, make_sale, staff_client, staff_user  # noqa: F401
from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from webapp.services.storage import get_storage


def workbook(client, headers, kind):
    response = client.get(f"/exportar/{kind}?formato=xlsx", headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["archivo"].startswith(kind) and body["archivo"].endswith(".xlsx")
    return load_workbook(io.BytesIO(get_storage().read(body["archivo"])))


def test_sales_workbook_has_numbers_pesos_and_local_times(app, client, auth_headers, make_product):
    make_product("Extintor 10 Libras", "15000", 50, sku="EXT-10")
    make_product("Casco", "32500.50", 50, sku="CAS-1")
    order = make_sale([("EXT-10", 2), ("CAS-1", 1)], placed_at=datetime(2025, 3, 1, 2, 30))  # 21:30 Feb 28 in Bogotá
    sheet = workbook(client, auth_headers, "ventas")["ventas"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["venta_id", "fecha", "estado", "canal"] and sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    rows = [dict(zip(header, [c for c in row])) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 2 and rows[0]["venta_id"].value == order.id
    assert rows[0]["fecha"].value == datetime(2025, 2, 28, 21, 30) and rows[0]["fecha"].number_format == "dd/mm/yyyy hh:mm"
    price = rows[0]["precio_unitario"]
    assert isinstance(price.value, (int, float)) and price.value == 15000 and price.number_format == '"$" #,##0'
    cents = rows[1]["precio_unitario"]
    assert cents.value == 32500.5 and cents.number_format == '"$" #,##0.00'
    assert rows[0]["total_venta"].value == 62500.5 and rows[0]["cantidad"].value == 2
    assert rows[0]["cliente_cedula"].data_type == "s"  # a cédula stays text (leading zeros, no 1E+9)


def test_formulas_are_text_and_report_has_a_sheet_per_kind(app, client, auth_headers, make_product):
    make_product(name='=HYPERLINK("http://malo.example","clic")', sku="INJ-1", description="+57 300\x01",
                 price="10000")
    book = workbook(client, auth_headers, "inventario")
    cell = book["inventario"]["B2"]
    assert cell.value == '=HYPERLINK("http://malo.example","clic")' and cell.data_type == "s"
    assert book["inventario"]["C2"].value == "+57 300"
    report = workbook(client, auth_headers, "reporte-completo")
    assert report.sheetnames == ["inventario", "clientes", "ventas", "conversaciones"]
    bad = client.get("/exportar/ventas?formato=pdf", headers=auth_headers)
    assert bad.status_code == 400 and bad.get_json()["error"] == "formato_desconocido"


def test_admin_excel_button_and_list_refresh_trigger(app, staff_client, make_product):
    make_product("Guantes", "8000", 10, sku="GUA-1")
    response = staff_client.post("/admin/exportaciones/inventario", data={"formato": "xlsx"}, headers=HX)
    assert response.status_code == 200 and ".xlsx" in response.get_data(as_text=True)
    assert "exportDone" in response.headers["HX-Trigger"]
    page = staff_client.get("/admin/exportaciones").get_data(as_text=True)
    assert 'hx-trigger="exportDone from:body"' in page and ".xlsx" in page.split('id="export-files"')[1]
    assert 'id="export-inventario-xlsx"' in page
    assert staff_client.post("/admin/exportaciones/inventario", data={"formato": "exe"}).status_code == 404
