"""Search quality: top results on the team's catalogues, saved and compared between versions.

    .venv/bin/python bench/search_quality.py [--save FILE] [--compare FILE] [--database-url URL]

Loads each catalogue (the demo, tests/data/ferreteria.csv, tests/data/panaderia.csv and 10,000
generated products) into a fresh database, asks `catalog.search` a list of queries built from
the products themselves (full names, folded names, head words, plurals, typos, synonyms, name
fragments, size variants) plus hand-written shopper queries, and prints per catalogue:
- how often the first result is the product a name-derived query came from ("hit@1"),
- with --compare, how often the first result is the same product as in the saved run
  ("top-1 agreement") and the queries where they differ.
--save writes the results (SKUs of the first five results and the match count per query).
With --database-url the catalogues are loaded into that PostgreSQL database (schema dropped).
Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from generated_catalog import SEED, generate_catalog  # noqa: E402

CATALOGUES = {
    "demo": ROOT / "webapp" / "seed_data" / "catalog.csv",
    "ferreteria": ROOT / "tests" / "data" / "ferreteria.csv",
    "panaderia": ROOT / "tests" / "data" / "panaderia.csv",
    "generated-10k": 10_000,
}
HANDWRITTEN = {
    "demo": ["extintor", "extintores", "extintr", "extinter", "extinguidor", "guantes nitrilo", "gantes de nitrilo",
             "senalizacion", "señalización", "cascos", "casco amarillo", "extintor 10 libras", "extintor de 20 libras",
             "extintor co2", "botiquin", "botas", "gafas", "tapabocas", "chaleco reflectivo", "señal salida",
             "recarga extintor", "camilla", "conos", "cinta peligro", "guantes talla m", "careta", "overol",
             "extintores de 10 libras", "los cascos blancos", "señal de extintor", "epp", "arnes"],
    "ferreteria": ["martillo", "martillos", "bombilla", "foco", "pinturas", "pintura blanca galon", "tornillo drywall",
                   "destornillador estrella", "desarmador", "alicate", "thinner", "llave", "cinta aislante",
                   "martiyo", "tornillos 6x2", "bombillo 12w", "brocha", "taladro"],
    "panaderia": ["pandebono", "pan de bono", "torta chocolate", "torta de chocolate entera", "tinto", "cafe grande",
                  "jugo de mora", "jugo en leche", "croissant", "almojabana", "pan", "tortas", "cafe", "chocolate",
                  "pandeboño", "jugos"],
    "generated-10k": ["extintor PQS multipropósito 10 libras", "guantes de nitrilo", "casco de seguridad amarillo",
                      "taladro percutor inalámbrico", "señal salida de emergencia", "extintr", "guantes nitrlo",
                      "senalisacion", "taldro percutor", "linterna recargabel", "extintores", "cascos amarillos",
                      "botas dieléctricas", "linternas recargables", "conos viales", "guantes nitrilo talla m 3m",
                      "casco blanco msa tipo ii", "overol azul talla l antifluido", "señal riesgo eléctrico 30x40",
                      "botas puntera acero talla 42"],
}
GENERATED_SAMPLE = 150  # products of the generated catalogue whose names become queries


def _fold(text: str) -> str:
    from webapp.services.text import fold
    return fold(text)


def _plural(word: str) -> str:
    if not word.isalpha():
        return word
    return word + ("es" if word[-1] not in "aeiouáéíóú" else "s")


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:] if rng.random() < 0.5 else word[:i] + word[i + 1] + word[i] + word[i + 2:]


def product_queries(rows: list[dict], rng: random.Random) -> list[tuple[str, str | None]]:
    """(query, the SKU it was derived from or None) pairs built from product rows."""
    queries: list[tuple[str, str | None]] = []
    for row in rows:
        name, sku = row["nombre"], row["sku"]
        words = name.split()
        longest = max(words, key=len)
        queries += [(name, sku), (_fold(name), sku), (" ".join(_plural(w) for w in words), sku),
                    (name.replace(longest, _typo(longest, rng)), sku), (words[0], None),
                    (" ".join(words[:1] + words[-2:]), None)]
        if len(words) > 2:
            queries.append((" ".join(rng.sample(words, 2)), None))
        queries += [(s, None) for s in (row.get("sinonimos") or "").split("|") if s.strip()][:2]
    return list(dict.fromkeys(queries))


def load(app, source) -> list[dict]:
    import csv
    import io

    from webapp.extensions import db
    from webapp.services import catalog
    if isinstance(source, int):
        content = generate_catalog(source, random.Random(SEED + source))
    else:
        content = source.read_text(encoding="utf-8")
    with app.app_context():
        result = catalog.import_catalog(content)
        if result.errors:
            raise SystemExit(f"import failed: {result.errors[:3]}")
        db.session.remove()
    return list(csv.DictReader(io.StringIO(content)))


def make_app(tmp: Path, database_url: str | None):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from webapp import create_app
    from webapp.extensions import db
    url = database_url or f"sqlite:///{tmp / 'quality.db'}"
    options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {"pool_pre_ping": True}
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "SQLALCHEMY_ENGINE_OPTIONS": options, "LLM_PROVIDER": "offline", "STORAGE_BACKEND": "local"})
    app.instance_path = str(tmp / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        if database_url:
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        db.session.remove()
    return app


def run_catalogue(name: str, source, database_url: str | None) -> dict:
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Product
    from webapp.services import catalog
    with tempfile.TemporaryDirectory(prefix="vendedor-quality-") as tmpdir:
        app = make_app(Path(tmpdir), database_url)
        rows = load(app, source)
        rng = random.Random(SEED)
        sample = rows if len(rows) <= GENERATED_SAMPLE else rng.sample(rows, GENERATED_SAMPLE)
        queries = [(q, None) for q in HANDWRITTEN.get(name, [])] + product_queries(sample, rng)
        results = {}
        with app.app_context():
            skus = dict(db.session.execute(select(Product.id, Product.sku)).all())
            for query, origin in queries:
                matches = catalog.search(query)
                results[query] = {"top": [skus[m.product_id] for m in matches[:5]], "found": len(matches),
                                  "origin": origin}
            db.session.remove()
            db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", help="write the results to this JSON file")
    parser.add_argument("--compare", help="compare top-1 with the results saved in this JSON file")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (its schema is dropped)")
    parser.add_argument("--show", type=int, default=15, help="disagreements to print per catalogue")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    saved = json.loads(Path(args.compare).read_text(encoding="utf-8")) if args.compare else {}
    everything = {}
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(f"Vendedor search quality · {engine}")
    print(f"{'catalogue':<15} {'queries':>7} {'hit@1':>12} {'found any':>10} {'top-1 agreement':>17}")
    total_same = total_compared = 0
    differences: list[str] = []
    for name, source in CATALOGUES.items():
        results = run_catalogue(name, source, args.database_url)
        everything[name] = results
        derived = [r for r in results.values() if r["origin"]]
        hits = sum(1 for r in derived if r["top"][:1] == [r["origin"]])
        found = sum(1 for r in results.values() if r["found"])
        agreement = extra = ""
        if name in saved:
            before = saved[name]
            common = [q for q in results if q in before]
            same = [q for q in common if results[q]["top"][:1] == before[q]["top"][:1]]
            same5 = sum(1 for q in common if results[q]["top"] == before[q]["top"])
            counted = sum(1 for q in common if results[q]["found"] == before[q]["found"])
            total_same += len(same)
            total_compared += len(common)
            agreement = f"{len(same)}/{len(common)} ({100 * len(same) / max(1, len(common)):.1f}%)"
            extra = f"   same top 5: {same5}, same match count: {counted}"
            for q in common:
                if results[q]["top"][:1] != before[q]["top"][:1]:
                    differences.append(f"  {name}: {q!r}: before {before[q]['top'][:2]} ({before[q]['found']} found), "
                                       f"now {results[q]['top'][:2]} ({results[q]['found']} found)"
                                       + (f", derived from {results[q]['origin']}" if results[q]["origin"] else ""))
        print(f"{name:<15} {len(results):>7} {hits:>5}/{len(derived):<4} {found:>10} {agreement:>17}{extra}")
    if total_compared:
        print(f"all catalogues: top-1 agreement {total_same}/{total_compared} "
              f"({100 * total_same / total_compared:.1f}%)")
        if differences:
            print(f"first {args.show} of {len(differences)} differences:")
            print("\n".join(differences[:args.show]))
    if args.save:
        Path(args.save).write_text(json.dumps(everything, ensure_ascii=False, indent=0, sort_keys=True),
                                   encoding="utf-8")
        print(f"saved to {args.save}")


if __name__ == "__main__":
    main()
