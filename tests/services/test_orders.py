"""Order rules on SQLite and PostgreSQL: cart lines, totals, atomic placing, status changes."""
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Customer, Order, OrderStatus, Product
from webapp.services import conversations, orders
from webapp.services.customers import CustomerError
from webapp.services.orders import OrderError
from support import CUSTOMER

VALUES = {"name": "Ana Gómez", "cedula": "1023456789", "phone": "3105551234", "email": "ana@correo.co",
          "address": "Carrera 5 # 10-20", "neighborhood": "San Antonio", "delivery_notes": ""}


@pytest.fixture
def product(any_app):
    item = Product(sku="P-1", name="Taladro Percutor", price=Decimal("150000.50"), stock=5, category="Herramientas")
    db.session.add(item)
    db.session.commit()
    return item


def test_cart_lines_and_totals(any_app, product):
    chat = conversations.get_or_create_conversation()
    orders.add_item(chat, product.id, 2)
    view = orders.add_item(chat, product.id, 1)
    assert [(ln.sku, ln.quantity) for ln in view.lines] == [("P-1", 3)]
    assert view.total == Decimal("450001.50")
    assert orders.set_quantity(chat, product.id, 1).total == Decimal("150000.50")
    assert orders.remove_item(chat, product.id).lines == []


@pytest.mark.parametrize("quantity", [0, -1, 1001, "x"])
def test_bad_quantities_are_refused(any_app, product, quantity):
    chat = conversations.get_or_create_conversation()
    with pytest.raises(OrderError) as exc:
        orders.add_item(chat, product.id, quantity)
    assert exc.value.code == "cantidad_invalida"


def test_more_than_stock_is_refused_with_what_is_available(any_app, product):
    chat = conversations.get_or_create_conversation()
    with pytest.raises(OrderError) as exc:
        orders.add_item(chat, product.id, 6)
    assert exc.value.code == "sin_stock" and "Solo hay 5" in exc.value.message
    assert orders.view(orders.open_order(chat)).lines == []


def test_place_order_freezes_prices_and_takes_stock(any_app, product):
    chat = conversations.get_or_create_conversation()
    orders.add_item(chat, product.id, 2)
    order = orders.place(orders.open_order(chat), VALUES, channel="chat")
    assert order.status == OrderStatus.PENDING and order.channel == "chat"
    assert order.total == Decimal("300001.00")
    product.price = Decimal("1")
    db.session.commit()
    db.session.refresh(product)
    assert product.stock == 3
    assert orders.view(order).total == Decimal("300001.00")  # history is not rewritten
    assert orders.open_order(chat) is None
    assert db.session.scalar(select(Customer.name).where(Customer.cedula == "1023456789")) == "Ana Gómez"


def test_double_submit_places_one_order(any_app, product):
    chat = conversations.get_or_create_conversation()
    orders.add_item(chat, product.id, 1)
    cart = orders.open_order(chat)
    first = orders.place(cart, VALUES, channel="web")
    second = orders.place(cart, VALUES, channel="web")
    assert first.id == second.id
    db.session.refresh(product)
    assert product.stock == 4


def test_invalid_customer_data_writes_nothing(any_app, product):
    chat = conversations.get_or_create_conversation()
    orders.add_item(chat, product.id, 1)
    with pytest.raises(CustomerError) as exc:
        orders.place(orders.open_order(chat), {**VALUES, "cedula": "123", "phone": "2001234567"}, "web")
    assert set(exc.value.errors) == {"cedula", "phone"}
    assert orders.open_order(chat) is not None
    db.session.refresh(product)
    assert product.stock == 5


def test_product_that_became_unavailable_is_reported_not_sold(any_app, product):
    chat = conversations.get_or_create_conversation()
    orders.add_item(chat, product.id, 2)
    product.available = False
    db.session.commit()
    with pytest.raises(OrderError) as exc:
        orders.place(orders.open_order(chat), VALUES, "web")
    assert exc.value.code == "sin_stock" and "Taladro Percutor" in exc.value.message
    assert orders.open_order(chat) is not None
    assert db.session.scalar(select(func.count(Customer.id))) == 0


def _place_concurrently(app, carts, customer_for):
    results = []
    barrier = threading.Barrier(len(carts))

    def buy(index, order_id):
        with app.app_context():
            order = db.session.get(Order, order_id)
            barrier.wait()
            try:
                orders.place(order, customer_for(index), "web")
                results.append("ok")
            except OrderError as exc:
                results.append(exc.code)
            finally:
                db.session.remove()
    threads = [threading.Thread(target=buy, args=(i, oid)) for i, oid in enumerate(carts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.parametrize("buyers, each", [(10, 1), (8, 2)])
def test_concurrent_buyers_of_the_last_units(any_app, product, buyers, each):
    carts = []
    for _ in range(buyers):
        chat = conversations.get_or_create_conversation()
        orders.add_item(chat, product.id, each)
        carts.append(orders.open_order(chat).id)
    results = _place_concurrently(any_app, carts, lambda i: {**VALUES, "cedula": f"{10000000 + i}"})
    db.session.expire_all()
    assert results.count("ok") == 5 // each
    assert set(results) <= {"ok", "sin_stock"}
    assert db.session.get(Product, product.id).stock == 5 - (5 // each) * each
    placed = db.session.scalar(select(func.count(Order.id)).where(Order.status == OrderStatus.PENDING))
    assert placed == 5 // each


def test_create_sale_all_or_nothing(any_app, product):
    other = Product(sku="P-2", name="Broca 1/4", price=Decimal("3000"), stock=100)
    db.session.add(other)
    db.session.commit()
    with pytest.raises(OrderError) as exc:
        orders.create_sale(VALUES, [("P-2", 10), ("P-1", 9)])
    assert exc.value.code == "sin_stock"
    assert [line["sku"] for line in exc.value.details["lineas"]] == ["P-1"]
    db.session.expire_all()
    assert db.session.get(Product, other.id).stock == 100
    assert db.session.scalar(select(func.count(Order.id))) == 0
    sale = orders.create_sale(VALUES, [("P-2", 10), ("P-1", 1)])
    assert sale.total == Decimal("180000.50")


def test_status_transitions_and_cancel_returns_stock(any_app, product):
    sale = orders.create_sale(VALUES, [("P-1", 2)])
    with pytest.raises(OrderError):
        orders.change_status(sale, OrderStatus.DELIVERED)
    orders.change_status(sale, OrderStatus.CONFIRMED)
    orders.change_status(sale, OrderStatus.CANCELLED)
    db.session.refresh(product)
    assert product.stock == 5
    with pytest.raises(OrderError):
        orders.change_status(sale, OrderStatus.PENDING)


def test_acceptance_customer_shape(any_app):
    from webapp.services import customers
    values = customers.validate(customers.from_api(CUSTOMER))
    assert values["cedula"] == "12345678" and values["address"] == "Calle 123 #45-67"


def test_concurrent_checkouts_with_the_same_new_cedula(any_app):
    carts = []
    for i in range(6):
        db.session.add(Product(sku=f"C-{i}", name=f"Producto {i}", price=Decimal("1000"), stock=10))
    db.session.commit()
    for i in range(6):
        chat = conversations.get_or_create_conversation()
        orders.add_item(chat, db.session.scalar(select(Product.id).where(Product.sku == f"C-{i}")), 1)
        carts.append(orders.open_order(chat).id)
    results = _place_concurrently(any_app, carts, lambda i: {**VALUES, "cedula": "77777777"})
    assert results == ["ok"] * 6
    from webapp.models import Customer as CustomerModel
    assert db.session.scalar(select(func.count(CustomerModel.id)).where(CustomerModel.cedula == "77777777")) == 1
