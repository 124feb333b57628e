"""Storefront pages cost a few queries, the same for 2 products as for 12, and never count by
scanning the products (the category counts are kept on write), on SQLite and PostgreSQL."""
import re

import pytest

from tests.admin.admin_helpers import count_queries
from webapp.extensions import db
from webapp.services import catalog

# the most queries each page may take with an anonymous shopper (a regression guard, not a goal)
BUDGET = {"/": 4, "/?categoria=Herramientas": 4, "/?pagina=2": 4, "/?q=martillo": 5,
          "/?q=martillo&pagina=2": 5}


@pytest.fixture
def app(any_app):
    return any_app


def _fill(make_product, start: int, count: int) -> None:
    for n in range(start, start + count):
        make_product(f"Martillo de prueba {n}", category="Herramientas", sku=f"MAR-{n}")


def _queries(app, url: str, headers=None) -> list[str]:
    db.session.remove()  # each page view starts from an empty session, as a real request does
    client = app.test_client()
    with count_queries() as statements:
        response = client.get(url, headers=headers)
        assert response.status_code == 200
    return statements


@pytest.mark.parametrize("url", list(BUDGET))
def test_catalogue_pages_do_not_query_per_product(app, make_product, url):
    _fill(make_product, 1, 2)
    _queries(app, url)  # a search's first view after a write ranks; the next ones reuse it
    few = _queries(app, url)
    _fill(make_product, 3, 10)
    cold = _queries(app, url)
    many = _queries(app, url)
    assert len(many) == len(few) <= BUDGET[url], many
    assert len(cold) <= len(many) + 3, cold  # a new ranking: known words, close spellings, candidates
    for statement in cold + many:  # counts come from the kept category counts, never from the products
        assert not re.search(r"count\(", statement, re.I), statement


def test_product_and_cart_pages_take_a_fixed_number_of_queries(app, make_product):
    _fill(make_product, 1, 12)
    client = app.test_client()
    ids = [catalog.get_by_sku(f"MAR-{n}").id for n in range(1, 13)]

    def queries(url):
        db.session.remove()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return statements

    client.post("/carrito/agregar", data={"product_id": ids[0], "cantidad": 1})
    product_page, one_line = queries(f"/producto/{ids[1]}"), queries("/carrito")
    for product_id in ids[1:]:
        client.post("/carrito/agregar", data={"product_id": product_id, "cantidad": 2})
    assert len(queries("/carrito")) == len(one_line) <= 10, one_line
    assert len(product_page) <= 8, "\n".join(q[:90].replace("\n", " ") for q in product_page)


def test_catalogue_html_builds_links_once_and_right(app, make_product):
    _fill(make_product, 1, 12)
    page = app.test_client().get("/?categoria=Herramientas&pagina=1").get_data(as_text=True)
    links = re.findall(r'<a href="(/producto/\d+)" class="card-link">', page)
    assert len(links) == 12 and len(set(links)) == 12
    assert page.count('action="/carrito/agregar"') == 12
    assert page.count('value="/?categoria=Herramientas&amp;pagina=1"') == 12  # back to this page after adding
    assert page.count("$10.000") == 12
