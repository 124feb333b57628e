"""`catalog import` rules: upsert by sku, all or nothing, bad rows reported by line."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Product
from webapp.services import catalog
from support import DATA


def count():
    return db.session.scalar(select(func.count(Product.id)))


def test_import_and_update(runner, app):
    result = runner.invoke(args=["catalog", "import", str(DATA / "panaderia.csv")])
    assert result.exit_code == 0, result.output
    assert "creados: 15" in result.output
    result = runner.invoke(args=["catalog", "import", str(DATA / "panaderia.csv")])
    assert "creados: 0, actualizados: 15" in result.output
    assert count() == 15


def test_update_changes_price(seeded, runner):
    before = count()
    result = runner.invoke(args=["catalog", "import", str(DATA / "catalog_update.csv")])
    assert result.exit_code == 0, result.output
    assert "creados: 1, actualizados: 1" in result.output
    assert catalog.get_by_sku("EXT-10").price == Decimal("16000")
    assert count() == before + 1


@pytest.mark.parametrize("file, line", [("bad_price.csv", 3), ("bad_negative_stock.csv", 4),
                                        ("bad_duplicate_sku.csv", 4), ("bad_missing_column.csv", 1)])
def test_bad_file_writes_nothing(app, runner, file, line):
    result = runner.invoke(args=["catalog", "import", str(DATA / file)])
    assert result.exit_code != 0
    assert f"línea {line}" in result.output
    assert count() == 0


def test_decimal_price_and_booleans(app):
    content = ("sku,nombre,descripcion,precio,categoria,stock,disponible,imagen_url,sinonimos\n"
               "A1,Tornillo,,1250.50,Tornillería,3,no,,perno|tornillito\n")
    assert catalog.import_catalog(content).ok
    product = catalog.get_by_sku("A1")
    assert product.price == Decimal("1250.50") and product.available is False
    assert product.synonym_list == ["perno", "tornillito"]
