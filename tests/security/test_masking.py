"""Point 13: one masking function for logs, exports and the LLM; the "masked" export leaves
no phone or cédula in clear, whatever the format; prices stay."""
import csv
import io
from urllib.parse import urlsplit

import pytest

from tests.admin.admin_helpers import make_conversation
from webapp.services.masking import carries_pii, mask_path, mask_text, reference

CEDULAS = ["12345678", "1.023.456.789", "1 023 456 789", "52-123-456", "52.123.456", "C.C.12345678",
           "CC 1023456789", "NIT 900.123.456-7", "900123456-7", "12.345.678"]
PHONES = ["3001234567", "300 123 4567", "300-123-4567", "300.123.4567", "(300) 123-4567", "+57 300 123 4567",
          "+57 (300) 123 4567", "+573001234567", "57 3001234567", "(+57) 300.123.45.67", "0057 300 1234567",
          "(602) 555 1234", "601 555 1234", "300 12 34 567"]
EMAILS = ["ana.ruiz@mail.com", "x_y+tienda@empresa.com.co", "josé.pérez@correo.co"]
PRICES = ["$15.000", "$ 1.250.000", "$1.234.567", "15000 pesos", "15.000 COP", "COP 15.000", "1250000 pesos",
          "2 mil", "Total: $54.000", "precio 150000", "quiero 20 unidades de 10 libras", "talla 42, referencia EXT-10",
          "Extintor 20 Libras: $28.000 (80 disponibles)", "horario 1-5 07:30-17:30"]


@pytest.mark.parametrize("value", CEDULAS + PHONES + EMAILS)
def test_personal_data_is_masked_in_any_format(value):
    text = f"Mis datos: {value}, gracias"
    masked = mask_text(text)
    digits = "".join(ch for ch in value if ch.isdigit())
    assert value not in masked and (len(digits) < 6 or digits not in "".join(c for c in masked if c.isdigit()))
    assert masked.startswith("Mis datos: ") and masked.endswith(", gracias") and "[" in masked
    assert carries_pii(text) and not carries_pii(masked)


@pytest.mark.parametrize("text", PRICES)
def test_prices_and_quantities_are_left_alone(text):
    assert mask_text(text) == text and not carries_pii(text)


def test_paths_lose_secrets_and_query_strings():
    assert mask_path("/clientes/1023456789") == "/clientes/[cedula]"
    assert mask_path("/clientes/52.123.456/ventas") == "/clientes/[cedula]/ventas"
    chat = "Zq3-_abcdefghijklmnopqrstuvwx"
    assert chat not in mask_path(f"/chat/historial/{chat}") and mask_path(f"/ws/chat/{chat}") == \
        f"/ws/chat/[chat:{reference(chat)}]"
    assert mask_path(f"/pedido/{chat}?x=1") == f"/pedido/[pedido:{reference(chat)}]"
    assert mask_path("/files/exports/ventas-20250101-101010-abc123.csv?token=SECRETO") == \
        "/files/exports/ventas-20250101-101010-abc123.csv"
    assert mask_path("/?q=ana@mail.com") == "/"
    assert mask_path("/buscar/3001234567") == "/buscar/[telefono]"


def test_the_masked_conversation_export_leaves_nothing_in_clear(app, client, auth_headers):
    """The finding: the "masked" export left some phone and cédula formats in clear."""
    lines = [f"cédula {c}" for c in CEDULAS] + [f"cel {p}" for p in PHONES] + [f"correo {e}" for e in EMAILS]
    make_conversation("chat-exportado-0123456789", [{"role": "usuario", "text": line} for line in lines]
                      + [{"role": "agente", "text": "Total: $54.000 por 3 extintores (precio 150000)"}])
    body = client.get("/exportar/conversaciones-rag", headers=auth_headers).get_json()
    parts = urlsplit(body["url"])
    download = app.test_client().get(f"{parts.path}?{parts.query}")
    data = download.get_data().decode("utf-8-sig")
    download.close()
    rows = list(csv.DictReader(io.StringIO(data)))
    exported = " ".join(r["texto"] for r in rows)
    for value in CEDULAS + PHONES + EMAILS:
        digits = "".join(ch for ch in value if ch.isdigit())
        assert value not in exported, value
        assert digits not in "".join(ch for ch in exported if ch.isdigit()) or len(digits) < 6, value
    assert "Total: $54.000 por 3 extintores (precio 150000)" in exported
