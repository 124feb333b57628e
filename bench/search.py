"""Catalogue search at scale: 10,000 and 100,000 generated products (seeded, reproducible).

    .venv/bin/python bench/search.py [--sizes 10000,100000] [-n 30]

For each size: a temp SQLite DB (migrations), the products imported through
webapp.services.catalog.import_catalog (the CLI's code path), then
- import time, index row load time and index build time (CatalogIndex),
- p50 / p95 of catalog.search() per query kind (exact, typo, plural, multi-word), with the
  index's word-expansion cache cleared before each call ("cold") and left warm ("warm"),
- p50 / p95 of GET /?q= (search + fresh rows + HTML) through the Flask test client,
- how many products each query kind finds and whether the expected product is in the first page.
Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import csv
import io
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

SEED = 20261101

BRANDS = ["3M", "Steelpro", "ArSeg", "Vicsa", "MSA", "Truper", "Stanley", "Bellota", "Pretul", "Sylvania",
          "Philips", "Kimberly", "Dräger", "Honeywell", "Ansell", "Libus", "Segurimax", "Protex", "Andina",
          "Colsafe", "Industrias Pardo", "Extinvalle", "Badger", "Amerex", "Kidde"]
COLOURS = ["amarillo", "blanco", "rojo", "azul", "verde", "naranja", "negro", "gris", "café", "fucsia"]
SIZES = ["talla S", "talla M", "talla L", "talla XL", "talla XXL"]
BOOT_SIZES = [f"talla {n}" for n in range(35, 46)]

FAMILIES = {
    "EPP": [
        ("Guantes", ["de nitrilo", "de vaqueta", "de látex", "dieléctricos clase 0", "anticorte nivel 5",
                     "de carnaza", "de caucho calibre 35", "de poliuretano"], SIZES, True),
        ("Casco de seguridad", ["tipo I", "tipo II", "con ratchet", "dieléctrico", "con barbuquejo"], [], True),
        ("Botas de seguridad", ["puntera de acero", "dieléctricas", "de caucho", "caña alta", "antideslizantes"],
         BOOT_SIZES, True),
        ("Gafas de seguridad", ["lente claro", "lente oscuro", "antiempañantes", "espejadas", "panorámicas"], [], False),
        ("Overol", ["en drill", "antifluido", "ignífugo", "de dotación", "desechable"], SIZES, True),
        ("Chaleco reflectivo", ["en malla", "tipo brigadista", "con bolsillos", "clase 2"], SIZES, True),
        ("Tapabocas", ["N95", "quirúrgico", "KN95", "de tela antifluido"], [], True),
        ("Respirador", ["media cara", "cara completa", "con filtros 6003", "con cartuchos"], [], False),
        ("Arnés", ["de cuerpo completo", "multipropósito", "dieléctrico", "con eslinga"], [], True),
        ("Protector auditivo", ["tipo copa", "tipo inserción", "de diadema"], [], True),
    ],
    "Extintores": [
        ("Extintor", ["PQS multipropósito", "CO2", "agua a presión", "Solkaflam", "tipo K", "espuma AFFF"],
         ["5 libras", "10 libras", "15 libras", "20 libras", "30 libras", "50 libras", "2.5 galones"], True),
        ("Gabinete para extintor", ["metálico", "con vidrio", "de sobreponer", "de empotrar"], [], True),
        ("Soporte para extintor", ["de pared", "vehicular", "de piso"], [], False),
        ("Recarga de extintor", ["PQS", "CO2", "Solkaflam"], ["10 libras", "20 libras", "30 libras"], False),
    ],
    "Señalización": [
        ("Señal", ["salida de emergencia", "ruta de evacuación", "riesgo eléctrico", "punto de encuentro",
                   "extintor", "uso obligatorio de casco", "prohibido fumar", "botiquín", "camilla",
                   "piso húmedo"], ["20x30 cm", "30x40 cm", "40x60 cm"], True),
        ("Cinta de peligro", ["amarilla", "roja y blanca", "antideslizante", "reflectiva"], ["100 m", "500 m"], False),
        ("Cono vial", ["reflectivo", "con base de caucho", "flexible"], ["45 cm", "70 cm", "90 cm"], True),
        ("Barricada plástica", ["naranja", "amarilla", "extensible"], [], True),
    ],
    "Ferretería": [
        ("Taladro percutor", ["inalámbrico", "eléctrico 600 W", "eléctrico 850 W", "de banco"], [], True),
        ("Martillo", ["de uña", "de bola", "de goma", "demoledor"], ["16 oz", "20 oz", "24 oz"], True),
        ("Destornillador", ["de pala", "de estrella", "de precisión", "aislado"], ["1/4", "3/16", "5/16"], False),
        ("Llave", ["inglesa", "de tubo", "mixta", "Allen"], ['8"', '10"', '12"', '14"'], False),
        ("Cinta métrica", ["de acero", "de fibra de vidrio"], ["3 m", "5 m", "8 m", "30 m"], True),
        ("Pintura", ["tipo 1 vinilo", "esmalte", "anticorrosiva", "de tráfico"], ["galón", "cuñete", "cuarto"], True),
        ("Cable eléctrico", ["THHN", "encauchetado", "dúplex"], ["calibre 12", "calibre 14", "calibre 10"], True),
        ("Tornillos", ["drywall", "autoperforantes", "para madera"], ["caja x 100", "caja x 500"], False),
    ],
    "Aseo": [
        ("Jabón", ["líquido antibacterial", "en barra", "industrial desengrasante"], ["galón", "500 ml", "1 litro"], False),
        ("Detergente", ["en polvo", "líquido", "industrial"], ["1 kg", "5 kg", "galón"], False),
        ("Escoba", ["de cerdas suaves", "industrial", "para exteriores"], [], True),
        ("Trapero", ["de algodón", "de microfibra", "industrial"], [], True),
        ("Bolsas de basura", ["negras", "verdes", "blancas", "rojas"], ["calibre 1.2", "calibre 1.5"], False),
    ],
    "Iluminación": [
        ("Linterna", ["recargable", "de cabeza", "táctica", "antiexplosiva"], [], True),
        ("Bombillo LED", ["luz fría", "luz cálida", "de emergencia"], ["9 W", "12 W", "18 W"], False),
        ("Lámpara de emergencia", ["de 2 focos", "LED autónoma", "con señal de salida"], [], False),
    ],
}
SYNONYMS = {"Extintor": "extinguidor|matafuego", "Tapabocas": "mascarilla|barbijo", "Overol": "braga|mameluco",
            "Guantes": "guante", "Linterna": "lampara de mano", "Cono vial": "cono de tránsito|pivote"}
ADJECTIVES = ["resistente", "liviano", "certificado", "de alta visibilidad", "ergonómico", "económico",
              "para uso industrial", "de larga duración", "importado", "nacional"]


def generate_catalog(n: int, rng: random.Random) -> str:
    """`n` products as the contract's CSV, with realistic, varied Spanish names."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sku", "nombre", "descripcion", "precio", "categoria", "stock", "disponible",
                     "imagen_url", "sinonimos"])
    families = [(cat, fam) for cat, fams in FAMILIES.items() for fam in fams]
    for i in range(n):
        category, (noun, variants, sizes, coloured) = rng.choice(families)
        parts = [noun, rng.choice(variants)]
        if coloured and rng.random() < 0.6:
            parts.append(rng.choice(COLOURS))
        brand = rng.choice(BRANDS)
        parts.append(brand)
        if sizes:
            parts.append(rng.choice(sizes))
        name = " ".join(parts)
        description = (f"{noun} {rng.choice(variants)} marca {brand}, {rng.choice(ADJECTIVES)} y "
                       f"{rng.choice(ADJECTIVES)}. Ideal para {rng.choice(['bodegas', 'obras', 'oficinas', 'plantas', 'hogares', 'talleres'])}.")
        price = rng.choice([rng.randrange(1_000, 50_000, 100), rng.randrange(50_000, 900_000, 500)])
        stock = rng.choice([0] + [rng.randrange(1, 500)] * 9)
        available = "true" if rng.random() > 0.03 else "false"
        writer.writerow([f"GEN-{i:06d}", name, description, price, category, stock, available, "",
                         SYNONYMS.get(noun, "")])
    return out.getvalue()


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


def make_app(tmp: Path):
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.extensions import db

    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30, "check_same_thread": False}},
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": False,
        "LLM_PROVIDER": "offline", "STORAGE_BACKEND": "local", "EXPORT_DIR": str(tmp / "exports"),
    })
    app.instance_path = str(tmp / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_size(size: int, n: int) -> list[str]:
    from webapp.extensions import db
    from webapp.services import catalog
    from webapp.services.search import CatalogIndex
    from webapp.services.text import fold

    rows_out = []
    with tempfile.TemporaryDirectory(prefix="vendedor-search-") as tmpdir:
        app = make_app(Path(tmpdir))
        logging.disable(logging.INFO)
        content = generate_catalog(size, random.Random(SEED + size))
        with app.app_context():
            start = time.perf_counter()
            result = catalog.import_catalog(content)
            import_s = time.perf_counter() - start
            if result.errors:
                raise SystemExit(f"import failed: {result.errors[:3]}")
            db.session.remove()

        with app.app_context():
            start = time.perf_counter()
            index_rows = catalog._index_rows()
            load_s = time.perf_counter() - start
            start = time.perf_counter()
            CatalogIndex("bench", index_rows)
            build_s = time.perf_counter() - start
            start = time.perf_counter()
            catalog.search("extintor")  # builds and caches the app's index (what the first visitor pays)
            first_s = time.perf_counter() - start
            index = app.extensions["catalog_index"]
            vocabulary = len(index.vocabulary)
            del index_rows
            db.session.remove()
        print(f"\n## {size:,} products · import_catalog {import_s:.1f} s "
              f"({size / import_s:,.0f} rows/s) · index: load rows {load_s * 1000:.0f} ms, "
              f"build {build_s * 1000:.0f} ms, first search (load+build+query) {first_s * 1000:.0f} ms · "
              f"vocabulary {vocabulary:,} words")
        print(f"{'kind':<11} {'found (median)':>14} {'top ok':>7} {'cold p50':>9} {'cold p95':>9} "
              f"{'warm p50':>9} {'warm p95':>9} {'GET p50':>8} {'GET p95':>8}   (ms)")
        client = app.test_client()
        for kind, queries in QUERIES.items():
            cold, warm, http, found, top_ok = [], [], [], [], 0
            with app.app_context():
                index = app.extensions["catalog_index"]
                for q in queries:
                    for _ in range(n):
                        index._expand.cache_clear()
                        start = time.perf_counter()
                        matches = catalog.search(q)
                        cold.append((time.perf_counter() - start) * 1000)
                    for _ in range(n):
                        start = time.perf_counter()
                        matches = catalog.search(q)
                        warm.append((time.perf_counter() - start) * 1000)
                    found.append(len(matches))
                    first = catalog.get_product(matches[0].product_id) if matches else None
                    top_ok += bool(first and EXPECT[q] in fold(first.name))
                db.session.remove()
            for q in queries:
                client.get(f"/?q={q}")  # warm
                for _ in range(n):
                    start = time.perf_counter()
                    response = client.get("/", query_string={"q": q})
                    response.get_data()
                    http.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        print(f"  GET /?q={q} -> {response.status_code}")
                        break
            line = (f"{kind:<11} {statistics.median(found):>14,.0f} {top_ok:>4}/{len(queries)} "
                    f"{pct(cold, 50):>9.2f} {pct(cold, 95):>9.2f} {pct(warm, 50):>9.2f} {pct(warm, 95):>9.2f} "
                    f"{pct(http, 50):>8.1f} {pct(http, 95):>8.1f}")
            print(line)
            rows_out.append(line)
        with app.app_context():
            db.engine.dispose()
        logging.disable(logging.NOTSET)
    return rows_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("-n", type=int, default=10, help="timed calls per query")
    args = parser.parse_args()
    print(f"Vendedor catalogue search · SQLite · seed {SEED} · {args.n} timed calls per query, "
          f"{len(next(iter(QUERIES.values())))} queries per kind")
    for size in (int(s) for s in args.sizes.split(",")):
        run_size(size, args.n)


if __name__ == "__main__":
    main()
