"""Two instances of the shop on one database (two workers, two machines): a product written
through one is found, renamed or hidden by the very next search through the other — no index
to rebuild, no stale cache."""
import pytest

from support import _config, make_app
from webapp import create_app
from webapp.extensions import db
from webapp.services import catalog


def names(query, **kw):
    return [p.name for p in catalog.products_by_ids([m.product_id for m in catalog.search(query, **kw)])]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_write_through_one_instance_is_seen_by_the_next_search_through_the_other(tmp_path, backend):
    first = make_app(tmp_path, backend)
    second = create_app(_config(tmp_path, first.config["SQLALCHEMY_DATABASE_URI"]))
    shopper = second.test_client()
    try:
        with first.app_context():
            catalog.create_product({"sku": "LIN-1", "nombre": "Linterna Recargable", "precio": "30000",
                                    "categoria": "Iluminación", "stock": 5})
            db.session.commit()
        with second.app_context():
            assert names("linterna") == ["Linterna Recargable"]   # the second instance caches this ranking
            assert names("linternas recargables") == ["Linterna Recargable"]
        assert "Linterna Recargable" in shopper.get("/?q=linterna").get_data(as_text=True)

        with first.app_context():
            catalog.update_product(catalog.get_by_sku("LIN-1"), {"nombre": "Lámpara de Mano", "categoria": "Camping"})
            db.session.commit()
        with second.app_context():
            assert names("linterna") == [] and names("lampara") == ["Lámpara de Mano"]
            assert names("lampra de mano") == ["Lámpara de Mano"]   # typo corrected from the new vocabulary
            assert catalog.categories() == ["Camping"]
        page = shopper.get("/?q=linterna").get_data(as_text=True)
        assert "No encontramos productos" in page and "Lámpara de Mano" in shopper.get("/?q=lampara").get_data(as_text=True)

        with first.app_context():
            catalog.update_product(catalog.get_by_sku("LIN-1"), {"disponible": "no"})
            db.session.commit()
        assert "No encontramos productos" in shopper.get("/?q=lampara").get_data(as_text=True)
        with second.app_context():
            assert catalog.list_products().total == 0 and catalog.categories() == []
    finally:
        for app in (first, second):
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
