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
                db.session.commit()
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
    db.session.commit()
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
    db.session.commit()
    results = _place_concurrently(any_app, carts, lambda i: {**VALUES, "cedula": "77777777"})
    assert results == ["ok"] * 6
    from webapp.models import Customer as CustomerModel
    assert db.session.scalar(select(func.count(CustomerModel.id)).where(CustomerModel.cedula == "77777777")) == 1


# --- the order's version, the sale snapshot, races with placing -------------------------------

def _in_other_worker(app, work):
    """Run `work()` in another thread with its own app context, session and connection."""
    errors = []

    def run():
        with app.app_context():
            try:
                work()
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - reported to the test
                errors.append(exc)
            finally:
                db.session.remove()
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return errors


def test_a_change_whose_read_preceded_placing_is_refused(any_app, product, monkeypatch):
    """The race replayed step by step: A reads the cart, B places it, A's change arrives."""
    chat = conversations.get_or_create_conversation()
    orders.add_item(chat, product.id, 1)
    db.session.commit()
    stale = orders.open_order(chat)  # A has read the cart
    assert _in_other_worker(any_app, lambda: orders.place(db.session.get(Order, stale.id), VALUES, "web")) == []
    monkeypatch.setattr(orders, "open_order", lambda conversation: stale)  # A's read came before placing
    with pytest.raises(OrderError) as exc:
        orders.set_quantity(chat, product.id, 3)
    assert exc.value.code == "pedido_cerrado"
    for change in (lambda: orders.add_item(chat, product.id, 2), lambda: orders.remove_item(chat, product.id),
                   lambda: orders.clear_cart(chat)):
        with pytest.raises(OrderError):
            change()
    db.session.commit()
    db.session.expire_all()
    sale = db.session.get(Order, stale.id)
    assert sale.status == OrderStatus.PENDING
    assert [(ln.quantity, ln.unit_price) for ln in sale.lines] == [(1, Decimal("150000.50"))]
    assert sale.total == Decimal("150000.50")
    assert db.session.get(Product, product.id).stock == 4
    orders.change_status(sale, OrderStatus.CANCELLED)  # cancelling returns exactly what was taken
    db.session.commit()
    assert db.session.get(Product, product.id).stock == 5


def test_a_change_holding_the_lock_is_seen_by_placing(any_app, product):
    """The other order of events: the change commits first, placing charges what it left."""
    chat = conversations.get_or_create_conversation()
    orders.add_item(chat, product.id, 1)
    db.session.commit()
    cart_id = orders.open_order(chat).id
    orders.set_quantity(chat, product.id, 3)  # holds the order row (PostgreSQL) / write lock (SQLite)…
    result = {}

    def place_meanwhile():
        result["sale"] = orders.place(db.session.get(Order, cart_id), VALUES, "web")
    thread = threading.Thread(target=lambda: result.update(errors=_in_other_worker(any_app, place_meanwhile)))
    thread.start()
    thread.join(0.5)  # placing waits for the lock
    db.session.commit()
    thread.join(60)
    assert result["errors"] == []
    db.session.expire_all()
    sale = db.session.get(Order, cart_id)
    assert [ln.quantity for ln in sale.lines] == [3] and sale.total == Decimal("450001.50")
    assert db.session.get(Product, product.id).stock == 2


def test_placing_checks_what_the_customer_was_shown(any_app, product):
    chat = conversations.get_or_create_conversation()
    orders.add_item(chat, product.id, 1)
    db.session.commit()
    shown = orders.cart_view(chat).token
    product.price = Decimal("450000")  # a price edit between the page and the submit
    db.session.commit()
    with pytest.raises(orders.OrderChanged) as exc:
        orders.place(orders.open_order(chat), VALUES, "web", expected_token=shown)
    assert exc.value.current.total == Decimal("450000") and exc.value.current.token != shown
    db.session.commit()
    db.session.expire_all()
    assert orders.open_order(chat) is not None and db.session.get(Product, product.id).stock == 5
    assert db.session.scalar(select(func.count(Customer.id))) == 0
    sale = orders.place(orders.open_order(chat), VALUES, "web", expected_token=exc.value.current.token)
    assert sale.total == Decimal("450000")


def test_every_change_bumps_the_version(any_app, product):
    chat = conversations.get_or_create_conversation()
    versions = [orders.add_item(chat, product.id, 1).version, orders.set_quantity(chat, product.id, 2).version,
                orders.add_item(chat, product.id, 1).version, orders.remove_item(chat, product.id).version]
    assert versions == sorted(set(versions))


def test_a_sale_never_rewrites_a_known_customer(any_app, product):
    """Checking out with someone else's cédula adds a sale snapshot; the record stays theirs."""
    first = orders.create_sale(VALUES, [("P-1", 1)])
    db.session.commit()
    intruder = {**VALUES, "name": "Impostor", "phone": "3009999999", "email": "x@evil.co",
                "address": "Calle Falsa 123"}
    second = orders.create_sale(intruder, [("P-1", 1)])
    db.session.commit()
    db.session.expire_all()
    customer = db.session.scalar(select(Customer).where(Customer.cedula == VALUES["cedula"]))
    assert (customer.name, customer.phone, customer.email) == ("Ana Gómez", "3105551234", "ana@correo.co")
    first, second = db.session.get(Order, first.id), db.session.get(Order, second.id)
    assert (first.ship_name, first.ship_email) == ("Ana Gómez", "ana@correo.co")
    assert (second.ship_name, second.ship_phone, second.ship_address) == ("Impostor", "3009999999", "Calle Falsa 123")
    assert first.customer_id == second.customer_id
    from webapp.services.customers import snapshot_differs
    assert snapshot_differs(first) == [] and set(snapshot_differs(second)) == {"nombre", "telefono", "email", "direccion"}


def test_a_refused_unit_of_work_leaves_nothing_even_after_savepoints(any_app, product):
    """Savepoints nest inside the request's transaction on both engines: a rollback undoes all."""
    chat = conversations.get_or_create_conversation()
    db.session.commit()
    orders.add_item(chat, product.id, 2)
    orders.set_quantity(chat, product.id, 3)
    db.session.rollback()
    db.session.expire_all()
    assert orders.open_order(chat) is None
