"""Gemini through google-genai: generate_content_stream with function declarations (we run the tools)."""
from __future__ import annotations

from .base import LLMError, LLMPolicy, Message, _Turn
from .clients import gemini_client


class GeminiPolicy(LLMPolicy):
    name = "gemini"

    def __init__(self, config):
        super().__init__(config)
        self.model = config.get("GEMINI_MODEL") or "gemini-2.0-flash"

    def converse(self, turn: _Turn, system: str, messages: list[Message]) -> None:
        from google.genai import types

        client = gemini_client(self.config)
        contents = []
        for m in messages:
            role = "user" if m.role == "user" else "model"
            if contents and contents[-1].role == role:  # turns alternate: consecutive ones are merged
                contents[-1].parts.append(types.Part(text=m.text))
            else:
                contents.append(types.Content(role=role, parts=[types.Part(text=m.text)]))
        declarations = [types.FunctionDeclaration(name=name, description=description, parameters_json_schema=schema)
                        for name, description, schema in self.tool_declarations(turn.tools)]
        config = types.GenerateContentConfig(
            system_instruction=system,
            temperature=self.temperature,
            tools=[types.Tool(function_declarations=declarations)] if declarations else None,
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
            automatic_continuation=False,
        )
        while True:
            turn.next_round()
            parts, calls = self._stream_round(client, turn, contents, config)
            if not calls:
                return
            contents.append(types.Content(role="model", parts=parts))
            responses = []
            for call in calls:
                result = turn.run_tool(call.name, dict(call.args) if call.args is not None else {})
                key = "error" if isinstance(result, dict) and "error" in result else "output"
                responses.append(types.Part(function_response=types.FunctionResponse(
                    id=call.id, name=call.name, response={key: result})))
            contents.append(types.Content(role="user", parts=responses))

    def _stream_round(self, client, turn: _Turn, contents: list, config):
        """One streamed request; text goes out as it arrives; the model's parts and function calls."""
        parts, calls = [], []
        stream = client.models.generate_content_stream(model=self.model, contents=contents, config=config)
        try:
            for chunk in stream:
                turn.check_time()
                candidates = chunk.candidates
                if candidates is None:
                    if chunk.prompt_feedback is not None and chunk.prompt_feedback.block_reason:
                        raise LLMError(f"bloqueado: {chunk.prompt_feedback.block_reason}")
                    continue
                content = candidates[0].content if candidates else None
                for part in (content.parts or []) if content is not None else []:
                    if part.function_call is not None:
                        if not part.function_call.name:
                            raise LLMError("functionCall sin nombre")
                        calls.append(part.function_call)
                        parts.append(part)
                    elif part.text and not part.thought:
                        turn.stream(part.text)
                        parts.append(part)
                    elif part.thought_signature or part.thought:
                        parts.append(part)
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        return parts, calls
