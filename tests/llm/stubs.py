"""Local stand-ins for the OpenAI and Gemini HTTP APIs, so the real SDK code runs in tests.

Each server listens on 127.0.0.1 (a free port), records every request and answers
from a per-route script of replies. A reply is a function `(handler, request) -> None`
that writes the HTTP response; the helpers below build the usual ones in each API's
dialect: streamed text (SSE, one event per chunk), tool/function calls, HTTP errors,
garbage, a hang (until the test ends) and plain JSON.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACK_WAIT = 3.0   # lock-step streaming: how long the server waits for the client to see a chunk


class StubServer:
    def __init__(self, routes):
        """`routes`: (route name, predicate(method, path)) in match order."""
        self.routes = routes
        self.requests: list[dict] = []
        self.scripts: dict[str, list] = {name: [] for name, _ in routes}
        self.defaults: dict[str, object] = {}
        self.release = threading.Event()   # wakes hanging replies when the test ends
        self.acks = threading.Semaphore(0)  # lock-step streaming: the client saw a chunk
        self.lockstep = False
        self.lockstep_failures = 0
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 10

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                stub._handle(self)

            def do_GET(self):
                stub._handle(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that gave up (timeout test) is expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    # --- scripting ------------------------------------------------------------------------

    def on(self, route: str, *replies) -> StubServer:
        """Replies for the next requests on `route`, in order."""
        self.scripts[route].extend(replies)
        return self

    def always(self, route: str, reply) -> StubServer:
        """The reply once the script for `route` is used up."""
        self.defaults[route] = reply
        return self

    def ack(self, *_args) -> None:
        """Call from the client side (on_chunk) each time a streamed chunk arrives."""
        self.acks.release()

    def bodies(self, route: str | None = None) -> list[dict]:
        return [r["json"] for r in self.requests if route is None or r["route"] == route]

    def raw(self) -> str:
        return "\n".join(r["raw"].decode("utf-8", "replace") for r in self.requests)

    # --- serving ---------------------------------------------------------------------------------

    def _handle(self, handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        route = next((name for name, match in self.routes if match(handler.command, handler.path)), None)
        try:
            body = json.loads(raw) if raw and "json" in (handler.headers.get("Content-Type") or "") else None
        except ValueError:
            body = None
        request = {"route": route, "path": handler.path, "headers": dict(handler.headers), "raw": raw, "json": body}
        with self._lock:
            self.requests.append(request)
            script = self.scripts.get(route)
            reply = script.pop(0) if script else self.defaults.get(route)
        if reply is None:
            return send_json(handler, 404, {"error": {"code": 404, "message": f"sin guion para {handler.path}"}})
        reply(handler, request)

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# --- HTTP writing helpers ------------------------------------------------------------------------------

def send_json(handler, status: int, payload, content_type: str = "application/json") -> None:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(data)
    handler.wfile.flush()


def send_sse(handler, events: list[str], stub: StubServer | None = None, crlf: bool = False,
             gated: range | tuple = ()) -> None:
    """Each event is one `data:` line, written and flushed as its own HTTP chunk.

    After each event index in `gated`, when the stub is in lock-step mode, the server waits
    until the client has shown that chunk (stub.ack) before sending the next one.
    """
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.send_header("Connection", "close")
    handler.end_headers()
    sep = "\r\n\r\n" if crlf else "\n\n"
    for number, event in enumerate(events):
        data = f"data: {event}{sep}".encode()
        handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        handler.wfile.flush()
        if stub is not None and stub.lockstep and number in gated:
            # the next chunk goes only once the client has shown this one: real streaming
            if not stub.acks.acquire(timeout=ACK_WAIT):
                stub.lockstep_failures += 1
    handler.wfile.write(b"0\r\n\r\n")
    handler.wfile.flush()


def error(status: int = 500, message: str = "boom"):
    def reply(handler, request):
        send_json(handler, status, {"error": {"code": status, "message": message, "status": "INTERNAL"}})
    return reply


def garbage():
    def reply(handler, request):
        if "stream" in request["path"].lower() or (request["json"] or {}).get("stream"):
            send_sse(handler, ['{"choices": [{"delta": {"content": "Hola"', "{{esto no es json"])
        else:
            send_json(handler, 200, b"<html>esto no es JSON</html>", content_type="application/json")
    return reply


def hang(stub_getter):
    """Never answers (until the test ends): the client's timeout must fire."""
    def reply(handler, request):
        stub_getter().release.wait(timeout=10)
    return reply


def dynamic(builder):
    """A reply computed from the request (e.g. quoting a tool result)."""
    def reply(handler, request):
        builder(request)(handler, request)
    return reply


# --- OpenAI dialect ---------------------------------------------------------------------------------------

def openai_server() -> StubServer:
    return StubServer([
        ("chat", lambda m, p: p.startswith("/v1/chat/completions")),
        ("audio", lambda m, p: p.startswith("/v1/audio/transcriptions")),
    ])


def _chunk(delta: dict, finish=None) -> str:
    return json.dumps({"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": 1700000000,
                       "model": "gpt-4o-mini", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})


def oa_text(*chunks: str, stub: StubServer | None = None):
    def reply(handler, request):
        events = [_chunk({"role": "assistant", "content": ""})]
        events += [_chunk({"content": c}) for c in chunks]
        events += [_chunk({}, "stop"), "[DONE]"]
        send_sse(handler, events, stub, gated=range(1, len(chunks)))
    return reply


def oa_call(*calls: tuple[str, dict]):
    """Tool calls streamed the way OpenAI does: id and name first, then the arguments in pieces."""
    def reply(handler, request):
        events = [_chunk({"role": "assistant", "content": None})]
        for index, (name, args) in enumerate(calls):
            text = json.dumps(args)
            cut = max(1, len(text) // 2)
            events.append(_chunk({"tool_calls": [{"index": index, "id": f"call_{index}_{len(request['raw'])}",
                                                  "type": "function", "function": {"name": name, "arguments": ""}}]}))
            events.append(_chunk({"tool_calls": [{"index": index, "function": {"arguments": text[:cut]}}]}))
            events.append(_chunk({"tool_calls": [{"index": index, "function": {"arguments": text[cut:]}}]}))
        events += [_chunk({}, "tool_calls"), "[DONE]"]
        send_sse(handler, events)
    return reply


def oa_message(text: str):
    """A non-streamed chat completion (vision)."""
    def reply(handler, request):
        send_json(handler, 200, {"id": "chatcmpl-stub", "object": "chat.completion", "created": 1700000000,
                                 "model": "gpt-4o-mini", "choices": [{"index": 0, "finish_reason": "stop",
                                                                      "message": {"role": "assistant", "content": text}}]})
    return reply


def oa_transcription(text: str):
    def reply(handler, request):
        send_json(handler, 200, {"text": text})
    return reply


def oa_tool_results(body: dict) -> list:
    return [json.loads(m["content"]) for m in body["messages"] if m.get("role") == "tool"]


def oa_conversation(body: dict) -> list[tuple[str, str]]:
    """(role, text) of the context messages (not system, not tool rounds)."""
    return [(m["role"], m["content"]) for m in body["messages"]
            if m["role"] in ("user", "assistant") and not m.get("tool_calls") and isinstance(m.get("content"), str)]


def oa_system(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "system")


def oa_tool_names(body: dict) -> list[str]:
    return [t["function"]["name"] for t in body.get("tools") or []]


# --- Gemini dialect -------------------------------------------------------------------------------------------

def gemini_server() -> StubServer:
    return StubServer([
        ("stream", lambda m, p: ":streamGenerateContent" in p),
        ("generate", lambda m, p: ":generateContent" in p),
    ])


def _candidate(parts: list[dict], finish=None) -> str:
    candidate = {"content": {"role": "model", "parts": parts}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    return json.dumps({"candidates": [candidate], "modelVersion": "gemini-2.0-flash"})


def gm_text(*chunks: str, stub: StubServer | None = None):
    def reply(handler, request):
        events = [_candidate([{"text": c}]) for c in chunks]
        events.append(json.dumps({"candidates": [{"content": {"role": "model", "parts": [{"text": ""}]},
                                                  "finishReason": "STOP", "index": 0}],
                                  "usageMetadata": {"promptTokenCount": 10, "totalTokenCount": 20}}))
        send_sse(handler, events, stub, crlf=True, gated=range(0, len(chunks) - 1))
    return reply


def gm_call(*calls: tuple[str, dict]):
    def reply(handler, request):
        parts = [{"functionCall": {"name": name, "args": args}} for name, args in calls]
        send_sse(handler, [_candidate(parts, "STOP")], crlf=True)
    return reply


def gm_message(text: str):
    """A non-streamed generateContent answer (vision, transcription)."""
    def reply(handler, request):
        send_json(handler, 200, {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                                                 "finishReason": "STOP", "index": 0}]})
    return reply


def gm_tool_results(body: dict) -> list:
    results = []
    for content in body["contents"]:
        for part in content.get("parts", []):
            if "functionResponse" in part:
                response = part["functionResponse"]["response"]
                results.append(response.get("output", response.get("error")))
    return results


def gm_conversation(body: dict) -> list[tuple[str, str]]:
    result = []
    for content in body["contents"]:
        texts = [p["text"] for p in content.get("parts", []) if "text" in p]
        if texts and not any("functionCall" in p or "functionResponse" in p for p in content.get("parts", [])):
            result.append(("user" if content["role"] == "user" else "assistant", "".join(texts)))
    return result


def gm_system(body: dict) -> str:
    instruction = body.get("systemInstruction") or body.get("system_instruction")
    return "".join(p.get("text", "") for p in instruction["parts"])


def gm_tool_names(body: dict) -> list[str]:
    names = []
    for tool in body.get("tools") or []:
        names += [d["name"] for d in tool.get("functionDeclarations", [])]
    return names


def gm_temperature(body: dict):
    return (body.get("generationConfig") or {}).get("temperature")


def broken_after(dialect: str, text: str):
    """Streams some text, then garbage: the failure comes mid-answer."""
    def reply(handler, request):
        if dialect == "openai":
            send_sse(handler, [_chunk({"role": "assistant", "content": ""}), _chunk({"content": text}), "{{roto"])
        else:
            send_sse(handler, [_candidate([{"text": text}]), "{{roto"], crlf=True)
    return reply
