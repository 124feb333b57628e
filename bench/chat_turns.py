"""Offline assistant turn latency through real HTTP (gunicorn + gevent), demo catalogue and 100,000 products.

Run: .venv/bin/python bench/chat_turns.py [--turns 300] [--big 100000]
Prints p50 / p95 / mean per catalogue size. No assertions: figures only.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCRIPT = [
    "hola", "qué productos tienen", "cascos", "quiero 2 cascos amarillos", "¿cuánto cuesta el extintor de 10 libras?",
    "agrega 3 guantes de nitrilo", "mejor que sean 4 cascos", "quita los guantes", "¿qué llevo en el pedido?",
    "¿a qué hora abren?", "sí, procedamos",
    "Juan Pérez, 12345678, 3001234567, juan@email.com, Calle 123 #45-67, Centro, Portón azul",
]
WORDS = {
    "EPP": ["Casco", "Guantes", "Gafas", "Botas", "Chaleco", "Tapones", "Respirador", "Arnés", "Overol", "Careta"],
    "Extintores": ["Extintor", "Gabinete", "Soporte", "Manguera", "Boquilla"],
    "Señalización": ["Señal", "Cinta", "Cono", "Aviso", "Letrero"],
    "Herramientas": ["Martillo", "Destornillador", "Llave", "Alicate", "Taladro", "Sierra", "Nivel", "Flexómetro"],
    "Eléctricos": ["Bombillo", "Cable", "Interruptor", "Toma", "Extensión", "Breaker"],
}
ATTRS = ["Amarillo", "Blanco", "Rojo", "Azul", "Negro", "Talla S", "Talla M", "Talla L", "10 Libras", "20 Libras",
         "5 Libras", "Industrial", "Profesional", "Básico", "Reforzado", "12W", "9W", "16 oz", "1/2 pulgada"]
BRANDS = ["Andina", "Pacífico", "Cóndor", "Tayrona", "Quimbaya", "Nevado", "Caribe", "Llanero", "Muisca", "Sinú"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def generate_catalog(path: Path, count: int) -> None:
    rng = random.Random(42)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["sku", "nombre", "descripcion", "precio", "categoria", "stock", "disponible", "imagen_url", "sinonimos"])
        for i in range(count):
            category = rng.choice(list(WORDS))
            name = f"{rng.choice(WORDS[category])} {rng.choice(ATTRS)} {rng.choice(BRANDS)} {i}"
            writer.writerow([f"GEN-{i}", name, f"{name} para uso diario.", rng.randint(10, 5000) * 100, category,
                             rng.randint(0, 500), "true", "", ""])


def start_server(env: dict, port: int, workers: int = 1) -> subprocess.Popen:
    """gunicorn with the gevent worker, as `make run` serves; returns once /health answers."""
    server = subprocess.Popen([str(BIN / "gunicorn"), "-k", "gevent", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            requests.get(f"http://127.0.0.1:{port}/health", timeout=1)
            break
        except requests.RequestException:
            time.sleep(0.1)
    return server


def run(label: str, env: dict, turns: int, port: int) -> None:
    server = start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        session = requests.Session()
        session.post(base + "/chat/texto", json={"mensaje": "extintor"}, timeout=120)  # warm-up turn
        latencies, chat_id, done = [], None, 0
        while done < turns:
            for i, message in enumerate(SCRIPT):
                started = time.perf_counter()
                body = session.post(base + "/chat/texto", json={"mensaje": message, "chat_id": chat_id}, timeout=30).json()
                latencies.append((time.perf_counter() - started) * 1000)
                chat_id = body["chat_id"]
                done += 1
            chat_id = None
        latencies.sort()
        p50 = statistics.median(latencies)
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(f"{label:<28} turns={len(latencies):>5}  p50={p50:7.1f} ms  p95={p95:7.1f} ms  mean={statistics.mean(latencies):7.1f} ms  max={latencies[-1]:7.1f} ms")
    finally:
        server.terminate()
        server.wait(10)


def prepare(tmp: Path, extra_csv: Path | None, database_url: str | None = None) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url or f"sqlite:///{tmp / 'bench.db'}", "RATE_LIMIT_CHAT": "1000000/minute",
           "LLM_PROVIDER": "offline", "SECRET_KEY": "bench"}
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    if extra_csv:
        started = time.perf_counter()
        subprocess.run(flask + ["catalog", "import", str(extra_csv)], cwd=ROOT, env=env, check=True, capture_output=True)
        print(f"imported {extra_csv.name} in {time.perf_counter() - started:.1f} s")
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=240)
    parser.add_argument("--big", type=int, default=100_000)
    args = parser.parse_args()
    print(f"offline turn latency over HTTP (gunicorn gevent, 1 worker, SQLite), {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as small, tempfile.TemporaryDirectory() as big:
        run("demo catalogue", prepare(Path(small), None), args.turns, free_port())
        if args.big:
            csv_path = Path(big) / f"generated_{args.big}.csv"
            generate_catalog(csv_path, args.big)
            run(f"demo + {args.big:,} products", prepare(Path(big), csv_path), args.turns, free_port())


if __name__ == "__main__":
    main()
