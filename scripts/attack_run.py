#!/usr/bin/env python3
"""A short attack pass on a fresh store: real gunicorn (two gevent workers and Redis when
redis-server is installed, else one worker), then the attacks of the trust review, then a
scan of the logs. Prints requests sent, 5xx answers and leaks per attack.

    .venv/bin/python scripts/attack_run.py            # SQLite in a temporary folder
    DATABASE_URL=postgresql+psycopg://… scripts/attack_run.py

Exit status 1 when a 5xx or a leak was seen.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CUSTOMER = {"nombre": "Marta Lucía Ríos", "cedula": "43876512", "telefono": "3124567890",
            "email": "marta.rios@correo.co", "direccion": "Calle 45 # 12-30", "barrio": "Laureles"}
EVIL = "https://tienda-falsa.example"


class Tally:
    def __init__(self):
        self.sent, self.errors, self.leaks = Counter(), Counter(), Counter()
        self.notes: list[str] = []

    def request(self, attack: str, response) -> None:
        self.sent[attack] += 1
        status = getattr(response, "status_code", 0)
        if status >= 500:
            self.errors[attack] += 1
            self.notes.append(f"{attack}: {status} on {getattr(response, 'url', '?')}")

    def leak(self, attack: str, what: str) -> None:
        self.leaks[attack] += 1
        self.notes.append(f"{attack}: LEAK {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder: Path) -> tuple[subprocess.Popen, str, dict, str | None, subprocess.Popen | None]:
    env = {**os.environ, "SECRET_KEY": "clave-del-ataque", "LLM_PROVIDER": "offline", "PYTHONPATH": str(ROOT),
           "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'tienda.db'}"}
    env.pop("REDIS_URL", None)
    redis_server = None
    if shutil.which("redis-server"):
        port = free_port()
        redis_server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
        env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.5)
    (folder / "attack_wsgi.py").write_text(  # exports land in the temporary folder
        f"from webapp import create_app\napp = create_app({{'EXPORT_DIR': {str(folder / 'exports')!r}}})\n")
    env["PYTHONPATH"] = f"{folder}{os.pathsep}{ROOT}"
    flask = [sys.executable, "-m", "flask", "--app", "attack_wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=folder, env=env, check=True, capture_output=True)
    seeded = subprocess.run(flask + ["seed"], cwd=folder, env=env, check=True, capture_output=True, text=True)
    match = re.search(r"contraseña: (\S+)", seeded.stdout)
    password = match.group(1) if match else None
    workers = "2" if "REDIS_URL" in env else "1"
    log = open(folder / "server.err", "w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "-w", workers,
                               "-b", "127.0.0.1:0", "--access-logfile", str(folder / "access.log"),
                               "attack_wsgi:app"], cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = None
    for _ in range(600):
        found = re.search(r"Listening at: (http://\S+)", (folder / "server.err").read_text())
        if found:
            url = found.group(1)
            try:
                if requests.get(url + "/health", timeout=5).status_code == 200 and \
                        (folder / "server.err").read_text().count("Booting worker") >= int(workers):
                    break
            except requests.RequestException:
                pass
        time.sleep(0.1)
    return server, url, env, password, redis_server


def staff_session(base: str, password: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(base + "/login").text).group(1)
    session.post(base + "/login", data={"email": "admin@vendedor.local", "password": password, "csrf_token": token})
    page = session.get(base + "/").text
    return session, re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def run(base: str, host: str, password: str, tally: Tally) -> list[str]:
    secrets = [CUSTOMER["cedula"], CUSTOMER["email"], CUSTOMER["telefono"]]
    bearer = {"Authorization": "Bearer " + requests.post(base + "/auth/", json={
        "email": "admin@vendedor.local", "password": password, "nombre": "ataque"}).json()["token"]}
    secrets.append(bearer["Authorization"][7:])
    sale = requests.post(base + "/ventas/", headers=bearer, json={"cliente": CUSTOMER,
                                                                  "lineas": [{"sku": "EXT-10", "cantidad": 1}]}).json()
    secrets.append(sale["codigo"])

    # 1. chat ids chosen by the attacker (HTTP and websocket)
    for guess in [str(n) for n in range(1, 121)] + ["".join(random.choices(string.ascii_letters, k=8))
                                                   for _ in range(40)]:
        for response in (requests.post(base + "/chat/texto", json={"mensaje": "hola", "chat_id": guess}),
                         requests.get(base + f"/chat/historial/{guess}")):
            tally.request("ids_adivinados", response)
            if response.status_code == 200:
                tally.leak("ids_adivinados", f"{response.status_code} for chat_id {guess!r}")
    for guess in ("1", "2", "admin", "prueba"):
        with connect(f"ws://{host}/ws/chat/{guess}", open_timeout=30) as ws:
            tally.sent["ids_adivinados"] += 1
            if json.loads(ws.recv(timeout=15)).get("error") != "chat_no_encontrado":
                tally.leak("ids_adivinados", f"websocket accepted {guess!r}")
    # the transcript an earlier visitor left under a guessable id, read by someone else
    requests.post(base + "/chat/texto", json={"mensaje": "mi cédula es 43876512", "chat_id": "7"})
    tally.sent["ids_adivinados"] += 1
    if CUSTOMER["cedula"] in requests.get(base + "/chat/historial/7").text:
        tally.leak("ids_adivinados", "transcript with a cédula read by id '7'")

    # 2. cross-site requests riding a staff session, and foreign websocket origins
    browser, csrf = staff_session(base, password)
    lookup = "Información del cliente " + CUSTOMER["cedula"]
    forged = [("post", "/chat/texto", {"json": {"mensaje": lookup}}),
              ("post", "/chat/imagen", {"files": {"imagen": ("x.png", PNG)}, "data": {"mensaje": lookup}}),
              ("post", "/chat/audio", {"files": {"audio": ("x.ogg", b"OggS" + b"\x00" * 64)}}),
              ("post", "/productos/", {"json": {"sku": "X-1", "nombre": "x", "precio": 1}}),
              ("post", "/admin/tokens", {"data": {"nombre": "robado", "dias": "365"}}),
              ("post", "/logout", {})]
    for method, path, kwargs in forged:
        response = getattr(browser, method)(base + path, allow_redirects=False, **kwargs)
        tally.request("csrf", response)
        if response.status_code != 400 or CUSTOMER["telefono"] in response.text:
            tally.leak("csrf", f"{path} answered {response.status_code} without the token")
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    for path in ("/ws/chat", "/ws/sidebar"):
        tally.sent["csrf"] += 1
        try:
            with connect(f"ws://{host}{path}", origin=EVIL, additional_headers={"Cookie": cookie}, open_timeout=30):
                tally.leak("csrf", f"{path} accepted Origin {EVIL}")
        except InvalidStatus as exc:
            if exc.response.status_code != 403:
                tally.leak("csrf", f"{path}: {exc.response.status_code}")
    with connect(f"ws://{host}/ws/sidebar", origin=base, additional_headers={"Cookie": cookie}, open_timeout=30) as ws:
        ws.send(json.dumps({"type": "message", "mensaje": lookup}))  # a staff cookie without the CSRF token
        html = ""
        while 'id="cart-count"' not in html:
            html += ws.recv(timeout=15)
        tally.sent["csrf"] += 1
        if CUSTOMER["telefono"] in html:
            tally.leak("csrf", "staff mode over the socket without the CSRF token")

    # 3. a session cookie copied before logout
    stolen = dict(browser.cookies)
    admin_page = browser.get(base + "/admin/").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', admin_page).group(1)
    browser.post(base + "/logout", data={"csrf_token": token})
    thief = requests.Session()
    thief.cookies.update(stolen)
    for path in ("/admin/", "/clientes/", f"/clientes/{CUSTOMER['cedula']}"):
        response = thief.get(base + path, allow_redirects=False)
        tally.request("sesion_copiada", response)
        if response.status_code == 200:
            tally.leak("sesion_copiada", f"{path} after logout")

    # 4. bad input: surrogates, deep JSON, huge numbers, NUL, CR/LF in next
    bodies = ['{"mensaje": "hola \\ud800"}', '{"mensaje": "a\\u0000b"}', "[" * 10_000 + "]" * 10_000,
              '{"a":' * 5_000 + "1" + "}" * 5_000, '{"mensaje": "hola", "chat_id": ' + str(2 ** 70) + "}"]
    for path in ("/chat/texto", "/productos/", "/clientes/", "/ventas/", "/auth/"):
        for body in bodies:
            tally.request("entrada_mala", requests.post(base + path, data=body, headers={
                **bearer, "Content-Type": "application/json"}))
    for path in (f"/producto/{2 ** 64}", f"/productos/{2 ** 63}", f"/admin/pedidos/{2 ** 64}", "/clientes/%00",
                 "/pedido/%00", f"/?pagina={'9' * 40}", "/?q=%00", f"/ventas/?por_pagina={2 ** 64}"):
        tally.request("entrada_mala", requests.get(base + path, headers=bearer))
    shopper = requests.Session()
    page = shopper.get(base + "/").text
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    for field, value in (("product_id", str(2 ** 64)), ("cantidad", "9" * 40), ("product_id", "1\x00")):
        tally.request("entrada_mala", shopper.post(base + "/carrito/agregar", data={
            "product_id": "1", "cantidad": "1", field: value, "csrf_token": token}, allow_redirects=False))
    for target in ("/%0d%0aSet-Cookie:x=1", "//evil.example", "/\t/evil.example", "https://evil.example"):
        response = requests.get(base + "/login", params={"next": target}, allow_redirects=False)
        tally.request("entrada_mala", response)
    own_chat = requests.post(base + "/chat/texto", json={"mensaje": "hola"}, headers=bearer).json().get("chat_id")
    with connect(f"ws://{host}/ws/chat/{own_chat or 'x'}", open_timeout=30) as ws:
        ws.recv(timeout=15)
        for frame in ["no json", "[1]", '{"type": "x"}', '{"mensaje": "\\ud800"}', "[" * 10_000 + "]" * 10_000]:
            ws.send(frame)
            tally.sent["entrada_mala"] += 1
            try:
                answer = json.loads(ws.recv(timeout=15))
            except Exception as exc:  # noqa: BLE001 - a socket that died on a bad frame
                tally.leak("entrada_mala", f"socket closed on frame {frame[:20]!r}: {type(exc).__name__}")
                break
            if answer.get("type") != "error":
                tally.leak("entrada_mala", f"frame {frame[:20]!r} not refused")

    # 5. open redirects
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil.example"):
        session = requests.Session()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', session.get(base + "/login").text).group(1)
        response = session.post(base + "/login", params={"next": target}, allow_redirects=False, data={
            "email": "admin@vendedor.local", "password": password, "csrf_token": token})
        tally.request("redirecciones", response)
        if "evil" in response.headers.get("Location", ""):
            tally.leak("redirecciones", f"next={target!r} -> {response.headers['Location']}")

    # 6. one chat hammered over both doors and both workers (budget 30/minute)
    chat_id = requests.post(base + "/chat/texto", json={"mensaje": "hola"}, headers=bearer).json().get("chat_id")
    accepted = 1
    for n in range(45):
        response = requests.post(base + "/chat/texto", json={"mensaje": f"hola {n}", "chat_id": chat_id})
        tally.request("limite_chat", response)
        accepted += response.status_code == 200
    if accepted > 30:
        tally.leak("limite_chat", f"{accepted} messages accepted in a minute (limit 30)")

    # 7. hidden products
    listed = requests.get(base + "/productos/?por_pagina=200", headers=bearer).json()["productos"]
    for product in [p for p in listed if not p["disponible"]]:
        response = requests.get(base + f"/productos/{product['id']}")
        tally.request("ocultos", response)
        if response.status_code != 404:
            tally.leak("ocultos", f"hidden product {product['id']} readable")
    export = requests.get(base + "/exportar/clientes", headers=bearer).json()
    secrets.append(export["url"].split("token=")[1])
    secrets.append(chat_id or "")
    return secrets


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="vendedor-ataque-"))
    server, base, env, password, redis_server = start(folder)
    tally = Tally()
    try:
        if not base or not password:
            print("the store did not start:", (folder / "server.err").read_text()[-2000:])
            return 1
        host = base.split("://", 1)[1]
        secrets = [CUSTOMER["cedula"], CUSTOMER["email"], CUSTOMER["telefono"]]
        try:
            secrets = run(base, host, password, tally)
        except Exception as exc:  # noqa: BLE001 - report what ran so far
            tally.notes.append(f"run stopped early: {type(exc).__name__}: {exc}")
    finally:
        server.terminate()
        server.wait(30)
        if redis_server:
            redis_server.terminate()
            redis_server.wait(10)
    logs = (folder / "access.log").read_text() + (folder / "server.err").read_text()
    for secret in secrets:
        if secret and secret in logs:
            tally.leak("registros", f"{secret[:6]}… in the logs")
    tally.sent["registros"] += 1
    print(f"attack run on {base} ({'2 workers + Redis' if 'REDIS_URL' in env else '1 worker'}, "
          f"{env['DATABASE_URL'].split(':')[0]})")
    print(f"{'attack':<16} {'requests':>8} {'5xx':>5} {'leaks':>6}")
    for attack in tally.sent:
        print(f"{attack:<16} {tally.sent[attack]:>8} {tally.errors[attack]:>5} {tally.leaks[attack]:>6}")
    total = sum(tally.sent.values()), sum(tally.errors.values()), sum(tally.leaks.values())
    print(f"{'total':<16} {total[0]:>8} {total[1]:>5} {total[2]:>6}")
    for note in tally.notes[:30]:
        print("  -", note)
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if total[1] or total[2] else 0


if __name__ == "__main__":
    sys.exit(main())
