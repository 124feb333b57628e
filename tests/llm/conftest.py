"""Fixtures: a stub server per provider and the app configured to use it."""
from __future__ import annotations

import pytest

from webapp.agent.llm import close_clients

from . import stubs


class Provider:
    """One provider's stub plus helpers in its dialect, so one test body covers both."""

    def __init__(self, name: str, app):
        self.name, self.app = name, app
        self.stub = stubs.openai_server() if name == "openai" else stubs.gemini_server()
        self.chat_route = "chat" if name == "openai" else "stream"
        self.media_route = "chat" if name == "openai" else "generate"

    # configuration
    def configure(self, timeout: float = 5.0) -> None:
        self.app.config["LLM_PROVIDER"] = self.name
        self.app.config["LLM_TIMEOUT_SECONDS"] = timeout
        if self.name == "openai":
            self.app.config.update(OPENAI_BASE_URL=f"http://127.0.0.1:{self.stub.port}/v1", OPENAI_API_KEY="sk-test",
                                   OPENAI_MODEL="gpt-4o-mini")
        else:
            self.app.config.update(GEMINI_BASE_URL=f"http://127.0.0.1:{self.stub.port}", GOOGLE_API_KEY="test-key",
                                   GEMINI_MODEL="gemini-2.0-flash")

    # replies
    def text(self, *chunks: str, lockstep: bool = False):
        stub = self.stub if lockstep else None
        return stubs.oa_text(*chunks, stub=stub) if self.name == "openai" else stubs.gm_text(*chunks, stub=stub)

    def call(self, *calls):
        return stubs.oa_call(*calls) if self.name == "openai" else stubs.gm_call(*calls)

    def message(self, text: str):
        return stubs.oa_message(text) if self.name == "openai" else stubs.gm_message(text)

    def script(self, *replies) -> None:
        self.stub.on(self.chat_route, *replies)

    def always(self, reply) -> None:
        self.stub.always(self.chat_route, reply)

    # reading what the provider received
    def chat_bodies(self) -> list[dict]:
        return self.stub.bodies(self.chat_route)

    def tool_results(self, body: dict) -> list:
        return stubs.oa_tool_results(body) if self.name == "openai" else stubs.gm_tool_results(body)

    def conversation(self, body: dict) -> list[tuple[str, str]]:
        return stubs.oa_conversation(body) if self.name == "openai" else stubs.gm_conversation(body)

    def system(self, body: dict) -> str:
        return stubs.oa_system(body) if self.name == "openai" else stubs.gm_system(body)

    def tool_names(self, body: dict) -> list[str]:
        return stubs.oa_tool_names(body) if self.name == "openai" else stubs.gm_tool_names(body)

    def temperature(self, body: dict):
        return body.get("temperature") if self.name == "openai" else stubs.gm_temperature(body)


@pytest.fixture(params=["openai", "gemini"])
def provider(request, seeded):
    """The demo shop answering through a stub of each provider (the real SDK code runs)."""
    p = Provider(request.param, seeded)
    p.configure()
    yield p
    close_clients(seeded)
    p.stub.close()


@pytest.fixture
def llm_client(provider):
    return provider.app.test_client()


@pytest.fixture
def openai_provider(seeded):
    """For rules that hold before any request (declining turns): one provider is enough."""
    p = Provider("openai", seeded)
    p.configure()
    yield p
    close_clients(seeded)
    p.stub.close()
