"""Prices as Colombians write them: in the admin form, the JSON API and the CSV import (CLI and admin)."""
import csv
import io
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.admin.admin_helpers import staff_client, staff_user  # noqa: F401
from webapp.extensions import db
from webapp.models import Product
from webapp.money import MoneyError, format_pesos, parse_price
from webapp.services import catalog

HEADER = "sku,nombre,descripcion,precio,categoria,stock,disponible,imagen_url,sinonimos\n"


@pytest.mark.parametrize("written, amount", [
    ("65000", "65000"), ("65.000", "65000"), ("1.250.000", "1250000"), ("65.000,50", "65000.50"),
    ("$ 65.000", "65000"), ("$65.000", "65000"), ("65000.50", "65000.50"), ("65000,5", "65000.50"),
    ("10.505", "10505"), ("0.5", "0.50"), (" 65.000 ", "65000"), (15000, "15000"), (15000.5, "15000.50"),
    (Decimal("99.99"), "99.99"),
])
def test_accepted_amounts(written, amount):
    assert parse_price(written) == Decimal(amount)


@pytest.mark.parametrize("written, words", [
    ("65,000", "ambiguo"), ("65.00.0", "no es válido"), ("1e-7", "no es válido"), (1e-7, "dos decimales"),
    ("-5", "negativo"), (-5, "negativo"), ("NaN", "no es válido"), (float("nan"), "número"), ("abc", "no es válido"),
    ("65000.505", "no es válido"), ("0.505", "no es válido"), (0.505, "dos decimales"), ("", "Escribe"),
    ("65.000,505", "no es válido"), (True, "número"), (None, "número"), ("1,000,000", "ambiguo"),
])
def test_refused_amounts_name_the_field(written, words):
    with pytest.raises(MoneyError) as refused:
        parse_price(written, "costo")
    assert refused.value.field == "costo" and words in refused.value.message
    assert "costo" in refused.value.message


def test_whole_pesos_for_the_dashboard():
    assert format_pesos(Decimal("1234567.60")) == "$1.234.568"


def test_admin_form_stores_sixty_five_thousand(app, staff_client):
    response = staff_client.post("/admin/productos/nuevo", data={
        "sku": "EXT-65", "nombre": "Extintor CO2 10 libras", "precio": "65.000", "stock": "3", "disponible": "y"})
    assert response.status_code == 302
    assert catalog.get_by_sku("EXT-65").price == Decimal("65000")
    product = catalog.get_by_sku("EXT-65")
    staff_client.post(f"/admin/productos/{product.id}", data={
        "sku": "EXT-65", "nombre": product.name, "precio": "65.000,50", "disponible": "y"})
    db.session.refresh(product)
    assert product.price == Decimal("65000.50")
    form = staff_client.get(f"/admin/productos/{product.id}").get_data(as_text=True)
    assert 'value="65000.5"' in form or 'value="65000.50"' in form


def test_admin_form_refuses_ambiguous_price_and_keeps_the_fields(app, staff_client):
    response = staff_client.post("/admin/productos/nuevo", data={
        "sku": "EXT-66", "nombre": "Extintor Solkaflam", "precio": "65,000", "stock": "3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "El precio «65,000» es ambiguo" in html
    assert 'value="Extintor Solkaflam"' in html and 'value="EXT-66"' in html
    assert catalog.get_by_sku("EXT-66") is None


def test_json_api_prices(app, client, auth_headers):
    ok = client.post("/productos/", json={"sku": "A-1", "nombre": "Casco", "precio": 15000.5}, headers=auth_headers)
    assert ok.status_code == 201 and ok.get_json()["precio"] == 15000.5
    dotted = client.post("/productos/", json={"sku": "A-2", "nombre": "Casco", "precio": "65.000"}, headers=auth_headers)
    assert dotted.status_code == 201 and dotted.get_json()["precio"] == 65000
    tiny = client.post("/productos/", json={"sku": "A-3", "nombre": "Casco", "precio": 1e-7}, headers=auth_headers)
    body = tiny.get_json()
    assert tiny.status_code == 422 and body["error"] == "datos_invalidos" and "precio" in body["detalle"]
    assert catalog.get_by_sku("A-3") is None
    comma = client.post("/productos/", json={"sku": "A-4", "nombre": "Casco", "precio": "65,000"}, headers=auth_headers)
    assert comma.status_code == 422 and "ambiguo" in comma.get_json()["detalle"]


def test_csv_import_reads_colombian_prices_and_refuses_ambiguous_ones(app, runner, tmp_path):
    good = tmp_path / "bueno.csv"
    good.write_text(HEADER + "P-1,Guantes,,65.000,EPP,5,si,,\nP-2,Botas,,\"65.000,50\",EPP,5,si,,\n", encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert catalog.get_by_sku("P-1").price == Decimal("65000") and catalog.get_by_sku("P-2").price == Decimal("65000.50")
    bad = tmp_path / "malo.csv"
    bad.write_text(HEADER + "P-3,Gafas,,12000,EPP,5,si,,\nP-4,Tapones,,\"65,000\",EPP,5,si,,\n", encoding="utf-8")
    before = db.session.scalar(select(func.count(Product.id)))
    result = runner.invoke(args=["catalog", "import", str(bad)])
    assert result.exit_code != 0 and "línea 3" in result.output and "precio" in result.output
    assert db.session.scalar(select(func.count(Product.id))) == before and catalog.get_by_sku("P-3") is None


def _upload(client, content: str):
    return client.post("/admin/productos/importar", content_type="multipart/form-data",
                       data={"archivo": (io.BytesIO(content.encode("utf-8")), "c.csv"), "accion": "vista_previa"})


def _apply(client, content: str, **extra):
    return client.post("/admin/productos/importar", data={"contenido": content, "accion": "aplicar", **extra})


def test_csv_preview_shows_new_prices_and_asks_before_blanks_erase(seeded, staff_client):
    product = catalog.get_by_sku("EXT-10")
    image, synonyms = product.image_url, product.synonyms
    assert image and synonyms
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([
        ["EXT-10", product.name, product.description, "15.000", product.category, product.stock, "si", "", ""],
        ["NEW-9", "Señal de salida", "", "12.500,50", "Señalización", 4, "si", "", ""]])
    content = HEADER + out.getvalue()
    preview = _upload(staff_client, content).get_data(as_text=True)
    assert '<div class="preview-price">precio: $12.500,50</div>' in preview
    assert 'id="catalog-blank-choice"' in preview and "EXT-10" in preview.split('id="catalog-blank-choice"')[1]
    assert "(vacío: se borraría)" in preview
    assert _apply(staff_client, content).status_code == 302  # default: keep what the product has
    db.session.refresh(product)
    assert product.image_url == image and product.synonyms == synonyms
    assert catalog.get_by_sku("NEW-9").price == Decimal("12500.50")
    assert _apply(staff_client, content, vacios="borrar").status_code == 302
    db.session.refresh(product)
    assert product.image_url == "" and product.synonyms == ""
