"""Catalogue search: accents, case, plurals, typos, on the demo and on other businesses' catalogues."""
import pytest

from webapp.models import Product
from webapp.services import catalog
from support import DATA


def names(query, category=None):
    ids = [m.product_id for m in catalog.search(query, category=category)]
    return [p.name for p in catalog.products_by_ids(ids)]


@pytest.mark.parametrize("query, expected", [
    ("extintor", "Extintor 10 Libras"),
    ("EXTINTORES", "Extintor 20 Libras"),
    ("extintr", "Extintor 10 Libras"),
    ("extinter", "Extintor 10 Libras"),
    ("guantes nitrilo", "Guantes de Nitrilo"),
    ("gantes de nitrilo", "Guantes de Nitrilo"),
    ("senalizacion", "Señal Salida de Emergencia"),
    ("señalización", "Señal Extintor"),
    ("cascos", "Casco de Seguridad Amarillo"),
    ("casco amarillo", "Casco de Seguridad Amarillo"),
    ("extinguidor", "Extintor 10 Libras"),
])
def test_demo_queries_find_the_product(seeded, query, expected):
    assert expected in names(query)


def test_exact_name_ranks_first_among_variants(seeded):
    assert names("extintor 10 libras")[0] == "Extintor 10 Libras"
    assert names("casco amarillo")[0] == "Casco de Seguridad Amarillo"
    assert "Extintor 20 Libras" not in names("extintor 10 libras")


def test_other_business_catalogue(app):
    result = catalog.import_catalog((DATA / "ferreteria.csv").read_text(encoding="utf-8"))
    assert result.ok and result.created > 20
    found = names("martillo")
    assert found and all("Martillo" in n for n in found)
    assert any("Bombillo" in n for n in names("bombilla"))  # synonym
    assert any("Pintura" in n for n in names("pinturas"))


def test_category_filter_and_pagination(seeded):
    page = catalog.list_products(category="Extintores", page=1, per_page=5)
    assert page.total >= 8 and len(page.items) == 5
    assert all(p.category == "Extintores" for p in page.items)
    page2 = catalog.list_products(category="Extintores", page=2, per_page=5)
    assert not {p.id for p in page.items} & {p.id for p in page2.items}


def test_index_follows_catalogue_changes(app, make_product):
    make_product(name="Linterna Recargable", category="Iluminación")
    assert names("linterna") == ["Linterna Recargable"]
    product = catalog.get_by_sku("SKU-1")
    catalog.update_product(product, {"nombre": "Lámpara Recargable"})
    assert names("linterna") == []
    assert names("lampara") == ["Lámpara Recargable"]


def test_search_never_caches_price_or_stock(app, make_product):
    product = make_product(name="Botella Térmica", price="20000", stock=5)
    catalog.search("botella")
    product.price, product.stock = 25000, 1
    from webapp.extensions import db
    db.session.commit()
    fresh = catalog.products_by_ids([m.product_id for m in catalog.search("botella")])[0]
    assert fresh.price == 25000 and fresh.stock == 1


def test_unavailable_products_are_hidden_from_the_storefront(app, make_product):
    make_product(name="Casco Azul", available=False)
    make_product(name="Casco Verde")
    assert [p.name for p in catalog.list_products(q="casco").items] == ["Casco Verde"]


def test_price_and_stock_edits_keep_the_index_names_rebuild_it(app, make_product):
    product = make_product(name="Linterna Recargable")
    version = catalog.catalog_version()
    catalog.update_product(product, {"precio": "99000", "stock": 4})
    assert catalog.catalog_version() == version
    catalog.update_product(product, {"nombre": "Linterna LED Recargable"})
    assert catalog.catalog_version() != version
