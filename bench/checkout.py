"""Concurrent buyers placing orders through the order service (the code the checkout page runs).

    .venv/bin/python bench/checkout.py [--buyers 200] [--threads 1,4,16]

Each buyer (a thread from a pool) starts a cart (a conversation), adds a product, then
`orders.place()`s it with its own customer data. Runs on a temp SQLite file, and also on
PostgreSQL when TEST_DATABASE_URL is set (WARNING: that database's `public` schema is
dropped and rebuilt with the migrations, as the test suite does).

Scenarios
- spread:     every buyer takes 1 unit of one of 30 well-stocked products
- hot row:    every buyer takes 1 unit of the same well-stocked product
- last units: 10 units left, `--buyers` buyers released together by a barrier; 10 must win
- same cédula: 8 buyers with the same (new) customer cédula at once, each buying a different product

Prints orders/second (placed orders / wall time of the wave, add-to-cart included), the
p50/p95 latency of place(), and correctness counts: placed, refused for stock, other errors,
stock left vs expected, orders and units in the database. Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WELL_STOCKED = 1_000_000 // 2


def make_app(tmp: Path, url: str | None):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from webapp import create_app
    from webapp.extensions import db

    sqlite = url is None
    url = url or f"sqlite:///{tmp / 'bench.db'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30, "check_same_thread": False},
                                      "pool_size": 20, "max_overflow": 40} if sqlite
        else {"pool_pre_ping": True, "pool_size": 20, "max_overflow": 20},
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": False,
        "LLM_PROVIDER": "offline", "STORAGE_BACKEND": "local", "EXPORT_DIR": str(tmp / "exports"),
    })
    app.instance_path = str(tmp / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        if not sqlite:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        if sqlite:
            app.config["BENCH_JOURNAL"] = db.session.execute(text("PRAGMA journal_mode")).scalar()
        db.session.remove()
    return app


def customer(i: int, cedula: str | None = None) -> dict:
    return {"name": f"Comprador Número {i}", "cedula": cedula or str(10_000_000 + i),
            "phone": f"3{i % 1_000_000_000:09d}", "email": f"comprador{i}@correo.com",
            "address": f"Calle {i % 200 + 1} #{i % 90 + 1}-{i % 50 + 10}", "neighborhood": "Centro"}


def add_products(app, count: int, stock: int, prefix: str) -> list[int]:
    from webapp.extensions import db
    from webapp.models import Product
    with app.app_context():
        products = [Product(sku=f"{prefix}-{i}", name=f"Producto {prefix} {i}", price=Decimal("15000"),
                            stock=stock, category="Bench", description="", available=True, image_url="",
                            synonyms="") for i in range(count)]
        db.session.add_all(products)
        db.session.commit()
        ids = [p.id for p in products]
        db.session.remove()
    return ids


def buy(app, i: int, product_id: int, barrier: threading.Barrier | None, cedula: str | None) -> tuple[str, float]:
    from sqlalchemy.exc import IntegrityError, OperationalError

    from webapp.extensions import db
    from webapp.services import conversations, customers, orders
    with app.app_context():
        try:
            conversation = conversations.get_or_create_conversation()
            orders.add_item(conversation, product_id, 1)
            cart = orders.open_order(conversation)
            if barrier is not None:
                db.session.commit()  # give the connection back to the pool while waiting
                barrier.wait(timeout=60)
            start = time.perf_counter()
            try:
                orders.place(cart, customer(i, cedula), channel="web")
                outcome = "placed"
            except orders.OrderError as exc:
                outcome = exc.code
            except customers.CustomerError as exc:
                outcome = "datos_invalidos:" + ",".join(exc.errors)
            except IntegrityError as exc:
                outcome = "IntegrityError:" + str(exc.orig).split("\n")[0][:60]
            except OperationalError as exc:
                outcome = "OperationalError:" + str(exc.orig).split("\n")[0][:60]
            return outcome, (time.perf_counter() - start) * 1000
        except Exception as exc:  # noqa: BLE001 - a bench reports, it does not stop
            return f"{type(exc).__name__}:{str(exc)[:60]}", 0.0
        finally:
            db.session.rollback()
            db.session.remove()


def check(app, product_ids: list[int], initial: int, placed_before: int) -> dict:
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Order, OrderLine, OrderStatus, Product
    with app.app_context():
        stock = sum(db.session.scalar(select(Product.stock).where(Product.id == pid)) for pid in product_ids)
        negative = db.session.scalar(select(func.count(Product.id)).where(Product.stock < 0))
        placed_orders = db.session.scalar(select(func.count(Order.id)).where(Order.status.in_(OrderStatus.PLACED)))
        units = db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0)).join(Order).where(
            Order.status.in_(OrderStatus.PLACED), OrderLine.product_id.in_(product_ids)))
        db.session.remove()
    return {"stock_taken": initial * len(product_ids) - stock, "negative": negative,
            "orders_in_db": placed_orders - placed_before, "units_in_db": units}


def placed_so_far(app) -> int:
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Order, OrderStatus
    with app.app_context():
        n = db.session.scalar(select(func.count(Order.id)).where(Order.status.in_(OrderStatus.PLACED)))
        db.session.remove()
    return n


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def wave(app, label: str, threads: int, buyers: int, product_ids: list[int], initial: int,
         together: bool = False, cedula: str | None = None, offset: int = 0) -> None:
    before = placed_so_far(app)
    barrier = threading.Barrier(buyers) if together else None
    workers = buyers if together else threads
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(buy, app, offset + i, product_ids[i % len(product_ids)], barrier, cedula)
                   for i in range(buyers)]
        results = [f.result() for f in futures]
    wall = time.perf_counter() - start
    outcomes = Counter(outcome for outcome, _ in results)
    latencies = [ms for outcome, ms in results if outcome == "placed"]
    placed = outcomes.pop("placed", 0)
    refused = outcomes.pop("sin_stock", 0)
    facts = check(app, product_ids, initial, before)
    consistent = (facts["stock_taken"] == placed == facts["orders_in_db"] == facts["units_in_db"]
                  and facts["negative"] == 0)
    other = "; ".join(f"{k} ×{v}" for k, v in outcomes.items()) or "-"
    print(f"{label:<13} {workers:>7} {buyers:>6} {placed:>6} {refused:>8} {placed / wall:>9.1f} "
          f"{pct(latencies, 50):>8.1f} {pct(latencies, 95):>8.1f} {facts['stock_taken']:>6} "
          f"{facts['orders_in_db']:>6} {facts['negative']:>4} {'yes' if consistent else 'NO':>4}  {other}")


def run(backend: str, url: str | None, buyers: int, thread_counts: list[int]) -> None:
    with tempfile.TemporaryDirectory(prefix="vendedor-checkout-") as tmpdir:
        app = make_app(Path(tmpdir), url)
        logging.disable(logging.WARNING)
        journal = app.config.get("BENCH_JOURNAL")
        print(f"\n## {backend}" + (f" · journal_mode={journal} (as the app sets it)" if journal else ""))
        print(f"{'scenario':<13} {'threads':>7} {'buyers':>6} {'placed':>6} {'no stock':>8} {'orders/s':>9} "
              f"{'p50 ms':>8} {'p95 ms':>8} {'taken':>6} {'in db':>6} {'<0':>4} {'ok':>4}  other outcomes")
        offset = 0
        for threads in thread_counts:
            ids = add_products(app, 30, WELL_STOCKED, f"S{threads}")
            wave(app, "spread", threads, buyers, ids, WELL_STOCKED, offset=offset)
            offset += buyers
            ids = add_products(app, 1, WELL_STOCKED, f"H{threads}")
            wave(app, "hot row", threads, buyers, ids, WELL_STOCKED, offset=offset)
            offset += buyers
        last = min(buyers, 50)
        ids = add_products(app, 1, 10, "LAST")
        wave(app, "last units", last, last, ids, 10, together=True, offset=offset)
        offset += last
        ids = add_products(app, 8, WELL_STOCKED, "CED")  # different products: no row lock serialises them
        wave(app, "same cédula", 8, 8, ids, WELL_STOCKED, together=True, cedula="99887766", offset=offset)
        with app.app_context():
            from webapp.extensions import db
            db.engine.dispose()
        logging.disable(logging.NOTSET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=200, help="buyers per wave")
    parser.add_argument("--threads", default="1,4,16", help="thread pool sizes to try")
    args = parser.parse_args()
    thread_counts = [int(t) for t in args.threads.split(",")]
    print(f"Vendedor checkout under concurrent buyers · {args.buyers} buyers per wave · "
          f"orders/s = placed / wall time of the wave (cart + place); p50/p95 = place() alone")
    run("SQLite (temp file)", None, args.buyers, thread_counts)
    pg = os.environ.get("TEST_DATABASE_URL")
    if pg:
        run("PostgreSQL (TEST_DATABASE_URL)", pg, args.buyers, thread_counts)
    else:
        print("\n(PostgreSQL skipped: TEST_DATABASE_URL not set)")


if __name__ == "__main__":
    main()
