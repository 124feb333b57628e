"""Fan-out of live messages to the sockets watching a chat (staff writing to a customer).

In-process queues by default; with REDIS_URL, Redis pub/sub so every worker sees them.
"""
from __future__ import annotations

import json
import queue
import threading
from collections import defaultdict
from datetime import datetime, timezone

from flask import current_app

_local: dict[str, set[queue.Queue]] = defaultdict(set)
_lock = threading.Lock()
CHANNEL = "vendedor:chat:"


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("hub_redis")
    if client is None:
        import redis
        client = redis.Redis.from_url(url)
        current_app.extensions["hub_redis"] = client
    return client


def publish(chat_id: str, fragment: str) -> None:
    client = _redis()
    if client is not None:
        client.publish(CHANNEL + chat_id, fragment)
        return
    with _lock:
        listeners = list(_local.get(chat_id, ()))
    for listener in listeners:
        listener.put(fragment)


class Subscription:
    """What one socket receives for one chat; `poll()` never blocks."""

    def __init__(self, chat_id: str):
        self.chat_id = chat_id
        client = _redis()
        self.pubsub = None
        if client is not None:
            self.pubsub = client.pubsub(ignore_subscribe_messages=True)
            self.pubsub.subscribe(CHANNEL + chat_id)
        else:
            self.queue: queue.Queue = queue.Queue()
            with _lock:
                _local[chat_id].add(self.queue)

    def poll(self) -> list[str]:
        items = []
        if self.pubsub is not None:
            while (message := self.pubsub.get_message()) is not None:
                data = message.get("data")
                items.append(data.decode() if isinstance(data, bytes) else str(data))
            return items
        while True:
            try:
                items.append(self.queue.get_nowait())
            except queue.Empty:
                return items

    def close(self) -> None:
        if self.pubsub is not None:
            self.pubsub.close()
            return
        with _lock:
            _local[self.chat_id].discard(self.queue)
            if not _local[self.chat_id]:
                _local.pop(self.chat_id, None)


def staff_event(chat_id: str, kind: str, text: str, staff_name: str) -> None:
    """Tell every socket of a chat that staff wrote, took over (kind "takeover") or handed back ("handback")."""
    publish(chat_id, json.dumps({"kind": kind, "texto": text, "asesor": staff_name,
                                 "fecha": datetime.now(timezone.utc).isoformat()}))
