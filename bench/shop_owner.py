"""The owner's tools: how long the new services take (figures only, no assertions).

    .venv/bin/python bench/shop_owner.py [-n 200]

- places.find_municipalities on chat messages (exact names, loose spellings, no place at all),
- places.search_municipalities for search-as-you-type prefixes and GET /municipios (JSON),
- shipping.quote against the demo zones (one database query per quote),
- images.process on a 12-megapixel JPEG photo (re-encode + resize + thumbnail),
- an Excel export of the sales of 2,000 generated orders.
"""
from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def show(label: str, figures: tuple[float, float]) -> None:
    print(f"{label:<58} p50 {figures[0]:8.3f} ms   p95 {figures[1]:8.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200)
    runs = parser.parse_args().n
    logging.disable(logging.INFO)
    from flask_migrate import upgrade
    from PIL import Image

    from webapp import create_app
    from webapp.extensions import db
    from webapp.services import exports, images, places, shipping
    from webapp.services.storage import LocalStorage

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "TESTING": True,
                          "EXPORT_DIR": f"{tmp}/exports", "MEDIA_DIR": f"{tmp}/media"})
        app.instance_path = tmp
        os.makedirs(tmp, exist_ok=True)
        with app.app_context():
            upgrade()
            assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
            places.find_municipalities("calentar la tabla")  # load the DIVIPOLA file once
            messages = {"nombre exacto («envío a Palmira»)": "¿cuánto es el envío a Palmira?",
                        "dirección con barrio y ciudad": "Calle 5 # 38-21, San Fernando, Cali",
                        "mal escrito («medelin»)": "mándalo a medelin",
                        "sin lugar («2 extintores de 10 libras»)": "quiero 2 extintores de 10 libras por favor"}
            for label, text in messages.items():
                show(f"find_municipalities: {label}", timed(lambda t=text: places.find_municipalities(t), runs))
            for prefix in ("pa", "palm", "santa rosa"):
                show(f"search_municipalities('{prefix}')", timed(lambda p=prefix: places.search_municipalities(p), runs))
            client = app.test_client()
            show("GET /municipios?q=pal (JSON, served first)",
                 timed(lambda: client.get("/municipios?q=pal", headers={"Accept": "application/json"}), runs))
            show("shipping.quote('Palmira', goods_total=100000)",
                 timed(lambda: shipping.quote("Palmira", goods_total=Decimal("100000")), runs))
            photo = io.BytesIO()
            Image.effect_noise((4000, 3000), 12).convert("RGB").save(photo, format="JPEG", quality=80)
            data = photo.getvalue()
            print(f"(foto de prueba: 4000×3000 JPEG, {len(data) / 1024 / 1024:.1f} MB)")
            show("images.process (12 MP JPEG → WebP 1200 px + miniatura)", timed(lambda: images.process(data), 5))
            from webapp.models import Product
            from webapp.services import orders
            db.session.query(Product).update({Product.stock: 100_000})
            db.session.commit()
            for n in range(2000):
                k = n % 50 + 1
                orders.create_sale({"name": f"Cliente {k}", "cedula": str(10_000_000 + k), "phone": f"300{1_000_000 + k}",
                                    "email": f"c{k}@correo.co", "address": "Calle 1 # 2-3"},
                                   [("EXT-10", 1), ("GUA-VAQ", 2)])
            storage = LocalStorage(f"{tmp}/exports")
            show("export ventas CSV (2.000 pedidos, 4.000 filas)",
                 timed(lambda: exports.export("ventas", storage, 60), 3))
            show("export ventas Excel (2.000 pedidos, 4.000 filas)",
                 timed(lambda: exports.export("ventas", storage, 60, fmt="xlsx"), 3))
            db.session.remove()


if __name__ == "__main__":
    main()
