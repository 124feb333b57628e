"""What the export files hold: UTF-8 with BOM, RFC 4180 quoting, no formulas, masked chat text, a zip."""
import csv
import io
import zipfile
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from tests.admin.admin_helpers import make_conversation, make_sale  # noqa: F401
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.services import catalog, exports
from webapp.services.storage import get_storage

BOM = b"\xef\xbb\xbf"


def export(client, headers, kind):
    response = client.get(f"/exportar/{kind}", headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"archivo", "url", "expira", "bytes"}
    data = get_storage().read(body["archivo"])
    assert body["bytes"] == len(data)
    return body, data


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_answer_shape_link_and_audit(seeded, client, auth_headers):
    body, data = export(client, auth_headers, "inventario")
    assert body["archivo"].startswith("inventario-") and body["archivo"].endswith(".csv")
    expires = datetime.fromisoformat(body["expira"])
    assert timedelta(minutes=59) < expires - datetime.now(timezone.utc) <= timedelta(hours=1)
    assert f"/files/exports/{body['archivo']}?token=" in body["url"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exportacion"))
    assert event.resource == "exportar:inventario" and event.user == "staff@tienda.co"
    unknown = client.get("/exportar/contrasenas", headers=auth_headers)
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "tipo_desconocido"


def test_inventory_is_the_catalogue_format_and_imports_back(seeded, client, auth_headers):
    _, data = export(client, auth_headers, "inventario")
    table = rows(data)
    assert table[0][:9] == catalog.CSV_COLUMNS and len(table) == 40
    assert b"\r\n" in data and "Señal" in data.decode("utf-8-sig")
    result = catalog.import_catalog(data.decode("utf-8-sig"), dry_run=True)
    assert result.ok and result.created == 0 and result.updated == 39


def test_formulas_are_neutralised_and_quoting_is_rfc4180(app, client, auth_headers, make_product):
    make_product(name='=HYPERLINK("http://malo.example","clic")', sku="INJ-1", description="+57 300",
                 category="@SUM(A1)", synonyms="-1+1")
    make_product(name="\tTab", sku="INJ-2", description="\rRetorno")
    make_product(name='Guantes "pro", talla M', sku="Q-1", description="línea 1\nlínea 2")
    _, data = export(client, auth_headers, "inventario")
    table = {row[0]: row for row in rows(data)[1:]}
    assert table["INJ-1"][1] == '\'=HYPERLINK("http://malo.example","clic")'
    assert table["INJ-1"][2] == "'+57 300" and table["INJ-1"][4] == "'@SUM(A1)" and table["INJ-1"][8] == "'-1+1"
    assert table["INJ-2"][1] == "'\tTab" and table["INJ-2"][2] == "'\rRetorno"
    assert table["Q-1"][1] == 'Guantes "pro", talla M' and table["Q-1"][2] == "línea 1\nlínea 2"
    assert b'"Guantes ""pro"", talla M"' in data
    assert table["Q-1"][3] == "10000.00"  # numbers stay numbers


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("normal", "normal"), ("", ""), (None, ""), (Decimal("-5.00"), "-5.00"), (12, "12"), (True, "true")])
def test_safe_cell(value, expected):
    assert exports.safe_cell(value) == expected


def test_customers_with_purchase_totals(seeded, client, auth_headers):
    first = make_sale([("EXT-10", 2)], n=1, name="Ana María Ruiz")
    make_sale([("EXT-20", 1)], n=1, name="Ana María Ruiz", status="cancelada")
    make_sale([("EXT-10", 1)], n=2, name="=cmd|' /C calc'!A0")
    table = rows(export(client, auth_headers, "clientes")[1])
    header, by_cedula = table[0], {row[2]: dict(zip(table[0], row)) for row in table[1:]}
    assert header[:3] == ["id", "nombre", "cedula"] and len(by_cedula) == 2
    ana = by_cedula["10000001"]
    assert ana["nombre"] == "Ana María Ruiz" and ana["telefono"] == "3001000001"
    assert ana["compras"] == "1" and Decimal(ana["total_comprado"]) == first.total
    assert by_cedula["10000002"]["nombre"].startswith("'=")


def test_sales_one_row_per_line(seeded, client, auth_headers):
    chat = make_conversation("chat-ventas", [{"role": "usuario", "text": "hola"}])
    two_lines = make_sale([("EXT-10", 2), ("GUA-NIT", 3)], n=1, conversation=chat, channel="chat")
    cancelled = make_sale([("EXT-20", 1)], n=2, status="cancelada")
    client.post("/carrito/agregar", data={"product_id": catalog.get_by_sku("EXT-10").id})  # a cart is no sale
    table = rows(export(client, auth_headers, "ventas")[1])
    records = [dict(zip(table[0], row)) for row in table[1:]]
    assert len(records) == 3
    mine = [r for r in records if r["venta_id"] == str(two_lines.id)]
    assert [r["sku"] for r in mine] == ["EXT-10", "GUA-NIT"]
    assert {r["total_venta"] for r in mine} == {f"{two_lines.total:.2f}"}
    assert sum(Decimal(r["subtotal"]) for r in mine) == two_lines.total
    assert mine[0]["chat_id"] == "chat-ventas" and mine[0]["canal"] == "chat" and mine[0]["cliente_cedula"] == "10000001"
    assert mine[0]["fecha"].endswith("+00:00")
    assert [r["estado"] for r in records if r["venta_id"] == str(cancelled.id)] == ["cancelada"]


def test_conversations_mask_personal_data(app, client, auth_headers):
    make_conversation("chat-rag", [
        {"role": "usuario", "text": "Soy Ana, cédula 1.234.567.890, cel 300 123 4567 y correo ana.ruiz@mail.com"},
        {"role": "agente", "text": "Anotado. 3 extintores por $150.000 (precio 150000). CC 52123456, tel +57 3101234567",
         "message_type": "venta", "provider": "offline", "latency_ms": 35, "tools": [{"name": "agregar_al_carrito"}]},
    ])
    table = rows(export(client, auth_headers, "conversaciones-rag")[1])
    assert table[0][:7] == ["chat_id", "fecha", "rol", "texto", "tipo_mensaje", "proveedor", "latencia_ms"]
    user, agent = (dict(zip(table[0], row)) for row in table[1:])
    assert user["texto"] == "Soy Ana, cédula [cedula], cel [telefono] y correo [correo]"
    assert "$150.000" in agent["texto"] and "3 extintores" in agent["texto"]
    assert "52123456" not in agent["texto"] and "3101234567" not in agent["texto"]
    assert agent["tipo_mensaje"] == "venta" and agent["proveedor"] == "offline" and agent["latencia_ms"] == "35"
    assert agent["herramientas"] == "agregar_al_carrito" and user["rol"] == "usuario"


@pytest.mark.parametrize("text, expected", [
    ("mi cedula es 12345678", "mi cedula es [cedula]"),
    ("CC 1.023.456.789 gracias", "CC [cedula] gracias"),
    ("llámame al 3001234567", "llámame al [telefono]"),
    ("+57 300-123-4567", "[telefono]"),
    ("escribe a x_y@empresa.com.co", "escribe a [correo]"),
    ("cuesta $1.500.000", "cuesta $1.500.000"),
    ("cuesta $ 250000", "cuesta $ 250000"),
    ("quiero 20 unidades de 10 libras", "quiero 20 unidades de 10 libras"),
])
def test_mask_personal_data(text, expected):
    assert exports.mask_personal_data(text) == expected


def test_full_report_is_a_zip_of_every_csv(seeded, client, auth_headers):
    make_sale([("EXT-10", 1)])
    body, data = export(client, auth_headers, "reporte-completo")
    assert body["archivo"].endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["inventario.csv", "clientes.csv", "ventas.csv", "conversaciones-rag.csv"]
        assert archive.testzip() is None
        for name in archive.namelist():
            assert archive.read(name).startswith(BOM)
        assert len(rows(archive.read("inventario.csv"))) == 40


def test_large_exports_stream(app, client, auth_headers):
    """Turns are written in batches (yield_per), never all loaded at once: memory stays flat."""
    import tracemalloc

    from sqlalchemy import insert

    from webapp.models import Conversation, Message
    conversation = Conversation(chat_id="chat-grande", state={})
    db.session.add(conversation)
    db.session.commit()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    total = 30_000
    for start in range(0, total, 15_000):
        db.session.execute(insert(Message), [
            {"conversation_id": conversation.id, "role": "usuario", "text": f"mensaje número {i} sobre extintores",
             "tools": [], "fallback": False, "created_at": now} for i in range(start, start + 15_000)])
    db.session.commit()
    tracemalloc.start()
    try:
        result = exports.export("conversaciones-rag", get_storage(), 60)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.rows == total
    # Holding every row at once costs about 14 MB here (rows list + file); streaming about 5 MB.
    assert peak < 9_000_000, f"peak {peak / 1e6:.1f} MB"
