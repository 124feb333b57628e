"""Live messages to the sockets watching a chat: staff writing to a customer, taking the chat
over or handing it back, and the cart they changed for them.

Each open socket holds a `Subscription`: a local queue for its chat, polled by the socket's
loop. `publish` puts a message on the queues of every socket of that chat:

- without `REDIS_URL`, the sockets of this process (one worker);
- with `REDIS_URL`, through Redis pub/sub, so it reaches the socket whichever worker or
  instance holds it. Each process keeps one pattern subscription (`vendedor:chat:*`), read
  by a background listener that runs while the process has sockets open and hands each
  message to the local queues. A socket is told it is connected only once that
  subscription is confirmed, so nothing sent right after is lost.

Redis down: a message reaches the sockets of the process that sent it (logged), chat and
sockets keep working, and the listener reconnects by itself once Redis is back.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import threading
from collections import defaultdict
from datetime import datetime, timezone

from flask import current_app

log = logging.getLogger(__name__)
CHANNEL = "vendedor:chat:"
READY_WAIT_SECONDS = 5.0  # how long a new socket waits for the first subscription to be confirmed
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0)


class _Local:
    """The queues of this process's sockets, by chat id."""

    def __init__(self):
        self.queues: dict[str, set[queue.Queue]] = defaultdict(set)
        self.lock = threading.Lock()

    def add(self, chat_id: str, inbox: queue.Queue) -> None:
        with self.lock:
            self.queues[chat_id].add(inbox)

    def remove(self, chat_id: str, inbox: queue.Queue) -> None:
        with self.lock:
            self.queues[chat_id].discard(inbox)
            if not self.queues[chat_id]:
                self.queues.pop(chat_id, None)

    def any(self) -> bool:
        with self.lock:
            return bool(self.queues)

    def deliver(self, chat_id: str, fragment: str) -> None:
        with self.lock:
            inboxes = list(self.queues.get(chat_id, ()))
        for inbox in inboxes:
            inbox.put(fragment)


class _RedisHub:
    """One process's link to Redis: a client to publish with and, while sockets are open, a
    listener thread (a greenlet under gevent) holding the pattern subscription."""

    def __init__(self, url: str, local: _Local):
        import redis
        self.url, self.local = url, local
        self.client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self.ready = threading.Event()
        self.failing = False
        self._stop: threading.Event | None = None
        self._lock = threading.Lock()

    def publish(self, chat_id: str, fragment: str) -> None:
        try:
            self.client.publish(CHANNEL + chat_id, fragment)
        except Exception as exc:  # noqa: BLE001 - Redis down: this process's sockets still get it
            log.warning("Redis no responde (%s): el mensaje en vivo llega solo a este proceso.", type(exc).__name__)
            self.local.deliver(chat_id, fragment)
            return
        if self._stop is not None and not self.ready.is_set():
            self.local.deliver(chat_id, fragment)  # our own listener is reconnecting: it would miss it

    def listening(self) -> None:
        """Start the listener with the first open socket, stop it with the last one."""
        with self._lock:
            sockets = self.local.any()
            if sockets and self._stop is None:
                self._stop = threading.Event()
                self.ready.clear()
                threading.Thread(target=self._listen, args=(self._stop,), daemon=True,
                                 name="vendedor-realtime").start()
            elif not sockets and self._stop is not None:
                self._stop.set()
                self._stop = None
                self.ready.clear()
        if sockets and not self.failing:
            self.ready.wait(READY_WAIT_SECONDS)

    def _listen(self, stop: threading.Event) -> None:
        import redis
        attempt = 0
        while not stop.is_set():
            connection = pubsub = None
            try:
                connection = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_keepalive=True,
                                                  health_check_interval=30)
                pubsub = connection.pubsub()
                pubsub.psubscribe(CHANNEL + "*")
                while (message := pubsub.get_message(timeout=READY_WAIT_SECONDS)) is None \
                        or message["type"] != "psubscribe":
                    if stop.is_set():
                        return
                if self.failing:
                    log.warning("Redis volvió: los mensajes en vivo llegan de nuevo a todos los procesos.")
                self.failing, attempt = False, 0
                self.ready.set()
                while not stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message["type"] == "pmessage" and not stop.is_set():
                        channel, data = message["channel"], message["data"]
                        channel = channel.decode() if isinstance(channel, bytes) else str(channel)
                        data = data.decode() if isinstance(data, bytes) else str(data)
                        self.local.deliver(channel[len(CHANNEL):], data)
            except Exception as exc:  # noqa: BLE001 - Redis down or gone: retry until it is back
                self.ready.clear()
                if not self.failing:
                    log.warning("Redis no responde (%s): reintentando la suscripción de mensajes en vivo.",
                                type(exc).__name__)
                self.failing = True
                stop.wait(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                attempt += 1
            finally:
                for closable in (pubsub, connection):
                    try:
                        if closable is not None:
                            closable.close()
                    except Exception:  # noqa: BLE001 - closing a broken connection
                        pass


_state: dict = {"pid": None, "local": None, "hubs": {}}
_state_lock = threading.Lock()


def _process() -> tuple[_Local, dict]:
    """This process's queues and hubs (a forked worker starts with its own)."""
    with _state_lock:
        if _state["pid"] != os.getpid():
            _state.update(pid=os.getpid(), local=_Local(), hubs={})
        return _state["local"], _state["hubs"]


def _hub() -> _RedisHub | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    local, hubs = _process()
    with _state_lock:
        hub = hubs.get(url)
        if hub is None:
            hub = hubs[url] = _RedisHub(url, local)
    current_app.extensions["hub_redis"] = hub.client
    return hub


def publish(chat_id: str, fragment: str) -> None:
    hub = _hub()
    if hub is None:
        _process()[0].deliver(chat_id, fragment)
    else:
        hub.publish(chat_id, fragment)


class Subscription:
    """What one socket receives for one chat; `poll()` never blocks."""

    def __init__(self, chat_id: str):
        self.chat_id = chat_id
        self.queue: queue.Queue = queue.Queue()
        self.local, _ = _process()
        self.hub = _hub()
        self.local.add(chat_id, self.queue)
        if self.hub is not None:
            self.hub.listening()

    def poll(self) -> list[str]:
        items = []
        while True:
            try:
                items.append(self.queue.get_nowait())
            except queue.Empty:
                return items

    def close(self) -> None:
        self.local.remove(self.chat_id, self.queue)
        if self.hub is not None:
            self.hub.listening()


def staff_event(chat_id: str, kind: str, text: str, staff_name: str, units: int | None = None) -> None:
    """Tell every socket of a chat that staff wrote, took over (kind "takeover") or handed back
    ("handback"); `units`, when staff changed the cart, is what the cart badge should now say."""
    event = {"kind": kind, "texto": text, "asesor": staff_name, "fecha": datetime.now(timezone.utc).isoformat()}
    if units is not None:
        event["unidades"] = units
    publish(chat_id, json.dumps(event))

