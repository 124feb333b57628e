"""OpenAI (or any OpenAI-compatible server): chat.completions, streamed, with tool calling."""
from __future__ import annotations

from .base import LLMError, LLMPolicy, Message, _Turn, to_json
from .clients import openai_client


class OpenAIPolicy(LLMPolicy):
    name = "openai"

    def __init__(self, config):
        super().__init__(config)
        self.model = config.get("OPENAI_MODEL") or "gpt-4o-mini"

    def converse(self, turn: _Turn, system: str, messages: list[Message]) -> None:
        client = openai_client(self.config)
        chat = [{"role": "system", "content": system}]
        chat += [{"role": m.role, "content": m.text} for m in messages]
        tools = [{"type": "function", "function": {"name": name, "description": description, "parameters": schema}}
                 for name, description, schema in self.tool_declarations(turn.tools)]
        while True:
            turn.next_round()
            calls = self._stream_round(client, turn, chat, tools)
            if not calls:
                return
            chat.append({"role": "assistant", "content": turn.this_round or None,
                         "tool_calls": [{"id": c["id"], "type": "function",
                                         "function": {"name": c["name"], "arguments": c["arguments"] or "{}"}}
                                        for c in calls]})
            for call in calls:
                result = turn.run_tool(call["name"], call["arguments"] or "{}")
                chat.append({"role": "tool", "tool_call_id": call["id"], "content": to_json(result)})

    def _stream_round(self, client, turn: _Turn, chat: list, tools: list) -> list[dict]:
        """One streamed request; text deltas go out as they arrive; the tool calls it asked for."""
        calls: dict[int, dict] = {}
        options = {"tools": tools} if tools else {}
        stream = client.chat.completions.create(
            model=self.model, messages=chat, stream=True, temperature=self.temperature, timeout=self.timeout,
            **options)
        with stream:
            for chunk in stream:
                turn.check_time()
                choices = getattr(chunk, "choices", None)
                if choices is None:
                    raise LLMError("fragmento sin choices")
                for choice in choices:
                    delta = choice.delta
                    if delta is None:
                        continue
                    if delta.content:
                        turn.stream(delta.content)
                    for tc in delta.tool_calls or ():
                        slot = calls.setdefault(tc.index if tc.index is not None else len(calls),
                                                {"id": None, "name": "", "arguments": ""})
                        if tc.id:
                            slot["id"] = tc.id
                        if tc.function is not None:
                            if tc.function.name:
                                slot["name"] += tc.function.name
                            if tc.function.arguments:
                                slot["arguments"] += tc.function.arguments
        result = [calls[i] for i in sorted(calls)]
        for number, call in enumerate(result):
            if not call["name"]:
                raise LLMError("llamada a herramienta sin nombre")
            call["id"] = call["id"] or f"call_{turn.rounds}_{number}"
        return result
