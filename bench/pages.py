"""Page render times on the demo catalogue (Flask test client, temp SQLite, migrations + seed).

    .venv/bin/python bench/pages.py [-n 300] [--warmup 20]

Prints p50 / p95 / mean / max per page in milliseconds. No assertions: figures only.
Times are the whole request inside the app (routing, session, queries, Jinja), not the network.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_app(tmp: Path):
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.extensions import db

    url = f"sqlite:///{tmp / 'bench.db'}"
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30, "check_same_thread": False}},
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": False,
        "LLM_PROVIDER": "offline", "STORAGE_BACKEND": "local", "EXPORT_DIR": str(tmp / "exports"),
    })
    app.instance_path = str(tmp / "instance")  # `seed` writes the demo admin password there
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["seed"])
        if result.exit_code != 0:
            raise SystemExit(result.output)
        db.session.remove()
    return app


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(client, path: str, n: int, warmup: int, headers=None) -> tuple[list[float], int, int]:
    status = size = 0
    for _ in range(warmup):
        client.get(path, headers=headers)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        body = response.get_data()
        samples.append((time.perf_counter() - start) * 1000)
        status, size = response.status_code, len(body)
    return samples, status, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="vendedor-bench-") as tmpdir:
        setup = time.perf_counter()
        app = make_app(Path(tmpdir))
        setup = time.perf_counter() - setup
        logging.disable(logging.INFO)

        from webapp.extensions import db
        from webapp.services import catalog
        with app.app_context():
            ext10 = catalog.get_by_sku("EXT-10").id
            guantes = catalog.get_by_sku("GUA-NIT").id
            products = catalog.list_products(per_page=1).total
            db.session.remove()

        client = app.test_client()
        client.post("/carrito/agregar", data={"product_id": ext10, "cantidad": 2})
        client.post("/carrito/agregar", data={"product_id": guantes, "cantidad": 3})
        anonymous = app.test_client()   # no cart, no session

        pages = [
            ("/  (catalogue, page 1)", anonymous, "/", None),
            ("/?pagina=3", anonymous, "/?pagina=3", None),
            ("/?q=extintor", anonymous, "/?q=extintor", None),
            ("/?q=extintr  (typo)", anonymous, "/?q=extintr", None),
            ("/?q=extintor  (HTMX list)", anonymous, "/?q=extintor",
             {"HX-Request": "true", "HX-Target": "product-list"}),
            ("/?categoria=EPP", anonymous, "/?categoria=EPP", None),
            (f"/producto/{ext10}", anonymous, f"/producto/{ext10}", None),
            ("/carrito  (2 lines)", client, "/carrito", None),
            ("/checkout  (2 lines)", client, "/checkout", None),
        ]
        print(f"Vendedor page render times · demo catalogue ({products} products on sale) · SQLite · "
              f"Flask test client · n={args.n} per page (after {args.warmup} warm-up) · "
              f"setup (migrate + seed) {setup:.2f} s")
        print(f"{'page':<30} {'status':>6} {'KiB':>6} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'max ms':>8}")
        for label, who, path, headers in pages:
            samples, status, size = timed(who, path, args.n, args.warmup, headers)
            print(f"{label:<30} {status:>6} {size / 1024:>6.1f} {percentile(samples, 50):>8.2f} "
                  f"{percentile(samples, 95):>8.2f} {statistics.fmean(samples):>8.2f} {max(samples):>8.2f}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
