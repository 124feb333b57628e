"""Catalogue search in the database engine: accents, case, plurals, typos, sizes, categories,
hidden products and `within`, on SQLite (FTS5) and PostgreSQL (full text + pg_trgm), on the
demo and on other businesses' catalogues; writes are seen by the very next search."""
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import ProductCategory, SearchTerm
from webapp.services import catalog, search_index
from support import DATA


@pytest.fixture
def app(any_app):
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_app


def names(query, category=None, **kw):
    ids = [m.product_id for m in catalog.search(query, category=category, **kw)]
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
    ("Botiquín", "Botiquín de Primeros Auxilios"),
    ("botiquin", "Botiquín de Primeros Auxilios"),
    ("arnes", "Arnés de Cuerpo Completo"),
    ("respiradr", "Respirador Media Cara con Filtros"),
])
def test_demo_queries_find_the_product(seeded, query, expected):
    assert expected in names(query)


def test_exact_name_ranks_first_among_variants(seeded):
    assert names("extintor 10 libras")[0] == "Extintor 10 Libras"
    assert names("casco amarillo")[0] == "Casco de Seguridad Amarillo"
    assert "Extintor 20 Libras" not in names("extintor 10 libras")


def test_sizes_are_kept_apart(seeded):
    assert names("extintor de 20 libras") == ["Extintor 20 Libras"]
    assert set(names("extintores de 10 libras")) == {"Extintor 10 Libras", "Extintor CO2 10 Libras"}
    assert names("botas talla 41") == ["Botas de Seguridad Talla 41"]
    assert names("chaleco talla l") == ["Chaleco Reflectivo Talla L"]
    assert names("extintor agua 2.5 galones")[0] == "Extintor Agua a presión 2.5 galones"


def test_match_figures(seeded):
    first = catalog.search("casco amarillo xyzzy")[0]  # one of three words is nowhere
    assert catalog.get_product(first.product_id).name == "Casco de Seguridad Amarillo"
    assert first.coverage == pytest.approx(2 / 3)
    assert first.name_coverage == pytest.approx(2 / 3)  # casco and amarillo of casco·seguridad·amarillo
    exact = catalog.search("guantes de nitrilo")[0]
    assert (exact.coverage, exact.name_coverage) == (1.0, 1.0)
    assert exact.score > catalog.search("guantes de nitrilo", partial=True)[1].score
    assert catalog.search("zzzz qqqq") == [] and catalog.search("de la") == []


def test_partial_lists_weaker_matches_after_the_best(seeded):
    found = catalog.search("guantes nitrilo", partial=True)
    assert catalog.get_product(found[0].product_id).name == "Guantes de Nitrilo"
    assert {"Guantes de Vaqueta", "Guantes Dieléctricos Clase 0"} <= set(names("guantes nitrilo", partial=True))
    assert [m.coverage for m in found] == sorted((m.coverage for m in found), reverse=True)
    assert catalog.search("guantes nitrilo", partial=True, limit=2) == found[:2]


def test_category_and_within(seeded):
    assert set(names("extintor", category="Señalización")) == {"Señal Extintor"}
    assert "Señal Extintor" not in names("extintor", category="Extintores")
    ten, co2 = catalog.get_by_sku("EXT-10"), catalog.get_by_sku("EXT-CO2-10")
    assert names("extintor", within=[ten.id, co2.id]) == ["Extintor 10 Libras", "Extintor CO2 10 Libras"]
    assert names("extintor co2", within=[ten.id, co2.id])[0] == "Extintor CO2 10 Libras"
    assert names("extintor", within=[]) == []
    assert names("casco", within=[ten.id]) == []


def test_other_business_catalogue(app):
    result = catalog.import_catalog((DATA / "ferreteria.csv").read_text(encoding="utf-8"))
    assert result.ok and result.created > 20
    found = names("martillo")
    assert found and all("Martillo" in n for n in found)
    assert any("Bombillo" in n for n in names("bombilla"))  # synonym
    assert any("Pintura" in n for n in names("pinturas"))
    assert names("martilo")[:1] and "Martillo" in names("martilo")[0]
    assert names("destornillador de pala 1/4") == ["Destornillador de Pala 1/4"]


def test_category_filter_and_pagination(seeded):
    page = catalog.list_products(category="Extintores", page=1, per_page=5)
    assert page.total >= 8 and len(page.items) == 5
    assert all(p.category == "Extintores" for p in page.items)
    page2 = catalog.list_products(category="Extintores", page=2, per_page=5)
    assert not {p.id for p in page.items} & {p.id for p in page2.items}
    searched = [catalog.list_products(q="extintor", page=n, per_page=4) for n in (1, 2, 3, 4)]
    ids = [p.id for page in searched for p in page.items]
    on_sale = [p for p in catalog.products_by_ids([m.product_id for m in catalog.search("extintor")]) if p.available]
    assert len(ids) == len(set(ids)) == searched[0].total == len(on_sale) and set(ids) == {p.id for p in on_sale}
    assert catalog.list_products(q="de la").total == 0


def test_index_follows_catalogue_changes(app, make_product):
    make_product(name="Linterna Recargable", category="Iluminación")
    assert names("linterna") == ["Linterna Recargable"]
    product = catalog.get_by_sku("SKU-1")
    catalog.update_product(product, {"nombre": "Lámpara Recargable"})
    assert names("linterna") == []
    assert names("lampara") == ["Lámpara Recargable"]
    assert names("lampra") == ["Lámpara Recargable"]   # the corrected spelling comes from the new vocabulary
    db.session.delete(product)
    db.session.commit()
    assert names("lampara") == [] and names("recargable") == []


def test_search_never_caches_price_or_stock(app, make_product):
    product = make_product(name="Botella Térmica", price="20000", stock=5)
    catalog.search("botella")
    product.price, product.stock = 25000, 1
    db.session.commit()
    fresh = catalog.products_by_ids([m.product_id for m in catalog.search("botella")])[0]
    assert fresh.price == 25000 and fresh.stock == 1


def test_unavailable_products_are_hidden_from_the_storefront(app, make_product):
    make_product(name="Casco Azul", available=False)
    make_product(name="Casco Verde")
    assert [p.name for p in catalog.list_products(q="casco").items] == ["Casco Verde"]
    assert [p.name for p in catalog.list_products().items] == ["Casco Verde"]
    assert catalog.list_products().total == 1
    assert catalog.list_products(only_available=False).total == 2
    assert {p.name for p in catalog.list_products(q="casco", only_available=False).items} == {"Casco Azul", "Casco Verde"}
    assert set(names("casco")) == {"Casco Azul", "Casco Verde"}  # the assistant's tools filter them itself


def test_hidden_full_match_does_not_hide_available_partial_matches(app, make_product):
    make_product(name="Guantes Nitrilo Negros", available=False)
    make_product(name="Guantes Nitrilo Azules")
    assert [p.name for p in catalog.list_products(q="guantes nitrilo negros").items] == ["Guantes Nitrilo Azules"]


def test_price_and_stock_edits_keep_the_version_word_edits_change_it(app, make_product):
    product = make_product(name="Linterna Recargable")
    version = catalog.catalog_version()
    catalog.update_product(product, {"precio": "99000", "stock": 4})
    assert catalog.catalog_version() == version
    catalog.update_product(product, {"nombre": "Linterna LED Recargable"})
    assert catalog.catalog_version() != version
    version = catalog.catalog_version()
    catalog.update_product(product, {"disponible": "no"})
    assert catalog.catalog_version() != version


def _maintained():
    terms = dict(db.session.execute(select(SearchTerm.term, SearchTerm.products)).all())
    categories = {c.name: (c.products, c.available) for c in db.session.scalars(select(ProductCategory))}
    documents = {p.id: p.search_document for p in catalog.products_by_ids(
        list(db.session.scalars(select(catalog.Product.id))))}
    return terms, categories, documents


def test_documents_vocabulary_and_counts_match_a_full_rebuild(app, make_product):
    """Kept on every write (create, import, rename, recategorise, hide, delete, roll back)."""
    catalog.import_catalog((DATA / "panaderia.csv").read_text(encoding="utf-8"))
    bread = make_product(name="Pan Integral", category="Panadería")
    catalog.update_product(bread, {"nombre": "Pan Integral de Avena", "categoria": "Saludable"})
    catalog.update_product(catalog.get_by_sku("PAN-EMP-PIP"), {"disponible": "no", "sinonimos": "empanadita"})
    db.session.delete(catalog.get_by_sku("BEB-CHO-QUE"))
    db.session.commit()
    catalog.get_by_sku("PAN-BONO").name = "Cambio que no se guarda"
    db.session.flush()
    db.session.rollback()
    kept = _maintained()
    assert kept[1]["Saludable"] == (1, 1) and "empanadit" in kept[0]
    search_index.rebuild(db.session.connection())
    db.session.commit()
    assert _maintained() == kept
    assert catalog.categories() == sorted(n for n, (_, on_sale) in kept[1].items() if n and on_sale)


def test_reindex_command_repairs_the_search(seeded, runner):
    db.session.execute(SearchTerm.__table__.delete())
    db.session.execute(ProductCategory.__table__.delete())
    db.session.execute(catalog.Product.__table__.update().values(search_document=""))
    db.session.commit()
    assert names("extintor") == [] and catalog.categories() == []
    result = runner.invoke(args=["catalog", "reindex"])
    assert result.exit_code == 0 and "39 productos" in result.output
    assert names("extintr")[:1] == ["Extintor 5 Libras"] and "Extintores" in catalog.categories()
