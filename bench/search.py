"""Catalogue search at scale: 10,000 and 100,000 generated products (seeded, reproducible).

    .venv/bin/python bench/search.py [--sizes 10000,100000] [-n 10] [--database-url postgresql+psycopg://…]

For each size: a fresh database (SQLite file, or the given PostgreSQL database with its schema
dropped), migrations, the products imported through catalog.import_catalog (the CLI's code
path), then
- import time (documents, vocabulary and counts are written with the products),
- p50 / p95 of catalog.search(q, limit=24) (the assistant's call) per query kind (exact, typo, plural, multi-word): "cold" with
  this instance's ranking cache emptied before each call (what the first shopper after a
  catalogue change pays: vocabulary look-ups, full-text candidates, ranking), "warm" from the cache,
- p50 / p95 of GET /?q= (search + fresh rows + HTML) through the Flask test client,
- how many products each query kind finds and whether the expected product comes first,
- a rename followed at once by a search for the new name (the old index rebuilt here).
Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generated_catalog import SEED, generate_catalog  # noqa: E402

QUERIES = {
    "exact": ["extintor PQS multipropósito 10 libras", "guantes de nitrilo", "casco de seguridad amarillo",
              "taladro percutor inalámbrico", "señal salida de emergencia"],
    "typo": ["extintr", "guantes nitrlo", "senalisacion", "taldro percutor", "linterna recargabel"],
    "plural": ["extintores", "cascos amarillos", "botas dieléctricas", "linternas recargables", "conos viales"],
    "multi-word": ["guantes nitrilo talla m 3m", "casco blanco msa tipo ii", "overol azul talla l antifluido",
                   "señal riesgo eléctrico 30x40", "botas puntera acero talla 42"],
}
EXPECT = {  # a word the first result's name should contain, per query (folded)
    "extintor PQS multipropósito 10 libras": "extintor", "guantes de nitrilo": "nitrilo",
    "casco de seguridad amarillo": "casco", "taladro percutor inalámbrico": "taladro",
    "señal salida de emergencia": "salida", "extintr": "extintor", "guantes nitrlo": "nitrilo",
    "senalisacion": "senal", "taldro percutor": "taladro", "linterna recargabel": "linterna",
    "extintores": "extintor", "cascos amarillos": "casco", "botas dieléctricas": "botas",
    "linternas recargables": "linterna", "conos viales": "cono", "guantes nitrilo talla m 3m": "nitrilo",
    "casco blanco msa tipo ii": "casco", "overol azul talla l antifluido": "overol",
    "señal riesgo eléctrico 30x40": "riesgo", "botas puntera acero talla 42": "botas",
}


LIMIT = 24


def make_app(tmp: Path, database_url: str | None):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from webapp import create_app
    from webapp.extensions import db

    url = database_url or f"sqlite:///{tmp / 'bench.db'}"
    options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {"pool_pre_ping": True}
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": False,
        "LLM_PROVIDER": "offline", "STORAGE_BACKEND": "local", "EXPORT_DIR": str(tmp / "exports"),
    })
    app.instance_path = str(tmp / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        if database_url:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        db.session.remove()
    return app


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def run_size(size: int, n: int, database_url: str | None) -> None:
    from webapp.extensions import db
    from webapp.services import catalog
    from webapp.services.search import RankingCache
    from webapp.services.text import fold

    with tempfile.TemporaryDirectory(prefix="vendedor-search-") as tmpdir:
        app = make_app(Path(tmpdir), database_url)
        logging.disable(logging.INFO)
        content = generate_catalog(size, random.Random(SEED + size))
        with app.app_context():
            start = time.perf_counter()
            result = catalog.import_catalog(content)
            import_s = time.perf_counter() - start
            if result.errors:
                raise SystemExit(f"import failed: {result.errors[:3]}")
            db.session.remove()
        print(f"\n## {size:,} products · import_catalog {import_s:.1f} s ({size / import_s:,.0f} rows/s, "
              f"with search documents, vocabulary and category counts)")
        print(f"{'kind':<11} {'found (median)':>14} {'top ok':>7} {'cold p50':>9} {'cold p95':>9} "
              f"{'warm p50':>9} {'warm p95':>9} {'GET p50':>8} {'GET p95':>8}   (ms)")
        client = app.test_client()
        for kind, queries in QUERIES.items():
            cold, warm, http, found, top_ok = [], [], [], [], 0
            with app.app_context():
                for q in queries:
                    for _ in range(n):
                        app.extensions["search_rankings"] = RankingCache(256)
                        db.session.remove()
                        cold.append(timed(lambda: catalog.search(q, limit=LIMIT)))
                    for _ in range(n):
                        db.session.remove()
                        warm.append(timed(lambda: catalog.search(q, limit=LIMIT)))
                    matches = catalog.search(q)
                    found.append(len(matches))
                    first = catalog.get_product(matches[0].product_id) if matches else None
                    top_ok += bool(first and EXPECT[q] in fold(first.name))
                db.session.remove()
            for q in queries:
                client.get("/", query_string={"q": q})  # warm
                for _ in range(n):
                    start = time.perf_counter()
                    response = client.get("/", query_string={"q": q})
                    response.get_data()
                    http.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        print(f"  GET /?q={q} -> {response.status_code}")
                        break
            print(f"{kind:<11} {statistics.median(found):>14,.0f} {top_ok:>4}/{len(queries)} "
                  f"{pct(cold, 50):>9.2f} {pct(cold, 95):>9.2f} {pct(warm, 50):>9.2f} {pct(warm, 95):>9.2f} "
                  f"{pct(http, 50):>8.1f} {pct(http, 95):>8.1f}")
        with app.app_context():
            product = catalog.get_by_sku("GEN-000007")
            before = product.name
            rename = timed(lambda: catalog.update_product(product, {"nombre": "Carretilla plegable de aluminio"}))
            first = timed(lambda: catalog.search("carretilla plegable"))
            found = [catalog.get_product(m.product_id).sku for m in catalog.search("carretilla plegable")]
            print(f"rename {before!r} → 'Carretilla plegable de aluminio': write {rename:.0f} ms, "
                  f"next search {first:.0f} ms, finds {found}")
            db.session.remove()
            db.engine.dispose()
        logging.disable(logging.NOTSET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("-n", type=int, default=10, help="timed calls per query")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (its schema is dropped)")
    args = parser.parse_args()
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(f"Vendedor catalogue search in the database · {engine} · seed {SEED} · {args.n} timed calls per query, "
          f"{len(next(iter(QUERIES.values())))} queries per kind")
    for size in (int(s) for s in args.sizes.split(",")):
        run_size(size, args.n, args.database_url)


if __name__ == "__main__":
    main()
